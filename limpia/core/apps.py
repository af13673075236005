from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "limpia.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models.signals import post_migrate

        from limpia.core.security import create_cache_table

        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="limpia-cache-table")
