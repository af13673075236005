from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MrvConfig(AppConfig):
    name = "limpia.mrv"
    label = "mrv"
    verbose_name = _("Sustainability indicators and MRV")

    def ready(self):
        from limpia.mrv import queries  # noqa: F401  (scope rules)
