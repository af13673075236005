from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "limpia.audits"
    label = "audits"
    verbose_name = _("Audits, compliance and certification")

    def ready(self):
        from limpia.audits import queries, services  # noqa: F401  (scope rules; the certification precondition)
        from limpia.audits.choices import BatchStatus
        from limpia.audits.models import CertificateBatch
        from limpia.audits.tasks import generate_certificates
        from limpia.core import jobs

        jobs.register(CertificateBatch, task=generate_certificates, active={BatchStatus.QUEUED, BatchStatus.RUNNING},
                      queued=BatchStatus.QUEUED, failed=BatchStatus.FAILED)  # fmt: skip
