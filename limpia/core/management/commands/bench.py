import importlib.util
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from limpia.core.benchmarking import Results, machine
from limpia.core.seeding import SCALES
from limpia.registry.models import Installation

BENCH = Path(settings.BASE_DIR) / "bench"
POSTGRES_ONLY = {"mrv", "web"}


class Command(BaseCommand):
    help = (
        "Run a benchmark under bench/ (e.g. «limpia bench mrv --scale national»): it prepares the database "
        "named by DATABASE_URL (creates, migrates and seeds it at the scale when empty), prints its figures "
        "and writes them to bench/results/<name>-<scale>.json."
    )

    def add_arguments(self, parser):
        names = sorted(p.stem for p in BENCH.glob("*.py") if not p.stem.startswith("_"))
        parser.add_argument("name", choices=names)
        parser.add_argument("--scale", choices=sorted(SCALES), default="national")
        parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the import benchmark")

    def handle(self, *args, name, scale, rows, **options):
        if name in POSTGRES_ONLY and connection.vendor != "postgresql":
            raise CommandError("Este benchmark se mide en PostgreSQL: defina DATABASE_URL (ver README).")
        self._prepare(scale)
        self.stdout.write(f"Benchmark «{name}», escala «{scale}», en {machine()}\n")
        results = Results(name, scale, self.stdout)
        _load(name).run(results, rows=rows, scale=scale)
        path = results.write()
        self.stdout.write(self.style.SUCCESS(f"Resultados en {path.relative_to(settings.BASE_DIR)}"))

    def _prepare(self, scale: str) -> None:
        """A fresh database gets the schema, the reference data and the synthetic dataset at this scale."""
        if connection.vendor == "postgresql":
            _create_database()
        call_command("migrate", verbosity=0, interactive=False)
        expected = SCALES[scale].installations
        present = Installation.objects.count()
        if present == 0:
            call_command("load_reference_data", verbosity=0)
            call_command("seed", scale=scale, stdout=self.stdout)
            _vacuum()
        elif not expected * 0.9 <= present <= expected * 1.1:
            raise CommandError(
                f"La base tiene {present:,} instalaciones y la escala «{scale}» pide {expected:,}: use una base "
                "propia por escala (DATABASE_URL)."
            )


def _create_database() -> None:
    """CREATE DATABASE when the one in DATABASE_URL does not exist yet."""
    params = dict(connection.settings_dict)
    name = params["NAME"]
    conninfo = {"dbname": "postgres", "user": params.get("USER") or None, "password": params.get("PASSWORD") or None,
                "host": params.get("HOST") or None, "port": params.get("PORT") or None}  # fmt: skip
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def _vacuum() -> None:
    """What autovacuum does to a database in use: visibility maps and planner statistics. A freshly seeded
    one would otherwise be measured with every index-only scan reading the table, and stale row counts."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
