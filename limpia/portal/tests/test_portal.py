"""The public portal and open data, through the client as the public sees them: what is published, what each
agreement shows, the datasets and their data package read back, the public API, and query counts that stay
the same however much data there is."""

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from limpia.agreements.choices import AdhesionStatus, Stage
from limpia.agreements.models import Adhesion, Agreement
from limpia.audits.models import Certificate
from limpia.portal import datasets
from limpia.portal.models import Publication
from limpia.registry.models import Company, Installation, Sector

pytestmark = pytest.mark.django_db


def _get(url, **params):
    return Client().get(url, params)


def test_only_signed_agreements_are_published_and_staff_may_hide_one(world):
    page = _get(reverse("portal:agreements")).content.decode()
    assert world.a.agreement.name in page
    Agreement.objects.filter(pk=world.b.agreement.pk).update(stage=Stage.NEGOTIATION)
    assert world.b.agreement.name not in _get(reverse("portal:agreements")).content.decode()
    assert _get(reverse("portal:agreement", args=[world.b.agreement.code])).status_code == 404
    staff = Client()
    staff.force_login(world.users["staff"])
    url = reverse("portal:publication", args=[world.a.agreement.pk])
    assert Client().get(url).status_code == 302
    regional = Client()
    regional.force_login(world.users["regional"])
    assert regional.get(url).status_code == 403
    staff.post(url, {"show_goals": "on", "show_compliance_summary": "on"})  # «published» and installations off
    setting = Publication.objects.get(agreement=world.a.agreement)
    assert not setting.published and setting.history.first().history_user == world.users["staff"]
    assert _get(reverse("portal:agreement", args=[world.a.agreement.code])).status_code == 404


def test_an_agreement_page_shows_parties_goals_installations_and_compliance_as_configured(world):
    url = reverse("portal:agreement", args=[world.a.agreement.code])
    page = _get(url).content.decode()
    for text in ("Gremio A", "Organismo A", "Eficiencia hídrica", "Acción 1.1", "Planta A"):
        assert text in page
    assert "1 instalaciones adheridas; 1 tienen certificado vigente" in page
    Publication.objects.create(agreement=world.a.agreement, show_installations=False, show_goals=False)
    page = _get(url).content.decode()
    assert "Planta A" not in page and "Acción 1.1" not in page and "Gremio A" in page


def test_the_certified_directory_finds_by_name_rut_and_region(world):
    assert "Planta A" in _get(reverse("portal:certified"), q="Empresa A").content.decode()
    assert "Planta A" in _get(reverse("portal:certified"), q="76.123.456").content.decode()
    page = _get(reverse("portal:certified"), region=world.b.region.cut).content.decode()
    assert "Planta B" in page and "Planta A" not in page
    Certificate.objects.filter(pk=world.a.certificate.pk).update(state="revoked")
    assert "Planta A" not in _get(reverse("portal:certified"), q="Empresa A").content.decode()


def _rows_of_csv(content: bytes, excel=False):
    text = content.decode("utf-8-sig" if excel else "utf-8")
    return list(csv.DictReader(io.StringIO(text), delimiter=";" if excel else ","))


def test_every_dataset_reads_back_in_every_format_with_the_fields_of_its_data_package(world):
    package = json.loads(_get(reverse("portal:datapackage")).content)
    assert package["licenses"][0]["name"] == "CC-BY-4.0" and package["sources"]
    assert {r["name"] for r in package["resources"]} == set(datasets.DATASETS)
    for resource in package["resources"]:
        names = [f["name"] for f in resource["schema"]["fields"]]
        assert resource["path"].endswith(f"/datos/{resource['name']}.csv")
        assert "last_modified" in resource and {f["type"] for f in resource["schema"]["fields"]} <= {
            "string",
            "integer",
            "number",
            "date",
            "boolean",
        }
        plain = _get(reverse("portal:dataset", args=[resource["name"], "csv"]))
        assert plain.status_code == 200 and plain.content[:3] != b"\xef\xbb\xbf"
        assert next(csv.reader(io.StringIO(plain.content.decode()))) == names
        excel = _get(reverse("portal:dataset", args=[resource["name"], "excel.csv"])).content
        assert excel.startswith(b"\xef\xbb\xbf") and excel.decode("utf-8-sig").split("\r\n")[0] == ";".join(names)
        book = load_workbook(io.BytesIO(_get(reverse("portal:dataset", args=[resource["name"], "xlsx"])).content))
        assert [c.value for c in next(book.active.iter_rows())] == names
        rows = json.loads(_get(reverse("portal:dataset", args=[resource["name"], "json"])).content)
        assert all(list(r) == names for r in rows)
    certified = _rows_of_csv(_get(reverse("portal:dataset", args=["instalaciones-certificadas", "csv"])).content)
    assert {r["instalacion"] for r in certified} == {"Planta A", "Planta B"}
    assert certified[0]["emitido"] == timezone.localdate().isoformat()
    excel = _rows_of_csv(_get(reverse("portal:dataset", args=["instalaciones-certificadas", "excel.csv"])).content,
                         excel=True)  # fmt: skip
    assert excel[0]["emitido"] == timezone.localdate().strftime("%d-%m-%Y")
    assert _get("/datos/nada.csv").status_code == 404


def _figures(version, installations, region_year=2024):
    from limpia.mrv.models import YearFigure

    zero = {f.name: Decimal(0) for f in YearFigure._meta.fields if f.get_internal_type() == "DecimalField"}
    YearFigure.objects.bulk_create(
        [
            YearFigure(
                version=version, installation=i, year=region_year, accepted=True, **{**zero, "water_m3": Decimal(100)}
            )
            for i in installations
        ]
    )


def test_indicator_aggregates_leave_out_fewer_than_five_installations(world):
    from limpia.mrv import accounting

    version = accounting.new_version(reason="prueba")
    accounting.compute(version)
    comuna = world.a.installation.comuna
    plants = [Installation.objects.create(company=world.a.company, name=f"P{n}", comuna=comuna) for n in range(5)]
    _figures(version, plants[:4])
    rows = json.loads(_get(reverse("portal:dataset", args=["indicadores", "json"])).content)
    assert [r for r in rows if r["anio"] == 2024] == []  # four installations: not published
    _figures(version, plants[4:])
    rows = [r for r in json.loads(_get(reverse("portal:dataset", args=["indicadores", "json"])).content)
            if r["anio"] == 2024]  # fmt: skip
    assert rows == [{**rows[0], "region": "Valparaíso", "instalaciones": 5, "agua_m3": 500.0}]


def test_the_public_api_is_paginated_filtered_and_rate_limited(world, settings):
    body = _get("/api/v1/public/acuerdos", region=world.b.region.cut).json()
    assert [i["codigo"] for i in body["items"]] == ["APL-B"] and body["count"] == 1
    assert _get("/api/v1/public/instalaciones-certificadas", q="Empresa A").json()["count"] == 1
    from django.core.cache import cache

    cache.clear()
    client = Client()
    settings.LIMPIA_PUBLIC_RATE_LIMIT = 5
    statuses = [client.get("/api/v1/public/regiones").status_code for _ in range(6)]
    assert statuses[-1] == 429 and set(statuses[:-1]) == {200}


def test_sitemap_lists_the_public_pages_and_robots_points_to_it(world):
    xml = _get(reverse("portal:sitemap")).content.decode()
    assert reverse("portal:agreement", args=[world.a.agreement.code]) in xml and "/directorio/regiones/13/" in xml
    assert "sitemap.xml" in _get(reverse("portal:robots")).content.decode()
    assert _get(reverse("portal:verify-form"), codigo="https://x/verificar/ABC/")["Location"] == "/verificar/ABC/"


def _grow(world, n: int) -> None:
    """n more signed agreements, and n more adhered and certified installations in agreement A."""
    sector, today = Sector.objects.get(code="fruta"), timezone.localdate()
    for k in range(n):
        extra = Agreement.objects.create(code=f"APL-X{k}", name=f"Acuerdo extra {k}", kind="productive",
                                         stage=Stage.IMPLEMENTATION, signed_on=date(2020, 1, 1))  # fmt: skip
        extra.sectors.add(sector)
        extra.regions.add(world.a.region)
        company = Company.objects.create(rut=f"{70_000_000 + k}-{_dv(70_000_000 + k)}", legal_name=f"Extra {k} SpA",
                                         comuna=world.a.company.comuna, size_class="small")  # fmt: skip
        plant = Installation.objects.create(company=company, name=f"Planta extra {k}", comuna=world.a.company.comuna)
        Adhesion.objects.create(agreement=world.a.agreement, installation=plant, company=company,
                                status=AdhesionStatus.APPROVED, requested_by=world.users["staff"])  # fmt: skip
        Certificate.objects.create(number=f"X-{k}", agreement=world.a.agreement, installation=plant, company=company,
                                   audit=world.a.audit, compliance=100, issued_on=today,
                                   valid_until=today + timedelta(days=900))  # fmt: skip


def _dv(body: int) -> str:
    from limpia.core.rut import make_rut

    return make_rut(body).split("-")[1]


def _queries(url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert Client().get(url).status_code == 200
    return len(ctx.captured_queries)


def test_public_pages_make_the_same_number_of_queries_whatever_the_data(world):
    pages = [reverse("core:home"), reverse("portal:agreements"), reverse("portal:agreements") + "?q=APL&region=05",
             reverse("portal:agreement", args=[world.a.agreement.code]), reverse("portal:certified"),
             reverse("portal:certified") + "?q=Planta", reverse("portal:region", args=[world.a.region.cut]),
             reverse("portal:indicators"), reverse("portal:open-data"), reverse("portal:verify-form"),
             reverse("public:cases"), reverse("portal:sitemap"), "/api/v1/public/acuerdos",
             "/api/v1/public/instalaciones-certificadas"]  # fmt: skip
    for url in pages:
        _queries(url)  # warm up (sessions, caches)
    before = {url: _queries(url) for url in pages}
    _grow(world, 12)
    after = {url: _queries(url) for url in pages}
    assert after == before


def test_the_public_gets_whole_pages_from_the_cache_and_signed_in_people_fresh_ones(world, settings):
    settings.LIMPIA_PUBLIC_CACHE_SECONDS = 60
    url = reverse("portal:agreements")
    assert world.a.agreement.name in _get(url).content.decode()
    Agreement.objects.filter(pk=world.a.agreement.pk).update(name="Acuerdo renombrado")
    assert _get(url).content.decode().count("Acuerdo renombrado") == 0  # the public: the page of a moment ago
    staff = Client()
    staff.force_login(world.users["staff"])
    assert "Acuerdo renombrado" in staff.get(url).content.decode()
    assert "csrfmiddlewaretoken" not in _get(url).content.decode()  # nothing personal in a shared page


def test_the_language_switch_sets_a_cookie_and_goes_back_only_to_this_site():
    response = _get(reverse("core:language"), language="en", next="/directorio/acuerdos/")
    assert response["Location"] == "/directorio/acuerdos/" and response.cookies["django_language"].value == "en"
    assert _get(reverse("core:language"), language="en", next="https://evil.example/")["Location"] == "/"
    assert "django_language" not in _get(reverse("core:language"), language="xx").cookies
