"""No server error on bad input, anywhere (issue 15, item 8).

Every screen URL of the permission matrix is asked, as national staff (who reaches everything), with
each value of a battery of bad inputs in every query parameter the site reads; every path id is asked
with a huge number and every API operation with bad parameters and bodies. A screen answers with its
page (the bad filter ignored or shown as a form error), 400 or 404, never 5xx; the API answers JSON
`{"detail", "field"}` with 4xx, never an HTML error page.
"""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from limpia.core.tests import matrix
from limpia.core.tests.matrix import RULES

HUGE = "99999999999999999999"  # above 2**63: OverflowError on SQLite, out of range on PostgreSQL
# Query values as they arrive on the wire (already percent-encoded where needed).
BAD_QUERY_VALUES = {
    "text": "abc",
    "huge": HUGE,
    "page-2**62": str(2**62),
    "exponent": "1e400",
    "nan": "nan",
    "nul": "a%00b",
    "surrogate": "%ED%A0%80",  # a lone surrogate (U+D800) as UTF-8 bytes: not valid UTF-8
}
# Every parameter a screen of the site reads (filters, pages, years, formats, modes, ids).
PARAMS = sorted(
    {
        "page", "year", "q", "region", "status", "kind", "format", "measure", "measurement", "hasta",
        "modo", "dimension", "company", "flagged", "sector", "stage", "association", "state", "size_class",
        "activity", "comuna", "installation", "agreement", "codigo", "next", "language", "validacion",
        "asignacion", "accion", "meta", "empresa", "gremio", "period", "variable", "call", "line", "goal",
        "agency", "auditor", "from", "to", "desde", "mode", "role", "type", "scope", "order", "sort",
    }
)  # fmt: skip
UI_KINDS = {"public", "entry", "login", "list", "detail", "edit", "create"}


def _query(value: str, names=PARAMS) -> str:
    return "&".join(f"{name}={value}" for name in names)


def _ui_urls(world) -> list[tuple[str, str]]:
    urls = []
    for name in sorted(matrix.ui_url_names()):
        rule = RULES.get(name)
        if rule is None or rule.kind not in UI_KINDS:
            continue
        obj = getattr(world.a, rule.obj) if rule.obj else None
        kwargs = {"pk": obj.pk} if obj is not None and rule.kind != "list" else {}
        try:
            urls.append((name, reverse(name, kwargs=kwargs)))
        except Exception:  # noqa: BLE001 (a URL with other arguments: covered by its own tests)
            continue
    return urls


@pytest.fixture(scope="module")
def module_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, module_media):
    settings.MEDIA_ROOT = module_media  # the world's files, built once for the module, stay readable


@pytest.fixture(scope="module")
def staff_world(django_db_setup, django_db_blocker, module_media):
    """The shared world, built once for the module inside a transaction rolled back at its end."""
    from django.db import transaction
    from django.test import override_settings

    from limpia.core.tests.world import build_world

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=module_media), transaction.atomic():
        world = build_world()
        yield world
        transaction.set_rollback(True)


def _staff_client(world) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.users["staff"])
    return client


@pytest.mark.django_db
def test_every_screen_survives_bad_query_values(staff_world):
    client = _staff_client(staff_world)
    failures = []
    for name, url in _ui_urls(staff_world):
        for label, value in BAD_QUERY_VALUES.items():
            response = client.get(f"{url}?{_query(value)}")
            if response.status_code >= 500:
                failures.append(f"{name} {label}: {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_huge_ids_in_paths_answer_404(staff_world):
    client = _staff_client(staff_world)
    failures = []
    for name, url in _ui_urls(staff_world):
        rule = RULES[name]
        if not rule.obj or rule.kind == "list":
            continue
        pk = str(getattr(staff_world.a, rule.obj).pk)
        for big in (HUGE, "9" * 30):
            response = client.get(url.replace(f"/{pk}/", f"/{big}/", 1))
            if response.status_code != 404:
                failures.append(f"{name} {big}: {response.status_code}")
    assert not failures, "\n".join(failures)


def _form_urls(world) -> list[tuple[str, str]]:
    """Every screen that takes a POST: forms (create, edit) and actions (post, delete) on side A's records."""
    urls = []
    for name in sorted(matrix.ui_url_names()):
        rule = RULES.get(name)
        if rule is None or rule.kind not in {"create", "edit", "post", "delete"}:
            continue
        obj = getattr(world.a, rule.obj) if rule.obj else None
        try:
            urls.append((name, reverse(name, kwargs={"pk": obj.pk} if obj is not None else {})))
        except Exception:  # noqa: BLE001 (a URL with other arguments: covered by its own tests)
            continue
    return urls


def _field_names(client, url) -> list[str]:
    response = client.get(url)
    names = set(re.findall(r'name="([^"]+)"', response.content.decode())) if response.status_code == 200 else set()
    return sorted((names | set(PARAMS)) - {"csrfmiddlewaretoken"})


@pytest.mark.django_db
def test_every_form_and_action_survives_bad_posts(staff_world):
    """Every field of every form (and every parameter an action reads) at once with each bad value: the form
    comes back with its errors, or the action answers with a message, 400 or 404; never 5xx."""
    client = _staff_client(staff_world)
    failures = []
    for name, url in _form_urls(staff_world):
        names = _field_names(client, url)
        for label, value in BAD_QUERY_VALUES.items():
            body = _query(value, names)
            response = client.post(url, body, content_type="application/x-www-form-urlencoded")
            if response.status_code >= 500:
                failures.append(f"{name} {label}: {response.status_code}")
    assert not failures, "\n".join(failures)


# --- API --------------------------------------------------------------------------------------------------

BAD_JSON_VALUES = {
    "huge": 10**30,
    "null": None,
    "surrogate": "\ud800",
    "nul": "a\x00b",
    "nan": float("nan"),
    "exponent-text": "1e400",
    "list": [1, 2],
}


def _api_operations():
    from limpia.core.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            yield method.upper(), path, op, schema


def _body_fields(op, schema) -> list[str]:
    content = (op.get("requestBody") or {}).get("content", {}).get("application/json")
    if not content:
        return []
    ref = content["schema"].get("$ref", "")
    body = schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {}) if ref else content["schema"]
    return list(body.get("properties", {}))


def _check_api(response, label, failures):
    if response.status_code >= 500 or "json" not in response.get("Content-Type", ""):
        failures.append(f"{label}: {response.status_code} {response.get('Content-Type')} {response.content[:200]}")
        return
    if response.status_code >= 400:
        data = response.json()
        if "detail" not in data or "field" not in data:
            failures.append(f"{label}: {response.status_code} without detail/field: {data}")


def _api_path(path: str, value: str) -> str:
    return re.sub(r"\{\w+\}", value, path)


def _api_calls(world):
    """(method, url, body) triples: bad query values on every operation, bad ids in every path, bad bodies."""
    valid = str(world.a.company.pk)
    for method, path, op, schema in _api_operations():
        url = _api_path(path, valid)
        query_names = [p["name"] for p in op.get("parameters", []) if p["in"] == "query"]
        for value in BAD_QUERY_VALUES.values() if query_names else ():
            yield method, f"{url}?{_query(value, query_names)}", None
        if "{" in path:
            for bad_id in ("abc", HUGE):
                yield method, _api_path(path, bad_id), None
        if method in {"POST", "PATCH", "PUT"}:
            fields = _body_fields(op, schema)
            for value in BAD_JSON_VALUES.values():
                yield method, url, json.dumps(dict.fromkeys(fields, value) if fields else value).encode()
            yield method, url, b"{not json"
            yield method, url, b'{"a": "\xff"}'


@pytest.mark.django_db
def test_every_api_operation_survives_bad_input(staff_world):
    client = _staff_client(staff_world)
    failures = []
    for method, url, body in _api_calls(staff_world):
        if body is None:
            response = client.generic(method, url)
        else:
            response = client.generic(method, url, body, content_type="application/json")
        _check_api(response, f"{method} {url} {body[:60] if body else ''}", failures)
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:200])
