"""Attendance of an activity from a spreadsheet (CSV as Excel saves it in Chile, or XLSX): every row or none,
errors by row and column. A person is matched by RUT, so attending twice still counts once per goal."""

import io
import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from pydantic import BaseModel, ValidationError, field_validator

from limpia.core.errors import BusinessRuleError
from limpia.core.rut import normalize_rut
from limpia.core.scoping import require_change
from limpia.core.spreadsheets import XlsxWriter
from limpia.core.tabular import RowError, TableError, normalize_header, read_table, row_errors
from limpia.programs import services
from limpia.programs.choices import ParticipantType
from limpia.programs.models import Activity

COLUMNS = ["rut", "nombre", "tipo", "correo"]
REQUIRED = {"nombre", "tipo"}
EXAMPLE = [["12.345.678-5", "María Pérez Soto", "microempresario", "maria@correo.cl"],
           ["", "Juan Rojas Díaz", "trabajador", ""]]  # fmt: skip
# Each type by its code, its English and Spanish names and the short words people write.
TYPE_WORDS = {
    ParticipantType.MICRO_ENTREPRENEUR: {"microempresario", "microempresaria", "microemprendedor", "microemprendedora"},
    ParticipantType.WORKER: {"trabajador", "trabajadora"},
    ParticipantType.OFFICIAL: {"funcionario", "funcionaria", "funcionario_publico", "funcionaria_publica"},
    ParticipantType.AUDITOR: {"auditora"},
    ParticipantType.COMPANY_STAFF: {"personal_de_empresa", "empresa", "personal_empresa"},
}


def _word(text: str) -> str:
    """«Microempresario(a)» → «microempresario»: letters of the normalized name, «(a)» endings dropped."""
    return re.sub(r"[^a-z_]", "", re.sub(r"\(.*?\)", "", normalize_header(text)))


def _kind(text: str) -> str:
    word = _word(text)
    for kind in ParticipantType:
        if word in {kind.value, _word(kind.label)} | TYPE_WORDS[kind]:
            return kind.value
    raise ValueError(_("unknown type; write one of: %(types)s") % {
        "types": ", ".join(str(k.label).lower() for k in ParticipantType)})  # fmt: skip


class AttendanceRow(BaseModel):
    rut: str = ""
    nombre: str
    tipo: str
    correo: str = ""

    @field_validator("rut", mode="before")
    @classmethod
    def _rut(cls, value):
        if not str(value or "").strip():
            return ""
        try:
            return normalize_rut(str(value))
        except DjangoValidationError as exc:
            raise ValueError(" ".join(exc.messages)) from exc

    @field_validator("nombre")
    @classmethod
    def _name(cls, value):
        if not value.strip():
            raise ValueError(_("write the person's name"))
        return value.strip()

    @field_validator("tipo", mode="before")
    @classmethod
    def _type(cls, value):
        return _kind(str(value or ""))


def _parse(table) -> tuple[list[tuple[int, AttendanceRow]], list[RowError]]:
    rows, errors, seen = [], [], {}
    for number, values in table.rows:
        try:
            row = AttendanceRow(**values)
        except ValidationError as exc:
            errors += row_errors(number, exc)
            continue
        if row.rut and row.rut in seen:
            errors.append(RowError(number, "rut", _("repeats row %(row)s of this file") % {"row": seen[row.rut]}))
        elif row.rut:
            seen[row.rut] = number
        rows.append((number, row))
    return rows, errors


def import_attendance(activity: Activity, data: bytes, filename: str, *, by) -> int:
    """Record every row's person as attending; a bad row means nothing is saved. Returns the rows read.
    The file is read and checked with no transaction open (on SQLite a transaction holds the only write
    lock); only the writing is one short transaction."""
    require_change(by, activity, _("Only national staff and the region's coordinators record its activities."))
    table = read_table(data, filename, required=REQUIRED, optional=set(COLUMNS) - REQUIRED)
    rows, errors = _parse(table)
    if errors:
        raise TableError(sorted(errors, key=lambda e: (e.row, e.column)))
    return _attend_all(activity, rows, by)


@transaction.atomic
def _attend_all(activity: Activity, rows, by) -> int:
    for number, row in rows:
        try:
            services.add_attendance(activity, by=by, rut=row.rut, full_name=row.nombre, kind=row.tipo,
                                    email=row.correo)  # fmt: skip
        except (BusinessRuleError, DjangoValidationError) as exc:
            message = exc.message if isinstance(exc, BusinessRuleError) else " ".join(exc.messages)
            raise TableError([RowError(number, "", message)]) from exc
    return len(rows)


def template_workbook() -> io.BytesIO:
    book = XlsxWriter()
    sheet = book.sheet("asistencia")
    sheet.append(COLUMNS)
    for row in EXAMPLE:
        sheet.append(row)
    return book.save()
