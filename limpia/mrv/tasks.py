"""Background work of MRV: imports of activity data (with progress) and calculation versions."""

from django_tasks import task

from limpia.mrv import accounting, services
from limpia.mrv.models import CalculationVersion, ImportRun


@task()
def run_import(run_id: int) -> int:
    run = services.run_import(ImportRun.objects.get(pk=run_id))
    return run.rows_saved


@task()
def compute_version(version_id: int) -> int:
    return accounting.compute(CalculationVersion.objects.get(pk=version_id))
