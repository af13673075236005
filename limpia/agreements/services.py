"""Every write on agreements. Views, API, imports, commands and the seed's consistency checks call these."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from limpia.agreements import calculations, lifecycle
from limpia.agreements.choices import AdhesionStatus, AgreementType, ClockStart, DocumentKind, DueKind, Stage
from limpia.agreements.models import (
    Action,
    Adhesion,
    Agreement,
    AgreementDocument,
    CommitteeMember,
    Extension,
    Goal,
    InitialDiagnosis,
    Meeting,
    StageChange,
    Term,
)  # fmt: skip
from limpia.core.errors import BusinessRuleError
from limpia.core.files import attach
from limpia.core.history import save_recorded
from limpia.core.scoping import CHANGE, can, require_change, require_national, scopes_for

AGREEMENT_FIELDS = {
    "code", "name", "kind", "national_scope", "basin", "clock_start", "adhesion_value", "adhesion_unit",
    "implementation_months", "max_certification_months", "net_max_months", "validity_years",
    "certificate_validity_years", "extension_allowed", "has_public_consultation", "requires_agency_validation",
    "roll_to_business_day", "certify_above_75_with_plan", "standard_levels",
}  # fmt: skip
RELATIONS = ("sectors", "regions", "comunas", "associations", "agencies")
# The 2007 egg-sector calendar (domain.md §6), the starting point of a new agreement's terms.
TEMPLATE_TERMS = [
    {"kind": DueKind.ADHESION_DEADLINE, "value": 90, "unit": "calendar_days", "anchor": "signature"},
    {"kind": DueKind.INITIAL_DIAGNOSIS, "value": 2},
    {"kind": DueKind.FOLLOW_UP_AUDIT, "value": 9},
    {"kind": DueKind.FOLLOW_UP_AUDIT, "value": 17},
    {"kind": DueKind.ASSOCIATION_REPORT, "value": 10},
    {"kind": DueKind.ASSOCIATION_REPORT, "value": 18},
    {"kind": DueKind.FINAL_AUDIT, "value": 18},
    {"kind": DueKind.FINAL_RESULTS, "value": 20},
    {"kind": DueKind.FINAL_REPORT, "value": 21},
    {"kind": DueKind.AGENCY_RESPONSE, "value": 90, "unit": "calendar_days", "anchor": DueKind.FINAL_REPORT},
    {"kind": DueKind.CERTIFICATE_EXPIRY, "value": 3, "unit": "years", "anchor": "certification"},
    {"kind": DueKind.MAINTENANCE_AUDIT, "value": 12, "anchor": "certification", "repeat": 2},
]


def _require_change(agreement: Agreement, by) -> None:
    require_change(by, agreement, _("You may not change the agreement %(code)s.") % {"code": agreement.code})


def _set_relations(agreement: Agreement, relations: dict) -> None:
    for name in RELATIONS:
        if relations.get(name) is not None:
            getattr(agreement, name).set(relations[name])


@transaction.atomic
def create_agreement(*, by, terms=None, **fields) -> Agreement:
    """A new agreement at the expression-of-interest stage, with the template calendar unless given."""
    scopes = scopes_for(by)
    relations = {name: fields.pop(name, None) for name in RELATIONS}
    regions = relations.get("regions") or []
    if not scopes.national and (fields.get("national_scope", True) or not regions
                                or {r.pk for r in regions} - scopes.region_ids):  # fmt: skip
        raise BusinessRuleError(_("You may create agreements only for your regions."), field="regions")
    unknown = set(fields) - AGREEMENT_FIELDS
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    agreement = Agreement(**fields)
    agreement.check_terms(_rules(terms or TEMPLATE_TERMS))
    save_recorded(agreement, by=by, event="agreement.created")
    _set_relations(agreement, relations)
    _replace_terms(agreement, terms or TEMPLATE_TERMS)
    StageChange.objects.create(agreement=agreement, from_stage="", to_stage=agreement.stage, by=by)
    return agreement


def _rules(terms: list[dict]) -> tuple[calculations.TermRule, ...]:
    return tuple(Term(**t).as_rule() for t in terms)


def _replace_terms(agreement: Agreement, terms: list[dict]) -> None:
    agreement.terms.all().delete()
    for term in terms:
        item = Term(agreement=agreement, **term)
        item.full_clean()
        item.save()


@transaction.atomic
def update_agreement(agreement: Agreement, *, by, reason: str = "", **fields) -> Agreement:
    """Change data or terms; terms that break a consistency rule are refused and nothing changes."""
    _require_change(agreement, by)
    relations = {name: fields.pop(name, None) for name in RELATIONS}
    for name, value in fields.items():
        if name not in AGREEMENT_FIELDS - {"code"}:
            raise TypeError(f"unexpected field: {name}")
        setattr(agreement, name, value)
    agreement.check_terms()
    save_recorded(agreement, by=by, reason=reason)
    _set_relations(agreement, relations)
    return agreement


@transaction.atomic
def set_terms(agreement: Agreement, *, by, terms: list[dict], reason: str = "") -> Agreement:
    """Replace the calendar rules, only when the whole set is consistent."""
    _require_change(agreement, by)
    agreement.check_terms(_rules(terms))
    _replace_terms(agreement, terms)
    save_recorded(agreement, by=by, event="agreement.terms_changed", reason=reason, validate=False)
    return agreement


@transaction.atomic
def add_document(agreement: Agreement, *, by, upload, kind: str, title: str) -> AgreementDocument:
    _require_change(agreement, by)
    document = AgreementDocument(agreement=agreement, kind=kind, title=title or upload.name)
    attach(document, upload, by=by)
    return save_recorded(document, by=by, event="document.uploaded", validate=False)


# Preconditions of entering a stage: each returns the reason it is not met, or None. Later apps add
# theirs (the audits app: the final audit closed before certification).
PRECONDITIONS: dict[str, list] = {}


def precondition(stage: str):
    def register(check):
        PRECONDITIONS.setdefault(stage, []).append(check)
        return check

    return register


@precondition(Stage.SIGNATURE)
def _signed_text_and_parties(agreement: Agreement) -> str | None:
    if not agreement.documents.filter(kind=DocumentKind.SIGNED_TEXT).exists():
        return _("Upload the signed text before recording the signature.")
    if not agreement.associations.exists():
        return _("The signature needs at least one signatory association.")
    if not agreement.agencies.exists():
        return _("The signature needs at least one signatory agency.")
    return None


@precondition(Stage.IMPLEMENTATION)
def _installations_adhered(agreement: Agreement) -> str | None:
    if agreement.kind == AgreementType.PRE_INVESTMENT:
        return None
    if not agreement.adhesions.filter(status=AdhesionStatus.APPROVED).exists():
        return _("Implementation needs at least one approved adhesion.")
    return None


def allowed_targets(agreement: Agreement) -> list[Stage]:
    return lifecycle.allowed_targets(
        agreement.kind, agreement.stage, consultation=agreement.has_public_consultation,
        validation=agreement.requires_agency_validation,
    )  # fmt: skip


@transaction.atomic
def transition(agreement: Agreement, *, to: str, by, comment: str = "", on: date | None = None) -> StageChange:
    """Move the agreement to stage `to`, if the lifecycle, the role and the preconditions allow it."""
    _require_change(agreement, by)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if to not in allowed_targets(agreement):
        raise BusinessRuleError(
            _("An agreement in «%(current)s» cannot move to «%(target)s».")
            % {"current": Stage(agreement.stage).label, "target": Stage(to).label if to in Stage.values else to},
            field="to",
        )
    if to in {Stage.WITHDRAWN, Stage.TERMINATED} and not comment.strip():
        raise BusinessRuleError(_("Give the reason for withdrawing or terminating the agreement."), field="comment")
    for check in PRECONDITIONS.get(to, []):
        problem = check(agreement)
        if problem:
            raise BusinessRuleError(problem, field="to")
    _stamp_dates(agreement, to, on or timezone.localdate())
    change = StageChange.objects.create(
        agreement=agreement, from_stage=agreement.stage, to_stage=to, by=by, comment=comment
    )
    agreement.stage = to
    save_recorded(agreement, by=by, event="agreement.stage_changed", reason=comment, validate=False)
    return change


def _stamp_dates(agreement: Agreement, to: str, day: date) -> None:
    if to == Stage.SIGNATURE:
        agreement.signed_on = day
        if agreement.clock_start == ClockStart.SIGNATURE:
            agreement.clock_started_on = day
    elif to == Stage.CERTIFICATION:
        agreement.certified_on = day


@transaction.atomic
def grant_extension(agreement: Agreement, *, by, value: int, unit: str, kinds=(), reason: str) -> Extension:
    """A prórroga: the affected due dates move; the timeline and the calendar keep the old ones."""
    require_national(by)
    if not agreement.extension_allowed:
        raise BusinessRuleError(_("The terms of this agreement do not allow an extension."))
    if not reason.strip():
        raise BusinessRuleError(_("Give the reason for the extension."), field="reason")
    extension = Extension(agreement=agreement, value=value, unit=unit, kinds=list(kinds), reason=reason, granted_by=by)
    return save_recorded(extension, by=by, event="extension.granted", reason=reason)


@transaction.atomic
def create_goal(agreement: Agreement, *, by, number: int, title: str, description: str = "") -> Goal:
    _require_change(agreement, by)
    return save_recorded(Goal(agreement=agreement, number=number, title=title, description=description), by=by)


@transaction.atomic
def create_action(goal: Goal, *, by, **fields) -> Action:
    _require_change(goal.agreement, by)
    return save_recorded(Action(goal=goal, **fields), by=by)


@transaction.atomic
def update_action(action: Action, *, by, **fields) -> Action:
    _require_change(action.goal.agreement, by)
    for name, value in fields.items():
        setattr(action, name, value)
    return save_recorded(action, by=by)


@transaction.atomic
def add_committee_member(
    agreement: Agreement, *, by, full_name: str, institution: str, role: str = ""
) -> CommitteeMember:
    _require_change(agreement, by)
    member = CommitteeMember(agreement=agreement, full_name=full_name, institution=institution, role=role)
    return save_recorded(member, by=by)


@transaction.atomic
def record_meeting(agreement: Agreement, *, by, held_on: date, agenda: str, minutes: str = "", attendees=()) -> Meeting:
    _require_change(agreement, by)
    meeting = save_recorded(Meeting(agreement=agreement, held_on=held_on, agenda=agenda, minutes=minutes), by=by)
    meeting.attendees.set([a for a in attendees if a.agreement_id == agreement.pk])
    return meeting


ADHESION_OPEN = {Stage.ADHESION}
# Standards: organizations may adhere at any time while the standard is in force (domain.md §4).
STANDARD_OPEN = {Stage.ADHESION, Stage.IMPLEMENTATION, Stage.CERTIFICATION, Stage.MAINTENANCE}


def _check_window(agreement: Agreement, today: date) -> None:
    open_stages = STANDARD_OPEN if agreement.kind == AgreementType.STANDARD else ADHESION_OPEN
    if agreement.stage not in open_stages:
        raise BusinessRuleError(
            _("The agreement %(code)s is not receiving adhesions (stage: %(stage)s).")
            % {"code": agreement.code, "stage": Stage(agreement.stage).label}
        )
    deadline = agreement.adhesion_deadline
    if agreement.kind != AgreementType.STANDARD and deadline and today > deadline:
        raise BusinessRuleError(
            _("The adhesion period of %(code)s ended on %(deadline)s.")
            % {"code": agreement.code, "deadline": deadline.strftime("%d-%m-%Y")}
        )


@transaction.atomic
def request_adhesion(agreement: Agreement, *, installations, by, today: date | None = None) -> list[Adhesion]:
    """A company asks to adhere some of its installations, within the adhesion window."""
    # The stage and deadline are read under a lock: a stage change committed meanwhile waits or is seen.
    agreement.refresh_from_db(from_queryset=Agreement.objects.select_for_update())
    _check_window(agreement, today or timezone.localdate())
    if not installations:
        raise BusinessRuleError(_("Choose at least one installation."), field="installations")
    created = []
    for installation in installations:
        if not can(by, CHANGE, installation.company):
            raise BusinessRuleError(
                _("You may not adhere installations of %(company)s.") % {"company": installation.company}
            )
        adhesion = Adhesion(
            agreement=agreement, installation=installation, company=installation.company, requested_by=by,
            size_class_at_adhesion=installation.company.size_class,
        )  # fmt: skip
        try:
            adhesion.validate_constraints()
        except ValidationError as exc:
            raise BusinessRuleError(
                _("%(installation)s already adhered or asked to adhere to %(code)s.")
                % {"installation": installation, "code": agreement.code}
            ) from exc
        created.append(save_recorded(adhesion, by=by, event="adhesion.requested", validate=False))
    return created


def _require_decision_rights(adhesion: Adhesion, by) -> None:
    if not can(by, CHANGE, adhesion):
        raise BusinessRuleError(_("You may not decide on this adhesion."))


@transaction.atomic
def decide_adhesion(adhesion: Adhesion, *, by, approve: bool, reason: str = "", today: date | None = None) -> Adhesion:
    """The association coordinator, the regional coordinator or staff approve or reject a request."""
    adhesion.refresh_from_db(from_queryset=Adhesion.objects.select_for_update())  # decided once, not twice
    _require_decision_rights(adhesion, by)
    scopes = scopes_for(by)
    if adhesion.company_id in scopes.company_ids and not scopes.national:
        raise BusinessRuleError(_("A company cannot decide on its own adhesion."))
    if adhesion.status != AdhesionStatus.REQUESTED:
        raise BusinessRuleError(_("This adhesion was already decided."))
    if not approve and not reason.strip():
        raise BusinessRuleError(_("Give the reason for rejecting the adhesion."), field="reason")
    adhesion.status = AdhesionStatus.APPROVED if approve else AdhesionStatus.REJECTED
    adhesion.decided_by, adhesion.decided_at, adhesion.reason = by, timezone.now(), reason
    save_recorded(adhesion, by=by, event=f"adhesion.{adhesion.status}", reason=reason, validate=False)
    if approve:
        _start_clock(adhesion.agreement, today or timezone.localdate(), by)
        _open_diagnosis(adhesion)
    return adhesion


def _start_clock(agreement: Agreement, day: date, by) -> None:
    agreement.refresh_from_db(from_queryset=Agreement.objects.select_for_update())  # started once
    if agreement.clock_start == ClockStart.ADHESION_APPROVAL and agreement.clock_started_on is None:
        agreement.clock_started_on = day
        save_recorded(agreement, by=by, event="agreement.clock_started", validate=False)


def _open_diagnosis(adhesion: Adhesion) -> InitialDiagnosis:
    agreement = adhesion.agreement
    dues = calculations.due_dates(
        [r for r in agreement.term_rules() if r.kind == DueKind.INITIAL_DIAGNOSIS], agreement.anchors(),
        extensions=[e.as_extension() for e in agreement.extensions.all()],
    )  # fmt: skip
    return InitialDiagnosis.objects.create(
        adhesion=adhesion, due_on=dues[0].day if dues else None, person_in_charge=adhesion.installation.person_in_charge
    )


@transaction.atomic
def withdraw_adhesion(adhesion: Adhesion, *, by, reason: str) -> Adhesion:
    """The company (or staff) withdraws an installation; the adhesion stays in the history."""
    adhesion.refresh_from_db(from_queryset=Adhesion.objects.select_for_update())
    if not can(by, CHANGE, adhesion):
        raise BusinessRuleError(_("You may not withdraw this adhesion."))
    if adhesion.status not in {AdhesionStatus.REQUESTED, AdhesionStatus.APPROVED}:
        raise BusinessRuleError(_("Only a requested or approved adhesion can be withdrawn."))
    if not reason.strip():
        raise BusinessRuleError(_("Give the reason for the withdrawal."), field="reason")
    adhesion.status, adhesion.reason = AdhesionStatus.WITHDRAWN, reason
    return save_recorded(adhesion, by=by, event="adhesion.withdrawn", reason=reason, validate=False)


DIAGNOSIS_FIELDS = {
    "person_in_charge", "production", "production_unit", "energy_kwh", "water_m3", "waste_t", "emissions_tco2e",
    "completed_on", "notes",
}  # fmt: skip


@transaction.atomic
def record_diagnosis(diagnosis: InitialDiagnosis, *, by, **values) -> InitialDiagnosis:
    """Record the baseline of an adhered installation; it is complete once dated."""
    if not can(by, CHANGE, diagnosis.adhesion):
        raise BusinessRuleError(_("You may not record this diagnosis."))
    for name, value in values.items():
        if name not in DIAGNOSIS_FIELDS:
            raise TypeError(f"unexpected field: {name}")
        setattr(diagnosis, name, value)
    diagnosis.completed_on = diagnosis.completed_on or timezone.localdate()
    return save_recorded(diagnosis, by=by, event="diagnosis.recorded")
