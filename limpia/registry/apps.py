from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "limpia.registry"
    label = "registry"
    verbose_name = _("Registry of actors")

    def ready(self):
        from limpia.registry import queries  # noqa: F401  (registers the scope rules)
