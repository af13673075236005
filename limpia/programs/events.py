"""History events of goals and programs: code → label, translated when the history is shown."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "application.submitted": _("Funding application submitted"),
    "application.evaluated": _("Application evaluated"),
    "application.awarded": _("Application awarded"),
    "application.rejected": _("Application rejected"),
    "expense.submitted": _("Expense report submitted"),
    "expense.approved": _("Expense report approved"),
    "expense.rejected": _("Expense report rejected"),
    "case.submitted": _("Sent to review"),
    "case.published": _("Success case published"),
    "case.sent_back": _("Sent back to draft"),
    "commitment.followed_up": _("Follow-up"),
}
