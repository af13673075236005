"""Membership that widens an association's scope is consented: requested by the association, accepted by the
company (or decided by national staff), recorded with who, when and why; until then nothing widens."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from limpia.accounts.services import assign_role, create_user
from limpia.mrv import services as mrv_services
from limpia.registry.choices import MembershipState
from limpia.registry.models import Membership

pytestmark = pytest.mark.django_db
RUT_B = "77.654.321-7"  # Empresa B SpA, as printed in the public directory


@pytest.fixture(scope="module")
def mworld(django_db_setup, django_db_blocker):
    """The two-scope world plus a representative of company B; built once for the module."""
    from django.db import transaction

    from limpia.core.tests.world import build_world

    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        world.users["company_b"] = create_user(email="empresa-b@prueba.cl", password="x" * 12, full_name="Rep B")
        assign_role(world.users["company_b"], role="company_representative", company=world.b.company)
        yield world
        transaction.set_rollback(True)


def _client(world, role) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _b_records(world) -> dict[str, str]:
    """Company B's records that an association sees once B is its member: contacts, MRV, evidence files (the
    evidence is stored by this test, in its own media folder)."""
    upload = SimpleUploadedFile("boleta.pdf", b"%PDF-1.4 boleta B", content_type="application/pdf")
    evidence = mrv_services.add_evidence(world.b.mrv_measurement, by=world.users["staff"], upload=upload)
    return {
        "company": reverse("registry:company-detail", args=[world.b.company.pk]),
        "contact": reverse("registry:contact-detail", args=[world.b.contact.pk]),
        "installation": reverse("registry:installation-detail", args=[world.b.installation.pk]),
        "mrv report": reverse("mrv:report", args=[world.b.mrv_report.pk]),
        "mrv evidence": reverse("mrv:evidence-download", args=[evidence.pk]),
        "api contact": f"/api/v1/registry/contacts/{world.b.contact.pk}",
        "api mrv report": f"/api/v1/mrv/reports/{world.b.mrv_report.pk}",
    }


def _statuses(client, urls: dict[str, str]) -> dict[str, int]:
    return {name: client.get(url).status_code for name, url in urls.items()}


def _ask_for_b(world) -> Membership:
    client = _client(world, "association")
    client.post(reverse("registry:association-member-add", args=[world.a.association.pk]), {"company_rut": RUT_B})
    return Membership.objects.get(association=world.a.association, company=world.b.company)


def test_a_foreign_rut_gives_the_association_nothing_until_the_company_accepts(mworld):
    """The attack of issue 15: association A's coordinator types company B's RUT (public) as a «member».
    Before: B's contacts, MRV report and evidence answered 200 at once. Now: a request, and every record of B
    stays 404 for A until B's representative accepts; after that A reads them (200)."""
    world = mworld
    association = _client(world, "association")
    records = _b_records(world)
    membership = _ask_for_b(world)
    assert membership.state == MembershipState.REQUESTED
    assert membership.requested_by == world.users["association"] and membership.requested_at is not None
    assert set(_statuses(association, records).values()) == {404}
    listed = association.get("/api/v1/registry/contacts").json()["items"]
    assert world.b.contact.pk not in {c["id"] for c in listed}
    page = association.get(reverse("registry:association-detail", args=[world.a.association.pk])).content.decode()
    assert "Empresa B SpA" in page and "Solicitud pendiente" in page  # listed as a request, not as a member

    company_b = _client(world, "company_b")
    decide = reverse("registry:membership-decide", args=[membership.pk])
    answer = company_b.post(decide, {"decision": "accept"}, follow=True).content.decode()
    assert "Aceptó la membresía de Gremio A (GA)." in answer
    membership.refresh_from_db()
    assert membership.state == MembershipState.ACCEPTED
    assert membership.decided_by == world.users["company_b"] and membership.decided_at is not None
    assert set(_statuses(association, records).values()) == {200}


def test_a_declined_request_keeps_everything_closed_and_says_why(mworld):
    """Declining needs a reason (refused without one, nothing changed); declined, B stays 404 for A, and A
    sees the answer with its reason; A may ask again later (same record, its history kept)."""
    world = mworld
    membership = _ask_for_b(world)
    company_b = _client(world, "company_b")
    decide = reverse("registry:membership-decide", args=[membership.pk])
    refused = company_b.post(decide, {"decision": "decline", "reason": "  "}, follow=True).content.decode()
    assert "Diga por qué rechaza la solicitud de membresía." in refused
    membership.refresh_from_db()
    assert membership.state == MembershipState.REQUESTED
    company_b.post(decide, {"decision": "decline", "reason": "No somos socias de ese gremio"})
    membership.refresh_from_db()
    assert (membership.state, membership.decision_reason) == (MembershipState.DECLINED, "No somos socias de ese gremio")
    association = _client(world, "association")
    assert set(_statuses(association, _b_records(world)).values()) == {404}
    page = association.get(reverse("registry:association-detail", args=[world.a.association.pk])).content.decode()
    assert "Solicitud rechazada" in page and "No somos socias de ese gremio" in page
    again = _ask_for_b(world)
    assert again.pk == membership.pk and again.state == MembershipState.REQUESTED
    assert [h.state for h in again.history.order_by("history_id")] == ["requested", "declined", "requested"]


def test_only_the_company_or_national_staff_answer_a_request(mworld):
    """The association cannot accept its own request (refused with the reason, state unchanged); another
    company's representative does not even see it (404); national staff may decide."""
    world = mworld
    membership = _ask_for_b(world)
    decide = reverse("registry:membership-decide", args=[membership.pk])
    own = _client(world, "association").post(decide, {"decision": "accept"}, follow=True).content.decode()
    assert "Solo Empresa B SpA o el personal nacional pueden responder esta solicitud." in own
    assert _client(world, "company").post(decide, {"decision": "accept"}).status_code == 404
    membership.refresh_from_db()
    assert membership.state == MembershipState.REQUESTED
    _client(world, "staff").post(decide, {"decision": "accept"})
    membership.refresh_from_db()
    assert membership.state == MembershipState.ACCEPTED and membership.decided_by == world.users["staff"]
    answered = _client(world, "company_b").post(decide, {"decision": "decline", "reason": "tarde"}, follow=True)
    assert "Esta solicitud de membresía ya fue respondida." in answered.content.decode()


def test_the_company_sees_its_requests_and_staff_entries_count_at_once(mworld):
    """B's page lists the pending request with accept/decline to its representative; national staff adding a
    member is their decision: accepted at once, with staff as decider."""
    world = mworld
    _ask_for_b(world)
    page = _client(world, "company_b").get(reverse("registry:company-detail", args=[world.b.company.pk]))
    text = page.content.decode()
    assert "Solicitudes de membresía" in text and "Gremio A (GA)" in text and 'value="accept"' in text
    staff = _client(world, "staff")
    add = reverse("registry:association-member-add", args=[world.b.association.pk])
    staff.post(add, {"company_rut": "76.123.456-0"})
    entry = Membership.objects.get(association=world.b.association, company=world.a.company)
    assert entry.state == MembershipState.ACCEPTED and entry.decided_by == world.users["staff"]


def _api(client, method, url, payload=None):
    return client.generic(method, url, json.dumps(payload or {}), content_type="application/json")


def test_the_api_follows_the_same_consent(mworld):
    """POST members answers 201 with state «requested»; the association cannot decide (400, unchanged); B lists
    the request and accepts it; another company gets 404."""
    world = mworld
    association, company_b = _client(world, "association"), _client(world, "company_b")
    created = _api(association, "POST", f"/api/v1/registry/associations/{world.a.association.pk}/members",
                   {"company_rut": RUT_B})  # fmt: skip
    assert created.status_code == 201 and created.json()["state"] == "requested"
    pk = created.json()["id"]
    assert association.get(f"/api/v1/registry/contacts/{world.b.contact.pk}").status_code == 404
    decision = f"/api/v1/registry/memberships/{pk}/decision"
    refused = _api(association, "POST", decision, {"accept": True})
    assert refused.status_code == 400 and "Empresa B SpA" in refused.json()["detail"]
    assert _api(_client(world, "company"), "POST", decision, {"accept": True}).status_code == 404
    pending = company_b.get("/api/v1/registry/memberships?state=requested").json()["items"]
    assert [m["id"] for m in pending] == [pk]
    accepted = _api(company_b, "POST", decision, {"accept": True})
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    assert association.get(f"/api/v1/registry/contacts/{world.b.contact.pk}").status_code == 200
