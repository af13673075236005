"""Landing page per role: figures are counts of what the user's scope holds."""

from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from limpia.accounts.choices import Role
from limpia.agreements.models import Agreement
from limpia.agreements.queries import inbox_for
from limpia.core.scoping import VIEW, scope, scopes_for
from limpia.registry.choices import SizeClass
from limpia.registry.models import Agency, Association, Company, ContactPerson, Installation


@dataclass
class Figure:
    label: str
    value: int
    url: str


SIZE_ORDER = {size.value: index for index, size in enumerate(SizeClass)}

# The role whose page a user with several roles sees first.
ROLE_PRECEDENCE = [
    Role.NATIONAL_STAFF,
    Role.REGIONAL_COORDINATOR,
    Role.ASSOCIATION_COORDINATOR,
    Role.AGENCY_VALIDATOR,
    Role.COMPANY_REPRESENTATIVE,
    Role.AUDITOR,
]


def primary_role(user) -> str | None:
    scopes = scopes_for(user)
    if scopes.national:
        return Role.NATIONAL_STAFF
    return next((r for r in ROLE_PRECEDENCE if r in scopes.roles), None)


def _heading(user, role) -> str:
    assignment = (
        user.role_assignments.filter(role=role).select_related("region", "association", "company", "agency").first()
    )
    target = assignment.scope_object if assignment else None
    label = Role(role).label if role else _("No role assigned yet")
    return f"{label} · {target}" if target else str(label)


def dashboard_context(user) -> dict:
    role = primary_role(user)
    installations = scope(Installation, user, VIEW)
    figures = [
        Figure(_("Agreements"), scope(Agreement, user, VIEW).count(), reverse("agreements:agreement-list")),
        Figure(_("Pending tasks"), len(inbox_for(user)), reverse("agreements:inbox")),
        Figure(_("Companies"), scope(Company, user, VIEW).count(), reverse("registry:company-list")),
        Figure(_("Installations"), installations.count(), reverse("registry:installation-list")),
        Figure(_("Trade associations"), scope(Association, user, VIEW).count(), reverse("registry:association-list")),
        Figure(_("Public agencies"), scope(Agency, user, VIEW).count(), reverse("registry:agency-list")),
        Figure(_("Contact persons"), scope(ContactPerson, user, VIEW).count(), reverse("registry:contact-list")),
    ]
    by_region = list(
        installations.values("region__name", "region__order").annotate(n=Count("id")).order_by("region__order")
    )
    by_size = [
        {"label": SizeClass(r["size_class"]).label if r["size_class"] else _("Unknown"), "n": r["n"]}
        for r in sorted(
            scope(Company, user, VIEW).values("size_class").annotate(n=Count("id")),
            key=lambda r: SIZE_ORDER.get(r["size_class"], len(SIZE_ORDER)),
        )
    ]
    return {
        "role": role,
        "heading": _heading(user, role),
        "figures": figures,
        "by_region": by_region,
        "by_size": by_size,
        "own_installations": installations.select_related("comuna")[:10] if role == Role.COMPANY_REPRESENTATIVE else [],
        "own_agreements": (
            scope(Agreement, user, VIEW).filter(adhesions__company_id__in=scopes_for(user).company_ids).distinct()[:10]
            if role == Role.COMPANY_REPRESENTATIVE
            else []
        ),
    }
