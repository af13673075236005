"""History events of indicators and MRV: code → label, translated when the history is shown."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "report.uploaded": _("activity data uploaded"),
    "report.verified": _("Verified by the auditor"),
    "report.accepted": _("Data accepted"),
    "report.rejected": _("Data rejected"),
    "claim.declared": _("Claim declared"),
    "plan.changed": _("Reporting plan changed"),
}
