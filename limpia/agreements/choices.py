from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementType(models.TextChoices):
    """Instrument types as the ASCC uses them (domain.md §4)."""

    PRODUCTIVE = "productive", _("Productive establishments")
    PRE_INVESTMENT = "pre_investment", _("Pre-investment")
    TERRITORIAL = "territorial", _("Watershed and territorial")
    STANDARD = "standard", _("Sustainability certification (standard)")
    ADAPTATION = "adaptation", _("Adaptation and risk management")


class Stage(models.TextChoices):
    """The lifecycle of domain.md §5, in order."""

    INTEREST = "interest", _("Expression of interest")
    ADMISSIBILITY = "admissibility", _("Admissibility")
    RELEVANCE = "relevance", _("Relevance and feasibility")
    DIAGNOSIS = "diagnosis", _("General diagnosis")
    NEGOTIATION = "negotiation", _("Negotiation")
    CONSULTATION = "consultation", _("Public consultation")
    SIGNATURE = "signature", _("Signature")
    ADHESION = "adhesion", _("Adhesion period")
    IMPLEMENTATION = "implementation", _("Implementation")
    FINAL_AUDIT = "final_audit", _("Final audit")
    VALIDATION = "validation", _("Validation by agencies")
    CERTIFICATION = "certification", _("Certification")
    MAINTENANCE = "maintenance", _("Maintenance")
    IMPACT = "impact", _("Impact evaluation")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    TERMINATED = "terminated", _("Terminated")


class ClockStart(models.TextChoices):
    SIGNATURE = "signature", _("Signature")
    ADHESION_APPROVAL = "adhesion_approval", _("Adhesion approval")


class TermUnit(models.TextChoices):
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    BUSINESS_DAYS = "business_days", _("business days")
    MONTHS = "months", _("months")
    YEARS = "years", _("years")


class DueKind(models.TextChoices):
    """What a calendar date is for (domain.md §6)."""

    ADHESION_DEADLINE = "adhesion_deadline", _("Adhesion deadline")
    INITIAL_DIAGNOSIS = "initial_diagnosis", _("Initial diagnosis")
    FOLLOW_UP_AUDIT = "follow_up_audit", _("Follow-up audit")
    ASSOCIATION_REPORT = "association_report", _("Association progress report")
    FINAL_AUDIT = "final_audit", _("Final audit")
    FINAL_AUDIT_CLOSE = "final_audit_close", _("Final audit window closes")
    FINAL_RESULTS = "final_results", _("Companies send final results")
    FINAL_REPORT = "final_report", _("Consolidated final report")
    AGENCY_RESPONSE = "agency_response", _("Agencies answer")
    CERTIFICATE_EXPIRY = "certificate_expiry", _("Certificate expiry")
    MAINTENANCE_AUDIT = "maintenance_audit", _("Maintenance audit")
    ACTION_DEADLINE = "action_deadline", _("Action deadline")


class Anchor(models.TextChoices):
    """The date a term counts from."""

    SIGNATURE = "signature", _("signature")
    CLOCK_START = "clock_start", _("implementation clock start")
    CERTIFICATION = "certification", _("certification")


class AdhesionStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DocumentKind(models.TextChoices):
    SIGNED_TEXT = "signed_text", _("Signed text")
    MINUTES = "minutes", _("Minutes")
    DIAGNOSIS = "diagnosis", _("Diagnosis deliverable")
    STAKEHOLDER_MAP = "stakeholder_map", _("Stakeholder map")
    OTHER = "other", _("Other")


class Matter(models.TextChoices):
    WATER = "water", _("Water")
    ENERGY = "energy", _("Energy")
    WASTE = "waste", _("Waste")
    EMISSIONS = "emissions", _("Emissions")
    SAFETY = "safety", _("Occupational safety")
    PRODUCTION = "production", _("Efficient production")
    COMMUNITY = "community", _("Community relations")
    MANAGEMENT = "management", _("Management")
