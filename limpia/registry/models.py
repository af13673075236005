"""The registry of actors: territory, economic activities, companies, installations,
trade associations, public agencies and contact persons (domain.md §2, §3, §14)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from limpia.core.history import recorded_history
from limpia.core.models import TimeStampedModel, user_reference
from limpia.core.rut import RutField, format_rut
from limpia.registry.calculations import derived_size_class
from limpia.registry.choices import AgencyCompetence, InstallationKind, MembershipState, SizeClass


class Region(models.Model):
    """One of Chile's 16 regions (CUT and ISO 3166-2 codes), ordered north to south."""

    cut = models.CharField(max_length=2, unique=True, verbose_name=_("CUT code"))
    iso_code = models.CharField(max_length=5, unique=True, verbose_name=_("ISO 3166-2 code"))
    name = models.CharField(max_length=80, verbose_name=_("name"))
    order = models.PositiveSmallIntegerField(verbose_name=_("order north to south"))
    capital = models.CharField(max_length=60, verbose_name=_("capital"))
    latitude = models.DecimalField(max_digits=9, decimal_places=6, verbose_name=_("latitude"))
    longitude = models.DecimalField(max_digits=9, decimal_places=6, verbose_name=_("longitude"))

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["order"]

    def __str__(self):
        return self.name


class Province(models.Model):
    cut = models.CharField(max_length=3, unique=True, verbose_name=_("CUT code"))
    name = models.CharField(max_length=80, verbose_name=_("name"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provinces", verbose_name=_("region"))

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["cut"]

    def __str__(self):
        return self.name


class Comuna(models.Model):
    """A comuna (CUT code); its region is kept alongside for direct filtering."""

    cut = models.CharField(max_length=5, unique=True, verbose_name=_("CUT code"))
    name = models.CharField(max_length=80, verbose_name=_("name"))
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="comunas", verbose_name=_("province"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="comunas", verbose_name=_("region"))

    class Meta:
        verbose_name = _("comuna")
        verbose_name_plural = _("comunas")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ActivitySection(models.Model):
    code = models.CharField(max_length=1, unique=True, verbose_name=_("code"))
    name = models.CharField(max_length=200, verbose_name=_("name"))

    class Meta:
        verbose_name = _("activity section")
        verbose_name_plural = _("activity sections")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class ActivityDivision(models.Model):
    code = models.CharField(max_length=2, unique=True, verbose_name=_("code"))
    name = models.CharField(max_length=200, verbose_name=_("name"))
    section = models.ForeignKey(
        ActivitySection, on_delete=models.PROTECT, related_name="divisions", verbose_name=_("section")
    )

    class Meta:
        verbose_name = _("activity division")
        verbose_name_plural = _("activity divisions")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class EconomicActivity(models.Model):
    """A six-digit CIIU4.CL 2012 activity code; the first two digits are its division."""

    code = models.CharField(max_length=6, unique=True, verbose_name=_("code"))
    name = models.CharField(max_length=250, verbose_name=_("name"))
    division = models.ForeignKey(
        ActivityDivision, on_delete=models.PROTECT, related_name="activities", verbose_name=_("division")
    )

    class Meta:
        verbose_name = _("economic activity")
        verbose_name_plural = _("economic activities")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Sector(models.Model):
    """An economic sector of the APL programme (11 of them), grouping CIIU4.CL divisions."""

    code = models.CharField(max_length=20, unique=True, verbose_name=_("code"))
    name = models.CharField(max_length=120, verbose_name=_("name"))
    divisions = models.ManyToManyField(ActivityDivision, related_name="sectors", verbose_name=_("activity divisions"))

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Company(TimeStampedModel):
    """A legal entity identified by its RUT; adheres to agreements with its installations."""

    rut = RutField(unique=True, verbose_name=_("RUT"))
    legal_name = models.CharField(max_length=200, verbose_name=_("legal name"))
    trade_name = models.CharField(max_length=200, blank=True, verbose_name=_("trade name"))
    activities = models.ManyToManyField(
        EconomicActivity, blank=True, related_name="companies", verbose_name=_("economic activities")
    )
    comuna = models.ForeignKey(
        Comuna, on_delete=models.PROTECT, related_name="companies", verbose_name=_("comuna of the head office")
    )
    address = models.CharField(max_length=250, blank=True, verbose_name=_("address"))
    sales_uf = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        verbose_name=_("previous-year sales (UF)"),
    )
    workers = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("number of workers"))
    size_class = models.CharField(
        max_length=10,
        choices=SizeClass.choices,
        blank=True,
        verbose_name=_("size class"),
        help_text=_("Derived from sales in UF (Ley 20.416), or from the number of workers when sales are unknown."),
    )
    email = models.EmailField(blank=True, verbose_name=_("e-mail"))
    phone = models.CharField(max_length=30, blank=True, verbose_name=_("phone"))
    website = models.URLField(blank=True, verbose_name=_("website"))
    history = recorded_history(m2m_fields=[activities])

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["legal_name"]
        indexes = [models.Index(fields=["legal_name"]), models.Index(fields=["size_class"])]

    def __str__(self):
        return self.legal_name

    def get_absolute_url(self):
        return reverse("registry:company-detail", args=[self.pk])

    @property
    def rut_display(self) -> str:
        return format_rut(self.rut)

    def clean(self):
        super().clean()
        derived = derived_size_class(self.sales_uf, self.workers)
        if self.size_class and derived and self.size_class != derived:
            basis = _("the stated sales") if self.sales_uf is not None else _("the stated number of workers")
            raise ValidationError(
                {
                    "size_class": _(
                        "The size class «%(given)s» contradicts %(basis)s, which make it «%(derived)s» (Ley 20.416)."
                    )
                    % {"given": SizeClass(self.size_class).label, "basis": basis, "derived": derived.label}
                }
            )
        if derived:
            self.size_class = derived


class Association(TimeStampedModel):
    """A trade association (asociación gremial) that signs and coordinates agreements."""

    rut = RutField(unique=True, null=True, blank=True, verbose_name=_("RUT"))
    name = models.CharField(max_length=200, unique=True, verbose_name=_("name"))
    acronym = models.CharField(max_length=30, blank=True, verbose_name=_("acronym"))
    comuna = models.ForeignKey(
        Comuna, null=True, blank=True, on_delete=models.PROTECT, related_name="associations", verbose_name=_("comuna")
    )
    address = models.CharField(max_length=250, blank=True, verbose_name=_("address"))
    email = models.EmailField(blank=True, verbose_name=_("e-mail"))
    phone = models.CharField(max_length=30, blank=True, verbose_name=_("phone"))
    website = models.URLField(blank=True, verbose_name=_("website"))
    members = models.ManyToManyField(
        Company, through="Membership", related_name="associations", blank=True, verbose_name=_("member companies")
    )
    history = recorded_history()

    class Meta:
        verbose_name = _("trade association")
        verbose_name_plural = _("trade associations")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("registry:association-detail", args=[self.pk])


class MembershipQuerySet(models.QuerySet):
    def accepted(self):
        """Memberships the company consented to: the only ones that widen the association's scope."""
        return self.filter(state=MembershipState.ACCEPTED)


class Membership(models.Model):
    """A company's membership of a trade association: requested by the association, accepted or declined
    by the company (or national staff). Until accepted it gives the association no sight of the company."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("association")
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("company")
    )
    since = models.DateField(null=True, blank=True, verbose_name=_("member since"))
    state = models.CharField(
        max_length=10, choices=MembershipState.choices, default=MembershipState.REQUESTED, verbose_name=_("state")
    )
    requested_by = user_reference(_("requested by"))
    requested_at = models.DateTimeField(null=True, blank=True, verbose_name=_("requested at"))
    decided_by = user_reference(_("decided by"))
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    decision_reason = models.TextField(blank=True, verbose_name=_("reason of the decision"))
    history = recorded_history()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["association", "company"], name="unique_membership")]

    def __str__(self):
        return f"{self.company} ∈ {self.association}"

    @property
    def is_accepted(self) -> bool:
        return self.state == MembershipState.ACCEPTED


class Agency(TimeStampedModel):
    """A public agency that signs agreements and validates audit results within its competence."""

    name = models.CharField(max_length=200, unique=True, verbose_name=_("name"))
    acronym = models.CharField(max_length=30, blank=True, verbose_name=_("acronym"))
    competences = models.JSONField(default=list, blank=True, verbose_name=_("competences"))
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
        verbose_name=_("region (regional office)"),
    )
    email = models.EmailField(blank=True, verbose_name=_("e-mail"))
    website = models.URLField(blank=True, verbose_name=_("website"))
    history = recorded_history()

    class Meta:
        verbose_name = _("public agency")
        verbose_name_plural = _("public agencies")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("registry:agency-detail", args=[self.pk])

    def clean(self):
        super().clean()
        unknown = set(self.competences or []) - set(AgencyCompetence.values)
        if unknown:
            raise ValidationError({"competences": _("Unknown competences: %(c)s.") % {"c": ", ".join(sorted(unknown))}})

    def competence_labels(self) -> list[str]:
        return [str(AgencyCompetence(c).label) for c in self.competences or [] if c in AgencyCompetence.values]


class ContactPerson(TimeStampedModel):
    """A person to contact at a company, association or agency."""

    full_name = models.CharField(max_length=150, verbose_name=_("full name"))
    position = models.CharField(max_length=120, blank=True, verbose_name=_("position"))
    email = models.EmailField(blank=True, verbose_name=_("e-mail"))
    phone = models.CharField(max_length=30, blank=True, verbose_name=_("phone"))
    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("company")
    )
    association = models.ForeignKey(
        Association,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("association"),
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("agency")
    )
    history = recorded_history()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("registry:contact-detail", args=[self.pk])

    @property
    def organization(self):
        return self.company or self.association or self.agency

    def clean(self):
        super().clean()
        linked = [x for x in (self.company_id, self.association_id, self.agency_id) if x]
        if len(linked) != 1:
            raise ValidationError(_("A contact person belongs to exactly one company, association or agency."))


class Installation(TimeStampedModel):
    """What adheres and is certified: an establishment, a machine, a product or the organization."""

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="installations", verbose_name=_("company")
    )
    kind = models.CharField(
        max_length=20, choices=InstallationKind.choices, default=InstallationKind.ESTABLISHMENT, verbose_name=_("kind")
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    address = models.CharField(max_length=250, blank=True, verbose_name=_("address"))
    comuna = models.ForeignKey(Comuna, on_delete=models.PROTECT, related_name="installations", verbose_name=_("comuna"))
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="installations", editable=False, verbose_name=_("region")
    )
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-56), MaxValueValidator(-17)],
        verbose_name=_("latitude"),
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-110), MaxValueValidator(-66)],
        verbose_name=_("longitude"),
    )
    activity = models.ForeignKey(
        EconomicActivity,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="installations",
        verbose_name=_("economic activity"),
    )
    person_in_charge = models.ForeignKey(
        ContactPerson,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="installations_in_charge",
        verbose_name=_("person in charge"),
    )
    history = recorded_history()

    class Meta:
        verbose_name = _("installation")
        verbose_name_plural = _("installations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["company", "name"], name="unique_installation_name_per_company")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:installation-detail", args=[self.pk])

    def clean_fields(self, exclude=None):
        # The region follows the comuna; it is set on save, never entered.
        super().clean_fields(exclude={*(exclude or ()), "region"})

    def save(self, *args, **kwargs):
        if self.comuna_id:
            self.region_id = self.comuna.region_id
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.person_in_charge_id and self.company_id and self.person_in_charge.company_id != self.company_id:
            raise ValidationError(
                {"person_in_charge": _("The person in charge must be a contact of the same company.")}
            )
