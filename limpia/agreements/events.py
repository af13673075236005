"""History events of agreements: code → label, translated when the history is shown (core.history)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "agreement.created": _("Agreement created"),
    "agreement.terms_changed": _("Calendar terms changed"),
    "agreement.stage_changed": _("Stage changed"),
    "agreement.clock_started": _("Implementation clock started"),
    "document.uploaded": _("Document uploaded"),
    "extension.granted": _("Extension granted"),
    "adhesion.requested": _("Adhesion requested"),
    "adhesion.approved": _("Adhesion approved"),
    "adhesion.rejected": _("Adhesion rejected"),
    "adhesion.withdrawn": _("Adhesion withdrawn"),
    "diagnosis.recorded": _("Initial diagnosis recorded"),
}
