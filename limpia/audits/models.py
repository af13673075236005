"""Audits, compliance and certification (domain.md §9) and the auditor registry (§10)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from limpia.agreements.models import Action, Adhesion, Agreement
from limpia.audits.choices import (
    AuditKind,
    AuditorDocumentKind,
    AuditorStatus,
    AuditStatus,
    BatchStatus,
    CertificateState,
    LineState,
    RelationKind,
    ReviewDecision,
    ValidationState,
)  # fmt: skip
from limpia.core.history import recorded_history
from limpia.core.jobs import LeasedJob
from limpia.core.models import StoredFile, TimeStampedModel
from limpia.core.models import user_reference as _user
from limpia.registry.models import Agency, Company, Installation, Sector

USER = settings.AUTH_USER_MODEL
LIVE = ~models.Q(status=AuditorStatus.REJECTED)


class Auditor(TimeStampedModel):
    """An application to (and then a person in) the national registry of APL auditors (NCh2825). A rejected
    application is kept; the same person may apply again with a new one."""

    user = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="auditor_applications",
        verbose_name=_("user"),
    )  # fmt: skip
    full_name = models.CharField(max_length=150, verbose_name=_("full name"))
    rut = models.CharField(max_length=12, verbose_name=_("RUT"))
    email = models.EmailField(verbose_name=_("e-mail"))
    profession = models.CharField(max_length=150, blank=True, verbose_name=_("profession"))
    sectors = models.ManyToManyField(Sector, blank=True, related_name="auditors", verbose_name=_("competent sectors"))
    status = models.CharField(
        max_length=20, choices=AuditorStatus.choices, default=AuditorStatus.APPLIED, verbose_name=_("status")
    )
    review_comments = models.TextField(blank=True, verbose_name=_("review comments"))
    reviewed_by = _user(_("reviewed by"))
    reviewed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("reviewed at"))
    approved_on = models.DateField(null=True, blank=True, verbose_name=_("approved on"))
    valid_until = models.DateField(null=True, blank=True, verbose_name=_("revalidation due on"))
    suspension_reason = models.TextField(blank=True, verbose_name=_("suspension reason"))
    history = recorded_history()

    class Meta:
        verbose_name = _("auditor")
        verbose_name_plural = _("auditors")
        ordering = ["full_name"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["rut"])]
        constraints = [
            # One live application or registration per RUT and per account; rejected ones are history.
            models.UniqueConstraint(fields=["rut"], condition=LIVE, name="unique_live_auditor_rut"),
            models.UniqueConstraint(fields=["user"], condition=LIVE, name="unique_live_auditor_user"),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("audits:auditor-detail", args=[self.pk])

    @property
    def rut_display(self) -> str:
        from limpia.core.rut import format_rut

        return format_rut(self.rut)


def auditor_document_path(instance, filename: str) -> str:
    from limpia.core.files import content_name

    return content_name(f"auditors/{instance.auditor_id}", instance)


class AuditorDocument(StoredFile):
    """A document of an application (degree, training, experience); served only through a scoped view."""

    auditor = models.ForeignKey(Auditor, on_delete=models.CASCADE, related_name="documents", verbose_name=_("auditor"))
    kind = models.CharField(max_length=20, choices=AuditorDocumentKind.choices, verbose_name=_("kind"))
    file = models.FileField(upload_to=auditor_document_path, verbose_name=_("file"))
    history = recorded_history()

    class Meta:
        verbose_name = _("auditor document")
        verbose_name_plural = _("auditor documents")
        ordering = ["kind", "-uploaded_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    def get_absolute_url(self):
        return reverse("audits:auditor-document", args=[self.pk])


class AuditorRelation(models.Model):
    """A declared relation with a company that blocks assigning the auditor to it (§10)."""

    auditor = models.ForeignKey(Auditor, on_delete=models.CASCADE, related_name="relations", verbose_name=_("auditor"))
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+", verbose_name=_("company"))
    kind = models.CharField(max_length=20, choices=RelationKind.choices, verbose_name=_("relation"))
    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("agreement")
    )
    description = models.TextField(blank=True, verbose_name=_("description"))
    declared_at = models.DateTimeField(auto_now_add=True, verbose_name=_("declared at"))
    history = recorded_history()

    class Meta:
        verbose_name = _("declared relation")
        verbose_name_plural = _("declared relations")
        ordering = ["-declared_at"]

    def __str__(self):
        return f"{self.auditor} · {self.company} ({self.get_kind_display()})"


class Audit(TimeStampedModel):
    """An intermediate, final or maintenance audit of an agreement's adhered installations."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="audits", verbose_name=_("agreement")
    )
    kind = models.CharField(max_length=20, choices=AuditKind.choices, verbose_name=_("kind"))
    number = models.PositiveSmallIntegerField(default=1, verbose_name=_("number"))
    opens_on = models.DateField(verbose_name=_("opens on"))
    closes_on = models.DateField(verbose_name=_("closes on"))
    for_certification = models.BooleanField(default=False, verbose_name=_("counts for certification"))
    requires_validation = models.BooleanField(default=False, verbose_name=_("requires agency validation"))
    status = models.CharField(
        max_length=10, choices=AuditStatus.choices, default=AuditStatus.OPEN, verbose_name=_("status")
    )
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by"))
    closed_by = _user(_("closed by"))
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("closed at"))
    lists_published_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("lists of complying installations published at")
    )
    history = recorded_history()

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["-opens_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["agreement", "kind", "number"], name="unique_audit_number")]

    def __str__(self):
        return f"{self.agreement.code} · {self.get_kind_display()} {self.number}"

    def get_absolute_url(self):
        return reverse("audits:audit-detail", args=[self.pk])


class Assignment(models.Model):
    """An installation in the audit's scope and the auditor assigned to it."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("audit"))
    adhesion = models.ForeignKey(Adhesion, on_delete=models.PROTECT, related_name="+", verbose_name=_("adhesion"))
    installation = models.ForeignKey(
        Installation, on_delete=models.PROTECT, related_name="audit_assignments", verbose_name=_("installation")
    )
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+", verbose_name=_("company"))
    auditor = models.ForeignKey(
        Auditor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("auditor"),
    )
    corrective_plan = models.TextField(blank=True, verbose_name=_("corrective plan"))
    plan_deadline = models.DateField(null=True, blank=True, verbose_name=_("corrective plan deadline"))
    history = recorded_history()

    class Meta:
        verbose_name = _("installation in audit")
        verbose_name_plural = _("installations in audit")
        ordering = ["audit", "company__legal_name", "installation__name"]
        constraints = [models.UniqueConstraint(fields=["audit", "adhesion"], name="unique_audit_adhesion")]

    def __str__(self):
        return f"{self.installation} · {self.audit}"

    def get_absolute_url(self):
        return reverse("audits:line-list", args=[self.audit_id]) + f"?instalacion={self.installation_id}"


class AuditLine(models.Model):
    """One installation × one applicable action of an audit (domain.md §9)."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="lines", verbose_name=_("audit"))
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="lines", verbose_name=_("installation in audit")
    )
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="audit_lines", verbose_name=_("action"))
    applies = models.BooleanField(null=True, blank=True, verbose_name=_("applies"))
    not_applicable_reason = models.TextField(blank=True, verbose_name=_("reason it does not apply"))
    complies = models.BooleanField(null=True, blank=True, verbose_name=_("complies"))
    evidence_date = models.DateField(null=True, blank=True, verbose_name=_("date the evidence refers to"))
    auditor_notes = models.TextField(blank=True, verbose_name=_("auditor notes"))
    filled_by = _user(_("filled by"))
    filled_at = models.DateTimeField(null=True, blank=True, verbose_name=_("filled at"))
    state = models.CharField(
        max_length=20, choices=LineState.choices, default=LineState.PENDING, verbose_name=_("state")
    )
    review_comments = models.TextField(blank=True, verbose_name=_("reviewer comments"))
    reviewed_by = _user(_("reviewed by"))
    reviewed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("reviewed at"))
    validation = models.CharField(
        max_length=20,
        choices=ValidationState.choices,
        default=ValidationState.NOT_REQUIRED,
        verbose_name=_("agency validation"),
    )
    validation_comments = models.TextField(blank=True, verbose_name=_("validation comments"))
    validated_by = _user(_("validated by"))
    validated_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("validating agency")
    )
    validated_at = models.DateTimeField(null=True, blank=True, verbose_name=_("validated at"))
    history = recorded_history()

    class Meta:
        verbose_name = _("audit line")
        verbose_name_plural = _("audit lines")
        ordering = ["assignment_id", "action__goal__number", "action__number"]
        constraints = [models.UniqueConstraint(fields=["assignment", "action"], name="unique_line_action")]
        indexes = [models.Index(fields=["audit", "state"]), models.Index(fields=["audit", "validation"])]

    def __str__(self):
        return f"{self.assignment.installation} · {self.action.number}"

    def get_absolute_url(self):
        return reverse("audits:line-detail", args=[self.pk])


def evidence_path(instance, filename: str) -> str:
    from limpia.core.files import content_name

    return content_name(f"evidence/{instance.line.audit_id}", instance)


class Evidence(StoredFile):
    """A file behind an audit line; never served from a public path."""

    line = models.ForeignKey(AuditLine, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("line"))
    file = models.FileField(upload_to=evidence_path, verbose_name=_("file"))
    history = recorded_history()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("audits:evidence-download", args=[self.pk])


SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class Survey(models.Model):
    """The audited company's short survey on the auditor, after the audit (1 to 5)."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="survey", verbose_name=_("installation in audit")
    )
    auditor = models.ForeignKey(Auditor, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("auditor"))
    punctuality = models.PositiveSmallIntegerField(validators=SCORE, verbose_name=_("punctuality"))
    clarity = models.PositiveSmallIntegerField(validators=SCORE, verbose_name=_("clarity of the findings"))
    professionalism = models.PositiveSmallIntegerField(validators=SCORE, verbose_name=_("professionalism"))
    comment = models.TextField(blank=True, verbose_name=_("comment"))
    answered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("answered by"))
    answered_at = models.DateTimeField(auto_now_add=True, verbose_name=_("answered at"))
    history = recorded_history()

    class Meta:
        verbose_name = _("auditor survey")
        verbose_name_plural = _("auditor surveys")

    def __str__(self):
        return f"{self.auditor} · {self.assignment}"


class CertificateBatch(LeasedJob):
    """The certificates of one ceremony, whose PDFs are generated in the background (resumed by another worker
    if its worker dies: limpia.core.jobs)."""

    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="batches", verbose_name=_("audit"))
    ceremony_on = models.DateField(verbose_name=_("ceremony on"))
    status = models.CharField(
        max_length=10, choices=BatchStatus.choices, default=BatchStatus.QUEUED, verbose_name=_("status")
    )
    total = models.PositiveIntegerField(default=0, verbose_name=_("certificates"))
    done = models.PositiveIntegerField(default=0, verbose_name=_("PDFs generated"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.audit} · {self.ceremony_on:%d-%m-%Y}"

    def get_absolute_url(self):
        return reverse("audits:batch-detail", args=[self.pk])

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 100


def certificate_path(instance, filename: str) -> str:
    return f"certificates/{instance.agreement_id}/{instance.number}.pdf"


class Certificate(models.Model):
    """The compliance certificate of an installation (and the APL seal)."""

    number = models.CharField(max_length=40, unique=True, verbose_name=_("number"))
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("agreement")
    )
    installation = models.ForeignKey(
        Installation, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("installation")
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("holder")
    )
    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("audit"))
    batch = models.ForeignKey(
        CertificateBatch,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
        verbose_name=_("batch"),
    )
    compliance = models.DecimalField(max_digits=5, decimal_places=1, verbose_name=_("compliance (%)"))
    level = models.CharField(max_length=40, blank=True, verbose_name=_("level"))
    conditional = models.BooleanField(default=False, verbose_name=_("granted above 75 % with a corrective plan"))
    issued_on = models.DateField(verbose_name=_("issued on"))
    valid_until = models.DateField(verbose_name=_("valid until"))
    state = models.CharField(
        max_length=10, choices=CertificateState.choices, default=CertificateState.VALID, verbose_name=_("state")
    )
    state_reason = models.TextField(blank=True, verbose_name=_("reason"))
    pdf = models.FileField(upload_to=certificate_path, blank=True, verbose_name=_("PDF"))
    warned_90_on = models.DateField(null=True, blank=True, verbose_name=_("90-day warning sent on"))
    warned_30_on = models.DateField(null=True, blank=True, verbose_name=_("30-day warning sent on"))
    history = recorded_history()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "number"]
        indexes = [models.Index(fields=["state", "valid_until"])]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("audits:certificate-detail", args=[self.pk])


class CertificateReview(models.Model):
    """Staff's recorded decision on a certificate issued under the old compliance rule (which dropped
    unapproved lines from both sides) whose stored figure no longer holds under domain.md §9."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("certificate")
    )
    decision = models.CharField(max_length=10, choices=ReviewDecision.choices, verbose_name=_("decision"))
    stored_compliance = models.DecimalField(
        max_digits=5, decimal_places=1, verbose_name=_("stored compliance (%)")
    )
    recomputed_compliance = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True, verbose_name=_("compliance under the corrected rule (%)")
    )
    undecided_lines = models.PositiveIntegerField(default=0, verbose_name=_("undecided lines"))
    reason = models.TextField(verbose_name=_("reason"))
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(auto_now_add=True, verbose_name=_("decided at"))
    history = recorded_history()

    class Meta:
        verbose_name = _("certificate review")
        verbose_name_plural = _("certificate reviews")
        ordering = ["-decided_at", "-pk"]

    def __str__(self):
        return f"{self.certificate} · {self.get_decision_display()}"

    def get_absolute_url(self):
        return self.certificate.get_absolute_url()
