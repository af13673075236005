"""What the public sees: published agreements (signed and not withdrawn), certified installations, and the
scope rule of the publication settings (national staff change them)."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from limpia.agreements import lifecycle
from limpia.agreements.choices import AdhesionStatus, Stage
from limpia.agreements.models import Adhesion, Agreement
from limpia.audits.choices import CertificateState
from limpia.audits.models import Certificate
from limpia.core.scoping import NOTHING, Scopes, scope_rule
from limpia.portal.models import Publication

# From the signature on, an agreement is public (domain.md §2: «published agreements»); a withdrawn one is not.
PUBLIC_STAGES = [*lifecycle.MAIN_PATH[lifecycle.MAIN_PATH.index(Stage.SIGNATURE) :], Stage.TERMINATED]


@scope_rule(Publication)
def publication_rule(s: Scopes, action: str) -> Q:
    return NOTHING


def published_agreements() -> QuerySet:
    hidden = Publication.objects.filter(published=False).values("agreement_id")
    return Agreement.objects.filter(stage__in=PUBLIC_STAGES).exclude(pk__in=hidden)


def publication_of(agreement) -> Publication:
    try:
        return agreement.publication
    except Publication.DoesNotExist:
        return Publication(agreement=agreement)


def agreement_directory(q: str = "", sector: str = "", region: str = "", stage: str = "", kind: str = "") -> QuerySet:
    """Published agreements filtered, each with its adhered and certified installation counts (one query)."""
    qs = published_agreements()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if sector:
        qs = qs.filter(sectors__code=sector)
    if region:
        qs = qs.filter(Q(regions__cut=region) | Q(national_scope=True))
    if stage:
        qs = qs.filter(stage=stage)
    if kind:
        qs = qs.filter(kind=kind)
    adhered = Adhesion.objects.filter(agreement=OuterRef("pk"), status=AdhesionStatus.APPROVED)
    valid = Certificate.objects.filter(agreement=OuterRef("pk"), state=CertificateState.VALID)
    return qs.annotate(adhered=_count(adhered), certified=_count(valid)).order_by("-signed_on", "code").distinct()


def _count(rows: QuerySet):
    """How many `rows` an agreement has, as a subquery (no join multiplies another count)."""
    return Coalesce(Subquery(rows.values("agreement_id").annotate(n=Count("pk")).values("n")), 0)


def certified(q: str = "", region: str = "", sector: str = "") -> QuerySet:
    """Valid certificates of published agreements: the directory of certified companies and installations."""
    qs = Certificate.objects.filter(state=CertificateState.VALID, agreement__in=published_agreements().values("pk"))
    if q:
        digits = "".join(c for c in q if c.isdigit() or c in "kK")
        text = (Q(company__legal_name__icontains=q) | Q(company__trade_name__icontains=q)
                | Q(installation__name__icontains=q))  # fmt: skip
        qs = qs.filter(text | Q(company__rut__startswith=digits.upper()) if len(digits) >= 6 else text)
    if region:
        qs = qs.filter(installation__region__cut=region)
    if sector:
        qs = qs.filter(agreement__sectors__code=sector)
    return qs.select_related("company", "installation__comuna", "installation__region", "agreement").order_by(
        "company__legal_name", "installation__name"
    )


def adhered_installations(agreement) -> QuerySet:
    valid = Certificate.objects.filter(installation=OuterRef("installation_id"), agreement=agreement,
                                       state=CertificateState.VALID)  # fmt: skip
    return (
        Adhesion.objects.filter(agreement=agreement, status=AdhesionStatus.APPROVED)
        .annotate(certified=Exists(valid))
        .select_related("installation__comuna", "company")
        .order_by("company__legal_name", "installation__name")
    )
