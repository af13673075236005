"""Personal API tokens: created on the profile, shown once, used as Bearer, revoked."""

import pytest
from django.test import Client
from django.urls import reverse

from limpia.accounts.models import ApiToken

pytestmark = pytest.mark.django_db
API = "/api/v1/registry/companies"


def _create(client, name="planilla") -> str:
    client.post(reverse("accounts:token-create"), {"name": name})
    page = client.get(reverse("accounts:profile")).content.decode()
    return page.split('id="new-token" class="user-select-all">')[1].split("<")[0]


def test_a_token_acts_with_its_owners_scope_until_revoked(world):
    client = Client()
    client.force_login(world.users["company"])
    raw = _create(client)
    assert raw.startswith("lp_")
    assert raw not in client.get(reverse("accounts:profile")).content.decode(), "shown only once"
    token = ApiToken.objects.get(user=world.users["company"])
    assert token.key_hash != raw and token.prefix == raw[:10]

    api = Client()
    response = api.get(API, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert [c["rut"] for c in response.json()["items"]] == [world.a.company.rut]
    token.refresh_from_db()
    assert token.last_used_at is not None

    client.post(reverse("accounts:token-revoke", args=[token.pk]))
    revoked = api.get(API, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert revoked.status_code == 401 and "Se requiere autenticación" in revoked.json()["detail"]
    assert token.history.filter(history_event="token.revoked", history_change_reason="").exists()


def test_unknown_token_and_no_credentials_answer_401(world):
    assert Client().get(API, HTTP_AUTHORIZATION="Bearer lp_inventado").status_code == 401
    assert Client().get(API).status_code == 401


def test_nobody_revokes_another_users_token(world):
    owner, other = Client(), Client()
    owner.force_login(world.users["company"])
    other.force_login(world.users["regional"])
    _create(owner)
    token = ApiToken.objects.get(user=world.users["company"])
    assert other.post(reverse("accounts:token-revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_a_token_needs_a_name(world):
    client = Client()
    client.force_login(world.users["company"])
    client.post(reverse("accounts:token-create"), {"name": "   "})
    assert not ApiToken.objects.exists()
