from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "limpia.audits"
    label = "audits"
    verbose_name = _("Audits, compliance and certification")

    def ready(self):
        from limpia.audits import queries, services  # noqa: F401  (scope rules; the certification precondition)
