"""The auditor registry: what each role reads of an auditor, relations declared by the company's RUT and the
agreement's code, independence compared by company id, and a new application after a rejection."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from limpia.accounts.services import assign_role, create_user
from limpia.audits import services
from limpia.audits.choices import AuditorStatus, RelationKind
from limpia.audits.models import Auditor, AuditorRelation
from limpia.core.errors import BusinessRuleError
from limpia.registry.models import Company

pytestmark = pytest.mark.django_db
SECRET = "asesoría reservada 2025"  # a relation's description: only the auditor and staff read it


@pytest.fixture(scope="module")
def aworld(django_db_setup, django_db_blocker):
    """The two-scope world, plus a relation of auditor B with company A; built once for the module."""
    from django.db import transaction

    from limpia.core.tests.world import build_world

    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        services.declare_relation(
            world.b.auditor, by=world.users["staff"], company=world.a.company, kind=RelationKind.EMPLOYER,
            description=SECRET,
        )  # fmt: skip
        world.users["auditor_b"] = world.b.auditor.user
        yield world
        transaction.set_rollback(True)


def _client(world, role) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


PRIVATE = ["11.111.111-1", "auditor-b@prueba.cl", "titulo.pdf", SECRET]  # auditor B's RUT, e-mail, document


@pytest.mark.parametrize("role", ["regional", "association", "company", "validator", "auditor"])
def test_other_roles_read_only_name_status_and_sectors(aworld, role):
    """Auditor B's page as each other role (auditor A included): the name, status and sectors are there; the
    RUT, e-mail, document and declared relation are not. The API gives the same role no RUT, and a search by
    B's RUT finds nothing (a search may not reveal what the page hides)."""
    client = _client(aworld, role)
    page = client.get(reverse("audits:auditor-detail", args=[aworld.b.auditor.pk])).content.decode()
    assert "Auditora B" in page and "Aprobada" in page
    assert [text for text in PRIVATE if text in page] == []
    assert client.get(f"/api/v1/auditors/{aworld.b.auditor.pk}").json()["rut"] is None
    assert client.get("/api/v1/auditors?q=11111111").json()["items"] == []
    others = [a for a in client.get("/api/v1/auditors").json()["items"] if a["id"] != aworld.a.auditor.pk]
    assert others and {a["rut"] for a in others} == {None}  # auditor A reads their own RUT only
    assert "Auditora B" not in client.get(reverse("audits:auditor-list") + "?q=11111111").content.decode()


@pytest.mark.parametrize("role", ["staff", "auditor_b"])
def test_the_auditor_and_national_staff_read_everything(aworld, role):
    client = _client(aworld, role)
    page = client.get(reverse("audits:auditor-detail", args=[aworld.b.auditor.pk])).content.decode()
    assert [text for text in PRIVATE if text not in page] == []
    assert "Empresa A SpA (RUT 76.123.456-0)" in page  # each related company with its RUT
    assert client.get(f"/api/v1/auditors/{aworld.b.auditor.pk}").json()["rut"] == "11111111-1"


def test_a_relation_names_the_company_by_rut_and_the_agreement_by_code(aworld):
    """Auditor A declares, through the form, advice to company B (RUT 77.654.321-7) on agreement APL-B (code
    picked from the search). Stored against B's id; the page shows B with its RUT. Wrong input changes nothing
    and says which field and why."""
    client, url = _client(aworld, "auditor"), reverse("audits:auditor-relation-add", args=[aworld.a.auditor.pk])
    before = AuditorRelation.objects.count()
    bad_rut = client.post(url, {"company": "76.543.210-3", "kind": "consultant", "agreement": "APL-B"}, follow=True)
    assert "Empresa (RUT): No hay ninguna empresa registrada con RUT 76.543.210-3." in bad_rut.content.decode()
    bad_code = client.post(url, {"company": "77.654.321-7", "kind": "consultant", "agreement": "APL-ZZ"}, follow=True)
    assert "Ningún acuerdo tiene el código «APL-ZZ»; elíjalo de la lista." in bad_code.content.decode()
    assert AuditorRelation.objects.count() == before
    done = client.post(url, {"company": "77.654.321-7", "kind": "consultant", "agreement": "apl-b"}, follow=True)
    relation = AuditorRelation.objects.get(auditor=aworld.a.auditor)
    assert (relation.company_id, relation.agreement_id) == (aworld.b.company.pk, aworld.b.agreement.pk)
    assert "Empresa B SpA (RUT 77.654.321-7)" in done.content.decode()


def test_independence_compares_companies_by_id_not_by_name(aworld):
    """Worked example: a second company is also called «Empresa B SpA» (RUT 96.000.000-5). Auditor A declares
    they work for that namesake: assigning A to B's installation is allowed (a name is not an identity). Declaring
    they work for B itself (77.654.321-7) refuses the assignment with the reason, nothing assigned."""
    world = aworld
    namesake = Company.objects.create(rut="96000000-5", legal_name="Empresa B SpA", comuna=world.b.company.comuna)
    auditor, assignment = world.a.auditor, world.b.assignment
    staff = world.users["staff"]
    services.declare_relation(auditor, by=staff, company=namesake, kind=RelationKind.EMPLOYER)
    assert services.assignment_problem(auditor, assignment) is None
    services.declare_relation(auditor, by=staff, company=world.b.company, kind=RelationKind.EMPLOYER)
    assigned_before = assignment.auditor_id
    with pytest.raises(BusinessRuleError, match="no es independiente|not independent"):
        services.assign_auditor([assignment], by=staff, auditor=auditor)
    assignment.refresh_from_db()
    assert assignment.auditor_id == assigned_before


def test_company_and_agreement_searches_feed_the_pickers(aworld):
    """By RUT prefix (dots and dash as typed) or name, RUT and name only, nothing under 3 characters; agreements
    by code; roles that declare nothing get 403."""
    auditor = _client(aworld, "auditor")
    search = reverse("registry:company-search")
    by_rut = auditor.get(search, {"company": "77.654.3"}).content.decode()
    assert '<option value="77.654.321-7">Empresa B SpA · 77.654.321-7</option>' in by_rut
    assert "77.654.321-7" in auditor.get(search, {"q": "empresa b"}).content.decode()
    assert auditor.get(search, {"q": "em"}).content.decode().strip() == ""
    agreements = auditor.get(reverse("audits:agreement-search"), {"agreement": "APL-B"}).content.decode()
    assert '<option value="APL-B">' in agreements
    assert _client(aworld, "company").get(search, {"q": "empresa"}).status_code == 403
    assert _client(aworld, "company").get(reverse("audits:agreement-search"), {"q": "APL"}).status_code == 403


def test_a_rejected_auditor_applies_again_and_the_old_application_is_kept(aworld):
    """Applied → rejected with comments → a second application by the same account and RUT is accepted as a
    new record; the rejected one stays, with its comments. A second live application, or the same RUT from
    another account, is refused."""
    world = aworld
    user = create_user(email="postulante@prueba.cl", password="x" * 12, full_name="Postulante")
    assign_role(user, role="auditor")
    client = Client()
    client.force_login(user)
    form = {"full_name": "Postulante Uno", "rut": "15.555.555-6", "email": "postulante@prueba.cl", "profession": ""}
    assert client.post(reverse("audits:auditor-apply"), form).status_code == 302
    first = Auditor.objects.get(user=user)
    services.review_auditor(first, by=world.users["staff"], approve=False, comments="Falta el título")
    assert client.post(reverse("audits:auditor-apply"), form).status_code == 302
    second = Auditor.objects.filter(user=user).exclude(pk=first.pk).get()
    first.refresh_from_db()
    assert (first.status, first.review_comments) == (AuditorStatus.REJECTED, "Falta el título")
    assert second.status == AuditorStatus.APPLIED and second.rut == first.rut
    again = client.post(reverse("audits:auditor-apply"), form)
    assert "Ya tiene una postulación en el registro." in again.content.decode()
    other = create_user(email="otra@prueba.cl", password="x" * 12, full_name="Otra")
    with pytest.raises(BusinessRuleError):
        services.apply_auditor(by=other, full_name="Otra", rut="15.555.555-6", email="otra@prueba.cl")
    services.review_auditor(second, by=world.users["staff"], approve=False, comments="Sigue faltando")
    with pytest.raises(BusinessRuleError, match="otra cuenta|another account"):
        services.apply_auditor(by=other, full_name="Otra", rut="15.555.555-6", email="otra@prueba.cl")
    assert Auditor.objects.filter(rut="15555555-6").count() == 2


def test_the_api_declares_relations_against_a_company_id(aworld):
    """By id, as the API names records; an agreement neither public nor in the auditor's scope (one still at
    expression of interest) answers 404, as if it did not exist, and nothing is declared."""
    from limpia.agreements.tests.world import make_agreement

    client, url = _client(aworld, "auditor"), f"/api/v1/auditors/{aworld.a.auditor.pk}/relations"
    unpublished = make_agreement(aworld, side="b", code="APL-RESERVADO")
    hidden = {"company_id": aworld.b.company.pk, "kind": "consultant", "agreement_id": unpublished.pk}
    before = AuditorRelation.objects.count()
    assert client.post(url, json.dumps(hidden), content_type="application/json").status_code == 404
    assert AuditorRelation.objects.count() == before
    payload = {"company_id": aworld.b.company.pk, "kind": "employer"}
    response = client.post(url, json.dumps(payload), content_type="application/json")
    assert response.status_code == 201
    assert AuditorRelation.objects.get(pk=response.json()["id"]).company_id == aworld.b.company.pk


def test_suspending_an_auditor_or_deciding_an_application_needs_the_confirm_box(aworld):
    """Staff suspend Auditora B (approved) with a reason but without the box: the page says nothing was done and she
    stays approved; the same for a decision on an application. With confirm=1 she is suspended."""
    auditor, client = aworld.b.auditor, _client(aworld, "staff")
    page = client.get(reverse("audits:auditor-detail", args=[auditor.pk])).content.decode()
    assert "Suspender saca a Auditora B del registro público" in page and 'id="confirm-status"' in page
    status = reverse("audits:auditor-status", args=[auditor.pk])
    posts = [(status, {"action": "suspend", "reason": "Conflicto de interés"}),
             (reverse("audits:auditor-review", args=[auditor.pk]), {"decision": "reject", "comments": "x"})]
    for url, data in posts:
        page = client.post(url, data, follow=True).content.decode()
        assert "No se hizo nada: marque la casilla que confirma lo que ocurrirá" in page, url
        assert Auditor.objects.get(pk=auditor.pk).status == AuditorStatus.APPROVED
    client.post(status, {**posts[0][1], "confirm": "1"})
    assert Auditor.objects.get(pk=auditor.pk).status == AuditorStatus.SUSPENDED
