"""Navigation by role: what the menu offers depends on the user's roles."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from limpia.core.scoping import scopes_for

# (label, url name, roles that see it; None = every signed-in user)
MENU = [
    (_("Home"), "core:dashboard", None),
    (_("Agreements"), "agreements:agreement-list", None),
    (_("Tasks"), "agreements:inbox", None),
    (_("Audits"), "audits:audit-list", None),
    (_("Certificates"), "audits:certificate-list", None),
    (_("Auditors"), "audits:auditor-list", None),
    (_("Indicators"), "mrv:dashboard", None),
    (_("Goals and programs"), "programs:overview", None),
    (_("Companies"), "registry:company-list", None),
    (_("Installations"), "registry:installation-list", None),
    (_("Associations"), "registry:association-list", None),
    (_("Agencies"), "registry:agency-list", None),
    (_("Contacts"), "registry:contact-list", None),
    (_("Import"), "registry:import", {"national_staff", "regional_coordinator"}),
]


# What the public (no login) finds in the menu: the portal.
PUBLIC_MENU = [
    (_("Agreements"), "portal:agreements"),
    (_("Certified"), "portal:certified"),
    (_("Indicators"), "portal:indicators"),
    (_("Success cases"), "public:cases"),
    (_("Open data"), "portal:open-data"),
    (_("Verify a certificate"), "portal:verify-form"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        items = [{"label": label, "url": reverse(name)} for label, name in PUBLIC_MENU]
        for item in items:
            item["active"] = request.path.startswith(item["url"])
        return {"menu": items}
    scopes = scopes_for(user)
    roles = set(scopes.roles) | ({"national_staff"} if scopes.national else set())
    items = [
        {"label": label, "url": reverse(name), "name": name}
        for label, name, allowed in MENU
        if allowed is None or roles & allowed
    ]
    # The deepest menu address the current page is under is the active one ("/acuerdos/tareas/" is
    # Tasks, not Agreements); Home is active on its own page only.
    matches = [i for i in items if request.path.startswith(i["url"]) and i["name"] != "core:dashboard"]
    current = max(matches, key=lambda i: len(i["url"]), default=None)
    for item in items:
        item["active"] = item is current or (item["name"] == "core:dashboard" and request.path == item["url"])
    return {"menu": items, "user_scopes": scopes}
