from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from limpia.programs import goals
from limpia.programs.models import NationalGoal
from limpia.registry.models import Region


def _chilean(value) -> str:
    """1234567.5 → 1.234.567,5"""
    return f"{value.normalize():,f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _figures(status) -> str:
    """The value against the target and the progress; for a national goal seen from a region, the region's
    value and its contribution to the national value instead (the target and its pace are the country's)."""
    value = "sin datos aún" if status.measure.value is None else _chilean(status.measure.value)
    if status.regional_view:
        national = "sin datos aún" if status.national_value is None else _chilean(status.national_value)
        share = f"aporte {_chilean(status.contribution)} %" if status.contribution is not None else "tasa regional"
        return f"{value:>14} en {status.region.cut} de {national} nacional ({share})"
    progress = f"{_chilean(status.pace.progress)} %" if status.pace else "—"
    return f"{value:>14} / {_chilean(status.goal.target)} ({progress})"


class Command(BaseCommand):
    help = "Print every national goal with its value computed from the records now (nationally or for a region)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--region", default="",
            help="region CUT code (e.g. 05): national goals measured in it (value and contribution) and its own goals",
        )  # fmt: skip

    def handle(self, *args, region, **options):
        place = Region.objects.filter(cut=region).first() if region else None
        if region and place is None:
            raise CommandError(f"No hay una región con el código CUT «{region}» (por ejemplo 05).")
        today = timezone.localdate()
        qs = NationalGoal.objects.select_related("region").order_by("starts_on", "pk")
        if place is not None:
            qs = qs.filter(region__isnull=True) | qs.filter(region=place)
        for goal in qs:
            status = goals.status(goal, today, place)
            self.stdout.write(f"{goal.code:<12} {_figures(status)}  {goal.title}")
