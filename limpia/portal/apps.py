from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "limpia.portal"
    verbose_name = _("Public portal and open data")

    def ready(self):
        from limpia.portal import queries  # noqa: F401  (registers the scope rules)
