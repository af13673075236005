"""Login (with optional TOTP step), profile with API tokens, second-factor setup."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token

from limpia.accounts import services, throttling
from limpia.accounts.forms import ApiTokenForm, LoginForm, PreferencesForm, TokenForm
from limpia.accounts.models import ApiToken
from limpia.accounts.queries import session_verified
from limpia.core.errors import BusinessRuleError

PENDING_KEY = "limpia_pending_user"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "core:dashboard"


def _finish_login(request, user, target=None):
    """Log in and keep the user's chosen language for the next requests."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    response = redirect(target or _next_url(request))
    if user.preferred_language:
        translation.activate(user.preferred_language)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.preferred_language)
    return response


def login_view(request):
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.has_totp(form.user):
            request.session[PENDING_KEY] = form.user.pk
            request.session["limpia_next"] = _next_url(request)
            return redirect("accounts:login-totp")
        return _finish_login(request, form.user)
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")})


def login_totp_view(request):
    """The code step: after the password (pending login), or for a session signed in with the password only
    (for example through the admin) of someone who has a device."""
    user_id = request.session.get(PENDING_KEY)
    signed_in = request.user.is_authenticated and not session_verified(request) and services.has_totp(request.user)
    if not user_id and not signed_in:
        return redirect("accounts:login")
    user = get_object_or_404(get_user_model(), pk=user_id, is_active=True) if user_id else request.user
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"].replace(" ", ""))
        if device is None:
            form.add_error("token", _("The code is not valid or has expired."))
        elif user_id:
            del request.session[PENDING_KEY]
            target = request.session.pop("limpia_next", "core:dashboard")
            response = _finish_login(request, user, target)
            otp_login(request, device)
            return response
        else:
            otp_login(request, device)
            return redirect("core:dashboard")
    return render(request, "accounts/login_totp.html", {"form": form})


@login_required
def profile_view(request):
    user = request.user
    form = PreferencesForm(
        request.POST or None,
        initial={
            "full_name": user.full_name,
            "preferred_language": user.preferred_language or "es-cl",
        },
    )
    if request.method == "POST" and form.is_valid():
        services.update_preferences(user, **form.cleaned_data)
        translation.activate(user.preferred_language)
        response = redirect("accounts:profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.preferred_language)
        messages.success(request, _("Your preferences were saved."))
        return response
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "token_form": ApiTokenForm(),
            "tokens": user.api_tokens.all(),
            "roles": user.role_assignments.select_related("region", "association", "company", "agency"),
            "has_totp": services.has_totp(user),
            "new_token": request.session.pop("limpia_new_token", None),
        },
    )


@login_required
@require_POST
def token_create_view(request):
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            _token, raw = services.create_api_token(
                request.user, name=form.cleaned_data["name"], second_factor=session_verified(request)
            )
        except BusinessRuleError as exc:
            messages.error(request, exc.message)
        else:
            request.session["limpia_new_token"] = raw
    else:
        messages.error(request, _("Give the token a name."))
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke_view(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        services.revoke_api_token(token, by=request.user)
        messages.success(request, _("The token «%(name)s» was revoked.") % {"name": token.name})
    except BusinessRuleError as exc:
        messages.error(request, exc.message)
    return redirect("accounts:profile")


@login_required
def totp_setup_view(request):
    if not session_verified(request) and services.has_totp(request.user):
        return redirect("accounts:login-totp")  # a new device only from a session verified with the current one
    device = services.pending_totp_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_totp_device(device, token=form.cleaned_data["token"])
        except BusinessRuleError as exc:
            form.add_error("token", exc.message)
        else:
            otp_login(request, device)
            messages.success(request, _("Second factor enabled. From now on you will be asked for a code."))
            return redirect("accounts:profile")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("QR code for your authenticator app"))
    return render(request, "accounts/totp_setup.html", {"form": form, "qr_svg": qr_svg, "secret": device.config_url})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by e-mail, with e-mails limited per address and per account, silently."""

    def form_valid(self, form):
        if throttling.password_reset_allowed(self.request, form.cleaned_data["email"]):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())
