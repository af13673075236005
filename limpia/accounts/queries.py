"""Who must use the TOTP second factor, and whether a request has confirmed it."""

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from limpia.core.scoping import scopes_for


def has_totp(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_required(user) -> bool:
    """National staff must use the second factor when the setting asks for it (production)."""
    return bool(settings.REQUIRE_TOTP_FOR_STAFF) and scopes_for(user).national


def must_verify(user) -> bool:
    """Whoever is required to use TOTP, or enabled it, acts only from a session verified with the code."""
    return totp_required(user) or has_totp(user)


def second_factor_pending(request) -> bool:
    """A signed-in session (not a token) of national staff who must use TOTP and have not typed the code yet."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not totp_required(user):
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified and is_verified())


def session_verified(request) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())
