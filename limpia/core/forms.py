"""Form base: Bootstrap classes, the acting user, and scoped choices."""

from django import forms


class StyledModelForm(forms.ModelForm):
    """A ModelForm that knows its user and renders with Bootstrap classes."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
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
