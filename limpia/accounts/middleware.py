"""In production, national staff must complete a TOTP second factor before anything else."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from limpia.core.scoping import scopes_for

ALLOWED_PREFIXES = ("/cuenta/", "/static/", "/i18n/")


class RequireStaffTOTPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.REQUIRE_TOTP_FOR_STAFF and self._needs_second_factor(request):
            return redirect(reverse("accounts:totp-setup"))
        return self.get_response(request)

    @staticmethod
    def _needs_second_factor(request) -> bool:
        user = request.user
        if not user.is_authenticated or request.path.startswith(ALLOWED_PREFIXES):
            return False
        return scopes_for(user).national and not user.is_verified()
