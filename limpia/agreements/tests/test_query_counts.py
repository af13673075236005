"""The agreement list and an agreement's page run a constant number of queries whatever the number
of agreements, installations and actions."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from limpia.agreements import services
from limpia.agreements.models import Adhesion
from limpia.agreements.tests.world import make_agreement
from limpia.registry.tests.factories import InstallationFactory

pytestmark = pytest.mark.django_db


def _grow(world, n: int) -> None:
    staff = world.users["staff"]
    agreement = world.a.agreement
    goal = agreement.goals.first()
    for i in range(n):
        make_agreement(world, code=f"APL-Q{n}-{i}")
        services.create_action(
            goal, by=staff, number=f"9.{n}.{i}", text="Acción", verification_means="Registro", deadline_value=3
        )
        installation = InstallationFactory(company=world.a.company, comuna=world.a.installation.comuna)
        Adhesion.objects.create(
            agreement=agreement,
            installation=installation,
            company=world.a.company,
            requested_by=staff,
            status="approved",
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["staff", "association"])
def test_agreement_list_and_page_queries_are_constant(world, role):
    client = Client()
    client.force_login(world.users[role])
    urls = ["/acuerdos/", world.a.agreement.get_absolute_url(), "/api/v1/agreements", "/acuerdos/tareas/"]
    _grow(world, 2)
    small = {url: _queries(client, url) for url in urls}
    _grow(world, 12)
    large = {url: _queries(client, url) for url in urls}
    assert large == small
