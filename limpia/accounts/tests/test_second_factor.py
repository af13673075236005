"""Second factor (issue 15, item 2): until national staff confirm their TOTP code, nothing but the second-factor
pages and signing out is reachable (screens, API by session, token creation); a token acts with its owner's roles
as they are when it is used, and a token that was made without the second factor does not work for someone who
must use it."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from limpia.accounts import services
from limpia.accounts.choices import Role
from limpia.accounts.models import ApiToken
from limpia.core.errors import BusinessRuleError
from limpia.core.tests.world import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/cuenta/ingresar/"
API = "/api/v1/registry/companies"


@pytest.fixture
def required(settings):
    settings.REQUIRE_TOTP_FOR_STAFF = True


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _password_only(email: str) -> Client:
    client = Client()
    response = client.post(LOGIN, {"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def test_staff_signed_in_with_the_password_only_reach_nothing_but_the_second_factor(world, required):
    """Every page, the token form and the API by session send a pending national staff member to the second
    factor; only its pages and signing out answer."""
    client = _password_only("staff@prueba.cl")
    setup = reverse("accounts:totp-setup")
    for url in ("/inicio/", reverse("accounts:profile"), reverse("registry:company-list"), "/admin/",
                reverse("accounts:password-reset"), "/i18n/setlang/"):  # fmt: skip
        assert client.get(url)["Location"] == setup, url
    response = client.post(reverse("accounts:token-create"), {"name": "robo"})
    assert response["Location"] == setup
    assert not ApiToken.objects.exists()
    for url in (API, "/api/v1/docs"):
        api = client.get(url)
        assert api.status_code == 403 and "segundo factor" in api.json()["detail"], url
    assert client.get(setup).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_after_the_code_the_staff_member_creates_a_token_that_reads_national_data(world, required):
    client = _password_only("staff@prueba.cl")
    client.get(reverse("accounts:totp-setup"))
    device = TOTPDevice.objects.get(user=world.users["staff"], confirmed=False)
    assert client.post(reverse("accounts:totp-setup"), {"token": _code(device)})["Location"] == reverse(
        "accounts:profile"
    )
    client.post(reverse("accounts:token-create"), {"name": "planilla"})
    raw = client.get(reverse("accounts:profile")).content.decode().split('id="new-token" class="user-select-all">')[1]
    raw = raw.split("<")[0]
    assert ApiToken.objects.get(user=world.users["staff"]).second_factor
    rows = Client().get(API, HTTP_AUTHORIZATION=f"Bearer {raw}").json()["items"]
    assert {c["rut"] for c in rows} == {world.a.company.rut, world.b.company.rut}
    assert client.get(API).status_code == 200, "the verified session reaches the API too"


def test_a_password_only_session_of_someone_with_a_device_must_type_the_code_and_cannot_add_a_device(
    world, required
):
    """Signing in elsewhere with the password only (for example the admin's own login) must not let anyone
    enrol a new authenticator of their own: the session is sent to the code of the existing device."""
    staff = world.users["staff"]
    device = _confirmed_device(staff)
    client = Client()
    client.force_login(staff)  # a session with the password only
    code_page = reverse("accounts:login-totp")
    assert client.get("/inicio/")["Location"] == code_page
    assert client.get(reverse("accounts:totp-setup"))["Location"] == code_page
    assert not TOTPDevice.objects.filter(user=staff, confirmed=False).exists()
    assert "El código no es válido" in client.post(code_page, {"token": "000000"}).content.decode()
    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None
    device.save()
    assert client.post(code_page, {"token": _code(device)}).status_code == 302
    assert client.get("/inicio/").status_code == 200


def test_the_admin_login_goes_through_the_platforms_login(world):
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_token_creation_is_refused_without_the_second_factor(world, required, settings):
    """The service itself refuses: a person who must use TOTP (national staff in production, or anyone who
    enabled it) gets a token only from a session verified with the code."""
    with pytest.raises(BusinessRuleError, match="segundo factor"):
        services.create_api_token(world.users["staff"], name="x", second_factor=False)
    _confirmed_device(world.users["company"])
    with pytest.raises(BusinessRuleError, match="segundo factor"):
        services.create_api_token(world.users["company"], name="x", second_factor=False)
    settings.REQUIRE_TOTP_FOR_STAFF = False
    token, _raw = services.create_api_token(world.users["auditor"], name="x", second_factor=False)
    assert token.second_factor is False


def test_a_token_made_without_the_second_factor_stops_working_when_its_owner_must_use_it(world, settings):
    """A token created in development (or before this rule) by someone who is national staff in production
    answers 401 with the reason; a new one made after the code works."""
    settings.REQUIRE_TOTP_FOR_STAFF = False
    _token, old = services.create_api_token(world.users["staff"], name="viejo", second_factor=False)
    assert Client().get(API, HTTP_AUTHORIZATION=f"Bearer {old}").status_code == 200
    settings.REQUIRE_TOTP_FOR_STAFF = True
    refused = Client().get(API, HTTP_AUTHORIZATION=f"Bearer {old}")
    assert refused.status_code == 401 and "segundo factor" in refused.json()["detail"]
    _token, new = services.create_api_token(world.users["staff"], name="nuevo", second_factor=True)
    assert Client().get(API, HTTP_AUTHORIZATION=f"Bearer {new}").status_code == 200


def test_a_token_acts_with_its_owners_roles_at_use_time(world, settings):
    """Company representative of A: sees company A. Role removed: sees nothing. Given the regional role of
    region B: sees company B. Deactivated: 401."""
    settings.REQUIRE_TOTP_FOR_STAFF = False
    owner = world.users["company"]
    _token, raw = services.create_api_token(owner, name="planilla", second_factor=False)

    def ruts():
        return [c["rut"] for c in Client().get(API, HTTP_AUTHORIZATION=f"Bearer {raw}").json()["items"]]

    assert ruts() == [world.a.company.rut]
    owner.role_assignments.all().delete()
    assert ruts() == []
    services.assign_role(owner, role=Role.REGIONAL_COORDINATOR, region=world.b.region)
    assert ruts() == [world.b.company.rut]
    owner.is_active = False
    owner.save()
    assert Client().get(API, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
