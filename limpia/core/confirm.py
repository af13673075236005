"""Confirmation of irreversible actions on the screens (framework only, no domain).

A form of an irreversible action includes ``core/_confirm.html``: a sentence saying what will happen, a required
"I confirm" box and the button (no JavaScript needed). The view goes on only when ``confirmed(request)``; otherwise
it returns ``unconfirmed(request, back)``: nothing changes and a message says so. The API is not concerned: a call
is already explicit.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def confirmed(request) -> bool:
    """Whether the "I confirm" box of the posted form was checked."""
    return request.POST.get("confirm") in {"1", "on"}


def unconfirmed(request, back: str) -> HttpResponseRedirect:
    """Back to ``back`` with a message that nothing was done because the box was not checked."""
    messages.error(request, _("Nothing was done: check the box confirming what will happen, then try again."))
    return redirect(back)
