"""Form base: Bootstrap classes, the acting user, and scoped choices."""

from django import forms
from django.db import models


def _formfield(model_field, **kwargs):
    # Addresses typed without a scheme are taken as https (Django 6's default).
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class StyledModelForm(forms.ModelForm):
    """A ModelForm that knows its user and renders with Bootstrap classes."""

    class Meta:
        formfield_callback = _formfield

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.DecimalField | forms.FloatField):
                _localize(field)
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            widget.attrs.setdefault("class", css)
            if field.help_text:
                widget.attrs.setdefault("aria-describedby", f"id_{name}_help")

    def service_fields(self) -> dict:
        """Cleaned values of the model fields, ready for a service call."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}


def _localize(field: forms.Field) -> None:
    """Numbers as written in Chile (1.234,5): a localized text input, not the browser's number input."""
    field.localize = True
    field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
    field.widget.is_localized = True


def parse_date(text: str):
    """A date as people in Chile write it (31-12-2025), or ISO; None when empty or unreadable."""
    from datetime import datetime

    for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None
