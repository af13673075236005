"""Agreement screens: list, page (summary, timeline, calendar, goals and actions, adhesions,
documents, committee, history), and the forms that call the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import modelformset_factory
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from limpia.accounts.choices import Role
from limpia.agreements import filters, forms, queries, reports, services
from limpia.agreements.imports import ACTION_COLUMNS, import_actions, template_workbook
from limpia.agreements.models import Action, Adhesion, Agreement, AgreementDocument, InitialDiagnosis, Term
from limpia.core.confirm import confirmed, unconfirmed
from limpia.core.errors import BusinessRuleError
from limpia.core.files import download_response
from limpia.core.forms import parse_date
from limpia.core.inputs import id_list
from limpia.core.scoping import CHANGE, VIEW, can, get_for, has_role, scope
from limpia.core.tabular import TableError, upload_bytes
from limpia.core.views import ScopedDetailView, ScopedListView, ServiceFormView, error_text, run_service
from limpia.registry.models import Installation

CREATE_ROLES = frozenset({Role.REGIONAL_COORDINATOR})


def _agreement(request, pk: int, action: str = VIEW) -> Agreement:
    return get_for(request.user, Agreement, action, pk=pk)


def _run(request, agreement, call, success: str):
    """Call a service; show its refusal as a message. Returns to the agreement's page."""
    return run_service(request, call, success, agreement.get_absolute_url())


class AgreementList(ScopedListView):
    model = Agreement
    filter_class = filters.AgreementFilter
    template_name = "agreements/agreement_list.html"
    partial_template_name = "agreements/_agreement_table.html"
    create_roles = CREATE_ROLES

    def listing(self, qs):
        return queries.agreements_listing(qs).order_by("code")


class AgreementDetail(ScopedDetailView):
    model = Agreement
    template_name = "agreements/agreement_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related("sectors", "regions", "associations", "agencies", "terms", "extensions")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement, user = self.object, self.request.user
        adhesions = (
            scope(Adhesion, user, VIEW).filter(agreement=agreement).select_related("installation__comuna", "company")
        )
        context.update(
            timeline=agreement.stage_changes.select_related("by"),
            calendar=queries.agreement_calendar(agreement),
            goals=agreement.goals.prefetch_related("actions"),
            adhesions=adhesions,
            can_decide=has_role(user, {Role.ASSOCIATION_COORDINATOR, Role.REGIONAL_COORDINATOR}),
            documents=agreement.documents.all(),
            committee=agreement.committee.all(),
            meetings=agreement.meetings.prefetch_related("attendees"),
            transition_form=forms.TransitionForm(targets=services.allowed_targets(agreement)),
            transition_what=_(
                "%(code)s will leave the stage «%(stage)s» for the stage chosen above, from the date given; the "
                "change is recorded in your name and cannot be undone (%(n)s adhered or requested installations "
                "are in this agreement)."
            )
            % {"code": agreement.code, "stage": agreement.get_stage_display(), "n": adhesions.count()},
            extension_form=forms.ExtensionForm(),
            document_form=forms.DocumentForm(),
            can_request=scope(Installation, user, CHANGE).exists() and not scope(Agreement, user, CHANGE).exists(),
            ics_url=queries.calendar_feed_url(agreement, user),
            audits=scope(agreement.audits.model, user, VIEW).filter(agreement=agreement),
        )
        return context


class AgreementForm(ServiceFormView):
    model = Agreement
    form_class = forms.AgreementForm
    create_roles = CREATE_ROLES

    def get_object(self):
        return _agreement(self.request, self.kwargs["pk"], CHANGE) if "pk" in self.kwargs else None

    @property
    def title(self):
        return _("Edit %(obj)s") % {"obj": self.object} if self.object else gettext_lazy("New agreement")

    def perform(self, form):
        fields = form.service_fields()
        if self.object is None:
            return services.create_agreement(by=self.request.user, **fields)
        fields.pop("code")
        return services.update_agreement(self.object, by=self.request.user, **fields)


@login_required
@require_POST
def agreement_transition(request, pk: int):
    agreement = _agreement(request, pk, CHANGE)
    form = forms.TransitionForm(request.POST, targets=services.allowed_targets(agreement))
    if not form.is_valid():
        messages.error(request, _("Choose a stage the agreement can move to."))
        return redirect(agreement.get_absolute_url())
    if not confirmed(request):
        return unconfirmed(request, agreement.get_absolute_url())
    data = form.cleaned_data
    return _run(
        request,
        agreement,
        lambda: services.transition(agreement, to=data["to"], by=request.user, comment=data["comment"], on=data["on"]),
        _("The agreement moved to a new stage."),
    )


@login_required
@require_POST
def agreement_extension(request, pk: int):
    agreement = _agreement(request, pk, CHANGE)
    form = forms.ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the extension's length and reason."))
        return redirect(agreement.get_absolute_url())
    return _run(
        request,
        agreement,
        lambda: services.grant_extension(agreement, by=request.user, **form.cleaned_data),
        _("Extension granted; the calendar shows the old and the new dates."),
    )


@login_required
@require_POST
def document_upload(request, pk: int):
    agreement = _agreement(request, pk, CHANGE)
    form = forms.DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the kind, a title and the file."))
        return redirect(agreement.get_absolute_url())
    data = form.cleaned_data
    return _run(
        request,
        agreement,
        lambda: services.add_document(
            agreement, by=request.user, upload=data["file"], kind=data["kind"], title=data["title"]
        ),
        _("Document uploaded."),
    )


@login_required
def document_download(request, pk: int):
    """Documents are never served from a public path: only here, to users who see the agreement."""
    return download_response(get_object_or_404(scope(AgreementDocument, request.user, VIEW), pk=pk))


@login_required
def adhesion_request(request, pk: int):
    """A company chooses which of its installations adhere."""
    agreement = _agreement(request, pk)
    installations = (
        scope(Installation, request.user, CHANGE).select_related("company", "comuna").order_by("company", "name")
    )
    if request.method == "POST":
        chosen = list(installations.filter(pk__in=id_list(request.POST, "installations")))
        try:
            services.request_adhesion(agreement, installations=chosen, by=request.user)
        except BusinessRuleError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Adhesion requested; the association or the agency will decide."))
            return redirect(agreement.get_absolute_url())
    return render(
        request,
        "agreements/adhesion_request.html",
        {
            "agreement": agreement,
            "installations": installations[:300],
        },
    )


def _adhesion(request, pk: int) -> Adhesion:
    return get_object_or_404(
        scope(Adhesion, request.user, VIEW).select_related("agreement", "installation__activity", "company"), pk=pk
    )


@login_required
def adhesion_detail(request, pk: int):
    adhesion = _adhesion(request, pk)
    diagnosis = InitialDiagnosis.objects.filter(adhesion=adhesion).first()
    return render(
        request,
        "agreements/adhesion_detail.html",
        {
            "adhesion": adhesion,
            "diagnosis": diagnosis,
            "actions": queries.applicable_actions(adhesion),
            "can_change": can(request.user, CHANGE, adhesion),
            "history": adhesion.history.select_related("history_user"),
        },
    )


@login_required
@require_POST
def adhesion_decide(request, pk: int):
    adhesion = _adhesion(request, pk)
    if not confirmed(request):
        return unconfirmed(request, adhesion.agreement.get_absolute_url())
    approve = request.POST.get("decision") == "approve"
    return _run(
        request,
        adhesion.agreement,
        lambda: services.decide_adhesion(
            adhesion, by=request.user, approve=approve, reason=request.POST.get("reason", "")
        ),
        _("Adhesion approved.") if approve else _("Adhesion rejected."),
    )


@login_required
@require_POST
def adhesion_withdraw(request, pk: int):
    adhesion = _adhesion(request, pk)
    if not confirmed(request):
        return unconfirmed(request, adhesion.get_absolute_url())
    return _run(
        request,
        adhesion.agreement,
        lambda: services.withdraw_adhesion(adhesion, by=request.user, reason=request.POST.get("reason", "")),
        _("Adhesion withdrawn."),
    )


class DiagnosisForm(ServiceFormView):
    model = InitialDiagnosis
    form_class = forms.DiagnosisForm
    title = gettext_lazy("Initial diagnosis")

    def get_object(self):
        diagnoses = InitialDiagnosis.objects.select_related("adhesion__company", "adhesion__agreement")
        return get_for(self.request.user, diagnoses, CHANGE, pk=self.kwargs["pk"])

    def perform(self, form):
        services.record_diagnosis(self.object, by=self.request.user, **form.service_fields())
        return self.object.adhesion


@login_required
def inbox(request):
    """What is due for the user, overdue first."""
    return render(request, "agreements/inbox.html", {"items": queries.inbox_for(request.user)})


@login_required
@require_POST
def goal_create(request, pk: int):
    agreement = _agreement(request, pk, CHANGE)
    number = agreement.goals.count() + 1
    return _run(
        request,
        agreement,
        lambda: services.create_goal(agreement, by=request.user, number=number, title=request.POST.get("title", "")),
        _("Goal added."),
    )


class ActionCreate(ServiceFormView):
    form_class = forms.ActionForm
    title = gettext_lazy("New action")

    def get_object(self):
        self.agreement = _agreement(self.request, self.kwargs["pk"], CHANGE)
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "agreement": self.agreement}

    def check_permission(self):
        """Adding or changing an action needs change rights on its agreement (checked in get_object)."""

    def perform(self, form):
        fields = form.service_fields()
        services.create_action(fields.pop("goal"), by=self.request.user, **fields)
        return self.agreement


class ActionEdit(ActionCreate):
    title = gettext_lazy("Edit action")

    def get_object(self):
        action = get_object_or_404(
            scope(Action, self.request.user, VIEW).select_related("goal__agreement"), pk=self.kwargs["pk"]
        )
        self.agreement = _agreement(self.request, action.goal.agreement_id, CHANGE)
        return action

    def perform(self, form):
        services.update_action(self.object, by=self.request.user, **form.service_fields())
        return self.agreement


@login_required
def actions_import(request, pk: int):
    """The goals × actions matrix from a spreadsheet: every row checked, all saved or none."""
    agreement = _agreement(request, pk, CHANGE)
    form = forms.ImportActionsForm(request.POST or None, request.FILES or None)
    errors, created = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = import_actions(agreement, upload_bytes(upload), upload.name, by=request.user)
        except TableError as exc:
            errors = exc.errors
    return render(
        request,
        "agreements/actions_import.html",
        {
            "agreement": agreement,
            "form": form,
            "errors": errors,
            "created": created,
            "columns": ACTION_COLUMNS,
        },
    )


@login_required
def actions_template(request, pk: int):
    agreement = _agreement(request, pk)
    response = FileResponse(
        template_workbook(agreement), as_attachment=True, filename=f"acciones-{agreement.code}.xlsx"
    )
    return response


@login_required
@require_POST
def committee_add(request, pk: int):
    agreement = _agreement(request, pk, CHANGE)
    post = request.POST
    return _run(
        request,
        agreement,
        lambda: services.add_committee_member(
            agreement,
            by=request.user,
            full_name=post.get("full_name", ""),
            institution=post.get("institution", ""),
            role=post.get("role", ""),
        ),
        _("Committee member added."),
    )


@login_required
@require_POST
def meeting_add(request, pk: int):
    agreement = _agreement(request, pk, CHANGE)
    post = request.POST
    attendees = agreement.committee.filter(pk__in=post.getlist("attendees"))
    return _run(
        request,
        agreement,
        lambda: services.record_meeting(
            agreement,
            by=request.user,
            held_on=parse_date(post.get("held_on", "")),
            agenda=post.get("agenda", ""),
            minutes=post.get("minutes", ""),
            attendees=list(attendees),
        ),
        _("Meeting recorded."),
    )


def calendar_feed(request, token: str):
    """The agreement's dates as iCalendar, for calendar apps; the signed address names the user."""
    found = queries.feed_from_token(token)
    if found is None:
        raise Http404
    agreement, _user = found
    body = queries.icalendar(agreement)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{agreement.code}.ics"'
    return response


@login_required
def agreement_report(request, pk: int):
    """The association's progress report of the agreement, as XLSX or PDF."""
    agreement = _agreement(request, pk)
    data = reports.progress(agreement, user=request.user, on=parse_date(request.GET.get("hasta", "")))
    if request.GET.get("format") == "pdf":
        return FileResponse(reports.as_pdf(data), as_attachment=True, filename=f"avance-{agreement.code}.pdf")
    return FileResponse(reports.as_xlsx(data), as_attachment=True, filename=f"avance-{agreement.code}.xlsx")


@login_required
def terms_edit(request, pk: int):
    """Edit the calendar rules as a whole; an inconsistent set is refused and the old one stays."""
    agreement = _agreement(request, pk, CHANGE)
    formset_class = modelformset_factory(Term, form=forms.TermForm, extra=2, can_delete=True)
    formset = formset_class(request.POST or None, queryset=agreement.terms.all(), form_kwargs={"user": request.user})
    if request.method == "POST" and formset.is_valid():
        terms = [
            {k: f.cleaned_data[k] for k in ("kind", "value", "unit", "anchor", "repeat")}
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            services.set_terms(agreement, by=request.user, terms=terms)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Calendar terms saved."))
            return redirect(reverse("agreements:agreement-detail", args=[agreement.pk]) + "#calendario")
    return render(request, "agreements/terms_edit.html", {"agreement": agreement, "formset": formset})
