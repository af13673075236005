"""MRV screens a matrix cannot reach generically: uploads, evidence, factors, the national report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from limpia.mrv import accounting, services
from limpia.mrv.models import FactorSet, ImportRun

pytestmark = pytest.mark.django_db


def _client(world, role):
    client = Client()
    client.force_login(world.users[role])
    return client


def test_an_upload_page_shows_its_errors_and_only_to_its_uploader(world, django_capture_on_commit_callbacks):
    data = f"instalacion;periodo;variable;valor;unidad\n{world.a.installation.pk};03-2024;agua.red;-1;m3\n".encode()
    client = _client(world, "company")
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post("/mrv/cargar/", {"file": SimpleUploadedFile("a.csv", data)})
    run = ImportRun.objects.get()
    services.run_import(run)
    page = client.get(response["Location"]).content.decode()
    assert "nothing was saved" in page or "no se guardó" in page
    assert _client(world, "regional").get(run.get_absolute_url()).status_code == 404


def test_evidence_is_served_only_within_scope(world):
    upload = SimpleUploadedFile("boleta.pdf", b"%PDF-1.4 boleta", content_type="application/pdf")
    evidence = services.add_evidence(world.a.mrv_measurement, by=world.users["company"], upload=upload)
    assert _client(world, "company").get(f"/mrv/evidencias/{evidence.pk}/").status_code == 200
    client_b = Client()
    from limpia.accounts.services import assign_role, create_user

    other = create_user(email="otra@prueba.cl", password="x" * 12, full_name="Otra")
    assign_role(other, role="company_representative", company=world.b.company)
    client_b.force_login(other)
    assert client_b.get(f"/mrv/evidencias/{evidence.pk}/").status_code == 404


def test_factor_set_and_national_report_pages(world):
    accounting.compute(accounting.new_version(reason="prueba"))
    staff = _client(world, "staff")
    assert "74100" in staff.get(f"/mrv/factores/{FactorSet.objects.get(kind='fuels').pk}/").content.decode()
    staff.post("/mrv/reporte-nacional/", {"year": 2023})
    from limpia.mrv.models import NationalReport

    report = NationalReport.objects.get()
    assert staff.get(f"/mrv/reporte-nacional/{report.pk}/").getvalue().startswith(b"%PDF")
    assert _client(world, "company").post("/mrv/reporte-nacional/", {"year": 2022}).status_code == 302
    assert NationalReport.objects.count() == 1  # only national staff publish


def test_accepting_or_rejecting_data_needs_the_confirm_box(world):
    """Side A's report (1 value, verified by the auditor): staff post «accept» without the box, then «reject» with a
    reason without the box; both times the page says nothing was done and the report stays verified. With
    confirm=1 it is accepted."""
    report = world.a.mrv_report
    services.verify(report, by=world.users["auditor"])
    client = _client(world, "staff")
    page = client.get(report.get_absolute_url()).content.decode()
    assert "1 valor de" in page and "será aceptado en las estadísticas" in page and 'id="confirm-decide"' in page
    url = f"/mrv/informes/{report.pk}/decidir/"
    for data in ({"decision": "accept"}, {"decision": "reject", "reason": "Cifra dudosa"}):
        page = client.post(url, data, follow=True).content.decode()
        assert "No se hizo nada: marque la casilla que confirma lo que ocurrirá" in page
        report.refresh_from_db()
        assert report.status == "verified"
    client.post(url, {"decision": "accept", "confirm": "1"})
    report.refresh_from_db()
    assert report.status == "accepted"
