from django.core.management.base import BaseCommand
from django.utils import timezone

from limpia.programs import goals
from limpia.programs.models import NationalGoal
from limpia.registry.models import Region


def _chilean(value) -> str:
    """1234567.5 → 1.234.567,5"""
    return f"{value.normalize():,f}".replace(",", "_").replace(".", ",").replace("_", ".")


class Command(BaseCommand):
    help = "Print every national goal with its value computed from the records now (nationally or for a region)."

    def add_arguments(self, parser):
        parser.add_argument("--region", default="", help="region CUT code (e.g. 05) to measure national goals in it")

    def handle(self, *args, region, **options):
        place = Region.objects.get(cut=region) if region else None
        today = timezone.localdate()
        for goal in NationalGoal.objects.select_related("region").order_by("starts_on", "pk"):
            if place is not None and goal.region_id is None:
                goal.region_id, goal.region = place.pk, place
            status = goals.status(goal, today)
            value = "sin datos aún" if status.measure.value is None else _chilean(status.measure.value)
            progress = f"{_chilean(status.pace.progress)} %" if status.pace else "—"
            self.stdout.write(f"{goal.code:<12} {value:>14} / {_chilean(goal.target)} ({progress})  {goal.title}")
