"""List pages and API lists run the same number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from limpia.registry.tests.factories import (
    AgencyFactory,
    ContactFactory,
    InstallationFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db
PAGES = [
    reverse("registry:company-list"),
    reverse("registry:installation-list"),
    reverse("registry:association-list"),
    reverse("registry:agency-list"),
    reverse("registry:contact-list"),
    reverse("core:dashboard"),
    "/api/v1/registry/companies",
    "/api/v1/registry/installations",
    "/api/v1/registry/contacts",
]


def _grow(n: int) -> None:
    for installation in InstallationFactory.create_batch(n):
        MembershipFactory(company=installation.company)
        ContactFactory(company=installation.company)
        AgencyFactory()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["staff", "regional"])
def test_list_queries_do_not_grow_with_rows(world, role):
    client = Client()
    client.force_login(world.users[role])
    _grow(3)
    small = {url: _queries(client, url) for url in PAGES}
    _grow(30)
    large = {url: _queries(client, url) for url in PAGES}
    assert large == small
