from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "limpia.agreements"
    label = "agreements"
    verbose_name = _("Clean Production Agreements")

    def ready(self):
        from limpia.agreements import queries  # noqa: F401  (registers the scope rules)
