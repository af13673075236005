"""The public site: home with national figures, directories of agreements and certified installations, each
agreement's public page, a page per region, open indicator aggregates, open data, verification, sitemap."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from limpia.accounts.throttling import over_limit
from limpia.agreements.choices import AdhesionStatus, AgreementType, Stage
from limpia.agreements.models import Adhesion
from limpia.audits.choices import AuditStatus, CertificateState
from limpia.audits.models import Audit, Certificate
from limpia.core.scoping import scopes_for
from limpia.core.views import ServiceFormView, page_of, querystring
from limpia.portal import datasets, forms, queries, services
from limpia.portal.caching import public_page
from limpia.registry.models import Region, Sector


def national_figures() -> dict:
    """The home page's figures, each one query."""
    from limpia.programs.choices import Indicator
    from limpia.programs.models import NationalGoal

    adhered = Adhesion.objects.filter(status=AdhesionStatus.APPROVED, agreement__in=queries.published_agreements())
    counts = adhered.aggregate(companies=Count("company_id", distinct=True),
                               installations=Count("installation_id", distinct=True))  # fmt: skip
    return {
        "agreements": queries.published_agreements().count(),
        **counts,
        "certified": Certificate.objects.filter(state=CertificateState.VALID)
        .values("installation_id")
        .distinct()
        .count(),
        "goals": NationalGoal.objects.exclude(indicator=Indicator.TCO2E_REDUCED).order_by("-starts_on", "pk")[:4],
    }


def latest_reduction() -> tuple[int | None, object]:
    """(year, t CO2e) of the latest whole year with accepted figures (the current year is still being reported)."""
    from django.db.models import Max

    from limpia.mrv import queries as mrv
    from limpia.programs import goals

    version = mrv.current_version()
    year = mrv.figures(version).aggregate(year=Max("year"))["year"] if version else None
    if year is None:
        return None, None
    year = year - 1 if year >= timezone.localdate().year else year
    return year, goals.reduced(year, year)[0]


@public_page
def home(request):
    """The public home; signed-in users go straight to their role's page."""
    if request.user.is_authenticated and "publico" not in request.GET:
        return redirect("core:dashboard")
    from limpia.programs import goals

    figures = national_figures()
    today = timezone.localdate()
    statuses = [goals.status(g, today) for g in figures.pop("goals")]
    year, reduced = latest_reduction()
    return render(request, "portal/home.html", {"figures": figures, "statuses": statuses, "reduction_year": year,
                                                "reduced": reduced})  # fmt: skip


@public_page
def agreements(request):
    g = request.GET
    qs = queries.agreement_directory(g.get("q", "").strip(), g.get("sector", ""), g.get("region", ""),
                                     g.get("stage", ""), g.get("kind", ""))  # fmt: skip
    return render(
        request,
        "portal/agreements.html",
        {
            "page": page_of(request, qs.prefetch_related("sectors")),
            "querystring": querystring(request),
            "sectors": Sector.objects.order_by("name"),
            "regions": Region.objects.order_by("order"),
            "stages": [s for s in Stage.choices if s[0] in queries.PUBLIC_STAGES],
            "kinds": AgreementType.choices,
        },
    )


@public_page
def agreement(request, code: str):
    item = get_object_or_404(queries.published_agreements().prefetch_related(
        "sectors", "regions", "associations", "agencies"), code=code)  # fmt: skip
    settings = queries.publication_of(item)
    installations = queries.adhered_installations(item)
    valid = Certificate.objects.filter(agreement=item, state=CertificateState.VALID,
                                       installation__in=installations.values("installation_id"))  # fmt: skip
    summary = {"adhered": installations.count(), "certified": valid.values("installation_id").distinct().count()}
    lists = Audit.objects.filter(agreement=item, status=AuditStatus.CLOSED, lists_published_at__isnull=False)
    return render(request, "portal/agreement.html", {
        "item": item, "settings": settings, "summary": summary,
        "goals": item.goals.prefetch_related("actions") if settings.show_goals else [],
        "page": page_of(request, installations, 50) if settings.show_installations else None,
        "lists": lists if settings.show_compliance_per_installation else [],
        "can_configure": scopes_for(request.user).national})  # fmt: skip


@public_page
def certified(request):
    g = request.GET
    qs = queries.certified(g.get("q", "").strip(), g.get("region", ""), g.get("sector", ""))
    from limpia.audits.certificates import verification_code

    page = page_of(request, qs)
    for c in page:
        c.verify_url = reverse("public:verify", args=[verification_code(c)])
    return render(request, "portal/certified.html", {
        "page": page, "querystring": querystring(request), "regions": Region.objects.order_by("order"),
        "sectors": Sector.objects.order_by("name")})  # fmt: skip


@public_page
def region(request, cut: str):
    from limpia.programs.reports import coverage

    item = get_object_or_404(Region, cut=cut)
    row = next(r for r in coverage() if r.region.pk == item.pk)
    published = queries.agreement_directory(region=cut).filter(Q(regions=item))
    return render(request, "portal/region.html", {"item": item, "row": row, "agreements": published[:50],
                                                  "regions": Region.objects.order_by("order")})  # fmt: skip


@public_page
def indicators(request):
    dataset = datasets.DATASETS["indicadores"]
    rows = list(dataset.rows(year=request.GET.get("year", ""), region=request.GET.get("region", "")))
    return render(request, "portal/indicators.html", {"rows": rows, "fields": dataset.fields,
                                                      "regions": Region.objects.order_by("order"),
                                                      "min_peers": datasets.MIN_PEERS})  # fmt: skip


@public_page
def open_data(request):
    return render(request, "portal/open_data.html", {"datasets": datasets.DATASETS.values(),
                                                     "formats": datasets.FORMATS})  # fmt: skip


@cache_control(max_age=300, public=True)
def datapackage(request):
    return JsonResponse(datasets.datapackage(request.build_absolute_uri("/").rstrip("/")),
                        json_dumps_params={"ensure_ascii": False, "indent": 1})  # fmt: skip


def dataset(request, name: str, fmt: str):
    found = datasets.DATASETS.get(name)
    if found is None or fmt not in datasets.FORMATS:
        raise Http404
    if over_limit(request, "open-data", settings.LIMPIA_PUBLIC_RATE_LIMIT):
        return HttpResponse(_("Too many downloads from your address; try again in a minute."), status=429)
    filters = {k: v for k, v in request.GET.items() if k in found.filters}
    content_type, extension = datasets.FORMATS[fmt]
    response = HttpResponse(datasets.render(found, fmt, filters), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


@public_page
def verify_form(request):
    """Verification by the code printed under the certificate's QR (or its address)."""
    code = request.GET.get("codigo", "").strip().rstrip("/").rsplit("/", 1)[-1]
    if code:
        return redirect("public:verify", code=code)
    return render(request, "portal/verify_form.html")


@public_page
def sitemap(request):
    base = request.build_absolute_uri("/").rstrip("/")
    paths = [reverse("core:home"), reverse("portal:agreements"), reverse("portal:certified"),
             reverse("portal:indicators"), reverse("portal:open-data"), reverse("portal:verify-form"),
             reverse("public:cases")]  # fmt: skip
    paths += [reverse("portal:region", args=[cut]) for cut in Region.objects.values_list("cut", flat=True)]
    paths += [reverse("portal:agreement", args=[code]) for code in
              queries.published_agreements().order_by("code").values_list("code", flat=True)]  # fmt: skip
    from limpia.programs.choices import CaseStatus
    from limpia.programs.models import SuccessCase

    paths += [reverse("public:case", args=[slug]) for slug in
              SuccessCase.objects.filter(status=CaseStatus.PUBLISHED).values_list("slug", flat=True)]  # fmt: skip
    xml = "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths)
    return HttpResponse('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
                        f'sitemap/0.9">{xml}</urlset>', content_type="application/xml")  # fmt: skip


def robots(request):
    sitemap_url = request.build_absolute_uri(reverse("portal:sitemap"))
    text = f"User-agent: *\nDisallow: /cuenta/\nDisallow: /api/\nSitemap: {sitemap_url}\n"
    return HttpResponse(text, content_type="text/plain")


def bare(request):
    """The benchmark's reference: a Django view that reads nothing (served only with LIMPIA_BENCH_VIEW=1)."""
    return HttpResponse(b"ok", content_type="text/plain")


class PublicationView(ServiceFormView):
    form_class = forms.PublicationForm
    title = _("What the portal publishes")

    def get_object(self):
        from limpia.agreements.models import Agreement

        if not scopes_for(self.request.user).national:
            raise PermissionDenied
        self.agreement = get_object_or_404(Agreement, pk=self.kwargs["pk"])
        return queries.publication_of(self.agreement)

    def check_permission(self):
        if not scopes_for(self.request.user).national:
            raise PermissionDenied

    def perform(self, form):
        services.save_publication(form.save(commit=False), by=self.request.user)
        return self.agreement
