"""What an MRV import keeps of a hostile file is bounded: a giant cell is refused with an excerpt, and the
errors stored in the run (and shown on its page) have a bounded number and length, whatever the file holds.
The report's case was an 800 MB cell echoed into the stored errors (the database grew by 838 MB)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from limpia.mrv import services
from limpia.mrv.choices import RunStatus
from limpia.mrv.models import Report

pytestmark = pytest.mark.django_db
HEADER = "instalacion;periodo;variable;valor;unidad\r\n"


def _run(world, text: str):
    upload = SimpleUploadedFile("actividad.csv", text.encode(), content_type="text/csv")
    return services.run_import(services.start_import(by=world.users["company"], upload=upload))


def test_a_giant_cell_is_refused_and_only_an_excerpt_is_stored_and_shown(world, settings):
    """Cell limit scaled down to 1,000 characters: a 50,000-character «variable» in row 3 (standing for the
    800 MB one) fails the run with one error of row 3, column «variable», quoting 80 characters and «…»;
    nothing is saved, and the run's page is small."""
    settings.IMPORT_MAX_CELL_CHARS = 1_000
    i = world.a.installation.pk
    run = _run(world, HEADER + f"{i};01-03-2024;agua.red;5;m3\r\n{i};01-04-2024;{'v' * 50_000};5;m3\r\n")
    assert run.status == RunStatus.FAILED
    message = f"el texto tiene 50.000 caracteres; el máximo es 1.000: «{'v' * 80}…»"
    assert run.errors == [{"row": 3, "column": "variable", "message": message}]
    assert not Report.objects.filter(installation=world.a.installation, year=2024).exists()
    client = Client()
    client.force_login(world.users["company"])
    page = client.get(run.get_absolute_url())
    assert page.status_code == 200 and len(page.content) < 100_000 and "v" * 81 not in page.content.decode()


def test_many_long_bad_values_store_a_bounded_report(world):
    """300 rows whose «valor» is 9,000 characters of text (under the 10,000 limit, each a row error that
    quotes its value): the run keeps 200 errors and a line counting the other 100, each message at most 601
    characters, so the stored report stays under 200 KB instead of the 2.7 MB the values weigh."""
    i = world.a.installation.pk
    rows = "".join(f"{i};01-{m % 12 + 1:02d}-{2000 + m // 12};agua.red;{'x' * 9_000};m3\r\n" for m in range(300))
    run = _run(world, HEADER + rows)
    assert run.status == RunStatus.FAILED
    assert len(run.errors) == 201 and run.errors[-1]["message"] == "… y 100 filas más con errores"
    assert all(len(e["message"]) <= 601 for e in run.errors)
    assert len(json.dumps(run.errors)) < 200_000


def test_a_file_over_the_size_limit_is_refused_before_it_is_read_or_stored(world, settings):
    """Size limit scaled down to 1 MiB (setting IMPORT_MAX_BYTES, 100 MB by default): an upload of
    1,512,043 bytes (1,4 MB of 1,048,576 bytes) is refused at once on the upload screen with its size and the
    limit, no run is queued and nothing is stored; the same file through the registry import (read whole into
    memory) is refused the same way."""
    from limpia.mrv.models import ImportRun

    settings.IMPORT_MAX_BYTES = 1024 * 1024
    big = (HEADER + "x;01-01-2024;agua.red;5;m3\r\n" * 54_000).encode()
    assert len(big) == 1_512_043  # 43 + 54,000 × 28 bytes = 1,44 MiB
    client = Client()
    client.force_login(world.users["company"])
    page = client.post("/mrv/cargar/", {"file": SimpleUploadedFile("actividad.csv", big)})
    assert "El archivo pesa 1,4 MB; el límite es 1,0 MB." in page.content.decode()
    assert not ImportRun.objects.exists()
    staff = Client()
    staff.force_login(world.users["staff"])
    page = staff.post("/registro/importar/", {"kind": "companies", "file": SimpleUploadedFile("empresas.csv", big)})
    assert "El archivo pesa 1,4 MB; el límite es 1,0 MB." in page.content.decode()
