"""In production, national staff must complete a TOTP second factor before anything else.

Until the code is confirmed in the session, only the second-factor pages, signing out and static files answer:
every other page redirects to the second factor (to typing the code when the person has a device, to enrolling one
otherwise) and the API answers 403 in JSON. Tokens are guarded in `services.create_api_token` and
`services.authenticate_token`.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from limpia.accounts.queries import has_totp, second_factor_pending

ALLOWED_NAMES = ("accounts:totp-setup", "accounts:login-totp", "accounts:logout")


class RequireStaffTOTPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if second_factor_pending(request) and not self._allowed(request.path):
            if request.path.startswith("/api/"):
                message = _("Confirm your second factor (the code of your authenticator app) before using the API.")
                return JsonResponse({"detail": message, "field": None}, status=403)
            return redirect("accounts:login-totp" if has_totp(request.user) else "accounts:totp-setup")
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        return path in {reverse(name) for name in ALLOWED_NAMES} or path.startswith(settings.STATIC_URL)
