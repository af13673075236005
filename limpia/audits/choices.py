from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditorStatus(models.TextChoices):
    """The registry's states of an auditor (domain.md §10)."""

    APPLIED = "applied", _("Application under review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")


class AuditorDocumentKind(models.TextChoices):
    DEGREE = "degree", _("Professional degree")
    CV = "cv", _("Curriculum vitae")
    TRAINING = "training", _("Auditor training certificate")
    EXPERIENCE = "experience", _("Proof of audit experience")
    OTHER = "other", _("Other")


class RelationKind(models.TextChoices):
    """Declared relations that compromise independence (NCh2825, modelled as data)."""

    EMPLOYER = "employer", _("Works or worked for the company")
    CONSULTANT = "consultant", _("Advised the company on the agreement")


class AuditKind(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Intermediate (follow-up)")
    FINAL = "final", _("Final")
    MAINTENANCE = "maintenance", _("Maintenance")


class AuditStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Audit closed")


class LineState(models.TextChoices):
    PENDING = "pending", _("Pending")
    IN_REVIEW = "in_review", _("In review")
    OBSERVED = "observed", _("With observations")
    REJECTED = "rejected", _("Rejected")
    APPROVED = "approved", _("Approved")


class ValidationState(models.TextChoices):
    NOT_REQUIRED = "not_required", _("Not required")
    PENDING = "pending", _("Awaiting validation")
    ACCEPTED = "accepted", _("Validated")
    REJECTED = "rejected", _("Not validated")


class CertificateState(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


class ReviewDecision(models.TextChoices):
    """Staff's decision on a certificate whose stored compliance no longer holds under the corrected rule."""

    CONFIRMED = "confirmed", _("Confirmed")
    SUSPENDED = "suspended", _("Suspended")


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Generating")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# Which matters of an action (limpia.agreements.choices.Matter) fall within an agency competence
# (limpia.registry.choices.AgencyCompetence): an agency validates the lines of those actions only.
COMPETENCE_MATTERS = {
    "environment": {"water", "energy", "waste", "emissions", "community"},
    "health": {"water", "waste", "safety"},
    "labour_safety": {"safety"},
    "energy": {"energy", "emissions"},
    "water": {"water"},
    "agriculture": {"production", "waste", "water"},
    "fisheries": {"production", "waste", "water"},
    "productive_development": {"production", "management", "energy"},
    "tourism": {"community", "management"},
}


def matters_of(competences) -> set[str]:
    return set().union(*(COMPETENCE_MATTERS.get(c, set()) for c in competences or []))
