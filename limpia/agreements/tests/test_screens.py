"""Agreement screens and API: transitions, documents, calendar feed, inbox, actions import, reports."""

import io
import json
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from limpia.agreements import services
from limpia.agreements.choices import Stage
from limpia.agreements.models import Action, Agreement
from limpia.agreements.queries import calendar_feed_url
from limpia.agreements.tests.world import make_agreement

pytestmark = pytest.mark.django_db


def _client(world, role):
    client = Client()
    client.force_login(world.users[role])
    return client


def test_the_agreement_page_shows_timeline_calendar_goals_adhesions_and_history(world):
    page = _client(world, "association").get(world.a.agreement.get_absolute_url()).content.decode()
    for expected in [
        "Implementación",
        "Línea de tiempo",
        "Firma",
        "Auditoría final",
        "Eficiencia hídrica",
        "Planta A",
        "Texto firmado",
        "Historial",
    ]:
        assert expected in page, expected
    assert "Registrar el cambio" not in page, "an association coordinator cannot change the stage"


def test_an_invalid_transition_through_the_screen_says_why_and_changes_nothing(world):
    client = _client(world, "staff")
    url = reverse("agreements:agreement-transition", args=[world.a.agreement.pk])
    page = client.post(url, {"to": Stage.CLOSED}, follow=True).content.decode()
    assert "Elija una etapa a la que pueda pasar el acuerdo." in page
    world.a.agreement.refresh_from_db()
    assert world.a.agreement.stage == Stage.IMPLEMENTATION


def test_an_invalid_transition_through_the_api_answers_400_and_changes_nothing(world):
    client = _client(world, "staff")
    url = f"/api/v1/agreements/{world.a.agreement.pk}/transitions"
    response = client.post(url, json.dumps({"to": "closed"}), content_type="application/json")
    assert response.status_code == 400 and "no puede pasar a «Cerrado»" in response.json()["detail"]
    assert Agreement.objects.get(pk=world.a.agreement.pk).stage == Stage.IMPLEMENTATION
    ok = client.post(
        url, json.dumps({"to": "final_audit", "comment": "Inicio auditoría"}), content_type="application/json"
    )
    assert ok.status_code == 201 and ok.json()["to_stage"] == "final_audit"
    timeline = client.get(f"/api/v1/agreements/{world.a.agreement.pk}/timeline").json()
    assert timeline[-1]["comment"] == "Inicio auditoría" and timeline[0]["to_stage"] == "interest"


def test_documents_are_served_only_to_who_sees_the_agreement(world):
    url = world.a.document.get_absolute_url()
    response = _client(world, "company").get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert _client(world, "auditor").get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert not world.a.document.file.url.startswith("/static/")


def test_the_calendar_feed_is_personal_signed_and_follows_scope(world):
    url = calendar_feed_url(world.a.agreement, world.users["company"])
    body = Client().get(url).content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and "DTSTART;VALUE=DATE:20270902" in body
    assert "SUMMARY:APL-A: Auditoría final" in body
    assert Client().get(url.replace(".ics", "x.ics")).status_code == 404
    outsider = calendar_feed_url(world.a.agreement, world.users["auditor"])
    assert Client().get(outsider).status_code == 404


def test_the_inbox_lists_pending_diagnoses_and_decisions_overdue_first(world):
    services.request_adhesion(
        world.a.agreement.__class__.objects.get(pk=world.a.agreement.pk), installations=[], by=world.users["company"]
    ) if False else None
    page = _client(world, "company").get(reverse("agreements:inbox")).content.decode()
    assert "Diagnóstico inicial de Planta A" in page and "Atrasado" in page
    assert "Planta B" not in page


def _actions_file(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "meta",
            "titulo_meta",
            "numero",
            "accion",
            "medio_verificacion",
            "plazo",
            "unidad_plazo",
            "tamanos",
            "materias",
            "ods",
        ]
    )
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "acciones.xlsx"
    return buffer


def test_actions_import_saves_all_or_nothing_with_row_errors(world):
    client = _client(world, "staff")
    url = reverse("agreements:actions-import", args=[world.a.agreement.pk])
    before = Action.objects.count()
    bad = _actions_file(
        [
            [2, "Energía", "2.1", "Medir consumo eléctrico", "Factura", 6, "meses", "micro, pequeña", "energia", "7"],
            [2, "Energía", "2.2", "Cambiar luminarias", "Boleta", 12, "semanas", "", "", ""],
            [2, "Energía", "2.3", "Auditoría energética", "Informe", 12, "meses", "gigante", "", "18"],
        ]
    )
    page = client.post(url, {"file": bad}).content.decode()
    assert "El archivo tiene 3 errores; no se guardó nada." in page
    assert "unidad del plazo desconocido: semanas" in page and "los ODS van del 1 al 17" in page
    assert Action.objects.count() == before
    good = _actions_file(
        [
            [2, "Energía", "2.1", "Medir consumo eléctrico", "Factura", 6, "meses", "micro, pequeña", "energia", "7"],
            [2, "Energía", "2.2", "Cambiar luminarias", "Boleta", 12, "meses", "", "energia", "7, 13"],
        ]
    )
    assert "Se importaron 2 acciones." in client.post(url, {"file": good}).content.decode()
    action = Action.objects.get(goal__agreement=world.a.agreement, number="2.1")
    assert action.size_classes == ["micro", "small"] and action.sdgs == [7] and action.is_differentiated


def test_the_template_and_the_progress_report(world):
    client = _client(world, "association")
    template = client.get(reverse("agreements:actions-template", args=[world.a.agreement.pk]))
    book = load_workbook(io.BytesIO(b"".join(template.streaming_content)))
    assert book["acciones"]["A1"].value == "meta" and book["metas"]["B2"].value == "Eficiencia hídrica"
    xlsx = client.get(reverse("agreements:agreement-report", args=[world.a.agreement.pk]))
    summary = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).worksheets[0]
    values = {row[0].value: row[1].value for row in summary.iter_rows()}
    assert values["Aprobada"] == 1 and values["Diagnósticos iniciales pendientes"] == 1
    pdf = client.get(reverse("agreements:agreement-report", args=[world.a.agreement.pk]) + "?format=pdf")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_creating_an_agreement_through_the_api_with_the_template_calendar(world):
    client = _client(world, "regional")
    payload = {
        "code": "APL-V-01",
        "name": "Acuerdo regional de Valparaíso",
        "kind": "productive",
        "national_scope": False,
        "sectors": ["vino"],
        "regions": ["CL-VS"],
    }
    response = client.post("/api/v1/agreements", json.dumps(payload), content_type="application/json")
    assert response.status_code == 201, response.content
    created = Agreement.objects.get(code="APL-V-01")
    assert created.stage == "interest" and created.terms.count() == 12
    outside = {**payload, "code": "APL-BB", "regions": ["CL-BI"]}
    refused = client.post("/api/v1/agreements", json.dumps(outside), content_type="application/json")
    assert refused.status_code == 400 and not Agreement.objects.filter(code="APL-BB").exists()


def test_a_company_requests_adhesion_through_the_api_within_the_window(world):
    agreement = make_agreement(world, code="APL-C")
    from limpia.agreements.tests.world import sign

    sign(world, agreement, on=date.today())
    client = _client(world, "company")
    url = f"/api/v1/agreements/{agreement.pk}/adhesions"
    response = client.post(
        url, json.dumps({"installation_ids": [world.a.installation.pk]}), content_type="application/json"
    )
    assert response.status_code == 201 and response.json()[0]["status"] == "requested"
    decided = _client(world, "association").post(
        f"/api/v1/adhesions/{response.json()[0]['id']}/decision",
        json.dumps({"approve": True}),
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"


def _json(client, method, url, data):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_the_api_writes_terms_extensions_goals_actions_committee_and_diagnosis(world):
    staff, company = _client(world, "staff"), _client(world, "company")
    base = f"/api/v1/agreements/{world.a.agreement.pk}"
    bad_terms = _json(staff, "put", f"{base}/terms", [{"kind": "initial_diagnosis", "value": 2}])
    assert (
        bad_terms.status_code == 422 and "exactamente una auditoría final" in bad_terms.json()["errors"][0]["message"]
    )
    assert world.a.agreement.terms.count() == 12, "the old calendar stays"
    terms = _json(
        staff, "put", f"{base}/terms", [{"kind": "final_audit", "value": 16}, {"kind": "initial_diagnosis", "value": 3}]
    )
    assert terms.status_code == 200 and {d["kind"] for d in terms.json()} >= {"final_audit", "final_audit_close"}
    extension = _json(
        staff, "post", f"{base}/extensions", {"value": 2, "kinds": ["final_audit"], "reason": "Incendios"}
    )
    final = next(d for d in extension.json() if d["kind"] == "final_audit")
    assert extension.status_code == 201 and final["before_extension"] != final["day"]
    assert _json(staff, "post", f"{base}/goals", {"number": 2, "title": "Energía"}).status_code == 201
    action = {
        "goal_number": 2,
        "number": "2.1",
        "text": "Medir energía",
        "verification_means": "Facturas",
        "deadline_value": 6,
        "size_classes": ["micro"],
    }
    assert _json(staff, "post", f"{base}/actions", action).status_code == 201
    assert _json(company, "post", f"{base}/actions", {**action, "number": "2.2"}).status_code == 403
    member = _json(staff, "post", f"{base}/committee", {"full_name": "Ana Soto", "institution": "SEREMI"}).json()
    meeting = _json(
        staff, "post", f"{base}/meetings", {"held_on": "2026-05-04", "agenda": "Avance", "attendee_ids": [member["id"]]}
    )
    assert meeting.status_code == 201 and meeting.json()["attendance"] == 1
    diagnosis = _json(company, "patch", f"/api/v1/adhesions/{world.a.adhesion.pk}/diagnosis", {"energy_kwh": 1250.5})
    assert diagnosis.status_code == 200 and diagnosis.json()["completed_on"] is not None
    world.a.diagnosis.refresh_from_db()
    assert str(world.a.diagnosis.energy_kwh) == "1250.50"


def test_the_installation_page_lists_its_agreements_and_the_calendar_its_final_audit_window(world):
    page = _client(world, "company").get(world.a.installation.get_absolute_url()).content.decode()
    assert "APL-A" in page and reverse("agreements:adhesion-detail", args=[world.a.adhesion.pk]) in page
    from limpia.agreements.queries import agreement_calendar

    close = next(e for e in agreement_calendar(world.a.agreement) if e.kind == "final_audit_close")
    assert close.day == date(2027, 9, 2), "18 months (the maximum) after the clock started on 2 March 2026"


def test_stage_change_and_adhesion_decisions_need_the_confirm_box_and_say_what_will_happen(world):
    """Without "I confirm" nothing changes and the page says so; with it the action goes through.

    Worked example: agreement A is in «Implementación»; staff asks to move it to «Auditoría final» without the box:
    the stage stays «Implementación» and no stage change is recorded. Same for withdrawing Planta A's adhesion:
    it stays approved. With confirm=1 the stage becomes «Auditoría final».
    """
    client = _client(world, "staff")
    agreement, adhesion = world.a.agreement, world.a.adhesion
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert f"{agreement.code} dejará la etapa «Implementación»" in page and 'name="confirm"' in page
    changes = agreement.stage_changes.count()
    url = reverse("agreements:agreement-transition", args=[agreement.pk])
    data = {"to": Stage.FINAL_AUDIT, "comment": "Inicio auditoría"}
    page = client.post(url, data, follow=True).content.decode()
    assert "No se hizo nada: marque la casilla que confirma lo que ocurrirá" in page
    agreement.refresh_from_db()
    assert agreement.stage == Stage.IMPLEMENTATION and agreement.stage_changes.count() == changes
    status = adhesion.status
    detail = client.get(adhesion.get_absolute_url()).content.decode()
    assert f"saldrá del acuerdo {agreement.code}" in detail
    page = client.post(reverse("agreements:adhesion-withdraw", args=[adhesion.pk]), {"reason": "Cierre"}, follow=True)
    assert "No se hizo nada" in page.content.decode()
    adhesion.refresh_from_db()
    assert adhesion.status == status
    page = client.post(reverse("agreements:adhesion-decide", args=[adhesion.pk]), {"decision": "reject"}, follow=True)
    assert "No se hizo nada" in page.content.decode()
    adhesion.refresh_from_db()
    assert adhesion.status == status
    client.post(url, {**data, "confirm": "1"})
    agreement.refresh_from_db()
    assert agreement.stage == Stage.FINAL_AUDIT and agreement.stage_changes.count() == changes + 1
