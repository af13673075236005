"""Every write of MRV: reporting (form, file, API), verification, claims, evidence, factor versions,
recalculation and the published national report. Each records who and when."""

import hashlib
from datetime import date

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from limpia.core import jobs
from limpia.core.errors import BusinessRuleError
from limpia.core.files import attach
from limpia.core.history import save_recorded
from limpia.core.scoping import require_change, require_national, scopes_for
from limpia.core.tabular import RowError, TableError, read_table, too_large, upload_bytes
from limpia.mrv import accounting, imports
from limpia.mrv.choices import FactorKind, GwpSet, ReportStatus, RunStatus
from limpia.mrv.models import (
    CalculationVersion,
    Claim,
    FactorSet,
    ImportRun,
    Measurement,
    MeasurementEvidence,
    Report,
    ReportingPlan,
)  # fmt: skip
from limpia.mrv.queries import current_version, may_verify
from limpia.mrv.reference import factor_values

PARTIAL_LIMIT = 2_000  # beyond this many installations, a whole recomputation is cheaper


def recompute_after(installation_ids) -> None:
    """Figures follow the data: the touched installations, or everything when the change is broad."""
    ids = set(installation_ids)
    if len(ids) > PARTIAL_LIMIT:
        version = current_version()
        if version is not None:
            accounting.compute(version)
    else:
        accounting.recompute_installations(ids)


# --- Reporting --------------------------------------------------------------------------------------------


@transaction.atomic
def report_values(*, by, installation, period: str, values: list[dict], replace: bool = False) -> imports.Outcome:
    """A period's values from the form or the API: [{variable, value, unit}], through the import checks."""
    rows = [
        (number, {"instalacion": str(installation.pk), "periodo": period, "variable": v.get("variable", ""),
                  "valor": str(v.get("value", "")), "unidad": v.get("unit", "")})
        for number, v in enumerate(values, start=1)
        if str(v.get("value", "")).strip() != ""
    ]  # fmt: skip
    if not rows:
        raise BusinessRuleError(_("Enter at least one value."))
    outcome = imports.load(rows, by, replace=replace)
    recompute_after(outcome.installation_ids)
    return outcome


def start_import(*, by, upload, replace: bool = False) -> ImportRun:
    """Keep the file (streamed to storage, fingerprinted) and queue its import in the background."""
    name = upload.name.lower()
    if not name.endswith((".csv", ".txt", ".xlsx")):
        raise BusinessRuleError(_("Upload a .csv or .xlsx file."), field="file")
    if message := too_large(upload.size):
        raise BusinessRuleError(message, field="file")
    sha = hashlib.sha256()
    for chunk in upload.chunks():
        sha.update(chunk)
    upload.seek(0)
    run = ImportRun(original_name=upload.name[:255], sha256=sha.hexdigest(), size=upload.size, uploaded_by=by,
                    mime_type="text/csv" if not name.endswith(".xlsx") else "application/vnd.openxmlformats-"
                    "officedocument.spreadsheetml.sheet", replace=replace, bytes_total=upload.size)  # fmt: skip
    run.file.name = default_storage.save(f"mrv-imports/{run.sha256}-{timezone.now():%Y%m%d%H%M%S}.dat", upload)
    run.save()
    from limpia.mrv.tasks import run_import

    transaction.on_commit(lambda: run_import.enqueue(run.pk))
    return run


def run_import(run: ImportRun) -> ImportRun:
    """Stream the file through the checks; progress by bytes read; all or nothing. Held by a lease
    (limpia.core.jobs): if this worker dies, another one runs the import again from the start."""
    if not jobs.claim(run):
        return run  # finished, or a live worker holds it
    ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)

    def progress(count, bytes_read):
        jobs.beat(run)
        ImportRun.objects.filter(pk=run.pk).update(bytes_read=bytes_read, rows_read=count)

    try:
        outcome = import_file(run.file.path, run.original_name, by=run.uploaded_by, replace=run.replace,
                              progress=progress)  # fmt: skip
    except jobs.LeaseLost:
        return run  # another worker took the import over
    except TableError as exc:
        return _finish(run, RunStatus.FAILED, errors=exc.errors)
    except BusinessRuleError as exc:
        return _finish(run, RunStatus.FAILED, errors=[RowError(0, exc.field or "", exc.message)])
    return _finish(run, RunStatus.DONE, saved=outcome.rows, flagged=outcome.flagged)


def import_file(path, filename: str, *, by, replace: bool = False, progress=None) -> imports.Outcome:
    """A file on disk (an upload, or the command line): checked and saved all or nothing; figures follow."""
    outcome = imports.load_file(path, filename, by, replace=replace, progress=progress)
    recompute_after(outcome.installation_ids)
    return outcome


def _finish(run: ImportRun, status, *, errors=(), saved=0, flagged=0) -> ImportRun:
    ImportRun.objects.filter(pk=run.pk).update(
        status=status, rows_saved=saved, rows_flagged=flagged, bytes_read=run.bytes_total, finished_at=timezone.now(),
        worker="",
        errors=[{"row": e.row, "column": e.column, "message": e.message} for e in errors], error_count=len(errors),
    )  # fmt: skip
    run.refresh_from_db()
    return run


@transaction.atomic
def add_evidence(measurement: Measurement, *, by, upload) -> MeasurementEvidence:
    require_change(by, measurement.report.installation, _("You may not add evidence to this report."))
    evidence = MeasurementEvidence(measurement=measurement)
    attach(evidence, upload, by=by)
    evidence.save()
    return evidence


# --- Verification -----------------------------------------------------------------------------------------


@transaction.atomic
def verify(report: Report, *, by, comment: str = "") -> Report:
    """The auditor assigned to the installation confirms the reported data."""
    if not may_verify(by, report.installation_id):
        raise BusinessRuleError(_("Only an auditor assigned to this installation may verify its data."))
    if report.status != ReportStatus.REPORTED:
        raise BusinessRuleError(
            _("Only reported data can be verified (it is «%(s)s»).") % {"s": report.get_status_display()}
        )
    report.status, report.verified_by, report.verified_at, report.reason = (
        ReportStatus.VERIFIED,
        by,
        timezone.now(),
        comment,
    )
    return save_recorded(report, by=by, event="report.verified", reason=comment, validate=False)


@transaction.atomic
def decide(report: Report, *, by, accept: bool, reason: str = "") -> Report:
    """Staff (national, or the installation's regional coordinator) accept verified data or reject it."""
    require_change(by, report.installation, _("You may not decide on this installation's data."))
    if not _is_staff(by):
        raise BusinessRuleError(_("Only agency staff accept or reject activity data."))
    if report.status != ReportStatus.VERIFIED:
        raise BusinessRuleError(_("Only data verified by an auditor can be accepted or rejected."))
    if not accept and not reason.strip():
        raise BusinessRuleError(_("Say why the data is rejected."), field="reason")
    report.status = ReportStatus.ACCEPTED if accept else ReportStatus.REJECTED
    report.decided_by, report.decided_at, report.reason = by, timezone.now(), reason.strip()
    save_recorded(report, by=by, event="report.accepted" if accept else "report.rejected", reason=reason.strip(),
                  validate=False)  # fmt: skip
    accounting.recompute_installations([report.installation_id])
    return report


def _is_staff(user) -> bool:
    from limpia.accounts.choices import Role

    scopes = scopes_for(user)
    return scopes.national or Role.REGIONAL_COORDINATOR in scopes.roles


@transaction.atomic
def declare_claim(*, by, installation, year: int, programme: str, reference: str = "") -> Claim:
    """A reduction also claimed in HuellaChile or a carbon market: flagged, out of the APL total."""
    require_change(by, installation, _("You may not declare claims for this installation."))
    if Claim.objects.filter(installation=installation, year=year, programme=programme).exists():
        raise BusinessRuleError(_("This claim is already declared."))
    claim = Claim(installation=installation, year=year, programme=programme, reference=reference, declared_by=by)
    return save_recorded(claim, by=by, event="claim.declared")


@transaction.atomic
def set_plan(*, by, agreement, frequency: str, variables) -> ReportingPlan:
    require_change(by, agreement, _("You may not change this agreement's reporting plan."))
    plan, _created = ReportingPlan.objects.get_or_create(agreement=agreement)
    plan.frequency = frequency
    save_recorded(plan, by=by, event="plan.changed")
    plan.variables.set(variables)
    return plan


# --- Factors, recalculation, publication -------------------------------------------------------------------


@transaction.atomic
def import_factors(*, by, kind: str, version: str, source: str, upload) -> FactorSet:
    """A new version of a factor table (columns clave, valor, unidad, nota); then a new calculation version."""
    require_national(by)
    if kind not in FactorKind.values:
        raise BusinessRuleError(_("Unknown kind of factors."), field="kind")
    if FactorSet.objects.filter(kind=kind, version=version).exists():
        raise BusinessRuleError(_("Version «%(v)s» already exists.") % {"v": version}, field="version")
    table = read_table(upload_bytes(upload), upload.name, required={"clave", "valor"}, optional={"unidad", "nota"})
    values = factor_values(_checked_factors(table, kind))
    factor_set = FactorSet.objects.create(kind=kind, version=version, source=source, values=values, loaded_by=by)
    recalculate(by=by, reason=_("New %(set)s") % {"set": factor_set})
    return factor_set


def _checked_factors(table, kind: str) -> list[dict]:
    errors, rows = [], []
    current = accounting.latest_sets().get(kind)
    for number, cells in table.rows:
        try:
            value = imports.parse_number(cells["valor"])
        except ValueError:
            errors.append(RowError(number, "valor", _("«%(v)s» is not a number") % {"v": cells["valor"]}))
            continue
        if value < 0 or not cells["clave"]:
            errors.append(
                RowError(number, "valor" if cells["clave"] else "clave", _("a key and a value ≥ 0 are required"))
            )
        rows.append({**cells, "valor": str(value)})
    missing = sorted(set(current.values) - {r["clave"] for r in rows}) if current else []
    errors += [RowError(0, "clave", _("the key «%(k)s» of the current version is missing") % {"k": k}) for k in missing]
    if errors:
        raise TableError(errors)
    return rows


@transaction.atomic
def recalculate(*, by, reason: str = "", gwp_set: str = GwpSet.AR5) -> CalculationVersion:
    """A new calculation version with the latest factors, computed in the background."""
    require_national(by)
    version = accounting.new_version(by=by, reason=reason, gwp_set=gwp_set)
    from limpia.mrv.tasks import compute_version

    transaction.on_commit(lambda: compute_version.enqueue(version.pk))
    return version


@transaction.atomic
def publish_national_report(*, by, year: int):
    """Freeze the year's national figures with the current version, and render the PDF."""
    from limpia.mrv import reports
    from limpia.mrv.models import NationalReport

    require_national(by)
    version = current_version()
    if version is None:
        raise BusinessRuleError(_("There are no computed figures yet."))
    if year > date.today().year:
        raise BusinessRuleError(_("The year has not happened yet."), field="year")
    report = NationalReport.objects.create(year=year, version=version, figures=reports.national_figures(version, year),
                                           published_by=by)  # fmt: skip
    reports.store_pdf(report)
    return report
