"""MRV benchmark (issue 5), on PostgreSQL with the seeded dataset (five years of monthly data):

(a) import of N measurement rows from a Chilean CSV (`;`, `1.234,56`, `dd-mm-aaaa`, UTF-8 with BOM, mixed
    units) through the same pipeline as an upload, as a throughput ratio to PostgreSQL `COPY` of the same
    file into a bare table; peak memory of the import at N/10 and N rows (it must not grow with the file);
(b) full national recomputation as a ratio to one reference SQL aggregate over the same measurements;
(c) recomputation after one installation-month changes (median of several).

Every write is rolled back: the dataset is the same after the run.
"""

import csv
import statistics
import tempfile
from pathlib import Path

from django.db import connection, transaction

from limpia.accounts.models import User
from limpia.core.benchmarking import best_of, peak_memory_mb, reset_peak_memory, timed
from limpia.mrv import accounting, imports, services
from limpia.mrv.models import Measurement, Report
from limpia.mrv.queries import current_version

# Variables the seed does not report, each with a unit people write (converted on import).
EXTRA = [
    ("agua.subterranea", "m3", 420.0), ("agua.superficial", "L", 310_000.0), ("combustible.gasolina", "lts", 95.0),
    ("combustible.kerosene", "L", 40.0), ("residuo.plastico.recycling", "kg", 850.0),
    ("residuo.madera.recycling", "t", 1.6), ("residuo.jardin.composting", "ton", 0.9),
    ("refrigerante.HFC-134a", "kg", 0.7), ("residuo.papel.landfill", "kg", 120.0),
    ("residuo.mixto.incineration", "t", 0.3),
]  # fmt: skip
SAMPLES = 15


class Rollback(Exception):
    pass


def run(results, *, rows: int, **_options) -> None:
    user = User.objects.filter(is_superuser=True).order_by("pk").first()
    with tempfile.TemporaryDirectory() as folder:
        small, large = Path(folder, "pequeno.csv"), Path(folder, "actividad.csv")
        write_csv(small, rows // 10)
        write_csv(large, rows)
        results.add("import_rows", rows, "(a) filas del CSV")
        results.add("import_file_mb", round(large.stat().st_size / 2**20, 1), "(a) tamaño del CSV (MiB)")
        copy_seconds = best_of(3, lambda: copy_bare(large))
        results.add("copy_seconds", copy_seconds, "(a) COPY a una tabla simple (s)")
        small_peak, _ = import_file(small, user, rows // 10)
        peak, seconds = import_file(large, user, rows)
        results.add("import_seconds", seconds, "(a) importación (s)")
        results.add("import_rows_per_second", round(rows / seconds), "(a) filas por segundo")
        results.add("import_ratio_to_copy", copy_seconds / seconds, "(a) throughput / COPY (meta ≥ 0,25)")
        results.add("import_peak_mb_tenth", small_peak, f"(a) memoria máxima con {rows // 10:,} filas (MiB)")
        results.add("import_peak_mb", peak, f"(a) memoria máxima con {rows:,} filas (MiB)")
    floor = best_of(1, lambda: insert_floor(rows))
    results.add("insert_floor_seconds", floor, "(a) solo INSERT … SELECT de las filas en mrv_measurement (s)")
    results.add("import_ratio_to_floor", floor / seconds, "(a) throughput / ese INSERT")
    recompute(results)
    one_month(results, user)


# --- (a) ---------------------------------------------------------------------------------------------------


def write_csv(path: Path, count: int) -> None:
    """Whole installation-months the seed reported, each with the ten variables it did not report: a plain
    append of `count` rows touching `count / 10` reports, whatever the size of the dataset."""
    pairs = Report.objects.filter(frequency="monthly").order_by("installation_id", "period")
    pairs = pairs.values_list("installation_id", "period")
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Instalación", "Periodo", "Variable", "Valor", "Unidad"])
        written = 0
        for n, (installation_id, period) in enumerate(pairs.iterator(chunk_size=20_000)):
            for code, unit, mean in EXTRA:
                value = mean * (0.8 + (n * 7919 % 400) / 1000)
                writer.writerow([installation_id, period.strftime("%d-%m-%Y"), code, chilean(value), unit])
                written += 1
                if written == count:
                    return
    raise ValueError(f"the dataset has room for only {written:,} new rows")


def chilean(value: float) -> str:
    return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def copy_bare(path: Path) -> None:
    """The reference: PostgreSQL COPY of the same file into a table with no index, no check (rolled back)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_bare (instalacion text, periodo text, variable text, valor text, "
                       "unidad text)")  # fmt: skip
        with (
            open(path, "rb") as handle,
            cursor.copy("COPY bench_bare FROM STDIN (FORMAT csv, DELIMITER ';', HEADER true, ENCODING 'UTF8')") as copy,
        ):
            handle.read(3)  # the BOM
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
        transaction.set_rollback(True)


def insert_floor(rows: int) -> None:
    """What any import pays whatever its pipeline: the same number of rows for the same reports and
    variables, already typed, into the measurement table with its indexes and foreign-key checks (rolled back)."""
    codes = [code for code, _unit, _mean in EXTRA]
    m, r = Measurement._meta.db_table, Report._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {m} (report_id, variable_id, value, entered_value, entered_unit, flagged) "
            f"SELECT r.id, v.id, 1, 1, v.base_unit, FALSE FROM (SELECT id FROM {r} WHERE frequency = 'monthly' "
            f"ORDER BY installation_id, period LIMIT %s) r CROSS JOIN mrv_variable v WHERE v.code = ANY(%s)",
            [rows // len(codes), codes],
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        transaction.set_rollback(True)


def import_file(path: Path, user, expected: int) -> tuple[float | None, float]:
    """The upload pipeline on the file (stream, check, stage, save); rolled back. (peak MiB, seconds)"""
    reset_peak_memory()
    with timed() as t:
        try:
            with transaction.atomic():
                outcome = imports.load_file(path, path.name, user)
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the checks a commit would run, then rollback
                raise Rollback(outcome)
        except Rollback as done:
            outcome = done.args[0]
    if outcome.rows != expected:
        raise RuntimeError(f"imported {outcome.rows:,} rows of {expected:,}")
    return peak_memory_mb(), t.seconds


# --- (b) ---------------------------------------------------------------------------------------------------


def reference_aggregate() -> None:
    """One SQL aggregate over the same measurements: every installation-year's sum."""
    m, r = Measurement._meta.db_table, Report._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM (SELECT r.installation_id, r.year, SUM(m.value) FROM {m} m "
                       f"JOIN {r} r ON r.id = m.report_id WHERE r.status <> 'rejected' GROUP BY 1, 2) q")  # fmt: skip
        cursor.fetchone()


def recompute(results) -> None:
    version = current_version()
    results.add("measurements", Measurement.objects.count(), "(b) valores de actividad")
    reference = best_of(3, reference_aggregate)
    results.add("aggregate_seconds", reference, "(b) agregado SQL de referencia (s)")
    with timed() as t:
        rows = accounting.compute(version)
    results.add("recompute_seconds", t.seconds, f"(b) recálculo nacional, {rows:,} cifras (s)")
    results.add("recompute_ratio_to_aggregate", t.seconds / reference, "(b) recálculo / agregado (meta ≤ 3)")


# --- (c) ---------------------------------------------------------------------------------------------------


def one_month(results, user) -> None:
    """One installation-month's electricity changes through the form's service: data and figures again."""
    reports = Report.objects.filter(frequency="monthly").order_by("pk")
    step = max(1, reports.count() // SAMPLES)
    whole, figures_only = [], []
    for report in reports[::step][:SAMPLES]:
        old = Measurement.objects.filter(report=report, variable__code="electricidad.sen").first()
        value = chilean(float(old.value if old else 1000) * 1.1)
        with timed() as everything:
            try:
                with transaction.atomic():
                    services.report_values(
                        by=user,
                        installation=report.installation,
                        replace=True,
                        period=report.period.strftime("%m-%Y"),
                        values=[{"variable": "electricidad.sen", "value": value, "unit": "kWh"}],
                    )
                    with timed() as t:
                        accounting.recompute_installations([report.installation_id])
                    raise Rollback()
            except Rollback:
                pass
        whole.append(everything.seconds - t.seconds)
        figures_only.append(t.seconds)
    results.add(
        "one_month_recompute_ms",
        1000 * statistics.median(figures_only),
        "(c) recálculo tras cambiar una instalación-mes, mediana (ms; meta < 100)",
    )
    results.add(
        "one_month_report_ms",
        1000 * statistics.median(whole),
        "(c) informar una instalación-mes por el formulario, con su recálculo, mediana (ms)",
    )
