"""Every write on auditors, audits, lines and certificates. Screens, API, imports, commands and the seed
call these; each checks who may do it and records who and why in the history."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from limpia.agreements import calculations as agreement_calendar
from limpia.agreements.choices import AdhesionStatus, DueKind, Stage
from limpia.agreements.models import Agreement
from limpia.agreements.queries import agreement_calendar as calendar_of
from limpia.agreements.services import precondition
from limpia.audits import queries
from limpia.audits.choices import (
    AuditKind,
    AuditorStatus,
    AuditStatus,
    CertificateState,
    LineState,
    RelationKind,
    ReviewDecision,
    ValidationState,
    matters_of,
)  # fmt: skip
from limpia.audits.models import (
    Assignment,
    Audit,
    AuditLine,
    Auditor,
    AuditorDocument,
    AuditorRelation,
    Certificate,
    CertificateBatch,
    CertificateReview,
    Evidence,
    Survey,
)  # fmt: skip
from limpia.core.errors import BusinessRuleError
from limpia.core.files import attach
from limpia.core.history import save_recorded
from limpia.core.rut import normalize_rut
from limpia.core.scoping import require_change, require_national, scopes_for

AUDITOR_VALIDITY_YEARS = 3  # assumption (domain.md §10 names a revalidation date, not its period)
AUDIT_WINDOW_DAYS = 30  # assumption: an intermediate or maintenance audit's window when the calendar has none
CALENDAR_KIND = {
    AuditKind.FOLLOW_UP: DueKind.FOLLOW_UP_AUDIT,
    AuditKind.FINAL: DueKind.FINAL_AUDIT,
    AuditKind.MAINTENANCE: DueKind.MAINTENANCE_AUDIT,
}
OPEN_LINE_STATES = {LineState.PENDING, LineState.IN_REVIEW, LineState.OBSERVED}


def _today() -> date:
    return timezone.localdate()


def _shown(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


# --- Auditor registry (domain.md §10) ----------------------------------------------------------------


@transaction.atomic
def apply_auditor(*, by, full_name: str, rut: str, email: str, profession: str = "", sectors=()) -> Auditor:
    """An application to the registry: by the auditor themselves (linked to their account) or by staff. After
    a rejection the same person may apply again: a new application, the rejected one kept as it was."""
    national = scopes_for(by).national
    live = Auditor.objects.exclude(status=AuditorStatus.REJECTED)
    if not national and live.filter(user=by).exists():
        raise BusinessRuleError(_("You already have an application in the registry."))
    try:
        normalized = normalize_rut(rut)
    except ValidationError as exc:
        raise BusinessRuleError(" ".join(exc.messages), field="rut") from exc
    if live.filter(rut=normalized).exists():
        raise BusinessRuleError(_("An auditor with this RUT is already in the registry."), field="rut")
    if not national and Auditor.objects.filter(rut=normalized).exclude(user=by).exists():
        raise BusinessRuleError(
            _("An earlier application with this RUT belongs to another account; ask national staff."), field="rut"
        )
    auditor = Auditor(full_name=full_name, rut=normalized, email=email, profession=profession)
    auditor.user = None if national else by
    save_recorded(auditor, by=by, event="auditor.applied")
    auditor.sectors.set(sectors)
    return auditor


@transaction.atomic
def add_auditor_document(auditor: Auditor, *, by, upload, kind: str) -> AuditorDocument:
    if not scopes_for(by).national:
        require_change(by, auditor, _("Documents are added while the application is under review."))
    document = AuditorDocument(auditor=auditor, kind=kind)
    attach(document, upload, by=by)
    return save_recorded(document, by=by, event="auditor.document_uploaded", validate=False)


@transaction.atomic
def review_auditor(auditor: Auditor, *, by, approve: bool, comments: str = "", valid_until=None) -> Auditor:
    """Staff approve (with a revalidation date) or reject (with comments) an application."""
    require_national(by)
    if auditor.status != AuditorStatus.APPLIED:
        raise BusinessRuleError(_("Only an application under review can be decided."))
    if not approve and not comments.strip():
        raise BusinessRuleError(_("Say why the application is rejected."), field="comments")
    today = _today()
    auditor.status = AuditorStatus.APPROVED if approve else AuditorStatus.REJECTED
    auditor.review_comments, auditor.reviewed_by, auditor.reviewed_at = comments, by, timezone.now()
    if approve:
        auditor.approved_on = today
        auditor.valid_until = valid_until or agreement_calendar.add_months(today, 12 * AUDITOR_VALIDITY_YEARS)
    return save_recorded(auditor, by=by, event="auditor.approved" if approve else "auditor.rejected", reason=comments)


@transaction.atomic
def revalidate_auditor(auditor: Auditor, *, by, valid_until: date, comments: str = "") -> Auditor:
    require_national(by)
    if auditor.status != AuditorStatus.APPROVED:
        raise BusinessRuleError(_("Only an approved auditor can be revalidated."))
    if valid_until is None or valid_until <= _today():
        raise BusinessRuleError(_("The new revalidation date must be in the future."), field="valid_until")
    auditor.valid_until = valid_until
    return save_recorded(auditor, by=by, event="auditor.revalidated", reason=comments)


@transaction.atomic
def suspend_auditor(auditor: Auditor, *, by, reason: str, suspend: bool = True) -> Auditor:
    """Suspend (with reason) or reinstate an approved auditor."""
    require_national(by)
    if not reason.strip():
        raise BusinessRuleError(_("Give the reason."), field="reason")
    expected = AuditorStatus.APPROVED if suspend else AuditorStatus.SUSPENDED
    if auditor.status != expected:
        raise BusinessRuleError(_("This auditor is not in a state that allows it."))
    auditor.status = AuditorStatus.SUSPENDED if suspend else AuditorStatus.APPROVED
    auditor.suspension_reason = reason if suspend else ""
    return save_recorded(auditor, by=by, event="auditor.suspended" if suspend else "auditor.reinstated", reason=reason)


@transaction.atomic
def declare_relation(auditor: Auditor, *, by, company, kind: str, agreement=None, description="") -> AuditorRelation:
    """The auditor (or staff) declares a relation with a company; it blocks assignments to it."""
    if not (scopes_for(by).national or auditor.user_id == by.pk):
        raise BusinessRuleError(_("Only the auditor or national staff may declare relations."))
    if kind == RelationKind.CONSULTANT and agreement is None:
        raise BusinessRuleError(_("Name the agreement the advice was about."), field="agreement")
    relation = AuditorRelation(
        auditor=auditor, company=company, kind=kind, agreement=agreement, description=description
    )
    return save_recorded(relation, by=by, event="relation.declared")


def assignment_problem(auditor: Auditor, assignment: Assignment, today: date | None = None) -> str | None:
    """Why `auditor` may not audit this installation, or None: registration, competence, independence."""
    today = today or _today()
    name = auditor.full_name
    if auditor.status == AuditorStatus.SUSPENDED:
        return _("%(name)s is suspended from the registry.") % {"name": name}
    if auditor.status != AuditorStatus.APPROVED:
        return _("%(name)s is not an approved auditor.") % {"name": name}
    if auditor.valid_until is None or auditor.valid_until < today:
        return _("The registration of %(name)s lapsed on %(day)s; it must be revalidated first.") % {
            "name": name, "day": _shown(auditor.valid_until) if auditor.valid_until else "—"}  # fmt: skip
    agreement = assignment.audit.agreement
    sectors = set(agreement.sectors.values_list("pk", flat=True))
    if sectors and not sectors & set(auditor.sectors.values_list("pk", flat=True)):
        return _("%(name)s is not competent in the sector of %(code)s.") % {"name": name, "code": agreement.code}
    return _independence_problem(auditor, assignment)


def _independence_problem(auditor: Auditor, assignment: Assignment) -> str | None:
    relations = auditor.relations.filter(company_id=assignment.company_id)
    employer = relations.filter(kind=RelationKind.EMPLOYER).exists()
    adviser = relations.filter(kind=RelationKind.CONSULTANT, agreement_id=assignment.audit.agreement_id).exists()
    if employer or adviser:
        why = _("works or worked for") if employer else _("advised on this agreement")
        return _("%(name)s is not independent: declared that they %(why)s %(company)s.") % {
            "name": auditor.full_name, "why": why, "company": assignment.company.legal_name}  # fmt: skip
    return None


# --- Audits ------------------------------------------------------------------------------------------


def calendar_window(agreement: Agreement, kind: str, number: int) -> tuple[date, date]:
    """The audit's opening and closing dates from the agreement's calendar (domain.md §6); today and a
    30-day window when the calendar has no such date."""
    entries = [e for e in calendar_of(agreement) if e.kind == CALENDAR_KIND[kind]]
    opens = entries[min(number, len(entries)) - 1].day if entries else _today()
    closes = opens + timedelta(days=AUDIT_WINDOW_DAYS)
    if kind == AuditKind.FINAL:
        window = [e.day for e in calendar_of(agreement) if e.kind == DueKind.FINAL_AUDIT_CLOSE]
        closes = max(window[0], closes) if window else closes
    return opens, closes


@transaction.atomic
def open_audit(agreement: Agreement, *, by, kind: str, adhesions=None, opens_on=None, closes_on=None,
               for_certification=None, requires_validation=None) -> Audit:  # fmt: skip
    """An audit of the agreement's approved adhesions (or those given), with one line per installation ×
    applicable action, its dates from the agreement's calendar unless given."""
    require_change(by, agreement, _("You may not open audits of %(code)s.") % {"code": agreement.code})
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.stage not in {Stage.IMPLEMENTATION, Stage.FINAL_AUDIT, Stage.VALIDATION, Stage.CERTIFICATION,
                               Stage.MAINTENANCE}:  # fmt: skip
        raise BusinessRuleError(_("Audits are opened from implementation on."), field="kind")
    if kind == AuditKind.FINAL and agreement.audits.filter(kind=kind, status=AuditStatus.OPEN).exists():
        raise BusinessRuleError(_("The agreement already has an open final audit."), field="kind")
    number = agreement.audits.filter(kind=kind).count() + 1
    default_opens, default_closes = calendar_window(agreement, kind, number)
    audit = Audit(
        agreement=agreement, kind=kind, number=number, opened_by=by,
        opens_on=opens_on or default_opens, closes_on=closes_on or default_closes,
        for_certification=kind != AuditKind.FOLLOW_UP if for_certification is None else for_certification,
        requires_validation=(agreement.requires_agency_validation and kind != AuditKind.FOLLOW_UP)
        if requires_validation is None else requires_validation,
    )  # fmt: skip
    if audit.closes_on < audit.opens_on:
        raise BusinessRuleError(_("The audit cannot close before it opens."), field="closes_on")
    save_recorded(audit, by=by, event="audit.opened")
    _add_scope(audit, adhesions, by)
    return audit


def _add_scope(audit: Audit, adhesions, by) -> None:
    from limpia.agreements import calculations
    from limpia.agreements.models import Action

    adhesions = adhesions if adhesions is not None else audit.agreement.adhesions.filter(status=AdhesionStatus.APPROVED)
    adhesions = list(adhesions.select_related("installation__activity") if hasattr(adhesions, "select_related")
                     else adhesions)  # fmt: skip
    if not adhesions:
        raise BusinessRuleError(_("The agreement has no approved adhesions to audit."))
    actions = list(Action.objects.filter(goal__agreement=audit.agreement))
    assignments = Assignment.objects.bulk_create(
        Assignment(audit=audit, adhesion=a, installation_id=a.installation_id, company_id=a.company_id)
        for a in adhesions
    )
    lines = []
    for assignment, adhesion in zip(assignments, adhesions, strict=True):
        installation = adhesion.installation
        facts = {"installation_kind": installation.kind, "size_class": adhesion.size_class_at_adhesion,
                 "activity_code": installation.activity.code if installation.activity_id else ""}  # fmt: skip
        lines += [
            AuditLine(audit=audit, assignment=assignment, action=action)
            for action in actions
            if calculations.applies(action.criteria, **facts)
        ]
    AuditLine.objects.bulk_create(lines, batch_size=2000)


@transaction.atomic
def assign_auditor(assignments, *, by, auditor: Auditor) -> int:
    """Assign `auditor` to installations of an audit; a lapsed, suspended, incompetent or non-independent
    auditor is refused with the reason, and nothing changes."""
    assignments = list(assignments)
    for assignment in assignments:
        require_change(by, assignment, _("You may not assign auditors in this audit."))
        if assignment.audit.status != AuditStatus.OPEN:
            raise BusinessRuleError(_("The audit is closed."))
        problem = assignment_problem(auditor, assignment)
        if problem:
            raise BusinessRuleError(problem, field="auditor")
    for assignment in assignments:
        assignment.auditor = auditor
        save_recorded(assignment, by=by, event="auditor.assigned", data={"name": auditor.full_name})
    return len(assignments)


@transaction.atomic
def set_corrective_plan(assignment: Assignment, *, by, plan: str, deadline: date) -> Assignment:
    """The assigned auditor sets the gaps' corrective plan and its deadline (the 75 % rule)."""
    _require_assigned(assignment, by)
    if not plan.strip() or deadline is None:
        raise BusinessRuleError(_("Describe the plan and give its deadline."), field="corrective_plan")
    assignment.corrective_plan, assignment.plan_deadline = plan, deadline
    return save_recorded(assignment, by=by, event="assignment.corrective_plan")


def _require_assigned(assignment: Assignment, by) -> None:
    if not (scopes_for(by).national or (assignment.auditor_id and assignment.auditor.user_id == by.pk)):
        raise BusinessRuleError(_("Only the auditor assigned to %(i)s may do this.") % {"i": assignment.installation})


def line_problems(line: AuditLine, *, applies, complies, reason: str, evidence_date) -> dict[str, str]:
    """What is wrong with the values of a line (domain.md §9), by field; empty when they are fine."""
    problems = {}
    if applies is None:
        problems["applies"] = _("say whether the action applies")
    elif not applies and not (reason or "").strip():
        problems["not_applicable_reason"] = _("an action that does not apply needs the reason")
    elif applies and complies is None:
        problems["complies"] = _("say whether the installation complies")
    if evidence_date is None:
        problems["evidence_date"] = _("give the date the evidence refers to")
    elif evidence_date > _today():
        problems["evidence_date"] = _("the date cannot be in the future")
    else:
        adhered = line.assignment.adhesion.decided_at or line.assignment.adhesion.requested_at
        if adhered and evidence_date < timezone.localdate(adhered):
            problems["evidence_date"] = _("the date is before the adhesion (%(day)s)") % {
                "day": _shown(timezone.localdate(adhered))}  # fmt: skip
    return problems


@transaction.atomic
def fill_line(line: AuditLine, *, by, applies, complies=None, reason: str = "", evidence_date=None,
              notes: str = "") -> AuditLine:  # fmt: skip
    """The assigned auditor records a line; it goes to review. Approved or rejected lines stay as they are."""
    _require_assigned(line.assignment, by)
    if line.audit.status != AuditStatus.OPEN or line.state not in OPEN_LINE_STATES:
        raise BusinessRuleError(_("This line is already decided and cannot be changed."))
    problems = line_problems(line, applies=applies, complies=complies, reason=reason, evidence_date=evidence_date)
    if problems:
        field, message = next(iter(problems.items()))
        raise BusinessRuleError(message[:1].upper() + message[1:] + ".", field=field)
    line.applies, line.complies = applies, complies if applies else None
    line.not_applicable_reason = "" if applies else reason
    line.evidence_date, line.auditor_notes = evidence_date, notes
    line.filled_by, line.filled_at, line.state = by, timezone.now(), LineState.IN_REVIEW
    return save_recorded(line, by=by, event="line.filled", validate=False)


@transaction.atomic
def add_evidence(line: AuditLine, *, by, upload) -> Evidence:
    _require_assigned(line.assignment, by)
    if line.state not in OPEN_LINE_STATES:
        raise BusinessRuleError(_("This line is already decided and cannot be changed."))
    evidence = Evidence(line=line)
    attach(evidence, upload, by=by)
    return save_recorded(evidence, by=by, event="evidence.uploaded", validate=False)


REVIEW_STATES = {"approve": LineState.APPROVED, "observe": LineState.OBSERVED, "reject": LineState.REJECTED}
REVIEW_EVENTS = {"approve": "line.approved", "observe": "line.observed", "reject": "line.rejected"}


@transaction.atomic
def review_line(line: AuditLine, *, by, decision: str, comments: str = "") -> AuditLine:
    """Staff approve a line in review, return it with observations, or reject it (with comments)."""
    require_change(by, line.audit, _("You may not review this audit."))
    if line.state != LineState.IN_REVIEW:
        raise BusinessRuleError(_("Only lines in review can be decided."))
    if decision not in REVIEW_STATES:
        raise BusinessRuleError(_("Choose approve, observe or reject."), field="decision")
    if decision != "approve" and not comments.strip():
        raise BusinessRuleError(_("Write the observations or the reason for rejecting."), field="comments")
    line.state, line.review_comments = REVIEW_STATES[decision], comments
    line.reviewed_by, line.reviewed_at = by, timezone.now()
    if line.state == LineState.APPROVED and line.audit.requires_validation:
        line.validation = ValidationState.PENDING
    return save_recorded(line, by=by, event=REVIEW_EVENTS[decision], reason=comments, validate=False)


@transaction.atomic
def approve_in_review(lines, *, by) -> int:
    """Approve every line in review among `lines` (one installation, or the whole audit)."""
    count = 0
    for line in lines.filter(state=LineState.IN_REVIEW).select_related("audit"):
        review_line(line, by=by, decision="approve")
        count += 1
    return count


def validating_agency(line: AuditLine, by, agencies=None):
    """The signatory agency of `by` competent for the line's action (domain.md §9), or None.
    `agencies`: those signatory agencies, when the caller already has them."""
    if agencies is None:
        agencies = list(line.audit.agreement.agencies.filter(pk__in=scopes_for(by).agency_ids))
    matters = set(line.action.matters or [])
    return next((a for a in agencies if not matters or matters & matters_of(a.competences)), None)


@transaction.atomic
def validate_line(line: AuditLine, *, by, accept: bool, comments: str = "") -> AuditLine:
    """A signatory agency confirms (or not) an approved line within its competence."""
    return _validate(line, by, validating_agency(line, by), accept=accept, comments=comments)


def _validate(line: AuditLine, by, agency, *, accept: bool, comments: str = "") -> AuditLine:
    if agency is None:
        raise BusinessRuleError(_("This line is outside your agency's competence in this agreement."))
    if line.validation != ValidationState.PENDING:
        raise BusinessRuleError(_("This line is not awaiting validation."))
    if not accept and not comments.strip():
        raise BusinessRuleError(_("Say why the line is not validated."), field="comments")
    line.validation = ValidationState.ACCEPTED if accept else ValidationState.REJECTED
    line.validation_comments, line.validated_by, line.validated_agency = comments, by, agency
    line.validated_at = timezone.now()
    return save_recorded(line, by=by, event="line.validated" if accept else "line.not_validated", reason=comments,
                         validate=False)  # fmt: skip


@transaction.atomic
def validate_pending(audit: Audit, *, by) -> int:
    """Validate every line awaiting validation that falls within the validator's competence."""
    lines = audit.lines.filter(validation=ValidationState.PENDING).select_related("action", "audit__agreement")
    agencies = list(audit.agreement.agencies.filter(pk__in=scopes_for(by).agency_ids))
    mine = [line for line in lines if validating_agency(line, by, agencies) is not None]
    for line in mine:
        _validate(line, by, validating_agency(line, by, agencies), accept=True)
    return len(mine)


@transaction.atomic
def close_audit(audit: Audit, *, by) -> Audit:
    """Close an audit whose every line is decided (and validated where required)."""
    require_change(by, audit, _("You may not close this audit."))
    if audit.status != AuditStatus.OPEN:
        raise BusinessRuleError(_("The audit is already closed."))
    undecided = audit.lines.filter(state__in=OPEN_LINE_STATES).count()
    waiting = audit.lines.filter(validation=ValidationState.PENDING).count()
    if undecided or waiting:
        raise BusinessRuleError(
            _("The audit still has %(u)s undecided lines and %(w)s lines awaiting validation: %(lines)s.")
            % {"u": undecided, "w": waiting, "lines": undecided_lines(audit.lines.all())}
        )
    audit.status, audit.closed_by, audit.closed_at = AuditStatus.CLOSED, by, timezone.now()
    return save_recorded(audit, by=by, event="audit.closed")


def undecided_lines(lines, limit: int = 5) -> str:
    """The first undecided lines among `lines`, named for a message: "Planta A · 1.3 (In review), …"."""
    found = lines.filter(queries.UNDECIDED).select_related("assignment__installation", "action")
    total = found.count()
    named = [
        f"{line.assignment.installation.name} · {line.action.number} ({_line_state(line)})" for line in found[:limit]
    ]
    more = total - len(named)
    return ", ".join(named) + (_(" and %(n)s more") % {"n": more} if more > 0 else "")


def _line_state(line: AuditLine) -> str:
    if line.state == LineState.APPROVED:
        return str(ValidationState(line.validation).label)
    return str(LineState(line.state).label)


@transaction.atomic
def publish_lists(audit: Audit, *, by, publish: bool = True) -> Audit:
    """Staff decide whether the lists of complying and non-complying installations are public (§9)."""
    require_national(by)
    if publish and audit.status != AuditStatus.CLOSED:
        raise BusinessRuleError(_("Lists are published once the audit is closed."))
    audit.lists_published_at = timezone.now() if publish else None
    return save_recorded(audit, by=by, event="audit.lists_published" if publish else "audit.lists_withdrawn")


@transaction.atomic
def answer_survey(assignment: Assignment, *, by, punctuality: int, clarity: int, professionalism: int,
                  comment: str = "") -> Survey:  # fmt: skip
    """The audited company rates its auditor once the audit is closed."""
    if assignment.company_id not in scopes_for(by).company_ids:
        raise BusinessRuleError(_("Only the audited company answers this survey."))
    if assignment.auditor_id is None or assignment.audit.status != AuditStatus.CLOSED:
        raise BusinessRuleError(_("The survey opens when the audit is closed."))
    if Survey.objects.filter(assignment=assignment).exists():
        raise BusinessRuleError(_("This survey was already answered."))
    survey = Survey(
        assignment=assignment, auditor_id=assignment.auditor_id, punctuality=punctuality, clarity=clarity,
        professionalism=professionalism, comment=comment, answered_by=by,
    )  # fmt: skip
    return save_recorded(survey, by=by, event="survey.answered")


@precondition(Stage.CERTIFICATION)
def _final_audit_closed(agreement: Agreement) -> str | None:
    if not agreement.audits.filter(kind=AuditKind.FINAL, status=AuditStatus.CLOSED).exists():
        return _("Certification needs the final audit closed.")
    return None


# --- Certificates ------------------------------------------------------------------------------------


@transaction.atomic
def grant_certificates(audit: Audit, *, by, ceremony_on: date | None = None) -> CertificateBatch:
    """A certificate for every installation of a closed certification audit that earned it; the PDFs are
    generated in the background (tasks.generate_certificates) with progress on the batch's page."""
    require_national(by)
    if audit.kind != AuditKind.FINAL or not audit.for_certification or audit.status != AuditStatus.CLOSED:
        raise BusinessRuleError(_("Certificates are granted from a closed final certification audit."))
    day = ceremony_on or _today()
    closed_on = timezone.localdate(audit.closed_at) if audit.closed_at else None
    if closed_on and day < closed_on:
        raise BusinessRuleError(
            _("The ceremony (%(day)s) cannot precede the closing of the final audit (%(closed)s).")
            % {"day": _shown(day), "closed": _shown(closed_on)}, field="ceremony_on",
        )  # fmt: skip
    if audit.lines.filter(queries.UNDECIDED).exists():
        raise BusinessRuleError(
            _("Certification is blocked by lines not yet decided: %(lines)s.") % {"lines": undecided_lines(audit.lines)}
        )
    agreement = Agreement.objects.select_for_update().get(pk=audit.agreement_id)
    holders = set(audit.certificates.values_list("installation_id", flat=True))
    earned = [o for o in queries.outcomes(audit) if o.certified]
    assignments = Assignment.objects.in_bulk([o.assignment_id for o in earned])
    earned = [o for o in earned if assignments[o.assignment_id].installation_id not in holders]
    if not earned:
        raise BusinessRuleError(_("No installation of this audit is due a certificate."))
    batch = CertificateBatch.objects.create(audit=audit, ceremony_on=day, total=len(earned), created_by=by)
    issued = agreement.certificates.count()
    for n, outcome in enumerate(earned, start=issued + 1):
        _issue(agreement, audit, assignments[outcome.assignment_id], outcome, batch, day, n, by)
    if not agreement.certified_on:
        agreement.certified_on = day
        save_recorded(agreement, by=by, event="agreement.certified", validate=False)
    transaction.on_commit(lambda: _enqueue(batch))
    return batch


def _issue(agreement, audit, assignment, outcome, batch, day, n, by) -> Certificate:
    certificate = Certificate(
        number=f"{agreement.code}-C{n:05d}", agreement=agreement, installation_id=assignment.installation_id,
        company_id=assignment.company_id, audit=audit, batch=batch, compliance=outcome.ratio.percent,
        level=outcome.level or "", conditional=outcome.conditional, issued_on=day,
        valid_until=agreement_calendar.add_months(day, 12 * agreement.certificate_validity_years),
    )  # fmt: skip
    return save_recorded(certificate, by=by, event="certificate.granted", validate=False)


def _enqueue(batch: CertificateBatch) -> None:
    from limpia.audits.tasks import generate_certificates

    generate_certificates.enqueue(batch.pk)


@transaction.atomic
def resume_batch(batch: CertificateBatch, *, by) -> CertificateBatch:
    """National staff queue again the PDFs of a ceremony that stalled (its worker stopped) or failed; the PDFs
    already stored are kept and each missing one is generated once. Who and when stay on the batch."""
    from limpia.core import jobs

    require_national(by)
    batch = CertificateBatch.objects.select_for_update().get(pk=batch.pk)
    if not jobs.resume(batch, by=by):
        raise BusinessRuleError(
            _("The PDFs of this ceremony are being generated or are done; resume it only when it stalls or fails.")
        )
    batch.refresh_from_db()
    return batch


STATE_MOVES = {
    CertificateState.SUSPENDED: {CertificateState.VALID},
    CertificateState.REVOKED: {CertificateState.VALID, CertificateState.SUSPENDED, CertificateState.EXPIRED},
    CertificateState.VALID: {CertificateState.SUSPENDED},
}
STATE_EVENTS = {
    CertificateState.SUSPENDED: "certificate.suspended", CertificateState.REVOKED: "certificate.revoked",
    CertificateState.VALID: "certificate.reinstated",
}  # fmt: skip


@transaction.atomic
def set_certificate_state(certificate: Certificate, *, by, state: str, reason: str) -> Certificate:
    """Suspend, reinstate or revoke a certificate, always with the reason; it shows in the history and on
    the public verification page."""
    require_national(by)
    if state not in STATE_MOVES or certificate.state not in STATE_MOVES[state]:
        raise BusinessRuleError(_("A certificate in this state cannot change to the one asked."), field="state")
    if not reason.strip():
        raise BusinessRuleError(_("Give the reason."), field="reason")
    if state == CertificateState.VALID and certificate.valid_until < _today():
        raise BusinessRuleError(_("The certificate has expired; renew it through a maintenance audit."))
    certificate.state, certificate.state_reason = state, reason
    return save_recorded(certificate, by=by, event=STATE_EVENTS[state], reason=reason, validate=False)


@transaction.atomic
def review_certificate(certificate: Certificate, *, by, decision: str, reason: str) -> CertificateReview:
    """Staff confirm or suspend a valid certificate whose stored compliance no longer holds under the
    corrected rule (domain.md §9), always with the reason; the figures of that moment are recorded."""
    require_national(by)
    if decision not in ReviewDecision.values:
        raise BusinessRuleError(_("Choose confirm or suspend."), field="decision")
    if not reason.strip():
        raise BusinessRuleError(_("Give the reason for the decision on %(n)s.") % {"n": certificate.number},
                                field="reason")  # fmt: skip
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.state != CertificateState.VALID:
        raise BusinessRuleError(
            _("Certificate %(n)s is no longer valid; nothing to review.") % {"n": certificate.number}
        )
    if certificate.reviews.filter(decision=ReviewDecision.CONFIRMED).exists():
        raise BusinessRuleError(_("Certificate %(n)s was already confirmed.") % {"n": certificate.number})
    [check] = queries.certificate_checks(Certificate.objects.filter(pk=certificate.pk))
    if check.holds:
        raise BusinessRuleError(
            _("Certificate %(n)s holds under the corrected rule; nothing to review.") % {"n": certificate.number}
        )
    review = CertificateReview(
        certificate=certificate, decision=decision, stored_compliance=certificate.compliance,
        recomputed_compliance=check.percent, undecided_lines=check.outcome.ratio.open if check.outcome else 0,
        reason=reason, decided_by=by,
    )  # fmt: skip
    save_recorded(review, by=by, reason=reason, validate=False)
    if decision == ReviewDecision.SUSPENDED:
        set_certificate_state(certificate, by=by, state=CertificateState.SUSPENDED, reason=reason)
    return review


@transaction.atomic
def renew_certificates(audit: Audit, *, by) -> int:
    """A closed maintenance audit renews the certificates of the installations that still comply fully:
    a new validity from the audit's closing."""
    require_national(by)
    if audit.kind != AuditKind.MAINTENANCE or audit.status != AuditStatus.CLOSED:
        raise BusinessRuleError(_("Certificates are renewed from a closed maintenance audit."))
    agreement = audit.agreement
    keep = {o.assignment_id for o in queries.outcomes(audit) if o.certified}
    installations = Assignment.objects.filter(pk__in=keep).values_list("installation_id", flat=True)
    renewed = Certificate.objects.filter(
        agreement=agreement, installation_id__in=installations,
        state__in=[CertificateState.VALID, CertificateState.EXPIRED],
    )  # fmt: skip
    day = timezone.localdate(audit.closed_at)
    for certificate in renewed:
        certificate.valid_until = agreement_calendar.add_months(day, 12 * agreement.certificate_validity_years)
        certificate.state, certificate.warned_90_on, certificate.warned_30_on = CertificateState.VALID, None, None
        save_recorded(certificate, by=by, event="certificate.renewed", data={"audit": str(audit)}, validate=False)
    return len(renewed)


@transaction.atomic
def expire_certificates(today: date | None = None) -> int:
    """Valid certificates past their date become expired (recorded as done by the system)."""
    today = today or _today()
    count = 0
    for certificate in Certificate.objects.filter(state=CertificateState.VALID, valid_until__lt=today):
        certificate.state = CertificateState.EXPIRED
        save_recorded(certificate, by=None, event="certificate.expired", validate=False)
        count += 1
    return count
