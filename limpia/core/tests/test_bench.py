"""The benchmark command: its figures need PostgreSQL, and it says so instead of measuring SQLite."""

import json
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from limpia.core import benchmarking

pytestmark = pytest.mark.django_db


@pytest.mark.skipif("connection.vendor == 'postgresql'")
def test_the_mrv_benchmark_refuses_sqlite_with_a_clear_message():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench", "mrv")


def test_results_name_the_machine_and_keep_every_figure(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(benchmarking, "RESULTS", tmp_path)
    results = benchmarking.Results("prueba", "demo", sys.stdout)
    results.add("ratio", 0.5, "razón")
    results.add("rows", 1000, "filas")
    document = json.loads(results.write().read_text())
    assert document["figures"] == {"ratio": 0.5, "rows": 1000}
    assert document["machine"]["cores"] >= 1 and document["machine"]["database"].startswith(connection.vendor)
    assert "razón: 0.500" in capsys.readouterr().out
