"""Login by e-mail, throttling, the TOTP second factor, password reset and language."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from limpia.core.tests.world import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/cuenta/ingresar/"


def _login(client, email, password=PASSWORD):
    return client.post(LOGIN, {"email": email, "password": password})


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_login_by_email_lands_on_the_role_page(world):
    client = Client()
    response = _login(client, "REGIONAL@prueba.cl")
    assert response.status_code == 302 and response["Location"] == reverse("core:dashboard")
    page = client.get(response["Location"]).content.decode()
    assert 'data-role="regional_coordinator"' in page and "Valparaíso" in page


def test_a_wrong_password_says_so_in_spanish(world):
    response = _login(Client(), "staff@prueba.cl", "equivocada")
    assert response.status_code == 200
    assert "El correo electrónico o la contraseña no son correctos." in response.content.decode()


def test_login_is_throttled_after_repeated_failures(world, settings):
    settings.LOGIN_THROTTLE_LIMIT = 3
    client = Client()
    for _ in range(3):
        _login(client, "company@prueba.cl", "equivocada")
    response = _login(client, "company@prueba.cl")
    assert response.status_code == 200 and "Demasiados intentos fallidos" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_totp_setup_then_login_asks_for_the_code(world):
    user = world.users["company"]
    client = Client()
    client.force_login(user)
    page = client.get(reverse("accounts:totp-setup")).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(reverse("accounts:totp-setup"), {"token": "000000"}).status_code == 200
    response = client.post(reverse("accounts:totp-setup"), {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    fresh = Client()
    response = _login(fresh, "company@prueba.cl")
    assert response["Location"] == reverse("accounts:login-totp")
    assert "_auth_user_id" not in fresh.session
    wrong = fresh.post(reverse("accounts:login-totp"), {"token": "123456"})
    assert "El código no es válido o expiró." in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.last_t = -1
    device.save()
    done = fresh.post(reverse("accounts:login-totp"), {"token": _code(device)})
    assert done.status_code == 302 and fresh.session["_auth_user_id"] == str(user.pk)


def test_staff_must_set_up_totp_when_required(world, settings):
    settings.REQUIRE_TOTP_FOR_STAFF = True
    staff, company = Client(), Client()
    staff.force_login(world.users["staff"])
    company.force_login(world.users["company"])
    assert staff.get(reverse("registry:company-list"))["Location"] == reverse("accounts:totp-setup")
    assert company.get(reverse("registry:company-list")).status_code == 200


def test_password_reset_by_email(world):
    client = Client()
    client.post(reverse("accounts:password-reset"), {"email": "auditor@prueba.cl"})
    assert len(mail.outbox) == 1 and "Limpia" in mail.outbox[0].subject
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    new = "otra-clave-segura-2026"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert _login(Client(), "auditor@prueba.cl", new).status_code == 302


def test_logout_is_a_post(world):
    client = Client()
    client.force_login(world.users["auditor"])
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("core:dashboard"))["Location"].startswith(LOGIN)


def test_english_is_selectable_and_kept_on_the_profile(world):
    client = Client()
    client.force_login(world.users["company"])
    client.post(reverse("accounts:profile"), {"full_name": "Company Rep", "preferred_language": "en"})
    page = client.get(reverse("registry:company-list")).content.decode()
    assert "Companies" in page and "No companies match." not in page
    assert '<html lang="en">' in page
    world.users["company"].refresh_from_db()
    assert world.users["company"].preferred_language == "en"
