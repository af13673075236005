"""Login throttling: too many failures for one e-mail or one client address blocks both for a while."""

from django.conf import settings
from django.core.cache import cache


def _keys(email: str, ip: str) -> list[str]:
    return [f"login-fail:email:{email.strip().lower()}", f"login-fail:ip:{ip}"]


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def is_blocked(email: str, ip: str) -> bool:
    return any((cache.get(k) or 0) >= settings.LOGIN_THROTTLE_LIMIT for k in _keys(email, ip))


def record_failure(email: str, ip: str) -> None:
    for key in _keys(email, ip):
        cache.add(key, 0, settings.LOGIN_THROTTLE_WINDOW_SECONDS)
        cache.incr(key)


def clear(email: str) -> None:
    cache.delete(_keys(email, "")[0])


def over_limit(request, bucket: str, limit: int, window_seconds: int = 60) -> bool:
    """Count this request against `bucket` for its client address; True once past `limit` in the window."""
    key = f"rate:{bucket}:{client_ip(request)}"
    cache.add(key, 0, window_seconds)
    return cache.incr(key) > limit
