"""History events of accounts: code → label, translated when the history is shown (core.history)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "user.created": _("Account created"),
    "role.assigned": _("Role assigned"),
    "token.created": _("Token created"),
    "token.revoked": _("Token revoked"),
    "preferences.changed": _("Preferences changed"),
}
