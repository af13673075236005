"""Screens of the programs: the goals dashboard and drill-downs, regional committees and the coverage strip,
funding, activities, success cases (and their public page), territories and projects, the inspection view."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from limpia.agreements.choices import AgreementType
from limpia.agreements.models import Agreement
from limpia.core.confirm import confirmed, unconfirmed
from limpia.core.errors import BusinessRuleError
from limpia.core.files import download_response
from limpia.core.history import history_entries
from limpia.core.rut import normalize_rut
from limpia.core.scoping import CHANGE, can, get_for, has_role, scope, scopes_for
from limpia.core.tabular import TableError, upload_bytes
from limpia.core.views import ServiceFormView, page_of, querystring, run_service
from limpia.portal.caching import public_page
from limpia.programs import calculations, forms, goals, imports, money, queries, reports, services
from limpia.programs.choices import ApplicationStatus, CaseStatus, Currency
from limpia.programs.models import (
    Activity,
    Application,
    Call,
    CaseImage,
    Commitment,
    ExpenseReport,
    FundingLine,
    InvestmentProject,
    NationalGoal,
    RegionalCommittee,
    SharedResourceGoal,
    SuccessCase,
    Territory,
    TerritoryActor,
)  # fmt: skip
from limpia.programs.queries import INSPECTORS
from limpia.registry.models import Region

STAFF = frozenset({"national_staff"})
REGIONAL = frozenset({"national_staff", "regional_coordinator"})


def form_errors(form) -> str:
    """«Field: problem» for each error of a form posted from a detail page."""
    parts = [f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}".lstrip(": ")
             for name, errors in form.errors.items()]  # fmt: skip
    return _("Nothing was saved. ") + "; ".join(parts)


def submit(request, form, action, success: str, to: str):
    """A form posted from a detail page: valid data goes to `action`; errors come back as a message."""
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(to)
    return run_service(request, lambda: action(form.cleaned_data), success, to)


# --- Goals --------------------------------------------------------------------------------------------------


def _region(request) -> Region | None:
    code = request.GET.get("region", "")
    return Region.objects.filter(cut=code).first() if code else None


@login_required
def overview(request):
    """Every goal with its computed value, progress bar and pace, grouped by policy; per region, the national
    goals show the region's value and contribution, and the region's own goals their pace."""
    region, today = _region(request), timezone.localdate()
    goal_list = NationalGoal.objects.select_related("region").order_by("-starts_on", "policy", "pk")
    if region is not None:
        goal_list = goal_list.filter(region__isnull=True) | goal_list.filter(region=region)
    policies: dict[str, list] = {}
    for goal in goal_list:
        policies.setdefault(goal.policy, []).append(goals.status(goal, today, region))
    return render(request, "programs/overview.html", {
        "policies": policies, "region": region, "regions": Region.objects.order_by("order"),
        "can_define": has_role(request.user, STAFF)})  # fmt: skip


@login_required
def goal_detail(request, pk: int):
    goal, region = get_for(request.user, NationalGoal.objects.select_related("region"), pk=pk), _region(request)
    status = goals.status(goal, timezone.localdate(), region)
    found = status.measure
    page = page_of(request, found.records, 50) if found.records is not None else None
    return render(request, "programs/goal_detail.html", {
        "status": status, "goal": goal, "page": page, "columns": found.columns, "extra": found.extra,
        "querystring": querystring(request), "region": region, "history": history_entries(goal),
        "can_define": has_role(request.user, STAFF)})  # fmt: skip


class GoalFormView(ServiceFormView):
    form_class = forms.GoalForm
    title = gettext_lazy("National goal")

    def get_object(self):
        if "pk" in self.kwargs:
            return get_for(self.request.user, NationalGoal, CHANGE, pk=self.kwargs["pk"])
        return None

    def check_permission(self):
        if not has_role(self.request.user, STAFF):
            raise PermissionDenied

    def perform(self, form):
        return services.save_goal(form.save(commit=False), by=self.request.user)


# --- Regional committees ------------------------------------------------------------------------------------


@login_required
def regions(request):
    """The 16 regions north to south, coloured by the chosen coverage, with their committees."""
    measure = request.GET.get("measure", "installations")
    measure = measure if measure in reports.MEASURES else "installations"
    return render(request, "programs/regions.html", {
        "rows": reports.coverage(measure), "measure": measure, "measures": reports.MEASURES,
        "shades": range(reports.SHADES + 1)})  # fmt: skip


@login_required
def committee_detail(request, pk: int):
    committee = get_for(request.user, RegionalCommittee.objects.select_related("region"), pk=pk)
    may = can(request.user, CHANGE, committee)
    return render(request, "programs/committee_detail.html", {
        "committee": committee, "can_change": may, "members": committee.members.all(),
        "meetings": committee.meetings.prefetch_related("attendees")[:40], "agenda": committee.agenda.all(),
        "member_form": forms.MemberForm(user=request.user), "agenda_form": forms.AgendaForm(user=request.user),
        "meeting_form": forms.MeetingForm(user=request.user, committee=committee),
        "history": history_entries(committee)})  # fmt: skip


class CommitteeFormView(ServiceFormView):
    form_class = forms.CommitteeForm
    title = gettext_lazy("Regional committee")

    def get_object(self):
        if "pk" in self.kwargs:
            return get_for(self.request.user, RegionalCommittee, CHANGE, pk=self.kwargs["pk"])
        return None

    def check_permission(self):
        if self.object is None and not has_role(self.request.user, STAFF):
            raise PermissionDenied

    def perform(self, form):
        return services.save_committee(form.save(commit=False), by=self.request.user)


def _committee_post(request, pk, form_class, service, success, **form_kwargs):
    committee = get_for(request.user, RegionalCommittee, CHANGE, pk=pk)
    form = form_class(request.POST, user=request.user, **form_kwargs)
    to = committee.get_absolute_url()
    return submit(request, form, lambda data: service(committee, by=request.user, **data), success, to)


@login_required
@require_POST
def committee_member_add(request, pk: int):
    return _committee_post(request, pk, forms.MemberForm, services.add_member, _("Member added."))


@login_required
@require_POST
def committee_agenda_add(request, pk: int):
    return _committee_post(request, pk, forms.AgendaForm, services.add_agenda_goal, _("Agenda goal added."))


@login_required
@require_POST
def committee_meeting_add(request, pk: int):
    committee = get_for(request.user, RegionalCommittee, CHANGE, pk=pk)
    return _committee_post(request, pk, forms.MeetingForm, services.add_meeting, _("Meeting recorded."),
                           committee=committee)  # fmt: skip


# --- Funding ------------------------------------------------------------------------------------------------


EXPORTS = {
    "csv": ("text/csv; charset=utf-8", reports.applications_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", reports.applications_xlsx),
}


@login_required
def funding(request):
    """Lines, calls and applications; `?format=csv|xlsx` exports the applications the user sees, with their
    amounts in pesos and the UF used."""
    if request.GET.get("format") in EXPORTS:
        content_type, write = EXPORTS[request.GET["format"]]
        response = HttpResponse(write(scope(Application, request.user)), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="limpia-postulaciones.{request.GET["format"]}"'
        return response
    today = timezone.localdate()
    calls = scope(Call, request.user).select_related("line").order_by("-opens_on")
    return render(request, "programs/funding.html", {
        "lines": scope(FundingLine, request.user),
        "open_calls": calls.filter(opens_on__lte=today, closes_on__gte=today),
        "page": page_of(request, calls.exclude(opens_on__lte=today, closes_on__gte=today), 25),
        "applications": scope(Application, request.user).select_related("call", "company", "association",
                                                                       "agreement")[:25],
        "can_define": has_role(request.user, STAFF)})  # fmt: skip


class CallFormView(ServiceFormView):
    form_class = forms.CallForm
    title = gettext_lazy("New call")
    create_roles = STAFF

    def perform(self, form):
        return services.save_call(form.save(commit=False), by=self.request.user)


@login_required
def call_detail(request, pk: int):
    call = get_for(request.user, Call.objects.select_related("line"), pk=pk)
    form = forms.ApplicationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.apply(call, by=request.user, **form.service_fields())
        except BusinessRuleError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Application submitted."))
            return redirect(application)
    today = timezone.localdate()
    return render(request, "programs/call_detail.html", {
        "call": call, "form": form, "is_open": call.opens_on <= today <= call.closes_on,
        "applications": scope(Application, request.user).filter(call=call).select_related(
            "company", "association", "agreement")})  # fmt: skip


@login_required
def application_detail(request, pk: int):
    item = get_for(request.user, queries.applications_in_pesos(Application.objects.select_related("call__line")),
                   pk=pk)  # fmt: skip
    evaluator = scopes_for(request.user).national or can(request.user, CHANGE, item)
    limit = calculations.max_cofinancing(item.total_cost, item.call.cofinancing_limit)
    currency = item.call.currency
    return render(request, "programs/application_detail.html", {
        "item": item, "evaluator": evaluator, "limit": limit, "statuses": ApplicationStatus,
        "pesos": _pesos_text(item, "amount_of_record", currency) if currency == Currency.UF else "",
        "disbursements": [_with_pesos(d, currency) for d in queries.with_uf(item.disbursements.all(), "paid_on")],
        "expenses": [_with_pesos(e, currency) for e in queries.with_uf(item.expenses.all(), "submitted_on")],
        "paid": services.amount_paid(item),
        "evaluate_form": forms.EvaluateForm(), "award_form": forms.AwardForm(initial={"amount": item.requested}),
        "reason_form": forms.ReasonForm(), "review_form": forms.ExpenseReviewForm(),
        "disbursement_form": forms.DisbursementForm(user=request.user, prefix="disbursement"),
        "expense_form": forms.ExpenseForm(user=request.user, prefix="expense"),
        "history": history_entries(item)})  # fmt: skip


def _pesos_text(row, field: str, currency: str) -> str:
    """«UF 1.000 = $39.512.340 (UF del 01-11-2026)» for a row annotated by queries.with_uf, or why not."""
    amount = getattr(row, field)
    return money.in_pesos_text(amount, currency, queries.pesos(amount, currency, row), row.uf_for)


def _with_pesos(row, currency: str):
    """A disbursement or expense report with the text of its amount in pesos (UF calls only)."""
    row.pesos = _pesos_text(row, "amount", currency) if currency == Currency.UF else ""
    return row


def _application_post(request, pk, form, action, success, confirm: bool = False):
    """`confirm`: an irreversible decision, done only with its "I confirm" box checked."""
    item = get_for(request.user, Application, pk=pk)
    if confirm and not confirmed(request):
        return unconfirmed(request, item.get_absolute_url())
    return submit(request, form, lambda data: action(item, data), success, item.get_absolute_url())


@login_required
@require_POST
def application_evaluate(request, pk: int):
    return _application_post(request, pk, forms.EvaluateForm(request.POST), lambda item, data: services.evaluate(
        item, by=request.user, **data), _("Evaluation recorded."))  # fmt: skip


@login_required
@require_POST
def application_award(request, pk: int):
    return _application_post(request, pk, forms.AwardForm(request.POST), lambda item, data: services.award(
        item, by=request.user, amount=data["amount"]), _("Application awarded."), confirm=True)  # fmt: skip


@login_required
@require_POST
def application_reject(request, pk: int):
    return _application_post(request, pk, forms.ReasonForm(request.POST), lambda item, data: services.reject(
        item, by=request.user, reason=data["reason"]), _("Application rejected."), confirm=True)  # fmt: skip


@login_required
@require_POST
def application_disburse(request, pk: int):
    form = forms.DisbursementForm(request.POST, user=request.user, prefix="disbursement")
    return _application_post(request, pk, form, lambda item, data: services.disburse(
        item, by=request.user, **data), _("Disbursement recorded."))  # fmt: skip


@login_required
@require_POST
def application_expense(request, pk: int):
    form = forms.ExpenseForm(request.POST, user=request.user, prefix="expense")
    return _application_post(request, pk, form, lambda item, data: services.submit_expense(
        item, by=request.user, **data), _("Expense report submitted."))  # fmt: skip


@login_required
@require_POST
def expense_review(request, pk: int):
    expense = get_object_or_404(ExpenseReport, pk=pk, application__in=scope(Application, request.user))
    to = expense.application.get_absolute_url()
    if not confirmed(request):
        return unconfirmed(request, to)
    return submit(request, forms.ExpenseReviewForm(request.POST), lambda data: services.review_expense(
        expense, by=request.user, **data), _("Expense report reviewed."), to)  # fmt: skip


# --- Activities ---------------------------------------------------------------------------------------------


@login_required
def activity_list(request):
    qs = scope(Activity, request.user).select_related("region")
    region = _region(request)
    if region is not None:
        qs = qs.filter(region=region)
    if request.GET.get("kind"):
        qs = qs.filter(kind=request.GET["kind"])
    return render(request, "programs/activity_list.html", {
        "page": page_of(request, qs, 25), "region": region, "regions": Region.objects.order_by("order"),
        "kinds": Activity._meta.get_field("kind").choices, "querystring": querystring(request),
        "can_create": has_role(request.user, REGIONAL)})  # fmt: skip


class ActivityFormView(ServiceFormView):
    form_class = forms.ActivityForm
    title = gettext_lazy("New activity")
    create_roles = REGIONAL

    def perform(self, form):
        return services.save_activity(form.save(commit=False), by=self.request.user)


@login_required
def activity_detail(request, pk: int):
    activity = get_for(request.user, Activity.objects.select_related("region", "agreement"), pk=pk)
    return render(request, "programs/activity_detail.html", {
        "activity": activity, "can_change": can(request.user, CHANGE, activity),
        "page": page_of(request, activity.attendance.select_related("participant").order_by("participant__full_name"),
                        50),
        "counts": activity.counts.all(), "attendance_form": forms.AttendanceForm(),
        "count_form": forms.CountForm(user=request.user), "upload_form": forms.UploadForm(),
        "history": history_entries(activity)})  # fmt: skip


@login_required
@require_POST
def activity_attendance(request, pk: int):
    activity = get_for(request.user, Activity, CHANGE, pk=pk)
    return submit(request, forms.AttendanceForm(request.POST), lambda data: services.add_attendance(
        activity, by=request.user, **data), _("Participant recorded."), activity.get_absolute_url())  # fmt: skip


@login_required
@require_POST
def activity_count(request, pk: int):
    activity = get_for(request.user, Activity, CHANGE, pk=pk)
    return submit(request, forms.CountForm(request.POST, user=request.user), lambda data: services.set_count(
        activity, by=request.user, **data), _("Participants counted."), activity.get_absolute_url())  # fmt: skip


@login_required
@require_POST
def activity_import(request, pk: int):
    activity = get_for(request.user, Activity, CHANGE, pk=pk)
    form = forms.UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(activity)
    upload = form.cleaned_data["file"]
    try:
        count = imports.import_attendance(activity, upload_bytes(upload), upload.name, by=request.user)
    except TableError as exc:
        return render(request, "programs/activity_import_errors.html", {"activity": activity, "errors": exc.errors},
                      status=400)  # fmt: skip
    messages.success(request, _("%(n)s participants imported.") % {"n": count})
    return redirect(activity)


@login_required
def attendance_template(request):
    response = HttpResponse(imports.template_workbook(), content_type="application/vnd.openxmlformats-officedocument"
                            ".spreadsheetml.sheet")  # fmt: skip
    response["Content-Disposition"] = 'attachment; filename="asistencia.xlsx"'
    return response


# --- Success cases ------------------------------------------------------------------------------------------


@login_required
def case_list(request):
    qs = scope(SuccessCase, request.user).select_related("company", "agreement").order_by("status", "-published_on")
    return render(request, "programs/case_list.html", {
        "page": page_of(request, qs, 25), "querystring": "",
        "can_create": has_role(request.user, REGIONAL | {"company_representative"})})  # fmt: skip


class CaseFormView(ServiceFormView):
    form_class = forms.CaseForm
    title = gettext_lazy("Success case")
    create_roles = REGIONAL | {"company_representative"}

    def get_object(self):
        if "pk" in self.kwargs:
            return get_for(self.request.user, SuccessCase, CHANGE, pk=self.kwargs["pk"])
        return None

    def perform(self, form):
        return services.save_case(form.save(commit=False), by=self.request.user)


@login_required
def case_detail(request, pk: int):
    case = get_for(request.user, SuccessCase.objects.select_related("company", "agreement"), pk=pk)
    scopes = scopes_for(request.user)
    reviewer = scopes.national or case.company.comuna.region_id in scopes.region_ids
    return render(request, "programs/case_detail.html", {
        "case": case, "can_change": can(request.user, CHANGE, case), "reviewer": reviewer, "statuses": CaseStatus,
        "indicators": case.indicators.all(), "images": case.images.all(), "notes_form": forms.NotesForm(),
        "indicator_form": forms.CaseIndicatorForm(user=request.user), "image_form": forms.CaseImageForm(),
        "history": history_entries(case)})  # fmt: skip


def _case_post(request, pk, call, success, confirm: bool = False):
    case = get_for(request.user, SuccessCase, pk=pk)
    if confirm and not confirmed(request):
        return unconfirmed(request, case.get_absolute_url())
    return run_service(request, lambda: call(case), success, case.get_absolute_url())


@login_required
@require_POST
def case_submit(request, pk: int):
    return _case_post(request, pk, lambda c: services.submit_case(c, by=request.user), _("Sent to review."))


@login_required
@require_POST
def case_publish(request, pk: int):
    return _case_post(request, pk, lambda c: services.publish_case(c, by=request.user), _("Published."), confirm=True)


@login_required
@require_POST
def case_send_back(request, pk: int):
    case = get_for(request.user, SuccessCase, pk=pk)
    return submit(request, forms.NotesForm(request.POST), lambda data: services.send_back_case(
        case, by=request.user, notes=data["notes"]), _("Sent back to its authors."),
        case.get_absolute_url())  # fmt: skip


@login_required
@require_POST
def case_refresh(request, pk: int):
    return _case_post(request, pk, lambda c: services.refresh_case_indicators(c, by=request.user),
                      _("Indicators taken from the MRV records."))  # fmt: skip


@login_required
@require_POST
def case_indicator_add(request, pk: int):
    case = get_for(request.user, SuccessCase, pk=pk)
    return submit(
        request,
        forms.CaseIndicatorForm(request.POST, user=request.user),
        lambda data: services.add_case_indicator(case, by=request.user, **data),
        _("Indicator added."),
        case.get_absolute_url(),
    )


@login_required
@require_POST
def case_image_add(request, pk: int):
    case = get_for(request.user, SuccessCase, pk=pk)
    form = forms.CaseImageForm(request.POST, request.FILES)
    return submit(request, form, lambda data: services.add_case_image(case, data["file"], by=request.user,
                                                                      alt_text=data["alt_text"]),
                  _("Image added."), case.get_absolute_url())  # fmt: skip


def case_image(request, pk: int):
    """An image of a published case (anyone), or of a case the signed-in user sees; shown inline."""
    image = get_object_or_404(CaseImage, pk=pk)
    visible = scope(SuccessCase, request.user) if request.user.is_authenticated else SuccessCase.objects.none()
    if image.case.status != CaseStatus.PUBLISHED and not visible.filter(pk=image.case_id).exists():
        return HttpResponse(status=404)
    return download_response(image, inline_image=True)  # inline only if its bytes are really PNG or JPEG


@public_page
def public_cases(request):
    cases = SuccessCase.objects.filter(status=CaseStatus.PUBLISHED).select_related("company", "agreement")
    return render(request, "programs/public_cases.html", {"page": page_of(request, cases, 24), "querystring": ""})


@public_page
def public_case(request, slug: str):
    case = get_object_or_404(SuccessCase.objects.select_related("company", "agreement"), slug=slug,
                             status=CaseStatus.PUBLISHED)  # fmt: skip
    return render(request, "programs/public_case.html", {"case": case, "indicators": case.indicators.all(),
                                                         "images": case.images.all()})  # fmt: skip


# --- Territorial and pre-investment agreements ------------------------------------------------------------


def _agreement_of_kind(request, pk, kind):
    agreement = get_for(request.user, Agreement, pk=pk)
    if agreement.kind != kind:
        raise PermissionDenied
    return agreement


@login_required
def territory(request, pk: int):
    agreement = _agreement_of_kind(request, pk, AgreementType.TERRITORIAL)
    item = Territory.objects.filter(agreement=agreement).first()
    form = forms.TerritoryForm(request.POST or None, user=request.user, instance=item)
    if request.method == "POST":
        return submit(request, form, lambda data: services.save_territory(
            Territory(pk=getattr(item, "pk", None), agreement=agreement, **data), by=request.user),
            _("Territory saved."), request.path)  # fmt: skip
    return render(
        request,
        "programs/territory.html",
        {
            "agreement": agreement,
            "item": item,
            "form": form,
            "can_change": can(request.user, CHANGE, agreement),
            "actor_form": forms.ActorForm(user=request.user),
            "goal_form": forms.ResourceGoalForm(user=request.user),
        },
    )


@login_required
@require_POST
def territory_add(request, pk: int, part: str):
    agreement = get_for(request.user, Agreement, pk=pk)
    item = get_object_or_404(Territory, agreement=agreement)
    model, form_class = {"actor": (TerritoryActor, forms.ActorForm),
                         "goal": (SharedResourceGoal, forms.ResourceGoalForm)}[part]  # fmt: skip
    return submit(request, form_class(request.POST, user=request.user), lambda data: services.add_to_territory(
        item, model, by=request.user, **data), _("Saved."), reverse("programs:territory", args=[pk]))  # fmt: skip


@login_required
def project(request, pk: int):
    agreement = _agreement_of_kind(request, pk, AgreementType.PRE_INVESTMENT)
    item = InvestmentProject.objects.filter(agreement=agreement).first()
    form = forms.ProjectForm(request.POST or None, user=request.user, instance=item)
    if request.method == "POST":
        return submit(request, form, lambda data: services.save_project(
            InvestmentProject(pk=getattr(item, "pk", None), agreement=agreement, **data), by=request.user),
            _("Project saved."), request.path)  # fmt: skip
    return render(request, "programs/project.html", {
        "agreement": agreement, "item": item, "form": form, "can_change": can(request.user, CHANGE, agreement),
        "meeting_form": forms.ParticipatoryMeetingForm(user=request.user),
        "commitment_form": forms.CommitmentForm(user=request.user),
        "follow_up_form": forms.FollowUpForm(user=request.user)})  # fmt: skip


@login_required
@require_POST
def project_add(request, pk: int, part: str):
    from limpia.programs.models import ParticipatoryMeeting

    agreement = get_for(request.user, Agreement, pk=pk)
    item = get_object_or_404(InvestmentProject, agreement=agreement)
    model, form_class = {"meeting": (ParticipatoryMeeting, forms.ParticipatoryMeetingForm),
                         "commitment": (Commitment, forms.CommitmentForm)}[part]  # fmt: skip
    return submit(request, form_class(request.POST, user=request.user), lambda data: services.add_to_project(
        item, model, by=request.user, **data), _("Saved."), reverse("programs:project", args=[pk]))  # fmt: skip


@login_required
@require_POST
def commitment_follow_up(request, pk: int):
    commitment = get_object_or_404(Commitment, pk=pk,
                                   project__agreement__in=scope(Agreement, request.user))  # fmt: skip
    to = reverse("programs:project", args=[commitment.project.agreement_id])
    return submit(
        request,
        forms.FollowUpForm(request.POST, user=request.user),
        lambda data: services.follow_up_commitment(commitment, by=request.user, **data),
        _("Follow-up recorded."),
        to,
    )


# --- Inspection ---------------------------------------------------------------------------------------------


@login_required
def inspection(request):
    """Which installations of a company or comuna are adhered or certified (agency validators, staff, regions)."""
    if not has_role(request.user, INSPECTORS):
        raise PermissionDenied
    form = forms.InspectionForm(request.GET or None)
    rows, error = [], ""
    if form.is_valid():
        rut = form.cleaned_data["rut"].strip()
        try:
            rut = normalize_rut(rut) if rut else ""
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            comuna = form.cleaned_data["comuna"]
            rows = list(reports.inspection(rut, comuna.pk if comuna else None)[:500])
    details = reports.inspection_details(rows)
    return render(request, "programs/inspection.html", {"form": form, "rows": [(r, details[r.pk]) for r in rows],
                                                         "error": error, "searched": form.is_bound})  # fmt: skip
