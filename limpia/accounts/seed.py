"""Demo logins, one per role (listed in README.md), scoped to records of the synthetic registry."""

from django.db.models import Count

from limpia.accounts.choices import Role
from limpia.accounts.models import User
from limpia.accounts.services import assign_role, create_user
from limpia.registry.models import Agency, Association, Company, Region

DEMO_PASSWORD = "limpia-demo-2026"
DEMO_USERS = [
    ("nacional@limpia.demo", "Ana Morales (ASCC)", Role.NATIONAL_STAFF),
    ("regional@limpia.demo", "Rodrigo Sepúlveda (Comité Regional)", Role.REGIONAL_COORDINATOR),
    ("gremio@limpia.demo", "Carolina Fuentes (gremio)", Role.ASSOCIATION_COORDINATOR),
    ("empresa@limpia.demo", "Diego Rojas (empresa)", Role.COMPANY_REPRESENTATIVE),
    ("auditor@limpia.demo", "Paulina Vidal (auditora)", Role.AUDITOR),
    ("validador@limpia.demo", "Héctor Lagos (SEREMI de Salud)", Role.AGENCY_VALIDATOR),
]


def _demo_scopes() -> dict[str, dict]:
    """A coherent demo: the company belongs to the association and has installations in the coordinator's region."""
    association = Association.objects.annotate(n=Count("memberships")).order_by("-n", "pk").first()
    company = (
        Company.objects.filter(memberships__association=association)
        .annotate(n=Count("installations"))
        .order_by("-n", "pk")
        .first()
    )
    region = company.comuna.region if company else Region.objects.get(cut="05")
    agency = Agency.objects.filter(region=region, name__startswith="SEREMI de Salud").first() or Agency.objects.first()
    return {
        Role.REGIONAL_COORDINATOR: {"region": region},
        Role.ASSOCIATION_COORDINATOR: {"association": association},
        Role.COMPANY_REPRESENTATIVE: {"company": company},
        Role.AGENCY_VALIDATOR: {"agency": agency},
    }


def run(ctx) -> None:
    ctx.out.write("Usuarios de demostración:\n")
    scopes = _demo_scopes()
    for email, name, role in DEMO_USERS:
        if User.objects.filter(email=email).exists():
            continue
        user = create_user(email=email, password=DEMO_PASSWORD, full_name=name)
        if role == Role.NATIONAL_STAFF:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        assign_role(user, role=role, **scopes.get(role, {}))
        ctx.out.write(f"  {email} · {role.label}\n")
