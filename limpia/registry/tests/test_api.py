"""The registry API: same rules and scoping as the screens, errors as JSON in Spanish with the field."""

import json

import pytest
from django.test import Client

from limpia.registry.models import Company

pytestmark = pytest.mark.django_db


def _client(world, role):
    client = Client()
    client.force_login(world.users[role])
    return client


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def _patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


def test_create_company_normalizes_rut_and_derives_size(world):
    response = _post(
        _client(world, "regional"),
        "/api/v1/registry/companies",
        {
            "rut": "76.543.210-3",
            "legal_name": "Conservera del Puerto SpA",
            "comuna": "Viña del Mar",
            "sales_uf": "120000",
            "activities": ["103000"],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["rut"] == "76543210-3" and body["rut_display"] == "76.543.210-3"
    assert body["size_class"] == "large" and body["region"] == "Valparaíso"
    assert Company.objects.get(rut="76543210-3").history.first().history_user == world.users["regional"]


@pytest.mark.parametrize(
    ("payload", "field", "fragment"),
    [
        ({"rut": "76.543.210-4"}, "rut", "dígito verificador"),
        ({"rut": "76.123.456-0"}, "rut", "Ya existe"),
        ({"comuna": "Atlántida"}, "comuna", "comuna desconocida"),
        ({"sales_uf": "50000", "size_class": "micro"}, "size_class", "contradice las ventas declaradas"),
    ],
)
def test_bad_input_answers_422_with_the_field_and_saves_nothing(world, payload, field, fragment):
    data = {"rut": "76.543.210-3", "legal_name": "Nueva SpA", "comuna": "05101", **payload}
    before = Company.objects.count()
    response = _post(_client(world, "staff"), "/api/v1/registry/companies", data)
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert errors[0]["field"] == field and fragment in errors[0]["message"]
    assert Company.objects.count() == before


def test_a_schema_error_names_the_field(world):
    response = _post(_client(world, "staff"), "/api/v1/registry/companies", {"rut": "1-9", "comuna": "05101"})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"legal_name"}
    assert response.json()["detail"] == "Los datos no son válidos. Campo «legal_name»: Este campo es obligatorio."
    assert response.json()["field"] == "legal_name"


def test_a_regional_coordinator_cannot_register_outside_their_region(world):
    response = _post(
        _client(world, "regional"),
        "/api/v1/registry/companies",
        {
            "rut": "76.543.210-3",
            "legal_name": "Lejana SpA",
            "comuna": "08101",
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "field": "comuna",
        "message": "Solo puede registrar empresas en sus regiones.",
    }
    assert not Company.objects.filter(rut="76543210-3").exists()


def test_patch_rederives_size_and_records_history(world):
    client = _client(world, "company")
    url = f"/api/v1/registry/companies/{world.a.company.pk}"
    response = _patch(client, url, {"sales_uf": "1000", "trade_name": "Empresa A"})
    assert response.status_code == 200 and response.json()["size_class"] == "micro"
    history = client.get(url + "/history").json()
    assert history[0]["who"] == "Company" and history[0]["kind"] == "Modificación"
    assert {c["field"] for c in history[0]["changes"]} >= {
        "ventas del año anterior (UF)",
        "tamaño",
        "nombre de fantasía",
    }


def test_another_scopes_company_cannot_be_patched_or_read(world):
    client = _client(world, "company")
    url = f"/api/v1/registry/companies/{world.b.company.pk}"
    assert _patch(client, url, {"trade_name": "Intrusa"}).status_code == 404
    assert client.get(url).status_code == 404
    world.b.company.refresh_from_db()
    assert world.b.company.trade_name == ""


def test_association_coordinator_reads_members_but_cannot_change_them(world):
    client = _client(world, "association")
    url = f"/api/v1/registry/companies/{world.a.company.pk}"
    assert client.get(url).status_code == 200
    response = _patch(client, url, {"trade_name": "Cambio"})
    assert response.status_code == 400 and "No puede modificar" in response.json()["detail"]


def test_lists_filter_and_search_by_rut(world):
    client = _client(world, "staff")
    by_rut = client.get("/api/v1/registry/companies", {"q": "76.123.456"}).json()
    assert [c["id"] for c in by_rut["items"]] == [world.a.company.pk]
    by_region = client.get("/api/v1/registry/installations", {"region": world.b.region.pk}).json()
    assert [i["id"] for i in by_region["items"]] == [world.b.installation.pk]
    assert by_region["count"] == 1


def test_installation_create_and_move_is_refused(world):
    client = _client(world, "company")
    response = _post(
        client,
        "/api/v1/registry/installations",
        {
            "company_rut": "76123456-0",
            "name": "Bodega",
            "kind": "establecimiento",
            "comuna": "05109",
        },
    )
    assert response.status_code == 201 and response.json()["region"] == "CL-VS"
    other = _post(
        client,
        "/api/v1/registry/installations",
        {
            "company_rut": "77654321-7",
            "name": "Infiltrada",
            "comuna": "08101",
        },
    )
    assert other.status_code == 400


def test_associations_agencies_and_contacts_are_written_through_the_api(world):
    staff = _client(world, "staff")
    association = _post(staff, "/api/v1/registry/associations", {"name": "Gremio Nuevo AG", "comuna": "13101"})
    assert association.status_code == 201, association.content
    agency = _post(
        staff, "/api/v1/registry/agencies", {"name": "SEREMI Nueva", "competences": ["health"], "region": "5"}
    )
    assert agency.status_code == 201 and agency.json()["competences"] == ["health"]
    bad = _post(staff, "/api/v1/registry/agencies", {"name": "X Servicio", "competences": ["astrology"]})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"].startswith("competences")

    company = _client(world, "company")
    contact = _post(company, "/api/v1/registry/contacts", {"full_name": "Ana Pérez", "company_id": world.a.company.pk})
    assert contact.status_code == 201
    url = f"/api/v1/registry/contacts/{contact.json()['id']}"
    assert _patch(company, url, {"position": "Jefa de planta"}).json()["position"] == "Jefa de planta"
    assert company.delete(url).status_code == 204
    assert company.get(url).status_code == 404
    intruder = _post(
        company, "/api/v1/registry/contacts", {"full_name": "Infiltrado", "company_id": world.b.company.pk}
    )
    assert intruder.status_code == 404


def test_only_staff_create_associations(world):
    response = _post(_client(world, "association"), "/api/v1/registry/associations", {"name": "Gremio Propio"})
    assert response.status_code == 400 and "personal nacional" in response.json()["detail"]


def test_the_coordinator_manages_members_of_their_association_only(world):
    client = _client(world, "association")
    own = f"/api/v1/registry/associations/{world.a.association.pk}/members"
    assert _post(client, own, {"company_rut": "77.654.321-7"}).status_code == 201
    assert world.a.association.memberships.filter(company=world.b.company).exists()
    again = _post(client, own, {"company_rut": "77.654.321-7"})
    assert again.status_code == 400 and "aún no responde" in again.json()["detail"]
    assert client.delete(f"{own}/{world.b.company.pk}").status_code == 204
    other = f"/api/v1/registry/associations/{world.b.association.pk}/members"
    assert _post(client, other, {"company_rut": "76.123.456-0"}).status_code == 400
    assert not world.b.association.memberships.filter(company=world.a.company).exists()
