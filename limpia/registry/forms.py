from django import forms
from django.utils.translation import gettext_lazy as _

from limpia.core.forms import StyledModelForm
from limpia.core.scoping import CHANGE, scope
from limpia.registry.choices import AgencyCompetence
from limpia.registry.models import Agency, Association, Company, Comuna, ContactPerson, Installation


class CompanyForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = Company
        fields = [
            "rut",
            "legal_name",
            "trade_name",
            "comuna",
            "address",
            "sales_uf",
            "workers",
            "size_class",
            "email",
            "phone",
            "website",
            "activities",
        ]
        widgets = {"activities": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comuna"].queryset = Comuna.objects.select_related("region").order_by("region__order", "name")
        self.fields["comuna"].label_from_instance = lambda c: f"{c.name} ({c.region.name})"
        self.fields["size_class"].help_text = _("Leave empty to derive it from sales (Ley 20.416).")
        if self.instance.pk:
            self.fields["rut"].disabled = True


class InstallationForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = Installation
        fields = [
            "company",
            "kind",
            "name",
            "address",
            "comuna",
            "latitude",
            "longitude",
            "activity",
            "person_in_charge",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = scope(Company, self.user, CHANGE).order_by("legal_name")
        self.fields["comuna"].queryset = Comuna.objects.select_related("region").order_by("region__order", "name")
        self.fields["comuna"].label_from_instance = lambda c: f"{c.name} ({c.region.name})"
        contacts = scope(ContactPerson, self.user, CHANGE).filter(company__isnull=False)
        if self.instance.pk:
            self.fields["company"].disabled = True
            contacts = contacts.filter(company_id=self.instance.company_id)
        self.fields["person_in_charge"].queryset = contacts


class AssociationForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = Association
        fields = ["rut", "name", "acronym", "comuna", "address", "email", "phone", "website"]


class AgencyForm(StyledModelForm):
    competences = forms.MultipleChoiceField(
        choices=AgencyCompetence.choices, required=False, widget=forms.CheckboxSelectMultiple, label=_("competences")
    )

    class Meta(StyledModelForm.Meta):
        model = Agency
        fields = ["name", "acronym", "competences", "region", "email", "website"]


class ContactForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = ContactPerson
        fields = ["full_name", "position", "email", "phone", "company", "association", "agency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = scope(Company, self.user, CHANGE).order_by("legal_name")
        self.fields["association"].queryset = scope(Association, self.user, CHANGE)
        self.fields["agency"].queryset = scope(Agency, self.user, CHANGE)


class MembershipDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    reason = forms.CharField(required=False, max_length=1000, label=_("Reason (required to decline)"))


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What to import"),
        choices=[("companies", _("Companies")), ("installations", _("Installations"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file = forms.FileField(
        label=_("File (.csv or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".csv,.xlsx"}),
    )
