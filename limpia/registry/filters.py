from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from limpia.core.filters import FilterForm
from limpia.registry.choices import InstallationKind, SizeClass
from limpia.registry.models import Company, Region


def _region_field():
    return forms.ModelChoiceField(
        queryset=Region.objects.all(), required=False, label=_("Region"), empty_label=_("All regions")
    )


class CompanyFilter(FilterForm):
    region = _region_field()
    size_class = forms.ChoiceField(
        choices=[("", _("All sizes")), *SizeClass.choices], required=False, label=_("Size class")
    )
    activity = forms.CharField(required=False, label=_("Activity code"))
    search_fields = ("legal_name", "trade_name")
    lookups = {"region": "comuna__region", "size_class": "size_class"}

    def search_query(self, text):
        # A RUT typed with or without dots matches the stored 76123456-7 by prefix.
        return super().search_query(text) | Q(rut__startswith=text.replace(".", "").strip())

    def apply(self, qs):
        qs = super().apply(qs)
        code = self.cleaned_data.get("activity") if self.is_bound and self.is_valid() else None
        if not code:
            return qs
        links = Company.activities.through.objects.filter(economicactivity__code__startswith=code)
        return qs.filter(pk__in=links.values("company_id"))


class InstallationFilter(FilterForm):
    region = _region_field()
    kind = forms.ChoiceField(choices=[("", _("All kinds")), *InstallationKind.choices], required=False, label=_("Kind"))
    search_fields = ("name", "company__legal_name", "comuna__name")
    lookups = {"region": "region", "kind": "kind"}


class AssociationFilter(FilterForm):
    search_fields = ("name", "acronym")


class AgencyFilter(FilterForm):
    search_fields = ("name", "acronym")


class ContactFilter(FilterForm):
    search_fields = ("full_name", "email", "company__legal_name", "association__name", "agency__name")
