from django.db import models
from django.utils.translation import gettext_lazy as _


class SizeClass(models.TextChoices):
    """Company size per Ley 20.416 Art. 2 (annual sales of the previous year, net of VAT)."""

    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")


class InstallationKind(models.TextChoices):
    """What adheres and is certified (domain.md §3)."""

    ESTABLISHMENT = "establishment", _("Establishment")
    MACHINE = "machine", _("Machine")
    PRODUCT = "product", _("Product")
    ORGANIZATION = "organization", _("Organization")


class AgencyCompetence(models.TextChoices):
    ENVIRONMENT = "environment", _("Environment")
    HEALTH = "health", _("Health")
    LABOUR_SAFETY = "labour_safety", _("Labour safety")
    ENERGY = "energy", _("Energy")
    WATER = "water", _("Water")
    AGRICULTURE = "agriculture", _("Agriculture and livestock")
    FISHERIES = "fisheries", _("Fisheries and aquaculture")
    PRODUCTIVE_DEVELOPMENT = "productive_development", _("Productive development")
    TOURISM = "tourism", _("Tourism")


class MembershipState(models.TextChoices):
    """A membership widens the association's scope only once the company (or national staff) accepts it."""

    REQUESTED = "requested", _("Request pending")
    ACCEPTED = "accepted", _("Member (accepted)")
    DECLINED = "declined", _("Request declined")
