"""Audit lines by spreadsheet: a template generated for each audit with its installations and actions, and
the upload that fills them, all rows or none (domain.md §9)."""

import io
from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, ValidationError, field_validator

from limpia.audits import services
from limpia.audits.models import Audit, AuditLine
from limpia.core.errors import BusinessRuleError
from limpia.core.forms import parse_date
from limpia.core.rut import format_rut, normalize_rut
from limpia.core.scoping import CHANGE, scope
from limpia.core.spreadsheets import XlsxWriter
from limpia.core.tabular import RowError, TableError, normalize_header, read_table, row_errors

LINE_COLUMNS = [
    "linea", "instalacion", "rut_empresa", "meta", "accion", "texto_accion",
    "aplica", "razon_no_aplica", "cumple", "fecha", "rut_auditor", "notas",
]  # fmt: skip
REQUIRED = {"linea", "aplica", "cumple", "fecha", "rut_auditor"}
INFORMATIVE = {"instalacion", "rut_empresa", "meta", "accion", "texto_accion"}  # shown, not read back
YES, NO = {"si", "s", "x", "1", "true", "verdadero"}, {"no", "n", "0", "false", "falso"}
FIELD_COLUMNS = {"applies": "aplica", "not_applicable_reason": "razon_no_aplica", "complies": "cumple",
                 "evidence_date": "fecha"}  # fmt: skip


def _yes_no(value) -> bool | None:
    word = normalize_header(str(value or ""))
    if not word:
        return None
    if word in YES | NO:
        return word in YES
    raise ValueError(_("write «sí» or «no»"))


class LineRow(BaseModel):
    linea: int
    aplica: bool | None = None
    razon_no_aplica: str = ""
    cumple: bool | None = None
    fecha: date | None = None
    rut_auditor: str = ""
    notas: str = ""

    @field_validator("aplica", "cumple", mode="before")
    @classmethod
    def _bool(cls, value):
        return _yes_no(value)

    @field_validator("fecha", mode="before")
    @classmethod
    def _date(cls, value):
        if not str(value or "").strip():
            return None
        day = parse_date(str(value))
        if day is None:
            raise ValueError(_("write the date as dd-mm-yyyy"))
        return day

    @field_validator("rut_auditor", mode="before")
    @classmethod
    def _rut(cls, value):
        if not str(value or "").strip():
            raise ValueError(_("give the auditor's RUT"))
        try:
            return normalize_rut(str(value))
        except DjangoValidationError as exc:
            raise ValueError(" ".join(exc.messages)) from exc


def _parse(table) -> tuple[list[tuple[int, LineRow]], list[RowError]]:
    rows, errors, seen = [], [], {}
    for number, values in table.rows:
        try:
            row = LineRow(**{k: v for k, v in values.items() if k not in INFORMATIVE})
        except ValidationError as exc:
            errors += row_errors(number, exc)
            continue
        if row.linea in seen:
            errors.append(RowError(number, "linea", _("repeats row %(row)s of this file") % {"row": seen[row.linea]}))
        seen[row.linea] = number
        rows.append((number, row))
    return rows, errors


def _check(rows, lines: dict[int, AuditLine]) -> list[RowError]:
    """Each row names a line of this audit the uploader fills, signed by its assigned auditor, with values
    that follow domain.md §9."""
    errors = []
    for number, row in rows:
        line = lines.get(row.linea)
        if line is None:
            errors.append(RowError(number, "linea", _("no line %(n)s of this audit is assigned to you") % {
                "n": row.linea}))  # fmt: skip
            continue
        auditor = line.assignment.auditor
        if auditor is None or auditor.rut != row.rut_auditor:
            errors.append(RowError(number, "rut_auditor", _("the auditor assigned to this installation is %(rut)s") % {
                "rut": format_rut(auditor.rut) if auditor else "—"}))  # fmt: skip
        if line.state not in services.OPEN_LINE_STATES:
            errors.append(RowError(number, "linea", _("the line is already decided and cannot be changed")))
        problems = services.line_problems(
            line, applies=row.aplica, complies=row.cumple, reason=row.razon_no_aplica, evidence_date=row.fecha
        )
        errors += [RowError(number, FIELD_COLUMNS[field], message) for field, message in problems.items()]
    return errors


def _uploader_lines(audit: Audit, user):
    return (
        scope(AuditLine, user, CHANGE)
        .filter(audit=audit)
        .select_related("assignment__auditor", "assignment__adhesion", "assignment__installation", "audit")
    )


def import_lines(audit: Audit, data: bytes, filename: str, *, by) -> int:
    """Fill the lines of the file; any bad row means nothing is saved, and the report names row, column, reason.
    The file is read and checked with no transaction open (on SQLite a transaction holds the only write lock,
    and everybody's sign-in waits for it); only the writing is one short transaction."""
    table = read_table(data, filename, required=REQUIRED, optional=set(LINE_COLUMNS) - REQUIRED)
    rows, errors = _parse(table)
    lines = _uploader_lines(audit, by).in_bulk([row.linea for _n, row in rows])
    errors += _check(rows, lines)
    if errors:
        raise TableError(sorted(errors, key=lambda e: (e.row, e.column)))
    return _fill_all(rows, lines, by)


@transaction.atomic
def _fill_all(rows, lines: dict[int, AuditLine], by) -> int:
    _refresh_states(lines)
    for number, row in rows:
        try:
            services.fill_line(
                lines[row.linea], by=by, applies=row.aplica, complies=row.cumple, reason=row.razon_no_aplica,
                evidence_date=row.fecha, notes=row.notas,
            )  # fmt: skip
        except BusinessRuleError as exc:
            raise TableError([RowError(number, FIELD_COLUMNS.get(exc.field, ""), exc.message)]) from exc
    return len(rows)


def _refresh_states(lines: dict[int, AuditLine]) -> None:
    """The states as they are now, rows locked: a line decided (or an audit closed) since the file was checked
    is refused by `fill_line`, not overwritten."""
    fresh = AuditLine.objects.select_for_update().filter(pk__in=lines).values_list("pk", "state", "audit__status")
    for pk, state, audit_status in fresh:
        lines[pk].state, lines[pk].audit.status = state, audit_status


def template_workbook(audit: Audit, user) -> io.BytesIO:
    """An XLSX with one row per line the user fills: installation and action shown, answers left blank."""
    book = XlsxWriter()
    sheet = book.sheet("lineas")
    sheet.append(LINE_COLUMNS)
    lines = (
        _uploader_lines(audit, user)
        .select_related("action__goal", "assignment__company")
        .order_by("assignment__installation__name", "action__goal__number", "action__number")
    )
    for line in lines.iterator(chunk_size=2000):
        assignment, action = line.assignment, line.action
        sheet.append([
            line.pk, assignment.installation.name, format_rut(assignment.company.rut), action.goal.number,
            action.number, action.text, _shown_bool(line.applies), line.not_applicable_reason,
            _shown_bool(line.complies), line.evidence_date.strftime("%d-%m-%Y") if line.evidence_date else "",
            format_rut(assignment.auditor.rut) if assignment.auditor else "", line.auditor_notes,
        ])  # fmt: skip
    return book.save()


def _shown_bool(value) -> str:
    return "" if value is None else ("sí" if value else "no")


def filename(audit: Audit) -> str:
    return f"lineas-{audit.agreement.code}-{audit.kind}-{audit.number}-{timezone.localdate():%Y%m%d}.xlsx"
