from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from limpia.accounts import throttling


class LoginForm(forms.Form):
    """E-mail and password, with throttling of repeated failures."""

    email = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        email = self.cleaned_data.get("email", "")
        password = self.cleaned_data.get("password")
        ip = throttling.client_ip(self.request)
        if throttling.is_blocked(email, ip):
            raise forms.ValidationError(_("Too many failed attempts. Wait 15 minutes or reset your password."))
        if email and password:
            self.user = authenticate(self.request, email=email.lower(), password=password)
            if self.user is None:
                throttling.record_failure(email, ip)
                raise forms.ValidationError(_("The e-mail or the password is not correct."))
            throttling.clear(email)
        return self.cleaned_data


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=80, help_text=_("For example: «planilla de reportes»."))


class PreferencesForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Language"), choices=[("es-cl", "Español (Chile)"), ("en", "English")]
    )
