"""Whole public pages kept in the shared cache for the public (no login), as a busy public site must: the
same address, language and cookies get the same page for LIMPIA_PUBLIC_CACHE_SECONDS (0 turns it off).
Signed-in people always get a fresh page."""

from functools import wraps

from django.conf import settings
from django.views.decorators.cache import cache_page


def public_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.LIMPIA_PUBLIC_CACHE_SECONDS
        if seconds <= 0 or request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        return cache_page(seconds, key_prefix="public")(view)(request, *args, **kwargs)

    return wrapper
