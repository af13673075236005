"""Every write of the programs. Screens, API, imports, commands and the seed call these; each checks who may
do it and records who and why in the history."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from limpia.agreements.choices import AgreementType
from limpia.core import keylocks
from limpia.core.errors import BusinessRuleError
from limpia.core.history import save_recorded
from limpia.core.rut import normalize_rut
from limpia.core.scoping import CHANGE, VIEW, can, require_change, require_national, scopes_for
from limpia.programs import calculations, money
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
from limpia.programs.queries import amount_reported, uf_quote

NOT_YOURS = _("You may not change this record.")


def _save(instance, *, by, event: str = "", reason: str = ""):
    return save_recorded(instance, by=by, event=event, reason=reason)


# --- Goals --------------------------------------------------------------------------------------------------


@transaction.atomic
def save_goal(goal: NationalGoal, *, by) -> NationalGoal:
    """Create or change a national goal (national staff): goals are data, new periods need no code."""
    require_national(by)
    return _save(goal, by=by)


# --- Regional committees ------------------------------------------------------------------------------------


def _require_committee(committee: RegionalCommittee, by) -> None:
    require_change(by, committee, _("Only national staff and the region's coordinators may change its committee."))


@transaction.atomic
def save_committee(committee: RegionalCommittee, *, by) -> RegionalCommittee:
    if committee.pk:
        _require_committee(committee, by)
    else:
        require_national(by)
    return _save(committee, by=by)


@transaction.atomic
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


@transaction.atomic
def add_agenda_goal(committee: RegionalCommittee, *, by, **fields) -> AgendaGoal:
    _require_committee(committee, by)
    return _save(AgendaGoal(committee=committee, **fields), by=by)


# --- Funding ------------------------------------------------------------------------------------------------


@transaction.atomic
def save_call(call: Call, *, by) -> Call:
    require_national(by)
    return _save(call, by=by)


def uf_on(day: date) -> tuple[date, Decimal]:
    """(day used, value) of the UF for `day`: its own value or, when none is loaded, the nearest earlier one
    (the reader is told which day); refuses when nothing is loaded on or before it."""
    found = uf_quote(day)
    if found is None:
        raise BusinessRuleError(money.no_uf_message(day))
    return found


def in_clp(amount: Decimal, currency: str, day: date) -> calculations.InPesos:
    """`amount` in pesos, with the UF day and value used when it was in UF; refuses without a UF value."""
    return calculations.InPesos(amount) if currency == Currency.CLP else calculations.in_pesos(amount, *uf_on(day))


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


# What each broken funding rule tells the person, by what was being recorded and the rule (calculations.Breach).
FUNDING_MESSAGES = {
    ("requested", calculations.NOT_POSITIVE): gettext_lazy("The amount requested must be above zero."),
    ("requested", calculations.ABOVE_CAP): gettext_lazy(
        "The amount requested %(amount)s is above the co-financing cap of %(percent)s %% (%(limit)s) of the total "
        "cost %(total)s."),
    ("awarded", calculations.NOT_POSITIVE): gettext_lazy("The amount awarded must be above zero."),
    ("awarded", calculations.ABOVE_CAP): gettext_lazy(
        "The amount awarded %(amount)s is above the co-financing cap of %(percent)s %% (%(limit)s) of the total "
        "cost %(total)s."),
    ("awarded", calculations.ABOVE_REQUESTED): gettext_lazy(
        "The amount awarded %(amount)s is above the %(limit)s requested."),
    ("disbursement", calculations.NOT_POSITIVE): gettext_lazy("The amount of a disbursement must be above zero."),
    ("disbursement", calculations.ABOVE_AWARD): gettext_lazy(
        "Disbursements would add up to %(amount)s, above the %(limit)s awarded."),
    ("disbursement", calculations.IN_THE_FUTURE): gettext_lazy(
        "The payment date %(amount)s is after today (%(limit)s); record a disbursement once it is paid."),
    ("expense", calculations.NOT_POSITIVE): gettext_lazy("The amount of an expense report must be above zero."),
    ("expense", calculations.ABOVE_DISBURSED): gettext_lazy(
        "Expense reports would add up to %(amount)s, above the %(limit)s disbursed so far."),
    ("expense", calculations.IN_THE_FUTURE): gettext_lazy(
        "The date of the expense report %(amount)s is after today (%(limit)s)."),
}  # fmt: skip


def _refuse(breach: calculations.Breach | None, what: str, field: str, currency: str, **figures) -> None:
    """Raise the message of a broken funding rule, with its figures as people read them; nothing when kept."""
    if breach is None:
        return
    shown = {k: money.day(v) if isinstance(v, date) else money.money(v, currency)
             for k, v in (("amount", breach.amount), ("limit", breach.limit), *figures.items())}  # fmt: skip
    if "percent" in figures:
        shown["percent"] = money.number(figures["percent"])
    raise BusinessRuleError(str(FUNDING_MESSAGES[what, breach.rule]) % shown, field=field)


def _locked(application: Application) -> Application:
    """The application re-read under a row lock held to the end of the transaction, so two people recording at
    once take turns: the second reads the status and totals the first left (PostgreSQL; SQLite locks writes)."""
    return Application.objects.select_for_update().get(pk=application.pk)


def _applicant_in_scope(application: Application, by) -> None:
    parts = [p for p in (application.company, application.association, application.agreement) if p is not None]
    if not parts:
        raise BusinessRuleError(_("Name the applicant: an agreement, a company or an association."), field="company")
    for part in parts:
        if not can(by, VIEW, part):
            raise BusinessRuleError(_("You may not apply on behalf of %(who)s.") % {"who": part})


@transaction.atomic
def apply(call: Call, *, by, today: date | None = None, **fields) -> Application:
    """Submit an application while the call is open, asking at most the co-financing limit."""
    today = today or timezone.localdate()
    if not call.opens_on <= today <= call.closes_on:
        raise BusinessRuleError(_("The call is open from %(opens)s to %(closes)s.") % {
            "opens": date_format(call.opens_on, "d-m-Y"), "closes": date_format(call.closes_on, "d-m-Y")})  # fmt: skip
    application = Application(call=call, submitted_by=by, **fields)
    _applicant_in_scope(application, by)
    breach = calculations.request_breach(application.requested, total_cost=application.total_cost,
                                         cap_percent=call.cofinancing_limit)  # fmt: skip
    _refuse(breach, "requested", "requested", call.currency, total=application.total_cost,
            percent=call.cofinancing_limit)  # fmt: skip
    return _save(application, by=by, event="application.submitted")


def _require_evaluator(application: Application, by) -> None:
    if not (scopes_for(by).national or can(by, CHANGE, application)):
        raise BusinessRuleError(_("Only national staff and the region's coordinators evaluate applications."))


def _require_status(application: Application, *allowed: str) -> None:
    if application.status not in allowed:
        raise BusinessRuleError(_("The application is «%(status)s»; this step is not possible now.") % {
            "status": application.get_status_display()})  # fmt: skip


@transaction.atomic
def evaluate(application: Application, *, by, score: Decimal, evaluation: str) -> Application:
    application = _locked(application)
    _require_evaluator(application, by)
    _require_status(application, ApplicationStatus.SUBMITTED, ApplicationStatus.EVALUATION)
    application.status, application.score, application.evaluation = ApplicationStatus.EVALUATION, score, evaluation
    return _save(application, by=by, event="application.evaluated", reason=evaluation)


@transaction.atomic
def award(application: Application, *, by, amount: Decimal, on: date | None = None) -> Application:
    """Award `amount`, never above the co-financing cap of the call nor the amount requested."""
    application = _locked(application)
    _require_evaluator(application, by)
    _require_status(application, ApplicationStatus.EVALUATION)
    call = application.call
    breach = calculations.award_breach(amount, requested=application.requested, total_cost=application.total_cost,
                                       cap_percent=call.cofinancing_limit)  # fmt: skip
    _refuse(breach, "awarded", "amount", call.currency, total=application.total_cost, percent=call.cofinancing_limit)
    application.status, application.awarded = ApplicationStatus.AWARDED, amount
    application.awarded_on, application.decided_by = on or timezone.localdate(), by
    return _save(application, by=by, event="application.awarded")


@transaction.atomic
def reject(application: Application, *, by, reason: str) -> Application:
    application = _locked(application)
    _require_evaluator(application, by)
    _require_status(application, ApplicationStatus.SUBMITTED, ApplicationStatus.EVALUATION)
    if not reason.strip():
        raise BusinessRuleError(_("Say why the application is rejected."), field="reason")
    application.status, application.decided_by = ApplicationStatus.REJECTED, by
    application.evaluation = "\n".join(filter(None, [application.evaluation, reason]))
    return _save(application, by=by, event="application.rejected", reason=reason)


def amount_paid(application: Application) -> Decimal:
    """What the fund has disbursed to the application so far."""
    return application.disbursements.aggregate(total=Sum("amount"))["total"] or Decimal(0)


@transaction.atomic
def disburse(application: Application, *, by, amount: Decimal, paid_on: date) -> Disbursement:
    """Pay part of the award, dated today at the latest; the payments never add up to more than the amount
    awarded, read under a lock on the application so two payments at once cannot both pass."""
    application = _locked(application)
    _require_evaluator(application, by)
    _require_status(application, ApplicationStatus.AWARDED)
    currency = application.call.currency
    _refuse(calculations.date_breach(paid_on, today=timezone.localdate()), "disbursement", "paid_on", currency)
    breach = calculations.disbursement_breach(amount, paid=amount_paid(application), awarded=application.awarded)
    _refuse(breach, "disbursement", "amount", currency)
    return _save(Disbursement(application=application, amount=amount, paid_on=paid_on, recorded_by=by), by=by)


@transaction.atomic
def submit_expense(application: Application, *, by, **fields) -> ExpenseReport:
    """The applicant (or its evaluators) reports an expense of an awarded project, dated today at the latest;
    reports not rejected never add up to more than what was disbursed (read under a lock on the application)."""
    application = _locked(application)
    if not can(by, VIEW, application):
        raise BusinessRuleError(NOT_YOURS)
    _require_status(application, ApplicationStatus.AWARDED)
    currency, today = application.call.currency, timezone.localdate()
    _refuse(calculations.date_breach(fields["submitted_on"], today=today), "expense", "submitted_on", currency)
    breach = calculations.expense_breach(fields["amount"], reported=amount_reported(application),
                                         disbursed=amount_paid(application))  # fmt: skip
    _refuse(breach, "expense", "amount", currency)
    return _save(ExpenseReport(application=application, **fields), by=by, event="expense.submitted")


@transaction.atomic
def review_expense(expense: ExpenseReport, *, by, approve: bool, reason: str = "") -> ExpenseReport:
    expense = ExpenseReport.objects.select_for_update().get(pk=expense.pk)
    _require_evaluator(expense.application, by)
    if expense.status != ExpenseStatus.SUBMITTED:
        raise BusinessRuleError(_("The expense report was already reviewed."))
    if not approve and not reason.strip():
        raise BusinessRuleError(_("Say why the expense report is rejected."), field="reason")
    expense.status = ExpenseStatus.APPROVED if approve else ExpenseStatus.REJECTED
    expense.reason, expense.reviewed_by = reason, by
    return _save(expense, by=by, event=f"expense.{expense.status}", reason=reason)


# --- Capacity building and outreach -------------------------------------------------------------------------


@transaction.atomic
def save_activity(activity: Activity, *, by) -> Activity:
    if not (scopes_for(by).national or activity.region_id in scopes_for(by).region_ids):
        raise BusinessRuleError(_("Only national staff and the region's coordinators record its activities."),
                                field="region")  # fmt: skip
    return _save(activity, by=by)


@transaction.atomic
def participant_for(*, rut: str = "", full_name: str, kind: str, email: str = "", by) -> Participant:
    """The person with this RUT (one person, however many activities), or a new one."""
    rut = normalize_rut(rut) if rut.strip() else None
    found = Participant.objects.filter(rut=rut).first() if rut else None
    if found is not None:
        return found
    return _save_once(Participant(rut=rut, full_name=full_name.strip(), kind=kind, email=email), by=by,
                      saved=lambda: Participant.objects.get(rut=rut))  # fmt: skip


def _save_once(instance, *, by, saved):
    """Save a row its unique constraint makes one of a kind (a RUT, a person at an activity). When someone saved
    the same one meanwhile, the database makes this insert wait for their commit and refuse it: take theirs.
    (No lock per row: an attendance list of thousands of people stays one transaction.)"""
    try:
        with transaction.atomic():
            return _save(instance, by=by)
    except IntegrityError:
        return saved()


@transaction.atomic
def add_attendance(activity: Activity, *, by, **person) -> Attendance:
    require_change(by, activity, NOT_YOURS)
    participant = participant_for(by=by, **person)
    found = Attendance.objects.filter(activity=activity, participant=participant).first()
    return found or _save_once(Attendance(activity=activity, participant=participant), by=by,
                               saved=lambda: Attendance.objects.get(activity=activity, participant=participant))


@transaction.atomic
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
    keylocks.hold("programs.successcase.slug", base)  # two cases of the same title never take the same address
    slug, n = base, 1
    while SuccessCase.objects.filter(slug=slug).exclude(pk=pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
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


@transaction.atomic
def submit_case(case: SuccessCase, *, by) -> SuccessCase:
    require_change(by, case, NOT_YOURS)
    if case.status != CaseStatus.DRAFT:
        raise BusinessRuleError(_("Only a draft can be sent to review."))
    case.status = CaseStatus.REVIEW
    return _save(case, by=by, event="case.submitted")


def _require_reviewer(case: SuccessCase, by) -> None:
    scopes = scopes_for(by)
    if not (scopes.national or case.company.comuna.region_id in scopes.region_ids):
        raise BusinessRuleError(_("Only national staff and the region's coordinators review success cases."))
    if case.status != CaseStatus.REVIEW:
        raise BusinessRuleError(_("The case is not in review."))


@transaction.atomic
def publish_case(case: SuccessCase, *, by, on: date | None = None) -> SuccessCase:
    _require_reviewer(case, by)
    case.status, case.published_on = CaseStatus.PUBLISHED, on or timezone.localdate()
    return _save(case, by=by, event="case.published")


@transaction.atomic
def send_back_case(case: SuccessCase, *, by, notes: str) -> SuccessCase:
    _require_reviewer(case, by)
    if not notes.strip():
        raise BusinessRuleError(_("Write what the case needs before it can be published."), field="notes")
    case.status, case.review_notes = CaseStatus.DRAFT, notes
    return _save(case, by=by, event="case.sent_back", reason=notes)


@transaction.atomic
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


@transaction.atomic
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


@transaction.atomic
def save_territory(territory: Territory, *, by) -> Territory:
    return _save_of_agreement(territory, AgreementType.TERRITORIAL,
                              _("Only territorial agreements manage a territory."), by=by)  # fmt: skip


@transaction.atomic
def add_to_territory(territory: Territory, model, *, by, **fields):
    """An actor or a shared-resource goal of the territory."""
    require_change(by, territory.agreement, NOT_YOURS)
    return _save(model(territory=territory, **fields), by=by)


@transaction.atomic
def save_project(project: InvestmentProject, *, by) -> InvestmentProject:
    return _save_of_agreement(project, AgreementType.PRE_INVESTMENT,
                              _("Only pre-investment agreements follow an investment project."), by=by)  # fmt: skip


@transaction.atomic
def add_to_project(project: InvestmentProject, model, *, by, **fields):
    """A participatory meeting or a commitment of the project."""
    require_change(by, project.agreement, NOT_YOURS)
    return _save(model(project=project, **fields), by=by)


@transaction.atomic
def follow_up_commitment(commitment, *, by, status: str, follow_up: str):
    require_change(by, commitment.project.agreement, NOT_YOURS)
    commitment.status, commitment.follow_up = status, follow_up
    return _save(commitment, by=by, event="commitment.followed_up", reason=follow_up)
