from django import forms
from django.utils.translation import gettext_lazy as _

from limpia.audits.choices import AuditKind, AuditorDocumentKind, CertificateState, RelationKind
from limpia.audits.models import Auditor, Survey
from limpia.core.forms import StyledModelForm
from limpia.registry.models import Company

YES_NO = [("", "—"), ("1", _("Yes")), ("0", _("No"))]


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
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


class RelationForm(StyledForm):
    company = forms.ModelChoiceField(Company.objects.all(), label=_("Company"))
    kind = forms.ChoiceField(choices=RelationKind.choices, label=_("Relation"))
    agreement = forms.IntegerField(required=False, label=_("Agreement (number in Limpia)"))
    description = forms.CharField(required=False, label=_("Description"))


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


class SurveyForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = Survey
        fields = ["punctuality", "clarity", "professionalism", "comment"]
        widgets = {name: forms.Select(choices=[(n, n) for n in range(1, 6)])
                   for name in ("punctuality", "clarity", "professionalism")}  # fmt: skip
