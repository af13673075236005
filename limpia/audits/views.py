"""Screens of the auditor registry, audits and their lines, compliance, certificates and public verification."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from limpia.accounts.choices import Role
from limpia.accounts.throttling import over_limit
from limpia.agreements.models import Agreement
from limpia.audits import certificates, filters, forms, imports, queries, services
from limpia.audits.calculations import Mode
from limpia.audits.choices import AuditStatus, LineState, ValidationState
from limpia.audits.models import (
    Assignment,
    Audit,
    AuditLine,
    Auditor,
    AuditorDocument,
    Certificate,
    CertificateBatch,
    CertificateReview,
    Evidence,
)  # fmt: skip
from limpia.core.confirm import confirmed, unconfirmed
from limpia.core.errors import BusinessRuleError
from limpia.core.files import download_response, file_response
from limpia.core.forms import parse_date
from limpia.core.history import history_entries
from limpia.core.inputs import id_list, id_param
from limpia.core.scoping import CHANGE, VIEW, can, get_for, scope, scopes_for
from limpia.core.tabular import TableError, upload_bytes
from limpia.core.views import ScopedListView, ServiceFormView, run_service
from limpia.registry.views import search_text

YES_NO_CODE = {True: "1", False: "0"}


def _national(user) -> bool:
    return scopes_for(user).national


# --- Auditor registry ---------------------------------------------------------------------------------


class AuditorList(ScopedListView):
    model = Auditor
    filter_class = filters.AuditorFilter
    template_name = "audits/auditor_list.html"
    partial_template_name = "audits/_auditor_table.html"
    create_roles = frozenset({Role.AUDITOR})

    def listing(self, qs):
        return queries.auditor_ratings(qs.prefetch_related("sectors")).order_by("full_name")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "national": _national(self.request.user)}


class AuditorApply(ServiceFormView):
    form_class = forms.AuditorForm
    title = gettext_lazy("Apply to the auditor registry")
    create_roles = frozenset({Role.AUDITOR})

    def perform(self, form):
        return services.apply_auditor(by=self.request.user, **form.service_fields())


@login_required
def auditor_detail(request, pk: int):
    auditor = get_for(request.user, queries.auditor_ratings(Auditor.objects.all()), pk=pk)
    own = auditor.user_id == request.user.pk
    national = _national(request.user)
    full = queries.sees_auditor_details(request.user, auditor)  # others: name, status and sectors only
    return render(request, "audits/auditor_detail.html", {
        "auditor": auditor, "own": own, "national": national, "full": full,
        "documents": auditor.documents.all() if full else [],
        "relations": auditor.relations.select_related("company", "agreement") if full else [],
        "can_add_documents": national or can(request.user, CHANGE, auditor),
        "document_form": forms.AuditorDocumentForm(), "review_form": forms.ReviewAuditorForm(),
        "relation_form": forms.RelationForm(user=request.user) if full else None,
        "history": history_entries(auditor) if full else [],
    })  # fmt: skip


def _auditor_post(request, pk: int, call, success: str, confirm: bool = False):
    """`confirm`: an irreversible decision, done only with its "I confirm" box checked."""
    auditor = get_for(request.user, Auditor, pk=pk)
    if confirm and not confirmed(request):
        return unconfirmed(request, auditor.get_absolute_url())
    return run_service(request, lambda: call(auditor), success, auditor.get_absolute_url())


@login_required
@require_POST
def auditor_document_upload(request, pk: int):
    form = forms.AuditorDocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the kind and the file."))
        return redirect("audits:auditor-detail", pk=pk)
    data = form.cleaned_data
    return _auditor_post(
        request, pk,
        lambda a: services.add_auditor_document(a, by=request.user, upload=data["file"], kind=data["kind"]),
        _("Document uploaded."),
    )  # fmt: skip


@login_required
def auditor_document_download(request, pk: int):
    return download_response(get_for(request.user, AuditorDocument, pk=pk))


@login_required
@require_POST
def auditor_review(request, pk: int):
    form = forms.ReviewAuditorForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the decision; dates as dd-mm-yyyy."))
        return redirect("audits:auditor-detail", pk=pk)
    data = form.cleaned_data
    return _auditor_post(
        request, pk, lambda a: services.review_auditor(
            a, by=request.user, approve=data["decision"] == "approve", comments=data["comments"],
            valid_until=data["valid_until"]),
        _("Decision recorded."), confirm=True,
    )  # fmt: skip


@login_required
@require_POST
def auditor_status(request, pk: int):
    """Suspend, reinstate or revalidate (national staff)."""
    post = request.POST
    action, reason = post.get("action"), post.get("reason", "")

    def call(auditor):
        if action == "revalidate":
            return services.revalidate_auditor(
                auditor, by=request.user, valid_until=parse_date(post.get("valid_until", "")),
                comments=reason,
            )  # fmt: skip
        return services.suspend_auditor(auditor, by=request.user, reason=reason, suspend=action == "suspend")

    return _auditor_post(request, pk, call, _("Registry updated."), confirm=True)


@login_required
@require_POST
def auditor_relation_add(request, pk: int):
    get_for(request.user, Auditor, pk=pk)  # another scope's auditor answers 404 before the form says anything
    form = forms.RelationForm(request.POST, user=request.user)
    if not form.is_valid():
        errors = [f"{form.fields[name].label}: {' '.join(errs)}" for name, errs in form.errors.items()]
        messages.error(request, " ".join(errors))
        return redirect("audits:auditor-detail", pk=pk)
    data = form.cleaned_data
    return _auditor_post(
        request, pk, lambda a: services.declare_relation(
            a, by=request.user, company=data["company"], kind=data["kind"], agreement=data["agreement"],
            description=data["description"]),
        _("Relation declared; it blocks assignments to that company."),
    )  # fmt: skip


@login_required
def agreement_search(request):
    """The options of an agreement field searched by code or name (an htmx-fed datalist), for relations."""
    if not (_national(request.user) or Auditor.objects.filter(user=request.user).exists()):
        raise PermissionDenied
    text = search_text(request).strip()
    found = queries.nameable_agreements(request.user, text).order_by("code")[:10] if len(text) >= 2 else []
    return render(request, "audits/_agreement_options.html", {"agreements": found})


# --- Audits -------------------------------------------------------------------------------------------


class AuditList(ScopedListView):
    model = Audit
    filter_class = filters.AuditFilter
    template_name = "audits/audit_list.html"
    partial_template_name = "audits/_audit_table.html"

    def listing(self, qs):
        return qs.select_related("agreement").order_by("-opens_on", "-pk")


@login_required
def audit_open(request, pk: int):
    agreement = get_for(request.user, Agreement, CHANGE, pk=pk)
    form = forms.OpenAuditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            audit = services.open_audit(agreement, by=request.user, **form.cleaned_data)
        except BusinessRuleError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Audit opened with its installations and lines."))
            return redirect(audit.get_absolute_url())
    return render(request, "core/form.html", {"form": form, "title": _("Open an audit of %(c)s") % {
        "c": agreement.code}, "object": agreement})  # fmt: skip


def _audit(request, pk: int, action: str = VIEW) -> Audit:
    return get_for(request.user, Audit.objects.select_related("agreement"), action, pk=pk)


@login_required
def audit_detail(request, pk: int):
    audit, user = _audit(request, pk), request.user
    lines = scope(AuditLine, user, VIEW).filter(audit=audit)
    assignments = (
        scope(Assignment, user, VIEW).filter(audit=audit)
        .select_related("installation__comuna", "company", "auditor")
        .order_by("company__legal_name", "installation__name")
    )  # fmt: skip
    page = Paginator(assignments, 50).get_page(request.GET.get("page"))
    can_change = can(user, CHANGE, audit)
    validates = lines.filter(validation=ValidationState.PENDING).exists() and bool(scopes_for(user).agency_ids)
    return render(request, "audits/audit_detail.html", {
        "audit": audit, "page_obj": page, "states": queries.state_counts(lines),
        "can_change": can_change, "national": _national(user),
        "auditors": Auditor.objects.filter(status="approved").order_by("full_name") if can_change else [],
        "fills": scope(AuditLine, user, CHANGE).filter(audit=audit).exists() and not can_change,
        "validates": validates,
        "batches": audit.batches.all() if can_change else [],
        "history": history_entries(audit),
        "outcomes": _page_outcomes(audit, page) if audit.for_certification and can_change else False,
        "confirm": _what_will_happen(audit, lines) if can_change or validates else {},
    })  # fmt: skip


def _page_outcomes(audit: Audit, page) -> bool:
    """Certification outcome of the installations on the page (set on each), with the undecided lines that
    block them."""
    results = {o.assignment_id: o for o in queries.outcomes(audit, [s.pk for s in page])}
    blocking = queries.undecided_actions(audit, [pk for pk, o in results.items() if o.blocked])
    for assignment in page:
        assignment.outcome = results.get(assignment.pk)
        assignment.blocking = ", ".join(blocking.get(assignment.pk, []))
    return bool(results)


def _what_will_happen(audit: Audit, lines) -> dict[str, str]:
    """What each irreversible action of the audit page will do, said next to its "I confirm" box."""
    counts = {state: n for state, _label, n in queries.state_counts(lines)}
    undecided = lines.filter(queries.UNDECIDED).count()
    texts = {
        "approve": _("%(n)s lines in review will be approved; an approved line can no longer be changed.")
        % {"n": counts.get(LineState.IN_REVIEW, 0)},
        "close": _("The audit will be closed: %(a)s lines approved, %(r)s rejected, %(u)s undecided. A closed "
                   "audit cannot be changed; it cannot be closed while lines are undecided.")
        % {"a": counts.get(LineState.APPROVED, 0), "r": counts.get(LineState.REJECTED, 0), "u": undecided},
        "validate": _("The lines awaiting validation within your agency's competence will be recorded as "
                      "validated by you; this cannot be undone."),
        "publish": _("The lists of complying and non-complying installations will be public, without login.")
        if not audit.lists_published_at else _("The public lists will be withdrawn."),
        "renew": _("The certificates of the installations that still comply fully get a new validity from the "
                   "closing of this audit."),
    }  # fmt: skip
    if audit.status == AuditStatus.CLOSED and audit.for_certification:
        results = queries.outcomes(audit)
        earned = sum(1 for o in results if o.certified)
        closed = date_format(timezone.localdate(audit.closed_at), "SHORT_DATE_FORMAT") if audit.closed_at else "—"
        texts["certify"] = _(
            "%(n)s of %(t)s installations reach the certification figure and will receive a certificate, shown on "
            "the public verification page; the others will not. The ceremony cannot precede the closing of the "
            "audit (%(day)s)."
        ) % {"n": earned, "t": len(results), "day": closed}
    return texts


def _audit_post(request, pk: int, call, success: str, action: str = CHANGE):
    audit = _audit(request, pk, action)
    if not confirmed(request):
        return unconfirmed(request, audit.get_absolute_url())
    return run_service(request, lambda: call(audit), success, audit.get_absolute_url())


@login_required
@require_POST
def audit_assign(request, pk: int):
    audit = _audit(request, pk, CHANGE)
    chosen = audit.assignments.filter(pk__in=id_list(request.POST, "assignments")).select_related("company", "audit")
    auditor = Auditor.objects.filter(pk=id_param(request.POST, "auditor", default=0)).first()
    if auditor is None or not chosen:
        messages.error(request, _("Choose the installations and the auditor."))
        return redirect(audit.get_absolute_url())
    return run_service(
        request, lambda: services.assign_auditor(chosen, by=request.user, auditor=auditor),
        _("Auditor assigned."), audit.get_absolute_url(),
    )  # fmt: skip


@login_required
@require_POST
def audit_approve(request, pk: int):
    return _audit_post(
        request,
        pk,
        lambda a: services.approve_in_review(a.lines.all(), by=request.user),
        _("Lines in review approved."),
    )


@login_required
@require_POST
def audit_validate(request, pk: int):
    return _audit_post(
        request, pk, lambda a: services.validate_pending(a, by=request.user),
        _("Lines within your competence validated."), action=VIEW,
    )  # fmt: skip


@login_required
@require_POST
def audit_close(request, pk: int):
    return _audit_post(request, pk, lambda a: services.close_audit(a, by=request.user), _("Audit closed."))


@login_required
@require_POST
def audit_certify(request, pk: int):
    audit = _audit(request, pk, CHANGE)
    if not confirmed(request):
        return unconfirmed(request, audit.get_absolute_url())
    try:
        batch = services.grant_certificates(
            audit, by=request.user, ceremony_on=parse_date(request.POST.get("ceremony_on", ""))
        )
    except BusinessRuleError as exc:
        messages.error(request, exc.message)
        return redirect(audit.get_absolute_url())
    messages.success(request, _("Certificates granted; their PDFs are being generated."))
    return redirect(batch.get_absolute_url())


@login_required
@require_POST
def audit_renew(request, pk: int):
    return _audit_post(
        request, pk, lambda a: services.renew_certificates(a, by=request.user), _("Certificates renewed.")
    )


@login_required
@require_POST
def audit_publish(request, pk: int):
    publish = request.POST.get("publish") == "1"
    return _audit_post(
        request, pk, lambda a: services.publish_lists(a, by=request.user, publish=publish),
        _("Lists published.") if publish else _("Lists withdrawn."),
    )  # fmt: skip


@login_required
def lines_template(request, pk: int):
    audit = _audit(request, pk)
    return FileResponse(
        imports.template_workbook(audit, request.user), as_attachment=True, filename=imports.filename(audit)
    )


@login_required
def lines_import(request, pk: int):
    """The auditor's spreadsheet: every row checked, all saved or none, errors by row and column."""
    audit = _audit(request, pk)
    if not scope(AuditLine, request.user, CHANGE).filter(audit=audit).exists():
        raise Http404
    form = forms.ImportLinesForm(request.POST or None, request.FILES or None)
    errors, filled = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            filled = imports.import_lines(audit, upload_bytes(upload), upload.name, by=request.user)
        except TableError as exc:
            errors = exc.errors
    return render(request, "audits/lines_import.html", {
        "audit": audit, "form": form, "errors": errors, "filled": filled, "columns": imports.LINE_COLUMNS})  # fmt: skip


class LineList(ScopedListView):
    model = AuditLine
    filter_class = filters.LineFilter
    template_name = "audits/line_list.html"
    partial_template_name = "audits/_line_table.html"
    paginate_by = 50

    def listing(self, qs):
        self.audit = _audit(self.request, self.kwargs["pk"])
        return (
            qs.filter(audit=self.audit)
            .select_related("assignment__installation", "assignment__company", "action__goal")
            .distinct()
            .order_by("assignment__installation__name", "action__goal__number", "action__number")
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "audit": self.audit}


def _line(request, pk: int) -> AuditLine:
    lines = AuditLine.objects.select_related(
        "audit__agreement", "assignment__installation", "assignment__company", "assignment__auditor",
        "assignment__adhesion", "action__goal",
    )  # fmt: skip
    return get_for(request.user, lines, pk=pk)


@login_required
def line_detail(request, pk: int):
    line, user = _line(request, pk), request.user
    fills = can(user, CHANGE, line) and line.state in services.OPEN_LINE_STATES and line.audit.status == "open"
    return render(request, "audits/line_detail.html", {
        "line": line, "evidence": line.evidence.all(),
        "fills": fills and (line.assignment.auditor and line.assignment.auditor.user_id == user.pk or _national(user)),
        "reviews": can(user, CHANGE, line.audit) and line.state == "in_review",
        "validates": line.validation == ValidationState.PENDING and services.validating_agency(line, user) is not None,
        "line_form": forms.LineForm(initial={
            "applies": YES_NO_CODE.get(line.applies), "complies": YES_NO_CODE.get(line.complies),
            "not_applicable_reason": line.not_applicable_reason, "evidence_date": line.evidence_date,
            "notes": line.auditor_notes}),
        "evidence_form": forms.EvidenceForm(), "history": history_entries(line),
    })  # fmt: skip


def _line_post(request, pk: int, call, success: str):
    line = _line(request, pk)
    return run_service(request, lambda: call(line), success, line.get_absolute_url())


@login_required
@require_POST
def line_fill(request, pk: int):
    form = forms.LineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the values; dates as dd-mm-yyyy."))
        return redirect("audits:line-detail", pk=pk)
    data = form.cleaned_data
    return _line_post(
        request, pk, lambda line: services.fill_line(
            line, by=request.user, applies=data["applies"], complies=data["complies"],
            reason=data["not_applicable_reason"], evidence_date=data["evidence_date"], notes=data["notes"]),
        _("Line saved; it goes to review."),
    )  # fmt: skip


@login_required
@require_POST
def line_evidence(request, pk: int):
    form = forms.EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the file."))
        return redirect("audits:line-detail", pk=pk)
    return _line_post(
        request, pk, lambda line: services.add_evidence(line, by=request.user, upload=form.cleaned_data["file"]),
        _("Evidence uploaded."),
    )  # fmt: skip


@login_required
@require_POST
def line_review(request, pk: int):
    post = request.POST
    if post.get("decision") in {"approve", "reject"} and not confirmed(request):
        return unconfirmed(request, _line(request, pk).get_absolute_url())
    return _line_post(
        request, pk, lambda line: services.review_line(
            line, by=request.user, decision=post.get("decision", ""), comments=post.get("comments", "")),
        _("Review recorded."),
    )  # fmt: skip


@login_required
@require_POST
def line_validate(request, pk: int):
    post = request.POST
    if not confirmed(request):
        return unconfirmed(request, _line(request, pk).get_absolute_url())
    return _line_post(
        request, pk, lambda line: services.validate_line(
            line, by=request.user, accept=post.get("accept") == "1", comments=post.get("comments", "")),
        _("Validation recorded."),
    )  # fmt: skip


@login_required
def evidence_download(request, pk: int):
    """Evidence is never served from a public path: only here, to users who see its line."""
    return download_response(get_for(request.user, Evidence, pk=pk))


@login_required
def compliance(request, pk: int):
    audit = _audit(request, pk)
    mode = Mode.CERTIFICATION if request.GET.get("modo") == Mode.CERTIFICATION else Mode.PROGRESS
    figures = queries.compliance(audit, mode, scope(AuditLine, request.user, VIEW).filter(audit=audit))
    page = Paginator(figures.installations, 100).get_page(request.GET.get("page"))
    return render(request, "audits/compliance.html", {
        "audit": audit, "c": figures, "mode": mode, "page_obj": page,
        "lines_url": reverse("audits:line-list", args=[audit.pk]),
    })  # fmt: skip


@login_required
@require_POST
def assignment_plan(request, pk: int):
    assignment = get_for(request.user, Assignment.objects.select_related("audit", "auditor", "installation"), pk=pk)
    return run_service(
        request, lambda: services.set_corrective_plan(
            assignment, by=request.user, plan=request.POST.get("plan", ""),
            deadline=parse_date(request.POST.get("deadline", ""))),
        _("Corrective plan saved."), assignment.audit.get_absolute_url(),
    )  # fmt: skip


@login_required
def survey(request, pk: int):
    """The audited company rates its auditor (1–5) after the audit."""
    assignment = get_for(request.user, Assignment.objects.select_related("audit", "auditor", "installation"), pk=pk)
    form = forms.SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(assignment, by=request.user, **form.service_fields())
        except BusinessRuleError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you: the survey was recorded."))
            return redirect(assignment.audit.get_absolute_url())
    title = _("Survey on the auditor of %(i)s") % {"i": assignment.installation}
    return render(request, "core/form.html", {"form": form, "title": title, "object": assignment.audit})


# --- Certificates ----------------------------------------------------------------------------------


class CertificateList(ScopedListView):
    model = Certificate
    filter_class = filters.CertificateFilter
    template_name = "audits/certificate_list.html"
    partial_template_name = "audits/_certificate_table.html"

    def listing(self, qs):
        return qs.select_related("agreement", "installation", "company").order_by("-issued_on", "number")


def _certificate(request, pk: int) -> Certificate:
    related = Certificate.objects.select_related("agreement", "installation__comuna", "company", "audit")
    return get_for(request.user, related, pk=pk)


@login_required
def certificate_detail(request, pk: int):
    certificate = _certificate(request, pk)
    url = certificates.verification_url(certificate)
    return render(request, "audits/certificate_detail.html", {
        "c": certificate, "verify_url": url, "qr": certificates.qr_svg(url), "national": _national(request.user),
        "state_form": forms.CertificateStateForm(), "history": history_entries(certificate),
    })  # fmt: skip


@login_required
def certificate_pdf(request, pk: int):
    certificate = _certificate(request, pk)
    if not certificate.pdf:
        certificates.store_pdf(certificate)
    return file_response(certificate.pdf.open("rb"), content_type="application/pdf",
                         filename=f"certificado-{certificate.number}.pdf")  # fmt: skip


@login_required
@require_POST
def certificate_state(request, pk: int):
    certificate = _certificate(request, pk)
    post = request.POST
    if not confirmed(request):
        return unconfirmed(request, certificate.get_absolute_url())
    return run_service(
        request, lambda: services.set_certificate_state(
            certificate, by=request.user, state=post.get("state", ""), reason=post.get("reason", "")),
        _("Certificate state changed."), certificate.get_absolute_url(),
    )  # fmt: skip


@login_required
def certificate_reviews(request):
    """National staff: the valid certificates whose stored compliance no longer holds under the corrected rule
    (domain.md §9), with the lines behind each; each is suspended or confirmed with a reason."""
    if not _national(request.user):
        raise PermissionDenied
    checks = queries.stale_certificates(scope(Certificate, request.user, VIEW))
    page = Paginator(checks, 25).get_page(request.GET.get("page"))
    decided = CertificateReview.objects.select_related("certificate", "decided_by")[:20]
    return render(request, "audits/certificate_reviews.html", {
        "page_obj": page, "total": len(checks), "form": forms.CertificateReviewForm(), "decided": decided,
    })  # fmt: skip


@login_required
@require_POST
def certificate_review(request, pk: int):
    certificate = _certificate(request, pk)
    back = reverse("audits:certificate-reviews")
    form = forms.CertificateReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was done on %(n)s: choose the decision, give the reason and check the box "
                                  "to confirm.") % {"n": certificate.number})  # fmt: skip
        return redirect(back)
    data = form.cleaned_data
    return run_service(
        request, lambda: services.review_certificate(
            certificate, by=request.user, decision=data["decision"], reason=data["reason"]),
        _("Decision on %(n)s recorded.") % {"n": certificate.number}, back,
    )  # fmt: skip


@login_required
def batch_detail(request, pk: int):
    """A ceremony's certificates and the progress of their PDFs (htmx polls the partial while it runs)."""
    batch = get_for(request.user, CertificateBatch.objects.select_related("audit__agreement", "resumed_by"), pk=pk)
    template = "audits/_batch_progress.html" if request.headers.get("HX-Request") else "audits/batch_detail.html"
    return render(request, template, {
        "batch": batch, "certificates": batch.certificates.select_related("installation"),
        "can_resume": _national(request.user),
    })  # fmt: skip


@login_required
@require_POST
def batch_resume(request, pk: int):
    """National staff resume a ceremony whose PDFs stalled (a dead worker) or failed."""
    batch = get_for(request.user, CertificateBatch.objects.all(), pk=pk)
    if not _national(request.user):
        raise PermissionDenied
    return run_service(request, lambda: services.resume_batch(batch, by=request.user),
                       _("The missing PDFs are queued again."), batch.get_absolute_url())  # fmt: skip


# --- Public ---------------------------------------------------------------------------------------


def verify(request, code: str):
    """Public verification of a certificate by the code of its QR: no login; rate-limited per address."""
    if over_limit(request, "verify", settings.LIMPIA_VERIFY_RATE_LIMIT):
        return render(request, "audits/verify.html", {"throttled": True}, status=429)
    certificate = certificates.certificate_for_code(code)
    return render(request, "audits/verify.html", {"c": certificate}, status=200 if certificate else 404)


def public_lists(request, pk: int):
    """Complying and non-complying installations of an audit, once staff published them (domain.md §9)."""
    audit = (
        Audit.objects.select_related("agreement")
        .filter(pk=pk, status=AuditStatus.CLOSED, lists_published_at__isnull=False)
        .first()
    )
    if audit is None:
        raise Http404
    rows = queries.compliance(audit, Mode.CERTIFICATION).installations
    complying = [r for r in rows if r.ratio.full]
    failing = [r for r in rows if not r.ratio.full]
    return render(request, "audits/public_lists.html", {"audit": audit, "complying": complying, "failing": failing})
