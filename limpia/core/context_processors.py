"""Navigation by role: what the menu offers depends on the user's roles."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from limpia.core.scoping import scopes_for

# (label, url name, roles that see it; None = every signed-in user)
MENU = [
    (_("Home"), "core:dashboard", None),
    (_("Agreements"), "agreements:agreement-list", None),
    (_("Tasks"), "agreements:inbox", None),
    (_("Companies"), "registry:company-list", None),
    (_("Installations"), "registry:installation-list", None),
    (_("Associations"), "registry:association-list", None),
    (_("Agencies"), "registry:agency-list", None),
    (_("Contacts"), "registry:contact-list", None),
    (_("Import"), "registry:import", {"national_staff", "regional_coordinator"}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    scopes = scopes_for(user)
    roles = set(scopes.roles) | ({"national_staff"} if scopes.national else set())
    items = [
        {
            "label": label,
            "url": reverse(name),
            "active": request.path.startswith(reverse(name)) and name != "core:dashboard",
        }
        for label, name, allowed in MENU
        if allowed is None or roles & allowed
    ]
    return {"menu": items, "user_scopes": scopes}
