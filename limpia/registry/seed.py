"""Synthetic registry at the programme's shape: associations, agencies, companies weighted to
micro and small, installations across all 16 regions, memberships and contact persons."""

from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from limpia.core.rut import make_rut
from limpia.registry.calculations import derived_size_class
from limpia.registry.choices import InstallationKind, MembershipState, SizeClass
from limpia.registry.models import (
    Agency,
    Association,
    Company,
    Comuna,
    ContactPerson,
    EconomicActivity,
    Installation,
    Membership,
    Region,
)
from limpia.registry.seed_data import (
    AGENCIES,
    FIRST_NAMES,
    LEGAL_FORMS,
    PLACES,
    POSITIONS,
    SECTORS,
    STREETS,
    SURNAMES,
)

BATCH = 2_000
REASON = "Datos sintéticos"
# Size mix weighted to micro and small; sales ranges in UF per class (Ley 20.416) and workers.
SIZE_MIX = [
    (SizeClass.MICRO, 38, (300, 2_400), (1, 9)),
    (SizeClass.SMALL, 37, (2_401, 25_000), (10, 49)),
    (SizeClass.MEDIUM, 15, (25_001, 100_000), (50, 199)),
    (SizeClass.LARGE, 10, (100_001, 2_000_000), (200, 3_000)),
]
EXTRA_INSTALLATION_WEIGHT = {SizeClass.MICRO: 0.2, SizeClass.SMALL: 1, SizeClass.MEDIUM: 4, SizeClass.LARGE: 12}


def _bulk(ctx, model, objects, label):
    created = []
    for start in range(0, len(objects), BATCH):
        created += bulk_create_with_history(
            objects[start : start + BATCH], model, batch_size=BATCH, default_change_reason=REASON
        )
        ctx.progress(label, min(start + BATCH, len(objects)), len(objects))
    return created


def _person(rng) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}"


def _pick_region(rng, sector, regions_by_cut):
    cuts, weights = zip(*sector["regions"].items(), strict=True)
    # One time in five anywhere in the country, so that every region has installations.
    if rng.random() < 0.2:
        return rng.choice(list(regions_by_cut.values()))
    return regions_by_cut[rng.choices(cuts, weights)[0]]


def _agencies(ctx, regions) -> list[Agency]:
    objects = [Agency(name=n, acronym=a, competences=c, email=f"contacto@{a.lower()}.gob.cl") for n, a, c in AGENCIES]
    for region in regions:
        objects.append(
            Agency(
                name=f"SEREMI de Salud {region.name}",
                acronym=f"SEREMI Salud {region.iso_code[3:]}",
                competences=["health", "labour_safety"],
                region=region,
            )
        )
        objects.append(
            Agency(
                name=f"SEREMI del Medio Ambiente {region.name}",
                acronym=f"SEREMI MA {region.iso_code[3:]}",
                competences=["environment"],
                region=region,
            )
        )
    return _bulk(ctx, Agency, objects, "organismos públicos")


def _associations(ctx, regions_by_cut, comunas_by_region) -> dict[str, list[Association]]:
    rng, objects, sectors, seen = ctx.rng, [], [], {}
    bodies = iter(rng.sample(range(65_000_000, 65_999_999), 11 * ctx.scale.associations_per_sector))
    for sector in SECTORS:
        for index in range(ctx.scale.associations_per_sector):
            region = (
                _pick_region(rng, sector, regions_by_cut) if index else regions_by_cut[next(iter(sector["regions"]))]
            )
            suffix = f" {region.name}" if index else ""
            base = f"{sector['association']}{suffix}"
            seen[base] = seen.get(base, 0) + 1
            name = base if seen[base] == 1 else f"{base} {seen[base]}"
            objects.append(
                Association(
                    rut=make_rut(next(bodies)),
                    name=name,
                    acronym="".join(w[0] for w in name.split() if w[0].isupper())[:8],
                    comuna=rng.choice(comunas_by_region[region.pk]),
                    address=f"{rng.choice(STREETS)} {rng.randint(100, 3999)}",
                    email=f"contacto@gremio-{sector['key']}{index}.cl",
                )
            )
            sectors.append(sector["key"])
    created = _bulk(ctx, Association, objects, "asociaciones gremiales")
    by_sector: dict[str, list[Association]] = {}
    for association, key in zip(created, sectors, strict=True):
        by_sector.setdefault(key, []).append(association)
    return by_sector


def _company(rng, body, sector, region, comunas_by_region) -> Company:
    size, _weight, sales_range, workers_range = rng.choices(SIZE_MIX, [s[1] for s in SIZE_MIX])[0]
    sales = Decimal(rng.randint(*sales_range)) if rng.random() < 0.9 else None
    workers = rng.randint(*workers_range)
    form = rng.choices([f for f, _ in LEGAL_FORMS], [w for _, w in LEGAL_FORMS])[0]
    core = (
        rng.choice(PLACES) if rng.random() < 0.6 else rng.choice(SURNAMES) + (" Hermanos" if rng.random() < 0.2 else "")
    )
    return Company(
        rut=make_rut(body),
        legal_name=f"{rng.choice(sector['words'])} {core} {form}",
        trade_name=f"{rng.choice(sector['words'])} {core}" if rng.random() < 0.5 else "",
        comuna=rng.choice(comunas_by_region[region.pk]),
        address=f"{rng.choice(STREETS)} {rng.randint(10, 9999)}",
        sales_uf=sales,
        workers=workers,
        size_class=derived_size_class(sales, workers) or size,
        email=f"contacto{body}@empresa.cl",
        phone=f"+56 9 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
    )


def _companies(ctx, regions_by_cut, comunas_by_region):
    rng, n = ctx.rng, ctx.scale.companies
    bodies = rng.sample(range(76_000_000, 77_999_999), n)
    sectors = [SECTORS[i % len(SECTORS)] for i in range(n)]
    rng.shuffle(sectors)
    objects = [
        _company(rng, body, sector, _pick_region(rng, sector, regions_by_cut), comunas_by_region)
        for body, sector in zip(bodies, sectors, strict=True)
    ]
    created = _bulk(ctx, Company, objects, "empresas")
    activities = {a.code: a.pk for a in EconomicActivity.objects.all()}
    links = [
        Company.activities.through(company_id=c.pk, economicactivity_id=activities[code])
        for c, s in zip(created, sectors, strict=True)
        for code in sorted(set(rng.sample(s["activities"], k=min(len(s["activities"]), rng.randint(1, 2)))))
    ]
    Company.activities.through.objects.bulk_create(links, batch_size=BATCH)
    return list(zip(created, sectors, strict=True))


def _installation_counts(ctx, companies) -> list[int]:
    rng, total = ctx.rng, ctx.scale.installations
    counts = [1] * len(companies)
    weights = [EXTRA_INSTALLATION_WEIGHT[SizeClass(c.size_class)] for c, _ in companies]
    for index in rng.choices(range(len(companies)), weights, k=max(total - len(companies), 0)):
        counts[index] += 1
    return counts


def _installations(ctx, companies, regions_by_cut, comunas_by_region, regions_by_pk):
    rng, objects = ctx.rng, []
    activity_ids = {a.code: a.pk for a in EconomicActivity.objects.all()}
    for (company, sector), count in zip(companies, _installation_counts(ctx, companies), strict=True):
        for number in range(1, count + 1):
            region = (
                regions_by_pk[company.comuna.region_id]
                if rng.random() < 0.7
                else _pick_region(rng, sector, regions_by_cut)
            )
            comuna = rng.choice(comunas_by_region[region.pk])
            kind = InstallationKind.ESTABLISHMENT if rng.random() < 0.92 else rng.choice(list(InstallationKind))
            objects.append(
                Installation(
                    company=company,
                    kind=kind,
                    name=f"{rng.choice(sector['site'])} {comuna.name} {number}",
                    address=f"{rng.choice(STREETS)} {rng.randint(10, 9999)}",
                    comuna=comuna,
                    region_id=region.pk,
                    latitude=(region.latitude + Decimal(rng.uniform(-0.4, 0.4))).quantize(Decimal("0.000001")),
                    longitude=(region.longitude + Decimal(rng.uniform(-0.3, 0.3))).quantize(Decimal("0.000001")),
                    activity_id=activity_ids[rng.choice(sector["activities"])],
                )
            )
    return _bulk(ctx, Installation, objects, "instalaciones")


def _memberships(ctx, companies, associations_by_sector):
    rng = ctx.rng
    objects = [
        Membership(
            association=rng.choice(associations_by_sector[sector["key"]]), company=company,
            state=MembershipState.ACCEPTED,  # the demo's rolls are in force, as if long accepted
        )
        for company, sector in companies
        if rng.random() < 0.85
    ]
    return _bulk(ctx, Membership, objects, "membresías")


def _contacts(ctx, companies, associations, agencies):
    rng, objects = ctx.rng, []
    for company, _sector in companies:
        objects.append(
            ContactPerson(
                full_name=_person(rng),
                position=rng.choice(POSITIONS),
                company=company,
                email=f"persona{company.pk}@empresa.cl",
            )
        )
    for organization, field in [(a, "association") for a in associations] + [(a, "agency") for a in agencies]:
        for n in range(2):
            objects.append(
                ContactPerson(
                    full_name=_person(rng),
                    position="Coordinación APL" if n == 0 else "Secretaría",
                    email=f"{field}{organization.pk}.{n}@contacto.cl",
                    **{field: organization},
                )
            )
    return _bulk(ctx, ContactPerson, objects, "personas de contacto")


def run(ctx) -> None:
    ctx.out.write(f"Registro de actores (escala {ctx.scale.name}):\n")
    regions = list(Region.objects.all())
    regions_by_cut = {r.cut: r for r in regions}
    regions_by_pk = {r.pk: r for r in regions}
    comunas_by_region: dict[int, list[Comuna]] = {}
    for comuna in Comuna.objects.order_by("cut"):
        comunas_by_region.setdefault(comuna.region_id, []).append(comuna)
    agencies = _agencies(ctx, regions)
    associations_by_sector = _associations(ctx, regions_by_cut, comunas_by_region)
    companies = _companies(ctx, regions_by_cut, comunas_by_region)
    _installations(ctx, companies, regions_by_cut, comunas_by_region, regions_by_pk)
    _memberships(ctx, companies, associations_by_sector)
    associations = [a for group in associations_by_sector.values() for a in group]
    _contacts(ctx, companies, associations, agencies)
    ctx.shared.update(associations_by_sector=associations_by_sector, companies=companies, agencies=agencies)
