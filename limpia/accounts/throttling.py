"""Counting requests in the shared cache: failed sign-ins, password-reset e-mails and public rate limits.

Failed sign-ins are counted per account (`LOGIN_THROTTLE_LIMIT`, 5 in 15 minutes) and per client address
(`LOGIN_THROTTLE_ADDRESS_LIMIT`, 50): one person's mistakes block that account only, so colleagues behind the same
office NAT can still sign in, while guessing many accounts from one address is stopped. A successful sign-in
clears the account's counter (not the address's: a valid account must not reset the count of guesses at others).

The client address is `REMOTE_ADDR`, or, behind a reverse proxy, the address the proxies report in the header
named by `LIMPIA_TRUSTED_PROXY_HEADER`, counting `LIMPIA_TRUSTED_PROXY_COUNT` proxies from the right (the entries
further left were written by the client and are not trusted).

The counters live in the default cache, shared by every process in production (Redis with `REDIS_URL`, else the
database cache; see settings).
"""

import ipaddress

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The client's address: `REMOTE_ADDR`, or the one the trusted proxies put in the configured header."""
    remote = request.META.get("REMOTE_ADDR", "")
    header = getattr(settings, "LIMPIA_TRUSTED_PROXY_HEADER", "")
    if not header:
        return remote
    entries = [e.strip() for e in request.META.get(header, "").split(",") if e.strip()]
    count = max(1, getattr(settings, "LIMPIA_TRUSTED_PROXY_COUNT", 1))
    if len(entries) < count:
        return remote  # not the path through the proxies we were told about
    candidate = entries[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def _account_key(email: str) -> str:
    return f"login-fail:email:{email.strip().lower()}"


def _address_key(ip: str) -> str:
    return f"login-fail:ip:{ip}"


def _count(key: str) -> int:
    return cache.get(key) or 0


def _increment(key: str, window_seconds: int) -> int:
    """Add one to the counter, which starts its window on the first hit; the new value."""
    if cache.add(key, 1, window_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window_seconds)
        return 1


def is_blocked(email: str, ip: str) -> bool:
    return _count(_account_key(email)) >= settings.LOGIN_THROTTLE_LIMIT or _count(
        _address_key(ip)
    ) >= settings.LOGIN_THROTTLE_ADDRESS_LIMIT


def record_failure(email: str, ip: str) -> None:
    _increment(_account_key(email), settings.LOGIN_THROTTLE_WINDOW_SECONDS)
    _increment(_address_key(ip), settings.LOGIN_THROTTLE_WINDOW_SECONDS)


def clear(email: str) -> None:
    """A successful sign-in clears the account's failures."""
    cache.delete(_account_key(email))


def over_limit(request, bucket: str, limit: int, window_seconds: int = 60) -> bool:
    """Count this request against `bucket` for its client address; True once past `limit` in the window."""
    return _increment(f"rate:{bucket}:{client_ip(request)}", window_seconds) > limit


def password_reset_allowed(request, email: str) -> bool:
    """Count a password-reset request per address and per account (`PASSWORD_RESET_LIMIT` and
    `PASSWORD_RESET_ADDRESS_LIMIT` an hour). Past either, no e-mail is sent, and the page says the same as
    always, so it reveals neither the limit nor whether the account exists."""
    window = settings.PASSWORD_RESET_WINDOW_SECONDS
    by_address = _increment(f"reset:ip:{client_ip(request)}", window) <= settings.PASSWORD_RESET_ADDRESS_LIMIT
    by_account = _increment(f"reset:email:{email.strip().lower()}", window) <= settings.PASSWORD_RESET_LIMIT
    return by_address and by_account
