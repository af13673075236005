from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of domain.md §2; each assignment is scoped to the object its role names."""

    NATIONAL_STAFF = "national_staff", _("National staff")
    REGIONAL_COORDINATOR = "regional_coordinator", _("Regional coordinator")
    ASSOCIATION_COORDINATOR = "association_coordinator", _("Association coordinator")
    COMPANY_REPRESENTATIVE = "company_representative", _("Company representative")
    AUDITOR = "auditor", _("Auditor")
    AGENCY_VALIDATOR = "agency_validator", _("Agency validator")


# The scope object each role needs (None: the role is not scoped to a registry object).
ROLE_SCOPE_FIELD = {
    Role.NATIONAL_STAFF: None,
    Role.REGIONAL_COORDINATOR: "region",
    Role.ASSOCIATION_COORDINATOR: "association",
    Role.COMPANY_REPRESENTATIVE: "company",
    Role.AUDITOR: None,
    Role.AGENCY_VALIDATOR: "agency",
}
