from django import forms
from django.utils.translation import gettext_lazy as _

from limpia.agreements.choices import DocumentKind, DueKind, Matter, Stage, TermUnit
from limpia.agreements.models import Action, Agreement, InitialDiagnosis, Term
from limpia.core.forms import StyledModelForm
from limpia.registry.choices import InstallationKind, SizeClass
from limpia.registry.models import Comuna


class AgreementForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = Agreement
        fields = [
            "code", "name", "kind", "sectors", "national_scope", "regions", "basin", "comunas", "associations",
            "agencies", "clock_start", "adhesion_value", "adhesion_unit", "implementation_months",
            "max_certification_months", "net_max_months", "validity_years", "certificate_validity_years",
            "extension_allowed", "has_public_consultation", "requires_agency_validation", "roll_to_business_day",
            "certify_above_75_with_plan", "standard_levels",
        ]  # fmt: skip
        widgets = {
            name: forms.SelectMultiple(attrs={"size": 6}) for name in ("sectors", "regions", "associations", "agencies")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comunas"].queryset = Comuna.objects.select_related("region").order_by("region__order", "name")
        self.fields["comunas"].required = False
        if self.instance.pk:
            self.fields["code"].disabled = True


class TermForm(StyledModelForm):
    anchor = forms.ChoiceField(label=_("counted from"), choices=[
        ("signature", _("signature")), ("clock_start", _("implementation clock start")),
        ("certification", _("certification")), *[(k, v) for k, v in DueKind.choices],
    ])  # fmt: skip

    class Meta(StyledModelForm.Meta):
        model = Term
        fields = ["kind", "value", "unit", "anchor", "repeat"]


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("Move to"), widget=forms.Select(attrs={"class": "form-select"}))
    on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"class": "form-control", "placeholder": "dd-mm-aaaa"}),
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(t, Stage(t).label) for t in targets]


class ExtensionForm(forms.Form):
    value = forms.IntegerField(
        label=_("Extend by"), min_value=1, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    unit = forms.ChoiceField(
        label=_("Unit"), choices=TermUnit.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    kinds = forms.MultipleChoiceField(label=_("Dates it moves (all when none is chosen)"), choices=DueKind.choices,
                                      required=False, widget=forms.CheckboxSelectMultiple)  # fmt: skip
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=DocumentKind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"}))
    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs={"class": "form-control"}))


def _multi(choices, label):
    return forms.MultipleChoiceField(label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple)


class ActionForm(StyledModelForm):
    installation_kinds = _multi(InstallationKind.choices, _("applies to installation kinds"))
    size_classes = _multi(SizeClass.choices, _("applies to company sizes"))
    matters = _multi(Matter.choices, _("matters"))
    sdgs = forms.TypedMultipleChoiceField(
        label=_("SDGs"),
        choices=[(n, str(n)) for n in range(1, 18)],
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    class Meta(StyledModelForm.Meta):
        model = Action
        fields = [
            "goal", "number", "text", "verification_means", "deadline_value", "deadline_unit", "reference_value",
            "reference_unit", "installation_kinds", "size_classes", "criteria_text", "matters", "sdgs", "points",
            "level", "mandatory_for_level",
        ]  # fmt: skip
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "verification_means": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, agreement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = agreement.goals.all() if agreement else self.fields["goal"].queryset.none()


class DiagnosisForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = InitialDiagnosis
        fields = ["person_in_charge", "production", "production_unit", "energy_kwh", "water_m3", "waste_t",
                  "emissions_tco2e", "completed_on", "notes"]  # fmt: skip
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        company = self.instance.adhesion.company
        self.fields["person_in_charge"].queryset = company.contacts.all()


class ImportActionsForm(forms.Form):
    file = forms.FileField(
        label=_("File (.csv or .xlsx)"), widget=forms.ClearableFileInput(attrs={"class": "form-control"})
    )
