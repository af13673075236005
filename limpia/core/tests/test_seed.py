"""The synthetic data: deterministic for a seed, shaped like the programme (domain.md §1)."""

import io
import re

import pytest
from django.db import transaction
from django.db.models import Count
from django.test import Client

from limpia.accounts.seed import DEMO_PASSWORD, DEMO_USERS
from limpia.core.seeding import SCALES, run_seed
from limpia.registry.models import Association, Company, ContactPerson, Installation, Region

pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


def _signature(seed: int):
    try:
        with transaction.atomic():
            run_seed("demo", seed, out=io.StringIO())
            signature = (
                list(Company.objects.order_by("rut").values_list("rut", "legal_name", "size_class", "comuna__cut")),
                list(
                    Installation.objects.order_by("company__rut", "name").values_list(
                        "company__rut", "name", "comuna__cut"
                    )
                ),
            )
            raise _Rollback
    except _Rollback:
        return signature


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(reference_data):
    first = _signature(7)
    assert first == _signature(7)
    assert first != _signature(8)


def test_demo_scale_has_the_programmes_shape(reference_data):
    out = io.StringIO()
    run_seed("demo", 2026, out=out)
    scale = SCALES["demo"]
    assert Company.objects.count() == scale.companies
    assert Installation.objects.count() == scale.installations
    assert Association.objects.count() == 11 * scale.associations_per_sector
    assert Region.objects.filter(installations__isnull=False).distinct().count() == 16
    sizes = dict(Company.objects.values_list("size_class").annotate(n=Count("id")))
    assert sizes["micro"] + sizes["small"] > 0.6 * scale.companies
    assert ContactPerson.objects.filter(company__isnull=False).count() == scale.companies
    assert "empresas: 240/240 (100 %)" in out.getvalue()


def test_every_demo_login_lands_on_its_role_page(reference_data):
    run_seed("demo", 2026, out=io.StringIO())
    for email, _name, role in DEMO_USERS:
        client = Client()
        response = client.post("/cuenta/ingresar/", {"email": email, "password": DEMO_PASSWORD}, follow=True)
        page = response.content.decode()
        assert f'data-role="{role.value}"' in page, email
        figures = [int(x.replace(".", "")) for x in re.findall(r'class="display-6 mb-0">([\d.]+)<', page)]
        if role.value in {
            "national_staff",
            "regional_coordinator",
            "association_coordinator",
            "company_representative",
        }:
            assert figures[1] > 0, f"{email} sees no installations on their page"
