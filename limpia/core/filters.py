"""List filters as small forms: each field narrows the queryset, `q` searches."""

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _


class FilterForm(forms.Form):
    """Subclasses declare fields, `search_fields` and `lookups` {field: ORM lookup}."""

    q = forms.CharField(required=False, label=_("Search"))
    search_fields: tuple[str, ...] = ()
    lookups: dict[str, str] = {}

    def __init__(self, data=None, *, user=None, **kwargs):
        self.user = user
        super().__init__(data or None, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.IntegerField) and field.max_value is None:
                _bound(field)
            field.widget.attrs.setdefault("placeholder", field.label)
            field.widget.attrs.setdefault(
                "class",
                "form-select form-select-sm"
                if isinstance(field, forms.ChoiceField)
                else "form-control form-control-sm",
            )

    def search_query(self, text: str) -> Q:
        q = Q()
        for name in self.search_fields:
            q |= Q(**{f"{name}__icontains": text})
        return q

    def apply(self, qs: QuerySet) -> QuerySet:
        if not self.is_bound or not self.is_valid():
            return qs
        data = self.cleaned_data
        if data.get("q"):
            qs = qs.filter(self.search_query(data["q"].strip()))
        for name, lookup in self.lookups.items():
            value = data.get(name)
            if value not in (None, "", []):
                qs = qs.filter(**{lookup: value})
        return qs


def _bound(field: forms.IntegerField) -> None:
    """Ids and counts within what the database holds: a bigger number is a form error, not an OverflowError."""
    from django.core.validators import MaxValueValidator, MinValueValidator

    from limpia.core.inputs import MAX_ID

    field.validators += [MinValueValidator(-MAX_ID), MaxValueValidator(MAX_ID)]
