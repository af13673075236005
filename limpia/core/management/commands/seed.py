import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from limpia.core.seeding import SCALES, run_seed
from limpia.registry.models import Company, Comuna
from limpia.registry.reference import load_reference_data


class Command(BaseCommand):
    help = "Generate the synthetic dataset (deterministic for a given --seed): demo, national or x10 scale."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--flush", action="store_true", help="empty the database and reload reference data first")

    def handle(self, *args, scale, seed, flush, **options):
        started = time.monotonic()
        if Company.objects.exists() and not flush:
            self.stdout.write("La base ya tiene datos; no se generan otros (use --flush para regenerar).")
            return
        if flush:
            call_command("flush", interactive=False, verbosity=0)
            load_reference_data()
        if not Comuna.objects.exists():
            raise CommandError("Faltan los datos de referencia: ejecute «limpia load_reference_data» primero.")
        run_seed(scale, seed, out=self.stdout)
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Datos sintéticos «{scale}» (semilla {seed}) listos en {elapsed:.1f} s."))
