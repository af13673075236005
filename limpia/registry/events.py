"""History events of the registry: code → label, translated when the history is shown."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "membership.recorded": _("Membership recorded by national staff"),
    "membership.requested": _("Membership requested"),
    "membership.accepted": _("Membership accepted"),
    "membership.declined": _("Membership declined"),
}
