"""Scope rules of the agreements (see limpia.core.scoping) and their read queries."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from limpia.agreements import calculations
from limpia.agreements.choices import AdhesionStatus, DueKind, Stage
from limpia.agreements.models import (
    Action,
    Adhesion,
    Agreement,
    AgreementDocument,
    CommitteeMember,
    Extension,
    Goal,
    InitialDiagnosis,
    Meeting,
    Term,
)
from limpia.core.scoping import NOTHING, VIEW, Scopes, scope_rule

LINK_COLUMNS = {"regions": "region_id", "associations": "association_id", "agencies": "agency_id"}


def _through(field: str, ids) -> Q:
    """Agreements linked to `ids` through the many-to-many `field`, as a subquery (no duplicate rows)."""
    links = getattr(Agreement, field).through.objects.filter(**{f"{LINK_COLUMNS[field]}__in": ids})
    return Q(pk__in=links.values("agreement_id"))


@scope_rule(Agreement)
def agreement_rule(s: Scopes, action: str) -> Q:
    """Regional coordinators: agreements of their regions (and national ones, to read); associations and
    agencies: those they signed; companies: those they adhere to and those open for adhesion."""
    q = _through("regions", s.region_ids) if s.region_ids else NOTHING
    if action != VIEW:
        return q
    if s.region_ids:
        q |= Q(national_scope=True)
    if s.association_ids:
        q |= _through("associations", s.association_ids)
    if s.agency_ids:
        q |= _through("agencies", s.agency_ids)
    if s.company_ids:
        q |= Q(stage=Stage.ADHESION) | Q(
            pk__in=Adhesion.objects.filter(company_id__in=s.company_ids).values("agreement_id")
        )
    return q


def _of_agreement(prefix: str):
    def rule(s: Scopes, action: str) -> Q:
        return Q(**{f"{prefix}__in": Agreement.objects.filter(agreement_rule(s, action))})

    return rule


for _model, _prefix in [
    (Term, "agreement"),
    (Extension, "agreement"),
    (AgreementDocument, "agreement"),
    (CommitteeMember, "agreement"),
    (Meeting, "agreement"),
    (Goal, "agreement"),
    (Action, "goal__agreement"),
]:
    scope_rule(_model)(_of_agreement(_prefix))


@scope_rule(Adhesion)
def adhesion_rule(s: Scopes, action: str) -> Q:
    """Companies their own; regional coordinators those of installations in their regions; the
    signatory association and agencies those of their agreements (to read and decide)."""
    q = Q(company_id__in=s.company_ids) | Q(installation__region_id__in=s.region_ids)
    if s.association_ids:
        q |= Q(agreement__in=Agreement.objects.filter(_through("associations", s.association_ids)))
    if action == VIEW and s.agency_ids:
        q |= Q(agreement__in=Agreement.objects.filter(_through("agencies", s.agency_ids)))
    return q


@scope_rule(InitialDiagnosis)
def diagnosis_rule(s: Scopes, action: str) -> Q:
    return Q(adhesion__in=Adhesion.objects.filter(adhesion_rule(s, action)))


def agreements_listing(qs: QuerySet) -> QuerySet:
    return qs.prefetch_related("sectors", "associations").annotate(
        adhered=Count("adhesions", filter=Q(adhesions__status=AdhesionStatus.APPROVED), distinct=True)
    )


def applicable_actions(adhesion: Adhesion) -> list[Action]:
    """The actions of the agreement that apply to this adhered installation (domain.md §7)."""
    installation = adhesion.installation
    code = installation.activity.code if installation.activity_id else ""
    actions = Action.objects.filter(goal__agreement_id=adhesion.agreement_id).select_related("goal")
    facts = {
        "installation_kind": installation.kind,
        "size_class": adhesion.size_class_at_adhesion,
        "activity_code": code,
    }
    return [a for a in actions if calculations.applies(a.criteria, **facts)]


@dataclass(frozen=True)
class CalendarEntry:
    kind: str
    label: str
    sequence: int
    day: date
    before_extension: date | None

    @property
    def moved(self) -> bool:
        return self.before_extension is not None and self.before_extension != self.day


def agreement_calendar(agreement: Agreement) -> list[CalendarEntry]:
    """Every due date of the agreement, with the date it had before any extension."""
    rules, anchors = agreement.term_rules(), agreement.anchors()
    roll = agreement.roll_to_business_day
    extensions = [e.as_extension() for e in agreement.extensions.all()]
    original = {(d.rule, d.sequence): d.day for d in calculations.due_dates(rules, anchors, roll_to_business_day=roll)}
    return [
        CalendarEntry(d.kind, str(DueKind(d.kind).label), d.sequence, d.day, original.get((d.rule, d.sequence)))
        for d in calculations.due_dates(rules, anchors, extensions=extensions, roll_to_business_day=roll)
    ]


FEED_SALT = "limpia.agreements.calendar-feed"


def calendar_feed_url(agreement: Agreement, user) -> str:
    """A personal, signed address of the agreement's calendar for calendar apps (no login there)."""
    from django.core import signing
    from django.urls import reverse

    token = signing.dumps({"a": agreement.pk, "u": user.pk}, salt=FEED_SALT, compress=True)
    return reverse("agreements:calendar-feed", args=[token])


def feed_from_token(token: str):
    """(agreement, user) of a valid feed address whose user still sees the agreement; else None."""
    from django.contrib.auth import get_user_model
    from django.core import signing

    from limpia.core.scoping import scope

    try:
        data = signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    agreement = scope(Agreement, user, VIEW).filter(pk=data.get("a")).first() if user else None
    return (agreement, user) if agreement else None


def icalendar(agreement: Agreement) -> str:
    """RFC 5545 text: one all-day event per due date."""
    from django.utils import timezone

    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Limpia//Acuerdos de Produccion Limpia//ES",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_text(agreement.code)}",
    ]
    for entry in agreement_calendar(agreement):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{agreement.pk}-{entry.kind}-{entry.sequence}@limpia",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{entry.day:%Y%m%d}",
            f"SUMMARY:{_ics_text(f'{agreement.code}: {entry.label}')}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


@dataclass(frozen=True)
class InboxItem:
    day: date | None
    title: str
    agreement: Agreement
    url: str
    overdue: bool


# The calendar dates each role is reminded of (domain.md §2 and §6).
ROLE_DUE_KINDS = {
    "national_staff": {DueKind.FOLLOW_UP_AUDIT, DueKind.FINAL_AUDIT, DueKind.ADHESION_DEADLINE},
    "regional_coordinator": {DueKind.FOLLOW_UP_AUDIT, DueKind.FINAL_AUDIT, DueKind.ADHESION_DEADLINE},
    "association_coordinator": {DueKind.ASSOCIATION_REPORT, DueKind.FINAL_REPORT, DueKind.ADHESION_DEADLINE},
    "company_representative": {DueKind.FINAL_RESULTS, DueKind.MAINTENANCE_AUDIT, DueKind.CERTIFICATE_EXPIRY},
    "agency_validator": {DueKind.AGENCY_RESPONSE},
}
ACTIVE_STAGES = [
    Stage.ADHESION,
    Stage.IMPLEMENTATION,
    Stage.FINAL_AUDIT,
    Stage.VALIDATION,
    Stage.CERTIFICATION,
    Stage.MAINTENANCE,
]
HORIZON_DAYS = 60


def inbox_for(user, today: date | None = None) -> list[InboxItem]:
    """What is due for the user: adhesions to decide, diagnoses to record, and the calendar dates of
    their role in the next 60 days. Overdue first, then by date."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from limpia.core.scoping import CHANGE, scope, scopes_for

    today = today or timezone.localdate()
    scopes = scopes_for(user)
    items = []
    deciders = scopes.national or scopes.roles & {"regional_coordinator", "association_coordinator"}
    if deciders:
        for adhesion in (
            scope(Adhesion, user, CHANGE)
            .filter(status=AdhesionStatus.REQUESTED)
            .exclude(company_id__in=scopes.company_ids)
            .select_related("agreement", "installation")[:200]
        ):
            items.append(
                InboxItem(
                    None,
                    _("Decide the adhesion of %(i)s") % {"i": adhesion.installation},
                    adhesion.agreement,
                    adhesion.get_absolute_url(),
                    False,
                )
            )
    pending = (
        scope(InitialDiagnosis, user, CHANGE)
        .filter(completed_on__isnull=True, adhesion__status=AdhesionStatus.APPROVED)
        .select_related("adhesion__agreement", "adhesion__installation")[:200]
    )
    for diagnosis in pending:
        items.append(
            InboxItem(
                diagnosis.due_on,
                _("Initial diagnosis of %(i)s") % {"i": diagnosis.adhesion.installation},
                diagnosis.adhesion.agreement,
                reverse("agreements:diagnosis-edit", args=[diagnosis.pk]),
                bool(diagnosis.due_on and diagnosis.due_on < today),
            )
        )
    items += _calendar_items(user, scopes, today)
    return sorted(items, key=lambda i: (not i.overdue, i.day or today, i.title))


def _calendar_items(user, scopes, today: date) -> list[InboxItem]:
    from datetime import timedelta

    from limpia.core.scoping import scope

    kinds = set().union(
        *(ROLE_DUE_KINDS.get(r, set()) for r in scopes.roles | ({"national_staff"} if scopes.national else set()))
    )
    if not kinds:
        return []
    agreements = scope(Agreement, user, VIEW).filter(stage__in=ACTIVE_STAGES).prefetch_related("terms", "extensions")
    horizon = today + timedelta(days=HORIZON_DAYS)
    return [
        InboxItem(entry.day, entry.label, agreement, agreement.get_absolute_url() + "#calendario", False)
        for agreement in agreements[:500]
        for entry in agreement_calendar(agreement)
        if entry.kind in kinds and today <= entry.day <= horizon
    ]
