"""Screens and API of the programs, end to end through the client: territories, projects, the public case
page and its images, the inspection view, goal drill-downs, and funding through the API."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from limpia.agreements.choices import AgreementType
from limpia.agreements.tests.world import make_agreement
from limpia.programs import services
from limpia.programs.models import Commitment, InvestmentProject, NationalGoal, Territory

pytestmark = pytest.mark.django_db


def png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (4, 3), "green").save(buffer, "PNG")
    return buffer.getvalue()


def _client(world, role):
    client = Client()
    client.force_login(world.users[role])
    return client


def test_a_territorial_agreement_describes_its_territory_actors_and_goals(world):
    agreement = make_agreement(world, code="APL-T", kind=AgreementType.TERRITORIAL, basin="Río Aconcagua")
    regional, url = _client(world, "regional"), reverse("programs:territory", args=[agreement.pk])
    assert regional.get(url).status_code == 200
    regional.post(url, {"name": "Cuenca del Aconcagua"})
    territory = Territory.objects.get(agreement=agreement)
    regional.post(reverse("programs:territory-add", args=[agreement.pk, "actor"]),
                  {"name": "Junta de vigilancia", "kind": "community", "role": "Agua"})  # fmt: skip
    regional.post(reverse("programs:territory-add", args=[agreement.pk, "goal"]),
                  {"resource": "Agua", "goal": "Reducir extracción", "target": "800", "unit": "L/s"})  # fmt: skip
    page = regional.get(url).content.decode()
    assert "Cuenca del Aconcagua" in page and "Junta de vigilancia" in page and "Reducir extracción" in page
    assert territory.actors.count() == 1 and territory.history.first().history_user == world.users["regional"]
    assert _client(world, "company").post(url, {"name": "Otro"}).status_code == 404  # not its agreement
    assert _client(world, "association").post(url, {"name": "Otro"}).status_code == 302  # reads, may not change
    territory.refresh_from_db()
    assert territory.name == "Cuenca del Aconcagua"  # the company may not change it
    assert regional.get(reverse("programs:territory", args=[world.a.agreement.pk])).status_code == 403


def test_a_pre_investment_agreement_follows_its_project_meetings_and_commitments(world):
    agreement = make_agreement(world, code="APL-P", kind=AgreementType.PRE_INVESTMENT)
    staff, url = _client(world, "staff"), reverse("programs:project", args=[agreement.pk])
    staff.post(url, {"name": "Parque eólico", "holder": "Viento SpA", "stage": "environmental",
                     "communities": "Juntas de vecinos de Quillota"})  # fmt: skip
    project = InvestmentProject.objects.get(agreement=agreement)
    staff.post(reverse("programs:project-add", args=[agreement.pk, "meeting"]),
               {"held_on": "2026-05-04", "place": "Sede", "topic": "Presentación", "attendees": "45"})  # fmt: skip
    staff.post(reverse("programs:project-add", args=[agreement.pk, "commitment"]),
               {"text": "Monitoreo de ruido", "responsible": "Viento SpA"})  # fmt: skip
    commitment = Commitment.objects.get(project=project)
    staff.post(reverse("programs:commitment-follow-up", args=[commitment.pk]),
               {"status": "done", "follow_up": "Informe entregado"})  # fmt: skip
    commitment.refresh_from_db()
    assert (commitment.status, commitment.follow_up) == ("done", "Informe entregado")
    assert project.meetings.get().attendees == 45
    assert "Monitoreo de ruido" in staff.get(url).content.decode()


def test_a_published_case_has_a_public_page_and_its_images_are_served(world):
    case = world.a.case
    image = services.add_case_image(case, SimpleUploadedFile("antes.png", png()), by=world.users["company"],
                                    alt_text="La planta antes")  # fmt: skip
    anonymous = Client()
    assert anonymous.get(reverse("public:case", args=[case.slug])).status_code == 404
    assert anonymous.get(reverse("public:case-image", args=[image.pk])).status_code == 404
    services.submit_case(case, by=world.users["company"])
    services.publish_case(case, by=world.users["staff"])
    page = anonymous.get(reverse("public:case", args=[case.slug])).content.decode()
    assert case.title in page and 'alt="La planta antes"' in page
    response = anonymous.get(reverse("public:case-image", args=[image.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert case.title in anonymous.get(reverse("public:cases")).content.decode()


def test_a_case_image_must_be_an_image(world):
    client = _client(world, "company")
    client.post(reverse("programs:case-image-add", args=[world.a.case.pk]),
                {"alt_text": "x", "file": SimpleUploadedFile("a.png", b"%PDF-1.4 no soy imagen")})  # fmt: skip
    assert not world.a.case.images.exists()


def test_the_inspection_view_finds_adhered_and_certified_installations(world):
    validator = _client(world, "validator")
    page = validator.get(reverse("programs:inspection"), {"rut": "76.123.456-0"}).content.decode()
    assert "Planta A" in page and "Planta B" not in page
    assert world.a.certificate.number in page
    page = validator.get(reverse("programs:inspection"), {"rut": "76.123.456-1"}).content.decode()
    assert "alert-danger" in page  # a RUT with a wrong check digit is explained, not searched
    assert _client(world, "company").get(reverse("programs:inspection")).status_code == 403
    rows = validator.get("/api/v1/programs/inspection", {"rut": "76123456-0"}).json()["items"]
    assert [(r["name"], r["adhered"], r["certified"]) for r in rows] == [("Planta A", True, True)]


def test_a_goal_page_drills_down_to_the_companies_it_counted(world):
    goal = NationalGoal.objects.create(code="T-1", title="Empresas nuevas", policy="Prueba", indicator="new_companies",
                                       starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), target=10)  # fmt: skip
    client = _client(world, "association")
    page = client.get(reverse("programs:goal-detail", args=[goal.pk])).content.decode()
    assert "Empresa A SpA" in page and "Empresa B SpA" in page
    page = client.get(reverse("programs:goal-detail", args=[goal.pk]), {"region": world.a.region.cut}).content.decode()
    assert "Empresa A SpA" in page and "Empresa B SpA" not in page
    overview = client.get(reverse("programs:overview")).content.decode()
    assert "Empresas nuevas" in overview and "2014–2018" in overview
    data = client.get(f"/api/v1/programs/goals/{goal.pk}").json()
    assert (Decimal(data["value"]), Decimal(data["progress"])) == (2, Decimal("20.0"))
    rows = client.get(f"/api/v1/programs/goals/{goal.pk}/records").json()["items"]
    assert len(rows) == 2


def test_staff_define_a_goal_for_a_new_period_without_code(world):
    staff = _client(world, "staff")
    response = staff.post(reverse("programs:goal-create"), {
        "code": "PPL2030-1", "title": "Casos de éxito 2027–2030", "policy": "Política 2027–2030",
        "indicator": "success_cases", "starts_on": "2027-01-01", "ends_on": "2030-12-31", "baseline": "0",
        "target": "20"})  # fmt: skip
    goal = NationalGoal.objects.get(code="PPL2030-1")
    assert response.status_code == 302 and goal.history.first().history_user == world.users["staff"]
    bad = staff.post(
        reverse("programs:goal-create"),
        {
            "code": "X",
            "title": "t",
            "policy": "p",
            "indicator": "success_cases",
            "starts_on": "2030-01-01",
            "ends_on": "2027-01-01",
            "target": "1",
            "baseline": "0",
        },
    )
    assert bad.status_code == 200 and not NationalGoal.objects.filter(code="X").exists()
    assert _client(world, "regional").get(reverse("programs:goal-create")).status_code == 403


def test_funding_through_the_api_keeps_the_cofinancing_limit(world):
    company, regional = _client(world, "company"), _client(world, "regional")
    url = f"/api/v1/programs/calls/{world.a.call.pk}/applications"
    body = {"title": "Caldera", "company_id": world.a.company.pk, "total_cost": "1000", "requested": "750"}
    refused = company.post(url, body, content_type="application/json")
    assert refused.status_code == 400 and "70" in refused.json()["detail"]
    created = company.post(url, {**body, "requested": "700"}, content_type="application/json")
    assert created.status_code == 201
    item = created.json()["id"]
    regional.post(f"/api/v1/programs/applications/{item}/evaluation", {"score": "75", "evaluation": "ok"},
                  content_type="application/json")  # fmt: skip
    awarded = regional.post(f"/api/v1/programs/applications/{item}/award", {"amount": "700"},
                            content_type="application/json")  # fmt: skip
    assert awarded.status_code == 200 and awarded.json()["status"] == "awarded"
    other = company.post(url, {**body, "company_id": world.b.company.pk}, content_type="application/json")
    assert other.status_code == 404


def test_attendance_upload_errors_are_shown_by_row_and_nothing_is_saved(world):
    client = _client(world, "regional")
    upload = SimpleUploadedFile("a.csv", b"nombre;tipo\nAna;piloto\n")
    response = client.post(reverse("programs:activity-import", args=[world.a.activity.pk]), {"file": upload})
    assert response.status_code == 400 and "tipo" in response.content.decode()
    assert not world.a.activity.attendance.exists()


def test_the_regions_strip_lists_the_sixteen_regions_north_to_south(world):
    page = _client(world, "auditor").get(reverse("programs:regions")).content.decode()
    assert page.index("Arica y Parinacota") < page.index("Valparaíso") < page.index("Magallanes")
    assert page.count('class="shade-') == 16


def test_an_application_in_uf_shows_its_amount_in_pesos_at_the_uf_of_the_day(world):
    services.load_uf([(date(2026, 1, 1), Decimal("39000.00"))])
    world.a.call.currency = "UF"
    world.a.call.save()
    page = _client(world, "company").get(world.a.application.get_absolute_url()).content.decode()
    # 600 UF requested today × 39.000 pesos, at the nearest earlier UF loaded, which the page names.
    assert "UF 600 = $23.400.000 (UF del 01-01-2026)" in page


def test_the_agreement_page_leads_to_its_territory(world):
    agreement = make_agreement(world, code="APL-T2", kind=AgreementType.TERRITORIAL)
    page = _client(world, "staff").get(agreement.get_absolute_url()).content.decode()
    assert reverse("programs:territory", args=[agreement.pk]) in page


def test_award_reject_expense_review_and_publish_need_the_confirm_box(world):
    """Without "I confirm" nothing changes and the page says so; with it the decision goes through.

    Worked example: side A's project (600 requested, in evaluation) posted to award 500 without the box stays «in
    evaluation» with nothing awarded; same for rejecting it, for approving its expense report «Caldera» (100) and for
    publishing side A's case (in review). Awarding 500 with confirm=1 leaves it awarded with 500.
    """
    from limpia.programs.choices import ApplicationStatus, CaseStatus, ExpenseStatus
    from limpia.programs.models import Application, ExpenseReport, SuccessCase

    item, case = world.a.application, world.a.case
    Application.objects.filter(pk=item.pk).update(status=ApplicationStatus.EVALUATION)
    SuccessCase.objects.filter(pk=case.pk).update(status=CaseStatus.REVIEW)
    expense = ExpenseReport.objects.create(application=item, submitted_on=date(2026, 11, 2), description="Caldera",
                                           amount=Decimal(100))  # fmt: skip
    client = _client(world, "regional")
    page = client.get(item.get_absolute_url()).content.decode()
    assert f"«{item.title}» de Empresa A SpA será adjudicado" in page and 'id="confirm-award"' in page
    assert "La rendición «Caldera» (100,00) será aprobada o rechazada" in page
    case_page = client.get(case.get_absolute_url()).content.decode()
    assert "será publicado en la página pública de casos de éxito" in case_page
    posts = [
        (reverse("programs:application-award", args=[item.pk]), {"amount": "500"}),
        (reverse("programs:application-reject", args=[item.pk]), {"reason": "No pertinente"}),
        (reverse("programs:expense-review", args=[expense.pk]), {"approve": "1"}),
        (reverse("programs:case-publish", args=[case.pk]), {}),
    ]
    for url, data in posts:
        page = client.post(url, data, follow=True).content.decode()
        assert "No se hizo nada: marque la casilla que confirma lo que ocurrirá" in page, url
    item.refresh_from_db()
    assert item.status == ApplicationStatus.EVALUATION and not item.awarded
    assert ExpenseReport.objects.get(pk=expense.pk).status == ExpenseStatus.SUBMITTED
    assert SuccessCase.objects.get(pk=case.pk).status == CaseStatus.REVIEW
    client.post(posts[0][0], {**posts[0][1], "confirm": "1"})
    item.refresh_from_db()
    assert item.status == ApplicationStatus.AWARDED and item.awarded == 500
