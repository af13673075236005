from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "limpia.programs"
    verbose_name = _("National goals and programs")

    def ready(self):
        from limpia.programs import queries  # noqa: F401  (registers the scope rules)
