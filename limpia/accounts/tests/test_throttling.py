"""Sign-in throttling that does not lock out colleagues (issue 15, item 7): failures counted per account and per
client address (taken from the trusted proxy header when configured), the account's counter cleared on success;
password-reset e-mails limited per account and per address without revealing anything."""

import pytest
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse

from limpia.accounts.throttling import client_ip
from limpia.core.tests.world import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/cuenta/ingresar/"
BLOCKED = "Demasiados intentos fallidos"


@pytest.fixture
def limits(settings):
    settings.LOGIN_THROTTLE_LIMIT = 3
    settings.LOGIN_THROTTLE_ADDRESS_LIMIT = 10
    settings.PASSWORD_RESET_LIMIT = 2
    settings.PASSWORD_RESET_ADDRESS_LIMIT = 3
    return settings


def _login(email, password=PASSWORD, address="10.0.0.1", **headers):
    client = Client(REMOTE_ADDR=address, **headers)
    return client, client.post(LOGIN, {"email": email, "password": password})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_one_persons_failures_block_their_account_not_a_colleague_behind_the_same_address(world, limits):
    """Account limit 3, address limit 10. company@ fails 3 times from the office NAT 10.0.0.1: company@ is
    blocked even with the right password (3 ≥ 3); regional@ from the same address signs in (address count 3 < 10)."""
    for _ in range(3):
        _login("company@prueba.cl", "equivocada")
    client, response = _login("company@prueba.cl")
    assert BLOCKED in response.content.decode() and not _signed_in(client)
    client, response = _login("regional@prueba.cl")
    assert response.status_code == 302 and _signed_in(client)


def test_guessing_many_accounts_from_one_address_is_stopped_there_only(world, limits):
    """10 failures spread over 5 accounts (2 each, under the account limit of 3) reach the address limit of 10:
    that address is blocked for everyone, another address is not."""
    for n in range(10):
        _login(f"persona{n % 5}@prueba.cl", "equivocada")
    client, response = _login("auditor@prueba.cl")
    assert BLOCKED in response.content.decode() and not _signed_in(client)
    client, response = _login("auditor@prueba.cl", address="10.0.0.2")
    assert _signed_in(client)


def test_a_successful_sign_in_clears_the_accounts_failures(world, limits):
    """2 failures, a success, 2 more failures: 2 < 3, not blocked; without the clearing it would be 4."""
    for _ in range(2):
        _login("company@prueba.cl", "equivocada")
    assert _signed_in(_login("company@prueba.cl")[0])
    for _ in range(2):
        _login("company@prueba.cl", "equivocada")
    assert _signed_in(_login("company@prueba.cl")[0])


def test_the_client_address_comes_from_the_trusted_proxy_header_only_when_configured(settings):
    """X-Forwarded-For "1.1.1.1, 203.0.113.7" reached the app from the proxy 10.0.0.9: the proxy appended
    203.0.113.7 (the address it saw); 1.1.1.1 was written by the client and is not trusted with one proxy."""
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7")
    settings.LIMPIA_TRUSTED_PROXY_HEADER = ""
    assert client_ip(request) == "10.0.0.9"
    settings.LIMPIA_TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.LIMPIA_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"
    settings.LIMPIA_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "1.1.1.1"
    settings.LIMPIA_TRUSTED_PROXY_COUNT = 3  # fewer entries than proxies: not the expected path, use the peer
    assert client_ip(request) == "10.0.0.9"
    settings.LIMPIA_TRUSTED_PROXY_COUNT = 1
    bad = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="<script>")
    assert client_ip(bad) == "10.0.0.9"


def test_behind_the_proxy_each_client_address_has_its_own_count(world, limits):
    """Every request arrives from the proxy 10.0.0.9; with the header trusted, 10 failures from 203.0.113.7
    block that client only."""
    limits.LIMPIA_TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    for n in range(10):
        _login(f"persona{n % 5}@prueba.cl", "equivocada", address="10.0.0.9", HTTP_X_FORWARDED_FOR="203.0.113.7")
    client, response = _login("auditor@prueba.cl", address="10.0.0.9", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert BLOCKED in response.content.decode()
    client, response = _login("auditor@prueba.cl", address="10.0.0.9", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert _signed_in(client)


def _reset(email, address="10.0.0.1"):
    return Client(REMOTE_ADDR=address).post(reverse("accounts:password-reset"), {"email": email})


def test_password_reset_emails_are_limited_per_account_silently(world, limits):
    """Limit 2 an hour per account: the third request for auditor@ (from another address) sends nothing and
    answers exactly like the others, and like an unknown address."""
    answers = [_reset("auditor@prueba.cl", address=f"10.0.1.{n}") for n in range(3)]
    assert len(mail.outbox) == 2
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, reverse("accounts:password-reset-done"))}
    unknown = _reset("nadie@prueba.cl", address="10.0.2.1")
    assert (unknown.status_code, unknown["Location"]) == (302, reverse("accounts:password-reset-done"))


def test_password_reset_emails_are_limited_per_address(world, limits):
    """Limit 3 an hour per address: four different accounts asked from 10.0.0.1 send three e-mails; the
    fourth account, asked from elsewhere, gets its e-mail."""
    for who in ("auditor", "company", "regional", "validator"):
        _reset(f"{who}@prueba.cl")
    assert sorted(m.to[0] for m in mail.outbox) == ["auditor@prueba.cl", "company@prueba.cl", "regional@prueba.cl"]
    _reset("validator@prueba.cl", address="10.0.0.2")
    assert mail.outbox[-1].to == ["validator@prueba.cl"]
