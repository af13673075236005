"""Synthetic programs at the scale of the registry: regional committees with members, meetings and agendas;
funding calls, applications, awards, disbursements and expenses; activities with named and counted
participants; success cases; territories and investment projects; a UF series; one goal of a new period."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from limpia.agreements.choices import AdhesionStatus, AgreementType, Stage
from limpia.agreements.models import Adhesion, Agreement
from limpia.core.rut import make_rut
from limpia.programs import calculations
from limpia.programs.choices import (
    ActivityKind,
    ActorKind,
    ApplicationStatus,
    CaseStatus,
    CommitmentStatus,
    CommitteeSector,
    Currency,
    ExpenseStatus,
    FundingSource,
    Indicator,
    ParticipantType,
    ProjectStage,
)  # fmt: skip
from limpia.programs.models import (
    Activity,
    AgendaGoal,
    Application,
    Attendance,
    Call,
    CaseIndicator,
    Commitment,
    CommitteeMeeting,
    CommitteeMembership,
    Disbursement,
    ExpenseReport,
    FundingLine,
    InvestmentProject,
    NationalGoal,
    Participant,
    ParticipantCount,
    ParticipatoryMeeting,
    RegionalCommittee,
    SharedResourceGoal,
    SuccessCase,
    Territory,
    TerritoryActor,
)  # fmt: skip
from limpia.programs.reports import case_mrv_indicators
from limpia.registry.models import Comuna, Region
from limpia.registry.seed_data import FIRST_NAMES, SURNAMES

REASON = "Datos sintéticos"
BATCH = 2_000
PARTICIPANTS = {"demo": 800, "national": 24_000, "x10": 240_000}
ACTIVITIES = {"demo": 150, "national": 3_000, "x10": 30_000}
APPLICATIONS = {"demo": 60, "national": 1_500, "x10": 15_000}
CASES = {"demo": 14, "national": 40, "x10": 400}
FIRST_YEAR = 2006
# Regions without a committee yet, and the year a committee was constituted late (Ñuble became a region in 2018).
NO_COMMITTEE = {"11"}
LATE = {"16": 2019, "15": 2012}
WITH_PROGRAM = {"15", "02", "05", "13", "07", "08", "09", "10"}
# The first year each funding line opened a call (lines of the 2014–2018 policy open later).
FIRST_CALL = {"FPL Territorial": 2015, "CORFO INNOVA": 2016, "CORFO Crédito y garantías": 2017}
KIND_WEIGHTS = [(ActivityKind.TRAINING, 30), (ActivityKind.WORKSHOP, 20), (ActivityKind.DISSEMINATION, 30),
                (ActivityKind.SCHOLARSHIP, 4), (ActivityKind.INTERNSHIP, 4), (ActivityKind.MISSION, 6),
                (ActivityKind.EXPERT_VISIT, 6)]  # fmt: skip
TYPE_WEIGHTS = [(ParticipantType.MICRO_ENTREPRENEUR, 45), (ParticipantType.WORKER, 25),
                (ParticipantType.COMPANY_STAFF, 15), (ParticipantType.OFFICIAL, 10),
                (ParticipantType.AUDITOR, 5)]  # fmt: skip
TOPICS = ["eficiencia energética", "gestión del agua", "economía circular", "gestión de residuos", "huella de carbono",
          "seguridad laboral", "buenas prácticas agrícolas", "relación con la comunidad", "eco-diseño"]  # fmt: skip
ORGANIZERS = ["Agencia de Sustentabilidad y Cambio Climático", "CORFO", "SERCOTEC", "Universidad regional",
              "Asociación gremial", "SEREMI del Medio Ambiente"]  # fmt: skip
# UF on the first day of some years (CLP); the seed interpolates a demonstration series between them. Load the
# official series with «limpia load_uf».
UF_ANCHORS = [(date(2014, 1, 1), Decimal("23309.56")), (date(2020, 1, 1), Decimal("28309.94")),
              (date(2023, 1, 1), Decimal("35122.26")), (date(2027, 1, 1), Decimal("40500.00"))]  # fmt: skip


def _by():
    return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


def _bulk(model, objects, by):
    return bulk_create_with_history(objects, model, batch_size=BATCH, default_user=by, default_change_reason=REASON)


def _day(rng, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _person(rng) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}"


def run(ctx) -> None:
    ctx.out.write("Metas nacionales y programas:\n")
    by, today = _by(), timezone.localdate()
    _committees(ctx, by, today)
    _uf_values(today)
    _funding(ctx, by, today)
    _activities(ctx, by, today)
    _cases(ctx, by, today)
    _territories(ctx, by)
    _projects(ctx, by, today)
    NationalGoal.objects.update_or_create(code="DEMO2026-1", defaults={
        "policy": "Meta de demostración 2022–2026 (datos sintéticos)", "indicator": Indicator.TCO2E_REDUCED,
        "title": "Reducciones de gases de efecto invernadero contabilizadas por los APL", "starts_on": date(2022, 1, 1),
        "ends_on": date(2026, 12, 31), "baseline": 0, "target": 1_000_000 if ctx.scale.name == "demo" else 60_000_000,
        "source": "Meta definida por el personal para un periodo nuevo (ejemplo de datos sintéticos)"})  # fmt: skip


# --- Committees ---------------------------------------------------------------------------------------------


def _members(rng, committee, region):
    rows = [("Delegación Presidencial Regional de " + region.name, "Presidencia del comité", CommitteeSector.AUTHORITY),
            ("SEREMI de Economía", "Integrante", CommitteeSector.PUBLIC),
            ("SEREMI del Medio Ambiente", "Integrante", CommitteeSector.PUBLIC),
            ("SEREMI de Salud", "Integrante", CommitteeSector.PUBLIC),
            ("Dirección Regional de CORFO", "Integrante", CommitteeSector.PUBLIC),
            ("Asociación de Industriales de " + region.capital, "Integrante", CommitteeSector.PRIVATE),
            ("Cámara de Comercio de " + region.capital, "Integrante", CommitteeSector.PRIVATE),
            ("Universidad de " + region.capital, "Integrante", CommitteeSector.ACADEMIA)]  # fmt: skip
    return [CommitteeMembership(committee=committee, institution=i, full_name=_person(rng), role=r, sector=s)
            for i, r, s in rows[: rng.randint(6, len(rows))]]  # fmt: skip


def _committees(ctx, by, today):
    rng, committees = ctx.rng, []
    for region in Region.objects.order_by("order"):
        if region.cut in NO_COMMITTEE:
            continue
        year = LATE.get(region.cut, rng.randint(2003, 2008))
        program = region.cut in WITH_PROGRAM
        committees.append(RegionalCommittee(
            region=region, constituted_on=date(year, rng.randint(1, 12), rng.randint(1, 28)),
            secretariat="Agencia de Sustentabilidad y Cambio Climático, oficina " + region.name,
            secretary=_person(rng), email=f"comite.{region.iso_code[3:].lower()}@ascc.cl",
            program=f"Programa Regional de Producción Limpia {region.name}" if program else "",
            transfer_centre=f"Centro de Transferencia Tecnológica {region.capital}" if program else ""))  # fmt: skip
    committees = _bulk(RegionalCommittee, committees, by)
    members = _bulk(CommitteeMembership, [m for c in committees for m in _members(rng, c, c.region)], by)
    by_committee = {}
    for member in members:
        by_committee.setdefault(member.committee_id, []).append(member)
    meetings, agenda = [], []
    for committee in committees:
        for year in range(max(committee.constituted_on.year, FIRST_YEAR), today.year + 1):
            for quarter in sorted(rng.sample(range(4), rng.randint(2, 4))):
                held = _day(rng, date(year, quarter * 3 + 1, 1), date(year, quarter * 3 + 3, 28))
                if committee.constituted_on <= held <= today:
                    meetings.append(CommitteeMeeting(committee=committee, held_on=held, agenda="1. Avance de los APL "
                                    "de la región\n2. Agenda regional\n3. Varios", minutes="Se revisó el avance y se "
                                    "acordaron las tareas del trimestre."))  # fmt: skip
        for year in range(today.year - 2, today.year + 1):
            for topic in rng.sample(TOPICS, 3):
                target = Decimal(rng.randint(2, 12))
                agenda.append(AgendaGoal(committee=committee, year=year, title=f"Actividades de {topic}",
                                         target=target, achieved=target if year < today.year else
                                         Decimal(rng.randint(0, int(target)))))  # fmt: skip
    meetings = _bulk(CommitteeMeeting, meetings, by)
    links = [CommitteeMeeting.attendees.through(committeemeeting_id=m.pk, committeemembership_id=p.pk)
             for m in meetings for p in rng.sample(by_committee[m.committee_id],
                                                   rng.randint(3, len(by_committee[m.committee_id])))]  # fmt: skip
    CommitteeMeeting.attendees.through.objects.bulk_create(links, batch_size=BATCH)
    _bulk(AgendaGoal, agenda, by)
    ctx.progress("comités regionales y reuniones", len(meetings), len(meetings))


def _uf_values(today):
    values, day = [], UF_ANCHORS[0][0]
    while day <= today:
        pairs = zip(UF_ANCHORS, UF_ANCHORS[1:], strict=False)
        (start, low), (end, high) = next((a, b) for a, b in pairs if a[0] <= day < b[0])
        share = Decimal((day - start).days) / Decimal((end - start).days)
        values.append((day, (low * (high / low) ** share).quantize(Decimal("0.01"))))
        day += timedelta(days=1)
    from limpia.programs.services import load_uf

    load_uf(values)


# --- Funding ------------------------------------------------------------------------------------------------


def _calls(rng, by, today):
    calls = []
    for line in FundingLine.objects.order_by("pk"):
        currency = Currency.UF if line.source == FundingSource.CORFO else Currency.CLP
        for year in range(FIRST_CALL.get(line.name, FIRST_YEAR), today.year + 1):
            opens = date(year, 3, 1)
            closes = date(year, 4, 30)
            if year == today.year and line.source == FundingSource.FPL:  # one call open now, for the demo
                opens, closes = today - timedelta(days=20), today + timedelta(days=40)
            budget = Decimal(rng.randint(300, 900)) * (1_000 if currency == Currency.UF else 1_000_000)
            calls.append(Call(line=line, title=f"Convocatoria {year} {line.name}", opens_on=opens, closes_on=closes,
                              currency=currency, budget=budget))  # fmt: skip
    return _bulk(Call, calls, by)


def _applicant(rng, agreements, companies):
    roll = rng.random()
    if roll < 0.45 and agreements:
        agreement = rng.choice(agreements)
        return {"agreement": agreement}, agreement.name
    adhesion = rng.choice(companies)
    return {"company_id": adhesion[0]}, adhesion[1]


def _application(rng, call, by, today, agreements, companies):
    applicant, name = _applicant(rng, agreements, companies)
    uf = call.currency == Currency.UF
    total = Decimal(rng.randint(200, 6_000)) * (1 if uf else 40_000)
    requested = calculations.max_cofinancing(total, Decimal(rng.randint(40, 70)))
    open_now = call.closes_on >= today
    status = (
        ApplicationStatus.SUBMITTED
        if open_now
        else rng.choices(
            [ApplicationStatus.AWARDED, ApplicationStatus.REJECTED, ApplicationStatus.EVALUATION], [60, 30, 10]
        )[0]
    )
    awarded = requested if status == ApplicationStatus.AWARDED else None
    return Application(
        call=call,
        title=f"{call.line.get_kind_display()}: {name}"[:250],
        total_cost=total,
        requested=requested,
        status=status,
        score=Decimal(rng.randint(40, 98)) if not open_now else None,
        awarded=awarded,
        awarded_on=call.closes_on + timedelta(days=rng.randint(20, 60)) if awarded else None,
        evaluation="Cumple las bases; pertinencia alta." if not open_now else "",
        submitted_by=by,
        decided_by=by if status in (ApplicationStatus.AWARDED, ApplicationStatus.REJECTED) else None,
        **applicant,
    )


def _funding(ctx, by, today):
    rng, calls = ctx.rng, _calls(ctx.rng, by, today)
    agreements = list(Agreement.objects.exclude(signed_on=None).order_by("pk"))
    companies = list(Adhesion.objects.filter(status=AdhesionStatus.APPROVED).values_list(
        "company_id", "company__legal_name").distinct().order_by("company_id")[:5_000])  # fmt: skip
    chosen = [rng.choice(calls) for _ in range(APPLICATIONS[ctx.scale.name])]
    applications = _bulk(Application, [_application(rng, c, by, today, agreements, companies) for c in chosen], by)
    disbursements, expenses = [], []
    for item in applications:
        if item.status != ApplicationStatus.AWARDED:
            continue
        parts = rng.randint(1, 3)
        for n in range(parts):
            paid = min(item.awarded_on + timedelta(days=60 * n), today)
            disbursements.append(Disbursement(application=item, paid_on=paid, amount=(item.awarded / parts).quantize(
                Decimal("0.01")) if n < parts - 1 else item.awarded - (item.awarded / parts).quantize(
                Decimal("0.01")) * (parts - 1), recorded_by=by))  # fmt: skip
            expenses.append(ExpenseReport(application=item, submitted_on=min(paid + timedelta(days=45), today),
                                          description=f"Rendición {n + 1}", amount=(item.awarded / parts).quantize(
                                              Decimal(1)), status=ExpenseStatus.APPROVED if paid < today -
                                          timedelta(days=90) else ExpenseStatus.SUBMITTED, reviewed_by=by))  # fmt: skip
    _bulk(Disbursement, disbursements, by)
    _bulk(ExpenseReport, expenses, by)
    ctx.progress("postulaciones a fondos", len(applications), len(applications))


# --- Capacity building and outreach ----------------------------------------------------------------------------


def _participants(ctx, by):
    rng, n = ctx.rng, PARTICIPANTS[ctx.scale.name]
    bodies = iter(rng.sample(range(8_000_000, 25_999_999), n))
    kinds, weights = zip(*TYPE_WEIGHTS, strict=True)
    people = [Participant(rut=make_rut(next(bodies)) if rng.random() < 0.85 else None, full_name=_person(rng),
                          kind=rng.choices(kinds, weights)[0]) for _ in range(n)]  # fmt: skip
    return _bulk(Participant, people, by)


def _counts(rng, activity):
    low, high = (20, 150) if activity.kind == ActivityKind.DISSEMINATION else (8, 40)
    made = [ParticipantCount(activity=activity, kind=ParticipantType.MICRO_ENTREPRENEUR, count=rng.randint(low, high))]
    if rng.random() < 0.6:
        made.append(ParticipantCount(activity=activity, kind=ParticipantType.WORKER, count=rng.randint(5, 30)))
    return made


def _activities(ctx, by, today):
    rng, people = ctx.rng, _participants(ctx, by)
    regions = list(Region.objects.order_by("order"))
    agreements = list(Agreement.objects.exclude(signed_on=None).order_by("pk"))
    kinds, weights = zip(*KIND_WEIGHTS, strict=True)
    activities = _bulk(Activity, [Activity(
        kind=(kind := rng.choices(kinds, weights)[0]), held_on=_day(rng, date(FIRST_YEAR, 1, 1), today),
        title=f"{ActivityKind(kind).label} en {rng.choice(TOPICS)}", region=rng.choice(regions),
        organizer=rng.choice(ORGANIZERS), agreement=rng.choice(agreements) if rng.random() < 0.4 else None)
        for _ in range(ACTIVITIES[ctx.scale.name])], by)  # fmt: skip
    regulars = people[: len(people) // 5]  # one person in five attends again and again
    attendance, counts = [], []
    for activity in activities:
        if rng.random() < 0.35:
            attendees = set(rng.sample(regulars, rng.randint(2, 10)) + rng.sample(people, rng.randint(10, 40)))
            attendance += [Attendance(activity=activity, participant=p) for p in attendees]
        else:
            counts += _counts(rng, activity)
    _bulk(Attendance, attendance, by)
    _bulk(ParticipantCount, counts, by)
    ctx.progress("actividades y asistencia", len(attendance), len(attendance))


# --- Success cases ---------------------------------------------------------------------------------------------

CASE_TITLES = ["{c} redujo su consumo de agua", "{c} bajó su huella de carbono", "{c} valoriza sus residuos",
               "{c} mejoró su eficiencia energética", "{c}: producción limpia con la comunidad"]  # fmt: skip


def _cases(ctx, by, today):
    rng = ctx.rng
    certified = Stage.CERTIFICATION, Stage.MAINTENANCE, Stage.IMPACT, Stage.CLOSED
    adhesions = list(Adhesion.objects.filter(status=AdhesionStatus.APPROVED, agreement__stage__in=certified)
                     .select_related("company", "agreement").order_by("pk"))  # fmt: skip
    picked, seen = [], set()
    for adhesion in rng.sample(adhesions, min(len(adhesions), CASES[ctx.scale.name] * 3)):
        if adhesion.company_id not in seen and len(picked) < CASES[ctx.scale.name]:
            seen.add(adhesion.company_id)
            picked.append(adhesion)
    cases = []
    for n, adhesion in enumerate(picked):
        company = adhesion.company.trade_name or adhesion.company.legal_name
        title = rng.choice(CASE_TITLES).format(c=company)
        status = CaseStatus.PUBLISHED if n % 10 < 7 else (CaseStatus.REVIEW if n % 10 < 9 else CaseStatus.DRAFT)
        start = max(adhesion.agreement.certified_on or date(2014, 1, 1), date(2014, 1, 1))
        cases.append(SuccessCase(
            title=title, slug=f"{slugify(title)[:200]}-{n + 1}", company=adhesion.company, agreement=adhesion.agreement,
            summary=f"Cómo {company} aplicó el acuerdo {adhesion.agreement.code} y lo que midió antes y después.",
            body="La empresa adhirió al acuerdo, hizo su diagnóstico inicial y cumplió sus acciones.\n\nEl cambio "
                 "se sostuvo en el tiempo y se mide cada año en la plataforma de indicadores.",
            status=status, published_on=_day(rng, start, today) if status == CaseStatus.PUBLISHED else None,
            created_by=by))  # fmt: skip
    cases = _bulk(SuccessCase, cases, by)
    indicators = []
    for case in cases:
        found = case_mrv_indicators(case) or [{"label": "Consumo de agua por tonelada", "unit": "m³/t",
                                               "before": Decimal(rng.randint(8, 20)),
                                               "after": Decimal(rng.randint(3, 7))}]  # fmt: skip
        indicators += [CaseIndicator(case=case, from_mrv="before_year" in f, **f) for f in found]
    _bulk(CaseIndicator, indicators, by)
    ctx.progress("casos de éxito", len(cases), len(cases))


# --- Territorial and pre-investment agreements -------------------------------------------------------------


def _territories(ctx, by):
    rng, territories, actors, goals = ctx.rng, [], [], []
    for agreement in Agreement.objects.filter(kind=AgreementType.TERRITORIAL).prefetch_related("regions"):
        regions = list(agreement.regions.all()) or [Region.objects.get(cut="05")]
        comunas = list(Comuna.objects.filter(region__in=regions).order_by("pk"))
        agreement.comunas.add(*rng.sample(comunas, min(len(comunas), rng.randint(2, 5))))
        territories.append(Territory(agreement=agreement, name=f"Cuenca {agreement.basin or regions[0].name}"))
    territories = _bulk(Territory, territories, by)
    for territory in territories:
        actors += [TerritoryActor(territory=territory, name=name, kind=kind, role=role) for name, kind, role in [
            ("Municipalidad", ActorKind.PUBLIC, "Gestión local"), ("Junta de vigilancia del río", ActorKind.COMMUNITY,
             "Distribución del agua"), ("Comunidad indígena local", ActorKind.INDIGENOUS, "Consulta y seguimiento"),
            ("Empresas adheridas", ActorKind.COMPANY, "Acciones del acuerdo")]]  # fmt: skip
        goals += [SharedResourceGoal(territory=territory, resource="Agua del río", goal="Reducir extracciones",
                                     baseline=Decimal(1_000), target=Decimal(800),
                                     current=Decimal(rng.randint(800, 990)),
                                     unit="L/s"),
                  SharedResourceGoal(territory=territory, resource="Suelo", goal="Recuperar riberas",
                                     baseline=Decimal(0), target=Decimal(30), current=Decimal(rng.randint(0, 30)),
                                     unit="ha")]  # fmt: skip
    _bulk(TerritoryActor, actors, by)
    _bulk(SharedResourceGoal, goals, by)
    ctx.progress("territorios", len(territories), len(territories))


def _projects(ctx, by, today):
    rng, projects, meetings, commitments = ctx.rng, [], [], []
    stages = list(ProjectStage)
    for agreement in Agreement.objects.filter(kind=AgreementType.PRE_INVESTMENT).order_by("pk"):
        projects.append(InvestmentProject(
            agreement=agreement, name=f"Proyecto {rng.choice(['minero', 'energético', 'portuario', 'acuícola'])} "
            f"{agreement.code}", holder=f"Titular {rng.choice(SURNAMES)} SpA", stage=rng.choice(stages),
            investment_musd=Decimal(rng.randint(20, 2_000)),
            communities="Juntas de vecinos y organizaciones del área de influencia"))  # fmt: skip
    projects = _bulk(InvestmentProject, projects, by)
    for project in projects:
        start = project.agreement.signed_on or today - timedelta(days=300)
        meetings += [ParticipatoryMeeting(project=project, held_on=_day(rng, start - timedelta(days=200), today),
                                          place="Sede comunitaria", topic=t, attendees=rng.randint(15, 120))
                     for t in ["Presentación del proyecto", "Mesa de trabajo", "Acuerdos y seguimiento"]]  # fmt: skip
        commitments += [Commitment(project=project, text=t, responsible=project.holder,
                                   due_on=start + timedelta(days=rng.randint(60, 700)),
                                   status=rng.choice(list(CommitmentStatus)))
                        for t in ["Monitoreo participativo de calidad del aire", "Contratación de mano de obra local",
                                  "Fondo de desarrollo comunitario"]]  # fmt: skip
    _bulk(ParticipatoryMeeting, meetings, by)
    _bulk(Commitment, commitments, by)
    ctx.progress("proyectos de inversión", len(projects), len(projects))
