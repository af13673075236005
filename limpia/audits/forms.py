from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from limpia.audits.choices import AuditKind, AuditorDocumentKind, CertificateState, RelationKind, ReviewDecision
from limpia.audits.models import Auditor, Survey
from limpia.core.forms import StyledModelForm
from limpia.registry.models import Company

YES_NO = [("", "—"), ("1", _("Yes")), ("0", _("No"))]


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs.setdefault("class", "form-check-input")
            continue
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class AuditorForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = Auditor
        fields = ["full_name", "rut", "email", "profession", "sectors"]
        widgets = {"sectors": forms.SelectMultiple(attrs={"size": 6})}

    def service_fields(self) -> dict:
        return {**super().service_fields(), "sectors": list(self.cleaned_data["sectors"])}


class AuditorDocumentForm(StyledForm):
    kind = forms.ChoiceField(choices=AuditorDocumentKind.choices, label=_("Kind"))
    file = forms.FileField(label=_("File"))


class ReviewAuditorForm(StyledForm):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))], label=_("Decision"))
    valid_until = forms.DateField(
        required=False, label=_("Revalidation due on"), input_formats=["%d-%m-%Y", "%Y-%m-%d"]
    )
    comments = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Comments"))


def _searched(options_id: str, url_name: str, **attrs) -> forms.TextInput:
    """A text input that offers matches from `url_name` as the person types (htmx fills a datalist)."""
    return forms.TextInput(attrs={
        "list": options_id, "autocomplete": "off", "hx-get": reverse_lazy(url_name),
        "hx-trigger": "input changed delay:300ms", "hx-target": f"#{options_id}", "hx-sync": "this:replace", **attrs,
    })  # fmt: skip


class RelationForm(StyledForm):
    """A declared relation names the company by RUT and the agreement by code, both picked from a search."""

    company = forms.CharField(
        max_length=200, label=_("Company (RUT)"), widget=_searched("relation-companies", "registry:company-search"),
        help_text=_("Type the RUT or part of the name and choose the company from the list."),
    )  # fmt: skip
    kind = forms.ChoiceField(choices=RelationKind.choices, label=_("Relation"))
    agreement = forms.CharField(
        required=False, max_length=250, label=_("Agreement (code)"),
        widget=_searched("relation-agreements", "audits:agreement-search"),
        help_text=_("Only for advice: type the code or part of the name and choose the agreement from the list."),
    )  # fmt: skip
    description = forms.CharField(required=False, max_length=2000, label=_("Description"))

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_company(self) -> Company:
        from limpia.registry.imports import References

        try:
            return References().company(self.cleaned_data["company"])
        except ValidationError as exc:
            raise ValidationError([m[:1].upper() + m[1:] + "." for m in exc.messages]) from exc

    def clean_agreement(self):
        from limpia.audits.queries import nameable_agreements

        code = self.cleaned_data["agreement"].strip()
        if not code:
            return None
        agreement = nameable_agreements(self.user).filter(code__iexact=code).first()
        if agreement is None:
            raise ValidationError(_("No agreement has the code «%(code)s»; choose it from the list.") % {"code": code})
        return agreement


class OpenAuditForm(StyledForm):
    kind = forms.ChoiceField(choices=AuditKind.choices, label=_("Kind"))
    opens_on = forms.DateField(
        required=False,
        label=_("Opens on"),
        input_formats=["%d-%m-%Y", "%Y-%m-%d"],
        help_text=_("Blank: the date of the agreement's calendar."),
    )
    closes_on = forms.DateField(required=False, label=_("Closes on"), input_formats=["%d-%m-%Y", "%Y-%m-%d"])


class LineForm(StyledForm):
    applies = forms.TypedChoiceField(
        choices=YES_NO, coerce=lambda v: v == "1", empty_value=None, required=False, label=_("Applies")
    )
    not_applicable_reason = forms.CharField(required=False, label=_("Reason it does not apply"))
    complies = forms.TypedChoiceField(
        choices=YES_NO, coerce=lambda v: v == "1", empty_value=None, required=False, label=_("Complies")
    )
    evidence_date = forms.DateField(
        required=False,
        label=_("Date the evidence refers to"),
        input_formats=["%d-%m-%Y", "%Y-%m-%d"],
        help_text=_("dd-mm-yyyy"),
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Auditor notes"))


class EvidenceForm(StyledForm):
    file = forms.FileField(label=_("Evidence file"))


class ImportLinesForm(StyledForm):
    file = forms.FileField(label=_("Spreadsheet (XLSX or CSV)"))


class CertificateStateForm(StyledForm):
    state = forms.ChoiceField(
        choices=[(CertificateState.SUSPENDED, _("Suspend")), (CertificateState.REVOKED, _("Revoke")),
                 (CertificateState.VALID, _("Reinstate"))], label=_("Change"),
    )  # fmt: skip
    reason = forms.CharField(label=_("Reason"))
    confirm = forms.BooleanField(
        label=_("I confirm: the change is recorded with its reason and shown on the public verification page; "
                "a revoked certificate cannot be reinstated."),
    )  # fmt: skip


class CertificateReviewForm(StyledForm):
    decision = forms.ChoiceField(
        choices=[(ReviewDecision.SUSPENDED, _("Suspend the certificate")),
                 (ReviewDecision.CONFIRMED, _("Confirm the certificate as issued"))], label=_("Decision"),
    )  # fmt: skip
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    confirm = forms.BooleanField(
        label=_("I confirm: the decision and its reason are recorded; a suspension shows on the public "
                "verification page."),
    )  # fmt: skip


class SurveyForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = Survey
        fields = ["punctuality", "clarity", "professionalism", "comment"]
        widgets = {name: forms.Select(choices=[(n, n) for n in range(1, 6)])
                   for name in ("punctuality", "clarity", "professionalism")}  # fmt: skip
