"""Every URL and API operation × every role × own scope / other scope (see matrix.py)."""

import re

import pytest
from django.test import Client
from django.urls import path, reverse

from limpia.core.tests import matrix
from limpia.core.tests.matrix import ROLES, RULES, Rule

LOGIN_URL = "/cuenta/ingresar/"
OBJECT_KINDS = {"list", "detail", "edit", "delete"}


def _cases():
    for key in sorted(matrix.ui_url_names() | matrix.api_operations()):
        rule = RULES.get(key)
        if rule is None or rule.kind == "skip":
            continue
        sides = ("own", "other") if rule.kind in OBJECT_KINDS else ("-",)
        for role in [*ROLES, "anonymous"]:
            for side in sides:
                yield pytest.param(key, role, side, id=f"{key}|{role}|{side}")


def _target(world, rule: Rule, side: str):
    if not rule.obj:
        return None
    return getattr(world.a if side in ("own", "-") else world.b, rule.obj)


def _url(key: str, rule: Rule, obj) -> str:
    if " " in key:
        return re.sub(r"\{\w+_id\}", str(obj.pk) if obj else "0", key.split(" ", 1)[1])
    if obj is not None and rule.kind != "list":
        return reverse(key, kwargs={"pk": obj.pk})
    return reverse(key)


def _reaches(rule: Rule, role: str, side: str) -> bool:
    return role in (rule.own if side == "own" else rule.other)


def _expected_status(rule: Rule, role: str, side: str, is_api: bool) -> int:
    if role == "anonymous":
        return 200 if rule.kind in {"public", "entry"} else (401 if is_api else 302)
    if rule.kind == "entry":
        return 302
    if rule.kind in {"public", "login", "list"}:
        return 200
    if rule.kind == "post":
        return 405
    if rule.kind == "create":
        return 200 if role in rule.roles else 403
    if not _reaches(rule, role, side):
        return 404
    if rule.kind == "detail":
        return 200
    may_change = role in rule.change if side == "own" else role == "staff"
    if rule.kind == "edit":
        return 200 if may_change else 403
    return 302 if may_change else 403  # delete redirects to the organization's page


def _request(client: Client, key: str, rule: Rule, url: str):
    if " " in key:
        return client.generic(key.split(" ", 1)[0], url)
    if rule.kind == "delete":
        return client.post(url, {"reason": "prueba"})
    return client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "role", "side"), list(_cases()))
def test_permission_matrix(world, key, role, side):
    rule, is_api = RULES[key], " " in key
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    obj = _target(world, rule, side)
    response = _request(client, key, rule, _url(key, rule, obj))
    expected = _expected_status(rule, role, side, is_api)
    assert response.status_code == expected, f"{key} as {role} ({side}): {response.status_code} != {expected}"
    if expected == 302 and role == "anonymous":
        assert response["Location"].startswith(LOGIN_URL)
    if rule.kind == "list" and role != "anonymous":
        assert _listed(response, obj, is_api) == _reaches(rule, role, side)


def _listed(response, obj, is_api: bool) -> bool:
    if is_api:
        return obj.pk in {item["id"] for item in response.json()["items"]}
    return obj.get_absolute_url() in response.content.decode()


def test_every_url_has_a_rule():
    assert matrix.uncovered() == set(), "URLs without a rule in limpia/core/tests/matrix.py"


def _view(request):
    raise AssertionError("never called")


urlpatterns = []  # filled by the test below, used as a ROOT_URLCONF


def test_a_new_url_without_a_rule_is_reported():
    """Proof that the matrix covers new URLs without anyone remembering: add one, see it reported."""
    from limpia import urls as site_urls

    urlpatterns[:] = [*site_urls.urlpatterns, path("nuevo/", _view, name="unruled-new-page")]
    assert matrix.uncovered(urlconf=__name__) == {"unruled-new-page"}


def test_a_new_api_operation_without_a_rule_is_reported():
    from ninja import NinjaAPI

    probe = NinjaAPI(urls_namespace="matrix-probe")

    @probe.get("/registry/companies/{item_id}/secret")
    def secret(request, item_id: int):
        return {}

    assert matrix.uncovered(api=probe) == {"GET /api/v1/registry/companies/{item_id}/secret"}
