"""History events of the portal: code → label, translated when the history is shown."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "publication.changed": _("Portal publication changed"),
}
