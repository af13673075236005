from django.db import models
from django.utils.translation import gettext_lazy as _


class Indicator(models.TextChoices):
    """What a national goal counts (domain.md §12); each has one query in `goals.py`."""

    NEW_COMPANIES = "new_companies", _("Companies adhering for the first time")
    NEW_COMPANIES_NEW_AGREEMENTS = "new_companies_new_agreements", _("Companies adhering to new agreements")
    SMES_CERTIFIED = "smes_certified", _("SMEs certified")
    CERTIFIED_SHARE = "certified_share", _("Share of companies in new agreements that certified (%)")
    REGIONS_WITH_COMMITTEE = "regions_with_committee", _("Regions with an operating committee")
    REGIONS_WITH_PROGRAM = "regions_with_program", _("Regions with a program and a transfer centre")
    FINANCING_LINES = "financing_lines", _("Financing lines opened")
    COMMUNITY_AGREEMENTS = "community_agreements", _("Company–community agreements signed")
    TERRITORIES = "territories", _("Territories managed under an agreement")
    MICRO_ENTREPRENEURS = "micro_entrepreneurs", _("Micro-entrepreneurs reached")
    PEOPLE_TRAINED = "people_trained", _("People trained")
    REPORTING_INSTALLATIONS = "reporting_installations", _("Installations reporting sustainability indicators")
    SUCCESS_CASES = "success_cases", _("Success cases published")
    TCO2E_REDUCED = "tco2e_reduced", _("Reductions accounted (t CO2e)")


class CommitteeSector(models.TextChoices):
    AUTHORITY = "authority", _("Regional authority")
    PUBLIC = "public", _("Public service")
    PRIVATE = "private", _("Private sector")
    ACADEMIA = "academia", _("Academia")
    CIVIL = "civil", _("Civil society")


class FundingSource(models.TextChoices):
    FPL = "fpl", _("Clean Production Fund")
    CORFO = "corfo", _("CORFO")
    OTHER = "other", _("Other")


class LineKind(models.TextChoices):
    DIAGNOSIS = "diagnosis", _("Diagnosis")
    IMPLEMENTATION = "implementation", _("Implementation")
    CERTIFICATION = "certification", _("Certification")
    CAPACITY = "capacity", _("Capacity building")
    MISSIONS = "missions", _("Technology missions")
    DISSEMINATION = "dissemination", _("Dissemination")
    TERRITORIAL = "territorial", _("Territorial")
    FOCAL = "focal", _("FOCAL")
    INNOVA = "innova", _("INNOVA")
    CREDIT = "credit", _("Credit and guarantees")


class Currency(models.TextChoices):
    CLP = "CLP", _("Chilean pesos (CLP)")
    UF = "UF", _("Unidades de fomento (UF)")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    EVALUATION = "evaluation", _("In evaluation")
    AWARDED = "awarded", _("Awarded")
    REJECTED = "rejected", _("Rejected")


class ExpenseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ActivityKind(models.TextChoices):
    TRAINING = "training", _("Training")
    WORKSHOP = "workshop", _("Workshop")
    DISSEMINATION = "dissemination", _("Dissemination")
    SCHOLARSHIP = "scholarship", _("Scholarship")
    INTERNSHIP = "internship", _("Internship")
    MISSION = "mission", _("Technology mission")
    EXPERT_VISIT = "expert_visit", _("Expert visit")


# The activities whose participants count as trained (domain.md §12, «≥ 5,000 trained»).
TRAINING_KINDS = frozenset({ActivityKind.TRAINING, ActivityKind.WORKSHOP, ActivityKind.SCHOLARSHIP,
                            ActivityKind.INTERNSHIP})  # fmt: skip


class ParticipantType(models.TextChoices):
    MICRO_ENTREPRENEUR = "micro_entrepreneur", _("Micro-entrepreneur")
    WORKER = "worker", _("Worker")
    OFFICIAL = "official", _("Public official")
    AUDITOR = "auditor", _("Auditor")
    COMPANY_STAFF = "company_staff", _("Company staff")


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class ActorKind(models.TextChoices):
    PUBLIC = "public", _("Public body")
    COMPANY = "company", _("Company")
    COMMUNITY = "community", _("Community organisation")
    INDIGENOUS = "indigenous", _("Indigenous community")
    ACADEMIA = "academia", _("Academia")


class ProjectStage(models.TextChoices):
    PROFILE = "profile", _("Profile")
    PREFEASIBILITY = "prefeasibility", _("Pre-feasibility")
    FEASIBILITY = "feasibility", _("Feasibility")
    ENVIRONMENTAL = "environmental", _("Environmental assessment (SEIA)")
    CONSTRUCTION = "construction", _("Construction")
    OPERATION = "operation", _("Operation")


class CommitmentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
