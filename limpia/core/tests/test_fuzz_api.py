"""Schemathesis against the running API: every operation of /api/v1/openapi.json, no server error.

Four callers: anonymous, a company representative and national staff by personal token, and a regional
coordinator by session (with the CSRF cookie and header). Each operation gets `LIMPIA_FUZZ_EXAMPLES`
generated cases per caller, valid and invalid by the schema; the test fails on any 5xx
(`not_a_server_error`) or any error answer that is not JSON, and prints the number of cases run.
The live server has its own transactional database, emptied after the test, so the shared world is untouched.
"""

import os
import time

import pytest
import requests
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db(transaction=True)]

EXAMPLES = int(os.environ.get("LIMPIA_FUZZ_EXAMPLES", "4"))


def _token(user) -> str:
    from limpia.accounts.services import create_api_token

    return create_api_token(user, name="fuzz", second_factor=True)[1]


def _session_of(base_url: str, email: str) -> tuple[requests.Session, dict]:
    from limpia.core.tests.world import PASSWORD

    session = requests.Session()
    session.get(f"{base_url}/cuenta/ingresar/")
    csrf = session.cookies["csrftoken"]
    response = session.post(
        f"{base_url}/cuenta/ingresar/",
        data={"username": email, "email": email, "password": PASSWORD, "csrfmiddlewaretoken": csrf},
        headers={"Referer": f"{base_url}/cuenta/ingresar/"},
    )
    assert "sessionid" in session.cookies, f"login as {email} failed: {response.status_code}"
    return session, {"X-CSRFToken": session.cookies["csrftoken"], "Referer": f"{base_url}/"}


def _callers(base_url: str, world) -> dict[str, tuple[requests.Session, dict]]:
    return {
        "anonymous": (requests.Session(), {}),
        "company by token": (requests.Session(), {"Authorization": f"Bearer {_token(world.users['company'])}"}),
        "staff by token": (requests.Session(), {"Authorization": f"Bearer {_token(world.users['staff'])}"}),
        "regional by session": _session_of(base_url, "regional@prueba.cl"),
    }


def _fuzz(operation, session, headers, base_url: str, tally: dict) -> None:
    from schemathesis.checks import not_a_server_error
    from schemathesis.generation import GenerationMode

    strategy = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(case=strategy)
    def run(case):
        tally["cases"] += 1
        try:
            response = case.call_and_validate(base_url=base_url, session=session, headers=headers,
                                              checks=[not_a_server_error])  # fmt: skip
        except (AssertionError, ExceptionGroup) as exc:
            tally["failures"].append(f"{operation.label}: {exc}"[:500])
            return
        kind = str({k.lower(): v for k, v in response.headers.items()}.get("content-type", ""))
        if response.status_code >= 400 and "json" not in kind:  # files (XLSX, PDF) are answers, errors are JSON
            tally["failures"].append(f"{operation.label}: {response.status_code} {kind}")

    run()


def test_schemathesis_finds_no_server_error(live_server, reference_data, settings, capsys):
    import schemathesis

    from limpia.core.tests.world import build_world

    settings.LIMPIA_PUBLIC_RATE_LIMIT = 10**6
    settings.LIMPIA_VERIFY_RATE_LIMIT = 10**6
    settings.CALCULATOR_RATE_PER_MINUTE = 10**6
    world = build_world()
    base_url = live_server.url.replace("localhost", "127.0.0.1")  # cookies of «localhost» are not sent back
    callers = _callers(base_url, world)
    schema = schemathesis.openapi.from_url(f"{base_url}/api/v1/openapi.json")
    tally, started = {"cases": 0, "failures": []}, time.monotonic()
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        for session, headers in callers.values():
            _fuzz(operation, session, headers, base_url, tally)
    summary = (
        f"schemathesis: {len(operations)} operations × {len(callers)} callers, {tally['cases']} cases, "
        f"{len(tally['failures'])} server errors or non-JSON answers, {time.monotonic() - started:.0f} s"
    )
    with capsys.disabled():
        print(f"\n{summary}")
    assert not tally["failures"], summary + "\n" + "\n".join(tally["failures"][:50])
