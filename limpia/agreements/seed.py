"""Synthetic agreements: about 160 across the 11 sectors at national scale, in every stage with dates
consistent with it (relative to the day of the seed), with goals and actions, signatories,
adhesions of member companies' installations and their initial diagnoses."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from limpia.accounts.models import User
from limpia.agreements import calculations, lifecycle
from limpia.agreements.choices import AdhesionStatus, AgreementType, ClockStart, Matter, Stage
from limpia.agreements.models import Action, Adhesion, Agreement, Goal, InitialDiagnosis, StageChange, Term
from limpia.agreements.services import TEMPLATE_TERMS
from limpia.registry.models import Agency, Association, Installation, Membership, Region, Sector
from limpia.registry.seed_data import SECTORS

AGREEMENTS = {"demo": 20, "national": 160, "x10": 1_600}
KINDS = [
    (AgreementType.PRODUCTIVE, 70),
    (AgreementType.STANDARD, 10),
    (AgreementType.TERRITORIAL, 8),
    (AgreementType.PRE_INVESTMENT, 6),
    (AgreementType.ADAPTATION, 6),
]
# Months since signature typical of each stage (domain.md §6: 18 months of implementation, 3-year certificates).
AGE_MONTHS = {
    Stage.SIGNATURE: (0, 0),
    Stage.ADHESION: (0, 1),
    Stage.IMPLEMENTATION: (3, 16),
    Stage.FINAL_AUDIT: (17, 20),
    Stage.VALIDATION: (20, 22),
    Stage.CERTIFICATION: (21, 24),
    Stage.MAINTENANCE: (25, 56),
    Stage.IMPACT: (57, 70),
    Stage.CLOSED: (70, 245),  # back to 2006: the first policy period's goals count them
    Stage.TERMINATED: (6, 60),
}
GOAL_TITLES = [
    "Gestión del agua",
    "Eficiencia energética",
    "Gestión de residuos",
    "Reducción de emisiones",
    "Seguridad y salud laboral",
    "Relación con la comunidad",
    "Gestión y capacitación",
    "Producción eficiente",
]
MATTERS = [
    Matter.WATER,
    Matter.ENERGY,
    Matter.WASTE,
    Matter.EMISSIONS,
    Matter.SAFETY,
    Matter.COMMUNITY,
    Matter.MANAGEMENT,
    Matter.PRODUCTION,
]
VERBS = ["Medir", "Reducir", "Implementar", "Capacitar en", "Registrar", "Reutilizar", "Diagnosticar", "Sustituir"]
OBJECTS = [
    "el consumo de agua por unidad producida",
    "el consumo eléctrico de los equipos",
    "la segregación de residuos",
    "el uso de combustibles fósiles",
    "los riesgos críticos de la faena",
    "los reclamos de la comunidad",
    "el plan de gestión ambiental",
    "las pérdidas de materia prima",
]


def _stage_for(rng, kind: str):
    path = lifecycle.path_for(
        kind, consultation=kind in {AgreementType.TERRITORIAL, AgreementType.PRE_INVESTMENT}, validation=False
    )
    stages = [s for s in path if s not in {Stage.CONSULTATION}] + [Stage.TERMINATED]
    weights = [1 if lifecycle.MAIN_PATH.index(s) < 6 else 3 for s in stages[:-1]] + [1]
    weights = [
        w * (4 if s in {Stage.IMPLEMENTATION, Stage.MAINTENANCE, Stage.CLOSED} else 1)
        for w, s in zip(weights, stages, strict=True)
    ]
    return path, rng.choices(stages, weights)[0]


def _agreement(rng, index: int, sector: dict, today, forced_stage=None):
    kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
    path, stage = _stage_for(rng, kind)
    if forced_stage:  # a productive agreement using every stage, so that each stage is shown
        kind, stage = AgreementType.PRODUCTIVE, forced_stage
        path = lifecycle.path_for(kind, consultation=True, validation=True)
    months = AGE_MONTHS.get(stage)
    signed = (
        calculations.add_months(today, -rng.randint(*months)) - timedelta(days=rng.randint(0, 25)) if months else None
    )
    if stage == Stage.ADHESION:
        signed = today - timedelta(days=rng.randint(5, 60))
    year = signed.year if signed else today.year
    national = rng.random() < 0.55
    agreement = Agreement(
        code=f"APL-{year}-{index:03d}",
        name=f"APL {sector['name']}" + ("" if national else " regional") + f" {index}",
        kind=kind,
        stage=stage,
        national_scope=national,
        signed_on=signed,
        clock_start=ClockStart.SIGNATURE,
        clock_started_on=signed,
        has_public_consultation=forced_stage is not None
        or kind in {AgreementType.TERRITORIAL, AgreementType.PRE_INVESTMENT},
        requires_agency_validation=forced_stage is not None,
        certified_on=calculations.add_months(signed, 22)
        if stage in {Stage.CERTIFICATION, Stage.MAINTENANCE, Stage.IMPACT, Stage.CLOSED}
        else None,
        basin=rng.choice(["Río Aconcagua", "Río Maipo", "Río Biobío", "Lago Llanquihue"])
        if kind == AgreementType.TERRITORIAL
        else "",
    )
    return agreement, path


def _stage_changes(agreement, path, by, today):
    stages = (
        path[: path.index(agreement.stage) + 1]
        if agreement.stage in path
        else path[: path.index(Stage.IMPLEMENTATION) + 1] + [agreement.stage]
    )
    start = (agreement.signed_on or today) - timedelta(days=30 * path.index(Stage.SIGNATURE))
    changes, previous = [], ""
    for n, stage in enumerate(stages):
        at = timezone.make_aware(
            timezone.datetime.combine(min(start + timedelta(days=30 * n), today), timezone.datetime.min.time())
        )
        changes.append(
            StageChange(
                agreement=agreement,
                from_stage=previous,
                to_stage=stage,
                by=by,
                at=at,
                comment="Término anticipado por falta de adhesión" if stage == Stage.TERMINATED else "",
            )
        )
        previous = stage
    return changes


def _goals_and_actions(rng, agreement):
    goals, actions = [], []
    for number in range(1, rng.randint(4, 7) + 1):
        goal = Goal(agreement=agreement, number=number, title=GOAL_TITLES[(number - 1) % len(GOAL_TITLES)])
        goals.append(goal)
        for a in range(1, rng.randint(3, 6) + 1):
            small = rng.random() < 0.12
            actions.append(
                Action(
                    goal=goal,
                    number=f"{number}.{a}",
                    text=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
                    verification_means=rng.choice(
                        ["Registro mensual", "Informe técnico", "Facturas", "Acta de capacitación"]
                    ),
                    deadline_value=rng.choice([2, 6, 12, 18]),
                    matters=[MATTERS[(number - 1) % len(MATTERS)]],
                    size_classes=["micro", "small"] if small else [],
                    reference_unit=rng.choice(["", "m3/t", "kWh/t"]),
                    points=Decimal(rng.choice([5, 10, 15])) if agreement.kind == AgreementType.STANDARD else None,
                )
            )
    return goals, actions


def _adhesions(rng, agreement, installations, by, today):
    if agreement.stage not in set(lifecycle.MAIN_PATH[lifecycle.MAIN_PATH.index(Stage.ADHESION) :]) | {
        Stage.TERMINATED
    }:
        return []
    if agreement.kind == AgreementType.PRE_INVESTMENT:
        return []
    chosen = rng.sample(installations, k=max(1, int(len(installations) * 0.6))) if installations else []
    adhesions = []
    for installation in chosen:
        status = (
            AdhesionStatus.REQUESTED
            if agreement.stage == Stage.ADHESION and rng.random() < 0.5
            else AdhesionStatus.APPROVED
        )
        status = AdhesionStatus.WITHDRAWN if rng.random() < 0.04 else status
        adhesions.append(
            Adhesion(
                agreement=agreement,
                installation=installation,
                company=installation.company,
                status=status,
                size_class_at_adhesion=installation.company.size_class,
                requested_by=by,
                decided_by=by if status != AdhesionStatus.REQUESTED else None,
                decided_at=_decided_at(rng, agreement, today) if status != AdhesionStatus.REQUESTED else None,
            )
        )
    return adhesions


def _decided_at(rng, agreement, today):
    """Approved within the adhesion period, a few weeks to months after the signature."""
    day = min((agreement.signed_on or today) + timedelta(days=rng.randint(5, 150)), today)
    return timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))


BEFORE_NEGOTIATION = set(lifecycle.MAIN_PATH[: lifecycle.MAIN_PATH.index(Stage.NEGOTIATION)])
DEMO_STAGES = {1: Stage.IMPLEMENTATION, 2: Stage.ADHESION}
# Agreements 3 to 19 go through every stage once, so every screen has an example.
EVERY_STAGE = {index: stage for index, stage in enumerate([s for s in Stage if s not in DEMO_STAGES.values()], start=3)}


def _demo_association(associations: dict):
    """(sector key, association) of the demo association coordinator, when the demo logins exist."""
    from limpia.accounts.models import RoleAssignment

    assignment = RoleAssignment.objects.filter(user__email="gremio@limpia.demo", association__isnull=False).first()
    if assignment is None:
        return None
    return next(
        ((key, a) for key, group in associations.items() for a in group if a.pk == assignment.association_id), None
    )


def _members_installations() -> dict[int, list[Installation]]:
    """Each association's member companies' installations (two queries, not one per installation)."""
    by_company: dict[int, list[Installation]] = {}
    for installation in Installation.objects.select_related("company").order_by("pk"):
        by_company.setdefault(installation.company_id, []).append(installation)
    members: dict[int, list[Installation]] = {}
    for association_id, company_id in Membership.objects.order_by("pk").values_list("association_id", "company_id"):
        members.setdefault(association_id, []).extend(by_company.get(company_id, []))
    return members


def run(ctx) -> None:
    ctx.out.write("Acuerdos de Producción Limpia:\n")
    rng, today = ctx.rng, timezone.localdate()
    by = User.objects.filter(is_superuser=True).order_by("pk").first()
    sectors = {s.code: s for s in Sector.objects.all()}
    regions = list(Region.objects.all())
    agencies = list(Agency.objects.filter(region__isnull=True))
    associations = {}
    for association in Association.objects.order_by("pk"):
        key = next((s["key"] for s in SECTORS if association.name.startswith(s["association"])), None)
        associations.setdefault(key, []).append(association)
    members = _members_installations()
    total = AGREEMENTS[ctx.scale.name]
    demo = _demo_association(associations)
    agreements, paths, signatories = [], [], []
    for index in range(1, total + 1):
        sector = SECTORS[(index - 1) % len(SECTORS)]
        demo_stage = DEMO_STAGES.get(index) if demo else None
        if demo_stage:  # the demo association's agreements: one in implementation, one open for adhesion
            sector = next(s for s in SECTORS if s["key"] == demo[0])
        agreement, path = _agreement(rng, index, sector, today, demo_stage or EVERY_STAGE.get(index))
        agreements.append(agreement)
        paths.append(path)
        association = demo[1] if demo_stage else rng.choice(associations[sector["key"]])
        signatories.append((sector, association, rng.sample(agencies, 3)))
    created = bulk_create_with_history(agreements, Agreement, default_user=by, default_change_reason="Datos sintéticos")
    ctx.progress("acuerdos", len(created), total)
    _links(rng, created, signatories, sectors, regions, by, paths, today, members, ctx)


def _links(rng, agreements, signatories, sectors, regions, by, paths, today, members, ctx):
    changes, goals, actions, terms, adhesions = [], [], [], [], []
    for agreement, (sector, association, agencies), path in zip(agreements, signatories, paths, strict=True):
        agreement.sectors.add(sectors[sector["key"]])
        if not agreement.national_scope:
            agreement.regions.add(*rng.sample(regions, k=rng.randint(1, 2)))
        if agreement.stage not in BEFORE_NEGOTIATION:
            agreement.associations.add(association)
            agreement.agencies.add(*agencies)
        changes += _stage_changes(agreement, path, by, today)
        g, a = _goals_and_actions(rng, agreement)
        goals += g
        actions += a
        terms += [
            Term(agreement=agreement, **{"unit": "months", "anchor": "clock_start", "repeat": 1, **t})
            for t in TEMPLATE_TERMS
        ]
        adhesions += _adhesions(rng, agreement, members.get(association.pk, []), by, today)
    StageChange.objects.bulk_create(changes, batch_size=2000)
    Term.objects.bulk_create(terms, batch_size=2000)
    bulk_create_with_history(goals, Goal, batch_size=2000, default_user=by, default_change_reason="Datos sintéticos")
    bulk_create_with_history(
        actions, Action, batch_size=2000, default_user=by, default_change_reason="Datos sintéticos"
    )
    ctx.progress("metas y acciones", len(actions), len(actions))
    created = bulk_create_with_history(
        adhesions, Adhesion, batch_size=2000, default_user=by, default_change_reason="Datos sintéticos"
    )
    ctx.progress("adhesiones", len(created), len(adhesions))
    diagnoses = [_diagnosis(rng, adhesion, today) for adhesion in created if adhesion.status == AdhesionStatus.APPROVED]
    InitialDiagnosis.objects.bulk_create(diagnoses, batch_size=2000)
    ctx.progress("diagnósticos iniciales", len(diagnoses), len(diagnoses))


def _diagnosis(rng, adhesion, today):
    clock = adhesion.agreement.clock_started_on or today
    due = calculations.add_months(clock, 2)
    done = due <= today and rng.random() < 0.9
    return InitialDiagnosis(
        adhesion=adhesion,
        due_on=due,
        completed_on=due - timedelta(days=rng.randint(0, 20)) if done else None,
        energy_kwh=Decimal(rng.randint(20_000, 2_000_000)) if done else None,
        water_m3=Decimal(rng.randint(500, 90_000)) if done else None,
        production=Decimal(rng.randint(100, 50_000)) if done else None,
        production_unit="t" if done else "",
    )
