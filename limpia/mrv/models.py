"""Indicators and MRV (domain.md §11): the variable catalogue, each agreement's reporting plan, reports of
activity data per installation and period, versioned reference factors, calculation versions with their
per-installation-year figures, claims in other programmes and the published national reports."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from limpia.agreements.models import Agreement
from limpia.core.history import recorded_history
from limpia.core.jobs import LeasedJob
from limpia.core.models import StoredFile, TimeStampedModel
from limpia.core.models import user_reference as _user
from limpia.mrv.choices import (
    Category,
    Destination,
    FactorKind,
    Frequency,
    GwpSet,
    Programme,
    ReportStatus,
    RunStatus,
)  # fmt: skip
from limpia.registry.models import Installation, Sector

USER = settings.AUTH_USER_MODEL
QUANTITY = {"max_digits": 24, "decimal_places": 6}
FIGURE = {"max_digits": 24, "decimal_places": 6, "default": 0}
PER_UNIT = {"max_digits": 32, "decimal_places": 20, "default": 0}  # t CH4 per litre is ~1e-7


class Variable(models.Model):
    """One kind of activity data, reported in (or converted to) its base unit (a pint expression)."""

    code = models.CharField(max_length=60, unique=True, verbose_name=_("code"))
    name = models.CharField(max_length=150, verbose_name=_("name"))
    category = models.CharField(max_length=20, choices=Category.choices, verbose_name=_("category"))
    base_unit = models.CharField(max_length=30, verbose_name=_("base unit"))
    fuel = models.CharField(max_length=40, blank=True, verbose_name=_("fuel"))
    waste_type = models.CharField(max_length=40, blank=True, verbose_name=_("waste type"))
    destination = models.CharField(
        max_length=20, choices=Destination.choices, blank=True, verbose_name=_("destination")
    )
    gas = models.CharField(max_length=20, blank=True, verbose_name=_("refrigerant gas"))
    water_source = models.CharField(max_length=40, blank=True, verbose_name=_("water source"))
    sector = models.ForeignKey(
        Sector, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("sector")
    )
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        verbose_name = _("variable")
        verbose_name_plural = _("variables")
        ordering = ["order", "code"]

    def __str__(self):
        return f"{self.name} ({self.base_unit})"


class ReportingPlan(TimeStampedModel):
    """What an agreement's installations report and how often."""

    agreement = models.OneToOneField(
        Agreement, on_delete=models.CASCADE, related_name="reporting_plan", verbose_name=_("agreement")
    )
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY, verbose_name=_("reporting frequency")
    )
    variables = models.ManyToManyField(Variable, related_name="plans", verbose_name=_("required variables"))
    history = recorded_history(m2m_fields=[variables])

    class Meta:
        verbose_name = _("reporting plan")
        verbose_name_plural = _("reporting plans")

    def __str__(self):
        return str(self.agreement)


class FactorSet(models.Model):
    """One version of a table of reference factors, with its source: values keyed as the calculations read
    them (`diesel.ef_co2`, `2023-05`, `AR5.CH4`, `mcf`…), each `{"value": "…", "unit": "…"}`."""

    kind = models.CharField(max_length=10, choices=FactorKind.choices, verbose_name=_("kind"))
    version = models.CharField(max_length=60, verbose_name=_("version"))
    source = models.CharField(max_length=400, verbose_name=_("source"))
    values = models.JSONField(verbose_name=_("values"))
    loaded_by = _user(_("loaded by"))
    loaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("loaded at"))

    class Meta:
        verbose_name = _("factor set")
        verbose_name_plural = _("factor sets")
        ordering = ["kind", "-loaded_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="unique_factor_version")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.version}"

    def get_absolute_url(self):
        return reverse("mrv:factor-set", args=[self.pk])


class CalculationVersion(models.Model):
    """One computation of every installation's figures with a fixed choice of factor versions."""

    number = models.PositiveIntegerField(unique=True, verbose_name=_("number"))
    gwp_set = models.CharField(max_length=3, choices=GwpSet.choices, default=GwpSet.AR5, verbose_name=_("GWP set"))
    fuels = models.ForeignKey(FactorSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("fuel factors"))
    grid = models.ForeignKey(FactorSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("grid factors"))
    gwp = models.ForeignKey(FactorSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("GWP values"))
    waste = models.ForeignKey(FactorSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("waste factors"))
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    reason = models.CharField(max_length=300, blank=True, verbose_name=_("reason"))
    created_by = _user(_("created by"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    rows = models.PositiveIntegerField(default=0, verbose_name=_("figures"))

    class Meta:
        verbose_name = _("calculation version")
        verbose_name_plural = _("calculation versions")
        ordering = ["-number"]

    def __str__(self):
        return f"v{self.number} ({self.gwp_set})"

    def factor_sets(self) -> list[FactorSet]:
        return [self.fuels, self.grid, self.gwp, self.waste]


class Coefficient(models.Model):
    """Figures per base unit of a variable in one period, derived by the pure calculations from the
    version's factors; the national recomputation is one SQL join of measurements with these rows."""

    # indexed by unique_coefficient, which starts with it
    version = models.ForeignKey(CalculationVersion, on_delete=models.CASCADE, related_name="coefficients",
                                db_index=False)  # fmt: skip
    variable = models.ForeignKey(Variable, on_delete=models.CASCADE, related_name="+")
    period = models.DateField()
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    # Rows of a version with the same per-unit figures share a number: values are summed per vector before
    # the multiplications (a fuel's figures change by year, electricity's by month, most not at all).
    vector = models.PositiveIntegerField(default=0)
    production = models.DecimalField(**PER_UNIT)
    electricity_mwh = models.DecimalField(**PER_UNIT)
    energy_gj = models.DecimalField(**PER_UNIT)
    water_m3 = models.DecimalField(**PER_UNIT)
    waste_t = models.DecimalField(**PER_UNIT)
    co2_t = models.DecimalField(**PER_UNIT)
    ch4_t = models.DecimalField(**PER_UNIT)
    n2o_t = models.DecimalField(**PER_UNIT)
    hfc_co2e_t = models.DecimalField(**PER_UNIT)
    biogenic_co2_t = models.DecimalField(**PER_UNIT)
    scope1_co2e_t = models.DecimalField(**PER_UNIT)
    scope2_co2e_t = models.DecimalField(**PER_UNIT)
    waste_co2e_t = models.DecimalField(**PER_UNIT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "variable", "period", "frequency"], name="unique_coefficient")
        ]

    def __str__(self):
        return f"{self.variable_id} {self.period} ({self.frequency})"


class Report(models.Model):
    """An installation's activity data for one period (a month, or a year), and its verification."""

    installation = models.ForeignKey(  # indexed by unique_report_period, which starts with it
        Installation,
        on_delete=models.PROTECT,
        related_name="mrv_reports",
        verbose_name=_("installation"),
        db_index=False,
    )
    period = models.DateField(verbose_name=_("period"))
    year = models.PositiveSmallIntegerField(verbose_name=_("year"))
    frequency = models.CharField(max_length=10, choices=Frequency.choices, verbose_name=_("frequency"))
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.REPORTED, verbose_name=_("status")
    )
    # Not indexed: a user is almost never deleted, and every upload rewrites these columns of many reports.
    reported_by = _user(_("reported by"), db_index=False)
    reported_at = models.DateTimeField(null=True, blank=True, verbose_name=_("reported at"))
    verified_by = _user(_("verified by"), db_index=False)
    verified_at = models.DateTimeField(null=True, blank=True, verbose_name=_("verified at"))
    decided_by = _user(_("decided by"), db_index=False)
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    history = recorded_history()

    class Meta:
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")
        ordering = ["-period", "installation_id"]
        constraints = [
            models.UniqueConstraint(fields=["installation", "period", "frequency"], name="unique_report_period")
        ]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["year", "installation"])]

    def __str__(self):
        return f"{self.installation} · {self.period_label}"

    def get_absolute_url(self):
        return reverse("mrv:report", args=[self.pk])

    @property
    def period_label(self) -> str:
        if self.frequency == Frequency.YEARLY:
            return str(self.period.year)
        return self.period.strftime("%m-%Y")


class Measurement(models.Model):
    """One value of a report, kept in the variable's base unit beside what was entered."""

    # indexed by unique_measurement, which starts with it
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="measurements", db_index=False)
    variable = models.ForeignKey(Variable, on_delete=models.PROTECT, related_name="+", verbose_name=_("variable"))
    value = models.DecimalField(**QUANTITY, verbose_name=_("value (base unit)"))
    entered_value = models.DecimalField(**QUANTITY, verbose_name=_("entered value"))
    entered_unit = models.CharField(max_length=30, verbose_name=_("entered unit"))
    flagged = models.BooleanField(default=False, verbose_name=_("flagged for review"))
    history_mean = models.DecimalField(
        **QUANTITY, null=True, blank=True, verbose_name=_("the installation's mean before this value")
    )

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [models.UniqueConstraint(fields=["report", "variable"], name="unique_measurement")]

    def __str__(self):
        return f"{self.variable.code} = {self.entered_value} {self.entered_unit}"


def evidence_path(instance, filename):
    from limpia.core.files import content_name

    return content_name("mrv-evidence", instance)


class MeasurementEvidence(StoredFile):
    measurement = models.ForeignKey(
        Measurement, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("measurement")
    )
    file = models.FileField(upload_to=evidence_path, verbose_name=_("file"))

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.original_name


def import_path(instance, filename):
    from limpia.core.files import content_name

    return content_name("mrv-imports", instance)


class ImportRun(LeasedJob, StoredFile):
    """An upload of activity data: checked and saved (all or nothing) in the background, with progress."""

    file = models.FileField(upload_to=import_path, max_length=255, verbose_name=_("file"))
    replace = models.BooleanField(default=False, verbose_name=_("replace existing periods"))
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    rows_read = models.PositiveIntegerField(default=0, verbose_name=_("rows read"))
    rows_saved = models.PositiveIntegerField(default=0, verbose_name=_("rows saved"))
    rows_flagged = models.PositiveIntegerField(default=0, verbose_name=_("rows flagged"))
    bytes_total = models.PositiveBigIntegerField(default=0)
    bytes_read = models.PositiveBigIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, verbose_name=_("errors"))
    error_count = models.PositiveIntegerField(default=0, verbose_name=_("errors"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))

    class Meta:
        verbose_name = _("activity data import")
        verbose_name_plural = _("activity data imports")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("mrv:import", args=[self.pk])

    @property
    def percent(self) -> int:
        return 100 if self.status == RunStatus.DONE else int(100 * self.bytes_read / max(self.bytes_total, 1))


class YearFigure(models.Model):
    """Part of an installation's figures for one year in one calculation version, from its accepted reports
    (`accepted`) or from the others (provisional); official totals read the accepted rows only. Landfill
    methane arrives in rows of its own, so every reader sums the rows of a year."""

    version = models.ForeignKey(CalculationVersion, on_delete=models.CASCADE, related_name="figures")
    installation = models.ForeignKey(Installation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    accepted = models.BooleanField()
    production = models.DecimalField(**FIGURE)
    electricity_mwh = models.DecimalField(**FIGURE)
    energy_gj = models.DecimalField(**FIGURE)
    water_m3 = models.DecimalField(**FIGURE)
    waste_t = models.DecimalField(**FIGURE)
    co2_t = models.DecimalField(**FIGURE)
    ch4_t = models.DecimalField(**FIGURE)
    n2o_t = models.DecimalField(**FIGURE)
    hfc_co2e_t = models.DecimalField(**FIGURE)
    biogenic_co2_t = models.DecimalField(**FIGURE)
    scope1_co2e_t = models.DecimalField(**FIGURE)
    scope2_co2e_t = models.DecimalField(**FIGURE)
    waste_co2e_t = models.DecimalField(**FIGURE)
    landfill_ch4_t = models.DecimalField(**FIGURE)
    landfill_co2e_t = models.DecimalField(**FIGURE)

    class Meta:
        indexes = [
            models.Index(fields=["version", "year", "accepted"]),
            models.Index(fields=["version", "installation"]),
        ]

    def __str__(self):
        return f"{self.installation_id} {self.year} v{self.version_id}"

    @property
    def co2e_t(self):
        return self.scope1_co2e_t + self.scope2_co2e_t + self.waste_co2e_t + self.landfill_co2e_t


class Claim(models.Model):
    """A reduction also claimed in another programme: flagged and left out of the APL total."""

    installation = models.ForeignKey(
        Installation, on_delete=models.PROTECT, related_name="mrv_claims", verbose_name=_("installation")
    )
    year = models.PositiveSmallIntegerField(verbose_name=_("year"))
    programme = models.CharField(max_length=20, choices=Programme.choices, verbose_name=_("programme"))
    reference = models.CharField(max_length=150, blank=True, verbose_name=_("reference in that programme"))
    declared_by = _user(_("declared by"))
    declared_at = models.DateTimeField(auto_now_add=True, verbose_name=_("declared at"))
    history = recorded_history()

    class Meta:
        verbose_name = _("claim in another programme")
        verbose_name_plural = _("claims in other programmes")
        constraints = [models.UniqueConstraint(fields=["installation", "year", "programme"], name="unique_claim")]

    def __str__(self):
        return f"{self.installation} {self.year} ({self.get_programme_display()})"


def report_pdf_path(instance, filename):
    return f"mrv-reports/{instance.year}-v{instance.version.number}-{instance.pk or 'new'}.pdf"


class NationalReport(models.Model):
    """The yearly national GHG-reduction report as published: its figures are kept as they were."""

    year = models.PositiveSmallIntegerField(verbose_name=_("year"))
    version = models.ForeignKey(CalculationVersion, on_delete=models.PROTECT, related_name="+")
    figures = models.JSONField(verbose_name=_("figures"))
    pdf = models.FileField(upload_to=report_pdf_path, blank=True, verbose_name=_("PDF"))
    published_by = _user(_("published by"))
    published_at = models.DateTimeField(auto_now_add=True, verbose_name=_("published at"))

    class Meta:
        verbose_name = _("national GHG-reduction report")
        verbose_name_plural = _("national GHG-reduction reports")
        ordering = ["-year", "-published_at"]

    def __str__(self):
        return f"{self.year} (v{self.version.number})"

    def get_absolute_url(self):
        return reverse("mrv:national-report", args=[self.pk])
