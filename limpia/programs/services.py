"""Every write of the programs. Screens, API, imports, commands and the seed call these; each checks who may
do it and records who and why in the history."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from limpia.agreements.choices import AgreementType
from limpia.core.errors import BusinessRuleError
from limpia.core.history import save_recorded
from limpia.core.rut import normalize_rut
from limpia.core.scoping import CHANGE, VIEW, can, require_change, require_national, scopes_for
from limpia.programs import calculations
from limpia.programs.choices import ApplicationStatus, CaseStatus, Currency, ExpenseStatus
from limpia.programs.models import (
    Activity,
    AgendaGoal,
    Application,
    Attendance,
    Call,
    CaseImage,
    CaseIndicator,
    CommitteeMeeting,
    CommitteeMembership,
    Disbursement,
    ExpenseReport,
    InvestmentProject,
    NationalGoal,
    Participant,
    ParticipantCount,
    RegionalCommittee,
    SuccessCase,
    Territory,
    UFValue,
)  # fmt: skip

NOT_YOURS = _("You may not change this record.")


def _save(instance, *, by, reason: str = ""):
    return save_recorded(instance, by=by, reason=reason)


# --- Goals --------------------------------------------------------------------------------------------------


def save_goal(goal: NationalGoal, *, by) -> NationalGoal:
    """Create or change a national goal (national staff): goals are data, new periods need no code."""
    require_national(by)
    return _save(goal, by=by)


# --- Regional committees ------------------------------------------------------------------------------------


def _require_committee(committee: RegionalCommittee, by) -> None:
    require_change(by, committee, _("Only national staff and the region's coordinators may change its committee."))


def save_committee(committee: RegionalCommittee, *, by) -> RegionalCommittee:
    if committee.pk:
        _require_committee(committee, by)
    else:
        require_national(by)
    return _save(committee, by=by)


def add_member(committee: RegionalCommittee, *, by, **fields) -> CommitteeMembership:
    _require_committee(committee, by)
    return _save(CommitteeMembership(committee=committee, **fields), by=by)


@transaction.atomic
def add_meeting(committee: RegionalCommittee, *, by, attendees=(), **fields) -> CommitteeMeeting:
    _require_committee(committee, by)
    strangers = [m for m in attendees if m.committee_id != committee.pk]
    if strangers:
        raise BusinessRuleError(_("%(name)s is not a member of this committee.") % {"name": strangers[0]},
                                field="attendees")  # fmt: skip
    meeting = _save(CommitteeMeeting(committee=committee, **fields), by=by)
    meeting.attendees.set(attendees)
    return meeting


def add_agenda_goal(committee: RegionalCommittee, *, by, **fields) -> AgendaGoal:
    _require_committee(committee, by)
    return _save(AgendaGoal(committee=committee, **fields), by=by)


# --- Funding ------------------------------------------------------------------------------------------------


def save_call(call: Call, *, by) -> Call:
    require_national(by)
    return _save(call, by=by)


def uf_on(day: date) -> Decimal:
    """The UF value of `day` (the latest loaded on or before it); refuses when none is loaded."""
    found = UFValue.objects.filter(day__lte=day).order_by("-day").first()
    if found is None:
        raise BusinessRuleError(_("No UF value is loaded for %(day)s; load them with «limpia load_uf».") % {
            "day": date_format(day, "d-m-Y")})  # fmt: skip
    return found.value


def in_clp(amount: Decimal, currency: str, day: date) -> Decimal:
    return amount if currency == Currency.CLP else calculations.uf_to_clp(amount, uf_on(day))


@transaction.atomic
def load_uf(values: list[tuple[date, Decimal]]) -> tuple[int, int]:
    """Load UF values by date; a day already loaded takes the new value. Returns (new, changed)."""
    known = dict(UFValue.objects.filter(day__in=[d for d, _v in values]).values_list("day", "value"))
    new = [UFValue(day=d, value=v) for d, v in values if d not in known]
    UFValue.objects.bulk_create(new, batch_size=2000)
    changed = [(d, v) for d, v in values if d in known and known[d] != v]
    for day, value in changed:
        UFValue.objects.filter(day=day).update(value=value)
    return len(new), len(changed)


def _number(value: Decimal) -> str:
    """1234567.5 as people read it here (1.234.567,5), without trailing zeros."""
    value = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
    return number_format(value, force_grouping=True)


def _check_cofinancing(call: Call, total_cost: Decimal, amount: Decimal, field: str) -> None:
    limit = calculations.max_cofinancing(total_cost, call.cofinancing_limit)
    if amount > limit:
        raise BusinessRuleError(
            _("The fund co-finances at most %(limit)s %% of the project: %(max)s of %(total)s; "
              "%(asked)s is %(share)s %%.")
            % {"limit": _number(call.cofinancing_limit), "max": _number(limit), "total": _number(total_cost),
               "asked": _number(amount), "share": _number(calculations.cofinanced_share(amount, total_cost))},
            field=field)  # fmt: skip


def _applicant_in_scope(application: Application, by) -> None:
    parts = [p for p in (application.company, application.association, application.agreement) if p is not None]
    if not parts:
        raise BusinessRuleError(_("Name the applicant: an agreement, a company or an association."), field="company")
    for part in parts:
        if not can(by, VIEW, part):
            raise BusinessRuleError(_("You may not apply on behalf of %(who)s.") % {"who": part})


def apply(call: Call, *, by, today: date | None = None, **fields) -> Application:
    """Submit an application while the call is open, asking at most the co-financing limit."""
    today = today or timezone.localdate()
    if not call.opens_on <= today <= call.closes_on:
        raise BusinessRuleError(_("The call is open from %(opens)s to %(closes)s.") % {
            "opens": date_format(call.opens_on, "d-m-Y"), "closes": date_format(call.closes_on, "d-m-Y")})  # fmt: skip
    application = Application(call=call, submitted_by=by, **fields)
    _applicant_in_scope(application, by)
    _check_cofinancing(call, application.total_cost, application.requested, "requested")
    return _save(application, by=by, reason=_("Application submitted"))


def _require_evaluator(application: Application, by) -> None:
    if not (scopes_for(by).national or can(by, CHANGE, application)):
        raise BusinessRuleError(_("Only national staff and the region's coordinators evaluate applications."))


def _require_status(application: Application, *allowed: str) -> None:
    if application.status not in allowed:
        raise BusinessRuleError(_("The application is «%(status)s»; this step is not possible now.") % {
            "status": application.get_status_display()})  # fmt: skip


def evaluate(application: Application, *, by, score: Decimal, evaluation: str) -> Application:
    _require_evaluator(application, by)
    _require_status(application, ApplicationStatus.SUBMITTED, ApplicationStatus.EVALUATION)
    application.status, application.score, application.evaluation = ApplicationStatus.EVALUATION, score, evaluation
    return _save(application, by=by, reason=_("Evaluated"))


def award(application: Application, *, by, amount: Decimal, on: date | None = None) -> Application:
    """Award `amount`, never above the co-financing limit of the call."""
    _require_evaluator(application, by)
    _require_status(application, ApplicationStatus.EVALUATION)
    if amount <= 0:
        raise BusinessRuleError(_("The amount awarded must be above zero."), field="awarded")
    _check_cofinancing(application.call, application.total_cost, amount, "awarded")
    application.status, application.awarded = ApplicationStatus.AWARDED, amount
    application.awarded_on, application.decided_by = on or timezone.localdate(), by
    return _save(application, by=by, reason=_("Awarded"))


def reject(application: Application, *, by, reason: str) -> Application:
    _require_evaluator(application, by)
    _require_status(application, ApplicationStatus.SUBMITTED, ApplicationStatus.EVALUATION)
    if not reason.strip():
        raise BusinessRuleError(_("Say why the application is rejected."), field="reason")
    application.status, application.decided_by = ApplicationStatus.REJECTED, by
    application.evaluation = "\n".join(filter(None, [application.evaluation, reason]))
    return _save(application, by=by, reason=reason)


def amount_paid(application: Application) -> Decimal:
    """What the fund has disbursed to the application so far."""
    return application.disbursements.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def disburse(application: Application, *, by, amount: Decimal, paid_on: date) -> Disbursement:
    """Pay part of the award; the payments never add up to more than the amount awarded."""
    _require_evaluator(application, by)
    _require_status(application, ApplicationStatus.AWARDED)
    paid = amount_paid(application)
    if amount <= 0 or paid + amount > application.awarded:
        raise BusinessRuleError(_("Disbursements would add up to %(total)s, above the %(awarded)s awarded.") % {
            "total": _number(paid + amount), "awarded": _number(application.awarded)}, field="amount")  # fmt: skip
    return _save(Disbursement(application=application, amount=amount, paid_on=paid_on, recorded_by=by), by=by)


def submit_expense(application: Application, *, by, **fields) -> ExpenseReport:
    """The applicant (or its evaluators) reports an expense of an awarded project."""
    if not can(by, VIEW, application):
        raise BusinessRuleError(NOT_YOURS)
    _require_status(application, ApplicationStatus.AWARDED)
    return _save(ExpenseReport(application=application, **fields), by=by, reason=_("Expense report submitted"))


def review_expense(expense: ExpenseReport, *, by, approve: bool, reason: str = "") -> ExpenseReport:
    _require_evaluator(expense.application, by)
    if expense.status != ExpenseStatus.SUBMITTED:
        raise BusinessRuleError(_("The expense report was already reviewed."))
    if not approve and not reason.strip():
        raise BusinessRuleError(_("Say why the expense report is rejected."), field="reason")
    expense.status = ExpenseStatus.APPROVED if approve else ExpenseStatus.REJECTED
    expense.reason, expense.reviewed_by = reason, by
    return _save(expense, by=by, reason=reason or _("Approved"))


# --- Capacity building and outreach -------------------------------------------------------------------------


def save_activity(activity: Activity, *, by) -> Activity:
    if not (scopes_for(by).national or activity.region_id in scopes_for(by).region_ids):
        raise BusinessRuleError(_("Only national staff and the region's coordinators record its activities."),
                                field="region")  # fmt: skip
    return _save(activity, by=by)


def participant_for(*, rut: str = "", full_name: str, kind: str, email: str = "", by) -> Participant:
    """The person with this RUT (one person, however many activities), or a new one."""
    rut = normalize_rut(rut) if rut.strip() else None
    found = Participant.objects.filter(rut=rut).first() if rut else None
    if found is not None:
        return found
    return _save(Participant(rut=rut, full_name=full_name.strip(), kind=kind, email=email), by=by)


def add_attendance(activity: Activity, *, by, **person) -> Attendance:
    require_change(by, activity, NOT_YOURS)
    participant = participant_for(by=by, **person)
    found = Attendance.objects.filter(activity=activity, participant=participant).first()
    return found or _save(Attendance(activity=activity, participant=participant), by=by)


def set_count(activity: Activity, *, by, kind: str, count: int) -> ParticipantCount:
    """The number of participants of one type counted (not named) at the activity."""
    require_change(by, activity, NOT_YOURS)
    item = ParticipantCount.objects.filter(activity=activity, kind=kind).first() or ParticipantCount(
        activity=activity, kind=kind)  # fmt: skip
    item.count = count
    return _save(item, by=by)


# --- Success cases ------------------------------------------------------------------------------------------


def _unique_slug(title: str, pk=None) -> str:
    base = slugify(title)[:200] or "caso"
    slug, n = base, 1
    while SuccessCase.objects.filter(slug=slug).exclude(pk=pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def save_case(case: SuccessCase, *, by) -> SuccessCase:
    """Write or change a case: its company and the region's coordinators while a draft, staff always."""
    if case.pk:
        require_change(by, case, NOT_YOURS)
        if case.status != CaseStatus.DRAFT and not scopes_for(by).national:
            raise BusinessRuleError(_("Only drafts can be changed; ask the reviewer to send it back."))
    elif not (scopes_for(by).national or case.company_id in scopes_for(by).company_ids
              or case.company.comuna.region_id in scopes_for(by).region_ids):  # fmt: skip
        raise BusinessRuleError(_("You may write success cases of your own company only."), field="company")
    if not case.agreement.adhesions.filter(company=case.company).exists():
        raise BusinessRuleError(_("%(company)s has no adhesion to %(agreement)s.") % {
            "company": case.company, "agreement": case.agreement.code}, field="agreement")  # fmt: skip
    case.slug = case.slug or _unique_slug(case.title, case.pk)
    case.created_by = case.created_by or by
    return _save(case, by=by)


def submit_case(case: SuccessCase, *, by) -> SuccessCase:
    require_change(by, case, NOT_YOURS)
    if case.status != CaseStatus.DRAFT:
        raise BusinessRuleError(_("Only a draft can be sent to review."))
    case.status = CaseStatus.REVIEW
    return _save(case, by=by, reason=_("Sent to review"))


def _require_reviewer(case: SuccessCase, by) -> None:
    scopes = scopes_for(by)
    if not (scopes.national or case.company.comuna.region_id in scopes.region_ids):
        raise BusinessRuleError(_("Only national staff and the region's coordinators review success cases."))
    if case.status != CaseStatus.REVIEW:
        raise BusinessRuleError(_("The case is not in review."))


def publish_case(case: SuccessCase, *, by, on: date | None = None) -> SuccessCase:
    _require_reviewer(case, by)
    case.status, case.published_on = CaseStatus.PUBLISHED, on or timezone.localdate()
    return _save(case, by=by, reason=_("Published"))


def send_back_case(case: SuccessCase, *, by, notes: str) -> SuccessCase:
    _require_reviewer(case, by)
    if not notes.strip():
        raise BusinessRuleError(_("Write what the case needs before it can be published."), field="notes")
    case.status, case.review_notes = CaseStatus.DRAFT, notes
    return _save(case, by=by, reason=notes)


def add_case_indicator(case: SuccessCase, *, by, **fields) -> CaseIndicator:
    require_change(by, case, NOT_YOURS)
    return _save(CaseIndicator(case=case, **fields), by=by)


@transaction.atomic
def refresh_case_indicators(case: SuccessCase, *, by) -> int:
    """Replace the MRV indicators of the case with the company's first and latest accepted years."""
    from limpia.programs.reports import case_mrv_indicators

    require_change(by, case, NOT_YOURS)
    case.indicators.filter(from_mrv=True).delete()
    items = [_save(CaseIndicator(case=case, from_mrv=True, **fields), by=by) for fields in case_mrv_indicators(case)]
    return len(items)


def add_case_image(case: SuccessCase, upload, *, by, alt_text: str) -> CaseImage:
    """A PNG or JPEG of the case (its type read from the content), with a description for screen readers."""
    from limpia.core.files import attach, sniff_mime

    require_change(by, case, NOT_YOURS)
    head = upload.read(16)
    upload.seek(0)
    if not (sniff_mime(head) or "").startswith("image/"):
        raise BusinessRuleError(_("Upload a PNG or JPEG image."), field="file")
    image = CaseImage(case=case, alt_text=alt_text)
    attach(image, upload, by=by)
    return _save(image, by=by)


# --- Territorial and pre-investment agreements ------------------------------------------------------------


def _save_of_agreement(item, kind: str, message: str, *, by):
    """Save the territory or project of an agreement of `kind`, by someone who may change the agreement."""
    require_change(by, item.agreement, NOT_YOURS)
    if item.agreement.kind != kind:
        raise BusinessRuleError(message)
    return _save(item, by=by)


def save_territory(territory: Territory, *, by) -> Territory:
    return _save_of_agreement(territory, AgreementType.TERRITORIAL,
                              _("Only territorial agreements manage a territory."), by=by)  # fmt: skip


def add_to_territory(territory: Territory, model, *, by, **fields):
    """An actor or a shared-resource goal of the territory."""
    require_change(by, territory.agreement, NOT_YOURS)
    return _save(model(territory=territory, **fields), by=by)


def save_project(project: InvestmentProject, *, by) -> InvestmentProject:
    return _save_of_agreement(project, AgreementType.PRE_INVESTMENT,
                              _("Only pre-investment agreements follow an investment project."), by=by)  # fmt: skip


def add_to_project(project: InvestmentProject, model, *, by, **fields):
    """A participatory meeting or a commitment of the project."""
    require_change(by, project.agreement, NOT_YOURS)
    return _save(model(project=project, **fields), by=by)


def follow_up_commitment(commitment, *, by, status: str, follow_up: str):
    require_change(by, commitment.project.agreement, NOT_YOURS)
    commitment.status, commitment.follow_up = status, follow_up
    return _save(commitment, by=by, reason=_("Follow-up"))
