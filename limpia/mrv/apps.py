from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MrvConfig(AppConfig):
    name = "limpia.mrv"
    label = "mrv"
    verbose_name = _("Sustainability indicators and MRV")

    def ready(self):
        from limpia.core import jobs
        from limpia.mrv import queries  # noqa: F401  (scope rules)
        from limpia.mrv.choices import RunStatus
        from limpia.mrv.models import ImportRun
        from limpia.mrv.tasks import run_import

        # An import beats every 50,000 rows, and its final save is one SQL statement that may take minutes.
        jobs.register(ImportRun, task=run_import, active={RunStatus.QUEUED, RunStatus.RUNNING},
                      queued=RunStatus.QUEUED, failed=RunStatus.FAILED, lease_seconds=900)  # fmt: skip
