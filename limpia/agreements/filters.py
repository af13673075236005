from django import forms
from django.utils.translation import gettext_lazy as _

from limpia.agreements.choices import AgreementType, Stage
from limpia.agreements.models import Agreement
from limpia.core.filters import FilterForm
from limpia.registry.models import Association, Region, Sector


class AgreementFilter(FilterForm):
    kind = forms.ChoiceField(choices=[("", _("All types")), *AgreementType.choices], required=False, label=_("Type"))
    stage = forms.ChoiceField(choices=[("", _("All stages")), *Stage.choices], required=False, label=_("Stage"))
    sector = forms.ModelChoiceField(
        Sector.objects.all(), required=False, label=_("Sector"), empty_label=_("All sectors")
    )
    region = forms.ModelChoiceField(
        Region.objects.all(), required=False, label=_("Region"), empty_label=_("All regions")
    )
    association = forms.ModelChoiceField(
        Association.objects.all(), required=False, label=_("Association"), empty_label=_("All associations")
    )
    search_fields = ("code", "name")
    lookups = {"kind": "kind", "stage": "stage"}

    def apply(self, qs):
        qs = super().apply(qs)
        if not (self.is_bound and self.is_valid()):
            return qs
        for name, relation in {"sector": "sectors", "region": "regions", "association": "associations"}.items():
            value = self.cleaned_data.get(name)
            if value:
                links = getattr(Agreement, relation).through.objects.filter(**{f"{name}_id": value.pk})
                qs = qs.filter(pk__in=links.values("agreement_id"))
        return qs
