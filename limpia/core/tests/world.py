"""A small world with two of every scope (A and B) and one user per role, scoped to A."""

from dataclasses import dataclass, field

from limpia.accounts.choices import Role
from limpia.accounts.services import assign_role, create_user
from limpia.registry.choices import MembershipState
from limpia.registry.models import (
    Agency,
    Association,
    Company,
    Comuna,
    ContactPerson,
    Installation,
    Membership,
)

PASSWORD = "una-clave-de-prueba-2026"
ROLE_KEYS = {
    "staff": Role.NATIONAL_STAFF,
    "regional": Role.REGIONAL_COORDINATOR,
    "association": Role.ASSOCIATION_COORDINATOR,
    "company": Role.COMPANY_REPRESENTATIVE,
    "auditor": Role.AUDITOR,
    "validator": Role.AGENCY_VALIDATOR,
}


@dataclass
class Side:
    region: object
    association: Association
    company: Company
    installation: Installation
    agency: Agency
    contact: ContactPerson
    membership: Membership = None  # the company's accepted membership of the side's association
    # Filled by limpia.agreements.tests.world.add_agreements: an agreement in implementation with
    # the installation's approved adhesion, its diagnosis and a signed-text document.
    agreement: object = None
    adhesion: object = None
    diagnosis: object = None
    document: object = None
    action: object = None
    # Filled by limpia.audits.tests.world.add_audits: a final audit of the installation, its line and
    # evidence, the side's approved auditor and a certificate.
    auditor: object = None
    auditor_document: object = None
    audit: object = None
    assignment: object = None
    line: object = None
    evidence: object = None
    certificate: object = None
    # Filled by limpia.mrv.tests.world.add_mrv: a reported month of the installation with one value.
    mrv_report: object = None
    mrv_measurement: object = None
    # Filled by limpia.programs.tests.world.add_programs.
    goal: object = None
    committee: object = None
    activity: object = None
    call: object = None
    application: object = None
    case: object = None


@dataclass
class World:
    a: Side
    b: Side
    users: dict = field(default_factory=dict)


def _side(tag: str, rut_company: str, rut_association: str, comuna_cut: str) -> Side:
    comuna = Comuna.objects.select_related("region").get(cut=comuna_cut)
    association = Association.objects.create(
        name=f"Gremio {tag}", acronym=f"G{tag}", rut=rut_association, comuna=comuna
    )
    company = Company.objects.create(
        rut=rut_company, legal_name=f"Empresa {tag} SpA", comuna=comuna, sales_uf=5000, size_class="small"
    )
    membership = Membership.objects.create(association=association, company=company, state=MembershipState.ACCEPTED)
    installation = Installation.objects.create(company=company, name=f"Planta {tag}", comuna=comuna)
    agency = Agency.objects.create(
        name=f"Organismo {tag}", acronym=f"ORG{tag}", competences=["health"], region=comuna.region
    )
    contact = ContactPerson.objects.create(full_name=f"Persona {tag}", company=company, email=f"p{tag.lower()}@x.cl")
    return Side(comuna.region, association, company, installation, agency, contact, membership)


def build_world() -> World:
    world = World(
        a=_side("A", "76123456-0", "65111111-0", "05101"),  # Valparaíso
        b=_side("B", "77654321-7", "65222222-6", "08101"),  # Concepción, Biobío
    )
    scope_of = {
        "regional": {"region": world.a.region},
        "association": {"association": world.a.association},
        "company": {"company": world.a.company},
        "validator": {"agency": world.a.agency},
    }
    for key, role in ROLE_KEYS.items():
        user = create_user(email=f"{key}@prueba.cl", password=PASSWORD, full_name=key.title())
        assign_role(user, role=role, **scope_of.get(key, {}))
        world.users[key] = user
    from limpia.agreements.tests.world import add_agreements

    add_agreements(world)
    from limpia.audits.tests.world import add_audits

    add_audits(world)
    from limpia.mrv.tests.world import add_mrv

    add_mrv(world)
    from limpia.programs.tests.world import add_programs

    add_programs(world)
    return world
