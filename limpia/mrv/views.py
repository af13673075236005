"""MRV screens: dashboards (nation, agreement), an installation's indicators, reporting (form, upload with
progress), verification, the calculator, factor versions and the national report."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from limpia.agreements.models import Agreement
from limpia.core.confirm import confirmed, unconfirmed
from limpia.core.errors import BusinessRuleError
from limpia.core.files import download_response, file_response
from limpia.core.inputs import id_param, year_param
from limpia.core.scoping import CHANGE, get_for, scope, scopes_for
from limpia.core.spreadsheets import csv_bytes
from limpia.core.tabular import TableError
from limpia.core.views import error_text, run_service
from limpia.mrv import queries, reports, services
from limpia.mrv.choices import FactorKind, Programme, ReportStatus
from limpia.mrv.models import FactorSet, ImportRun, NationalReport, Report, Variable
from limpia.registry.models import Installation

TREND = [("co2e_t", gettext_lazy("Emissions (t CO2e)")), ("intensity", gettext_lazy("t CO2e per unit of product")),
         ("reduction_t", gettext_lazy("Reduction against the baseline (t CO2e)"))]  # fmt: skip


def bars(rows: list[dict], key: str) -> dict:
    """An SVG bar chart's geometry (100 units per bar, 100 high): label, value, position and height."""
    values = [r.get(key) or Decimal(0) for r in rows]
    top = max((abs(v) for v in values), default=Decimal(0)) or Decimal(1)
    items = []
    for index, (row, value) in enumerate(zip(rows, values, strict=True)):
        height = round(float(abs(value) / top * 90), 2)
        items.append({"label": row["label"], "value": value, "x": index * 100 + 15, "cx": index * 100 + 50,
                      "y": round(100 - height, 2), "height": height, "negative": value < 0})  # fmt: skip
    return {"bars": items, "width": max(len(items), 1) * 100}


def _year(request, version) -> int:
    years = sorted({y for y in queries.figures(version).values_list("year", flat=True).distinct()}) if version else []
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return years[-2] if len(years) > 1 else (years[-1] if years else timezone.localdate().year)


def _years(qs, baseline_qs=None) -> list[dict]:
    rows = queries.totals(qs, ["year"])
    cut = queries.reduction_totals(queries.reductions(baseline_qs if baseline_qs is not None else qs))
    for row in rows:
        row["label"] = str(row["year"])
        row["reduction_t"] = cut.get(row["year"], {}).get("counted", Decimal(0))
        row["excluded_t"] = cut.get(row["year"], {}).get("excluded", Decimal(0))
        row["intensity"] = row["co2e_t"] / row["production"] if row["production"] else None
    return rows


@login_required
def dashboard(request):
    """Accepted figures of the user's scope (the nation for staff), per year and per dimension."""
    version = queries.current_version()
    context = {"version": version, "dimensions": reports.DIMENSIONS}
    if version is not None:
        qs = scope(queries.figures(version), request.user)
        year = _year(request, version)
        dimension = request.GET.get("dimension", "sector")
        dimension = dimension if dimension in reports.DIMENSIONS else "sector"
        rows = reports.by_dimension(version, dimension, year, qs)
        fmt = request.GET.get("format")
        if fmt in ("csv", "xlsx"):
            return _export(rows, dimension, year, fmt)
        years = _years(qs)
        context.update(year=year, dimension=dimension, rows=rows, years=years, columns=reports.COLUMNS,
                       chart=bars(years, "co2e_t"), reduction_chart=bars(years, "reduction_t"),
                       national=scopes_for(request.user).national)  # fmt: skip
    return render(request, "mrv/dashboard.html", context)


def _export(rows, dimension, year, fmt):
    name = f"limpia-mrv-{dimension}-{year}"
    if fmt == "csv":
        response = HttpResponse(reports.as_csv(rows, dimension), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(reports.as_xlsx(rows, dimension), content_type="application/vnd.openxmlformats-"
                                "officedocument.spreadsheetml.sheet")  # fmt: skip
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def agreement_dashboard(request, pk: int):
    agreement = get_for(request.user, Agreement, pk=pk)
    version = queries.current_version()
    context = {"agreement": agreement, "version": version}
    if version is not None:
        qs = queries.in_agreement(scope(queries.figures(version), request.user), agreement)
        year = _year(request, version)
        years = _years(qs)
        context.update(
            year=year,
            years=years,
            chart=bars(years, "co2e_t"),
            reduction_chart=bars(years, "reduction_t"),
            rows=reports.by_dimension(version, "installation", year, qs),
            columns=reports.COLUMNS,
        )
    return render(request, "mrv/agreement.html", context)


@login_required
def installation(request, pk: int):
    """An installation's indicators: yearly trends, its quarter among sector peers, its reports."""
    item = get_for(request.user, Installation, pk=pk)
    version = queries.current_version()
    context = {"installation": item, "version": version, "may_report": _may_change(request.user, item),
               "programmes": Programme.choices,
               "reports": Report.objects.filter(installation=item).order_by("-period")[:24]}  # fmt: skip
    if version is not None:
        qs = queries.figures(version).filter(installation=item)
        years = _years(qs)
        context.update(years=years, charts=[(label, bars(years, key)) for key, label in TREND],
                       baseline=queries.baselines([item.pk]).get(item.pk),
                       benchmarks=_benchmarks(version, item, years))  # fmt: skip
    return render(request, "mrv/installation.html", context)


def _may_change(user, item) -> bool:
    return scope(Installation, user, CHANGE).filter(pk=item.pk).exists()


def _benchmarks(version, item, years) -> list:
    """Against installations of the same sector's agreements, same year, accepted figures; anonymized."""
    from limpia.agreements.choices import AdhesionStatus
    from limpia.agreements.models import Adhesion

    if not years:
        return []
    year = years[-2]["year"] if len(years) > 1 else years[-1]["year"]
    sectors = Adhesion.objects.filter(installation=item, status=AdhesionStatus.APPROVED).values("agreement__sectors")
    peers = Adhesion.objects.filter(agreement__sectors__in=sectors, status=AdhesionStatus.APPROVED).values(
        "installation_id"
    )
    rows = queries.totals(queries.figures(version).filter(year=year, installation_id__in=peers), ["installation_id"])
    result = []
    for key, label in (
        ("co2e_t", _("t CO2e per unit")),
        ("energy_gj", _("GJ per unit")),
        ("water_m3", _("m³ per unit")),
    ):
        values = {r["installation_id"]: r[key] / r["production"] for r in rows if r["production"]}
        result.append((label, year, queries.benchmark(values.get(item.pk), list(values.values()), key)))
    return result


@login_required
def report_form(request, pk: int):
    """A period's values for one installation (Chilean number format), checked like an upload."""
    item = get_for(request.user, Installation, CHANGE, pk=pk)
    variables = _plan_variables(item)
    values = [{"variable": v.code, "value": request.POST.get(f"v-{v.pk}", ""),
               "unit": request.POST.get(f"u-{v.pk}", "") or v.base_unit} for v in variables]  # fmt: skip
    errors = []
    if request.method == "POST":
        try:
            outcome = services.report_values(by=request.user, installation=item, period=request.POST.get("period", ""),
                                             values=values, replace=bool(request.POST.get("replace")))  # fmt: skip
        except TableError as exc:
            errors = exc.errors
        except BusinessRuleError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request, _("%(n)s values saved; %(f)s flagged for review.") % {"n": outcome.rows, "f": outcome.flagged}
            )
            return redirect("mrv:installation", pk=item.pk)
    rows = [(v, values[i]) for i, v in enumerate(variables)]
    return render(request, "mrv/report_form.html", {"installation": item, "rows": rows, "errors": errors,
                                                    "period": request.POST.get("period", "")})  # fmt: skip


def _plan_variables(item) -> list[Variable]:
    from limpia.agreements.choices import AdhesionStatus

    found = Variable.objects.filter(plans__agreement__adhesions__installation=item,
                                    plans__agreement__adhesions__status=AdhesionStatus.APPROVED).distinct()  # fmt: skip
    return list(found) or list(Variable.objects.all())


@login_required
def import_start(request):
    if request.method == "POST" and request.FILES.get("file"):
        try:
            run = services.start_import(by=request.user, upload=request.FILES["file"],
                                        replace=bool(request.POST.get("replace")))  # fmt: skip
        except BusinessRuleError as exc:
            messages.error(request, error_text(exc))
        else:
            return redirect(run.get_absolute_url())
    return render(request, "mrv/import.html", {"runs": scope(ImportRun, request.user).order_by("-uploaded_at")[:10]})


@login_required
def import_detail(request, pk: int):
    run = get_for(request.user, ImportRun, pk=pk)
    if request.headers.get("HX-Request"):
        return render(request, "mrv/_import_progress.html", {"run": run})
    return render(request, "mrv/import_detail.html", {"run": run})


@login_required
def template_csv(request):
    """An example CSV as Chile's Excel writes it, with the user's installations and a plan's variables."""
    month = timezone.localdate().replace(day=1).strftime("%d-%m-%Y")
    rows = [
        [item.pk, month, variable.code, "", variable.base_unit]
        for item in scope(Installation, request.user, CHANGE).order_by("pk")[:20]
        for variable in _plan_variables(item)[:12]
    ]
    content = csv_bytes(["instalacion", "periodo", "variable", "valor", "unidad"], rows, delimiter=";", bom=True)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="plantilla-actividad.csv"'
    return response


@login_required
def report_list(request):
    """Reports in scope by status: the auditor's and staff's verification queue."""
    status = request.GET.get("status", ReportStatus.REPORTED)
    qs = scope(Report, request.user).filter(status=status).select_related("installation__company")
    if request.GET.get("flagged"):
        qs = qs.filter(measurements__flagged=True).distinct()
    return render(request, "mrv/report_list.html", {"reports": qs.order_by("-period", "installation_id")[:200],
                                                    "status": status, "statuses": ReportStatus.choices})  # fmt: skip


@login_required
def report_detail(request, pk: int):
    report = get_for(request.user, Report, pk=pk)
    measurements = report.measurements.select_related("variable").prefetch_related("evidence")
    return render(
        request,
        "mrv/report_detail.html",
        {"report": report, "measurements": measurements, "history": report.history.select_related("history_user")[:20]},
    )


@login_required
@require_POST
def report_verify(request, pk: int):
    report = get_for(request.user, Report, pk=pk)
    comment = request.POST.get("comment", "")
    return run_service(
        request, lambda: services.verify(report, by=request.user, comment=comment), _("Data verified."),
        report.get_absolute_url(),
    )  # fmt: skip


@login_required
@require_POST
def report_decide(request, pk: int):
    report = get_for(request.user, Report, pk=pk)
    if not confirmed(request):
        return unconfirmed(request, report.get_absolute_url())
    accept = request.POST.get("decision") == "accept"
    return run_service(
        request, lambda: services.decide(report, by=request.user, accept=accept, reason=request.POST.get("reason", "")),
        _("Data accepted.") if accept else _("Data rejected."), report.get_absolute_url(),
    )  # fmt: skip


@login_required
@require_POST
def evidence_upload(request, pk: int):
    report = get_for(request.user, Report, pk=pk)
    measurement = report.measurements.filter(pk=id_param(request.POST, "measurement", default=0)).first()
    if measurement is None or not request.FILES.get("file"):
        raise Http404
    return run_service(request, lambda: services.add_evidence(measurement, by=request.user,
                                                              upload=request.FILES["file"]),
                       _("Evidence uploaded."), report.get_absolute_url())  # fmt: skip


@login_required
def evidence_download(request, pk: int):
    from limpia.mrv.models import MeasurementEvidence

    return download_response(get_for(request.user, MeasurementEvidence, pk=pk))


@login_required
@require_POST
def claim_add(request, pk: int):
    item = get_for(request.user, Installation, pk=pk)
    return run_service(request, lambda: services.declare_claim(
        by=request.user, installation=item, year=year_param(request.POST, default=0),
        programme=request.POST.get("programme", ""), reference=request.POST.get("reference", "")),
        _("Claim declared: that year's reduction is left out of the APL total."),
        reverse("mrv:installation", args=[item.pk]))  # fmt: skip


def calculator(request):
    """The public calculator page; the browser calls POST /api/v1/mrv/calculate."""
    return render(request, "mrv/calculator.html", {"variables": Variable.objects.all()})


@login_required
def factor_sets(request):
    error_rows = []
    if request.method == "POST":
        try:
            services.import_factors(
                by=request.user,
                kind=request.POST.get("kind", ""),
                version=request.POST.get("version", "").strip(),
                source=request.POST.get("source", "").strip(),
                upload=request.FILES["file"],
            )
        except TableError as exc:
            error_rows = exc.errors
        except (BusinessRuleError, KeyError) as exc:
            messages.error(request, error_text(exc) if isinstance(exc, BusinessRuleError) else _("Choose a file."))
        else:
            messages.success(request, _("Factor version loaded; a new calculation version is being computed."))
            return redirect("mrv:factor-sets")
    from limpia.mrv.models import CalculationVersion

    return render(request, "mrv/factor_sets.html", {
        "sets": FactorSet.objects.all(), "kinds": FactorKind.choices, "errors": error_rows,
        "versions": CalculationVersion.objects.select_related("fuels", "grid", "gwp", "waste")[:10],
        "national": scopes_for(request.user).national})  # fmt: skip


@login_required
def factor_set(request, pk: int):
    item = get_for(request.user, FactorSet, pk=pk)
    return render(request, "mrv/factor_set.html", {"set": item, "values": sorted(item.values.items())})


@login_required
def national_reports(request):
    if request.method == "POST":
        return run_service(request, lambda: services.publish_national_report(
            by=request.user, year=year_param(request.POST, default=0)),
                           _("Report published."), reverse("mrv:national-reports"))  # fmt: skip
    return render(
        request,
        "mrv/national_reports.html",
        {"reports": NationalReport.objects.select_related("version"), "national": scopes_for(request.user).national},
    )


@login_required
def national_report(request, pk: int):
    item = get_for(request.user, NationalReport, pk=pk)
    if not item.pdf:
        raise Http404
    return file_response(item.pdf.open("rb"), content_type="application/pdf",
                         filename=f"limpia-reporte-gei-{item.year}.pdf")  # fmt: skip
