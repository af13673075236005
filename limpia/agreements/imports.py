"""The goals × actions matrix from a spreadsheet, and the template to fill (domain.md §7)."""

import io
import re
from decimal import Decimal

from django.core.exceptions import ValidationError as ModelError
from django.db import transaction
from django.utils.translation import gettext as _
from pydantic import BaseModel, Field, ValidationError, field_validator

from limpia.agreements import services
from limpia.agreements.choices import Matter, TermUnit
from limpia.agreements.models import Agreement, Goal
from limpia.core.errors import BusinessRuleError
from limpia.core.numbers import parse_decimal_cl
from limpia.core.spreadsheets import XlsxWriter
from limpia.core.tabular import RowError, TableError, normalize_header, read_table, row_errors
from limpia.registry.choices import InstallationKind, SizeClass

ACTION_COLUMNS = [
    "meta",
    "titulo_meta",
    "numero",
    "accion",
    "medio_verificacion",
    "plazo",
    "unidad_plazo",
    "valor_referencia",
    "unidad_referencia",
    "tipos_instalacion",
    "tamanos",
    "actividades",
    "criterios",
    "materias",
    "ods",
    "puntaje",
    "nivel",
    "obligatoria",
]
REQUIRED = {"meta", "numero", "accion", "medio_verificacion", "plazo"}
UNITS = {
    "meses": TermUnit.MONTHS,
    "mes": TermUnit.MONTHS,
    "anos": TermUnit.YEARS,
    "ano": TermUnit.YEARS,
    "dias": TermUnit.CALENDAR_DAYS,
    "dias_corridos": TermUnit.CALENDAR_DAYS,
    "dias_habiles": TermUnit.BUSINESS_DAYS,
}
KINDS = {
    "establecimiento": InstallationKind.ESTABLISHMENT,
    "maquina": InstallationKind.MACHINE,
    "producto": InstallationKind.PRODUCT,
    "organizacion": InstallationKind.ORGANIZATION,
}
SIZES = {"micro": SizeClass.MICRO, "pequena": SizeClass.SMALL, "mediana": SizeClass.MEDIUM, "grande": SizeClass.LARGE}
MATTERS = {
    "agua": Matter.WATER,
    "energia": Matter.ENERGY,
    "residuos": Matter.WASTE,
    "emisiones": Matter.EMISSIONS,
    "seguridad": Matter.SAFETY,
    "produccion": Matter.PRODUCTION,
    "comunidad": Matter.COMMUNITY,
    "gestion": Matter.MANAGEMENT,
}


def _words(value: str) -> list[str]:
    return [normalize_header(w) for w in str(value or "").replace(";", ",").split(",") if w.strip()]


def _mapped(value: str, table: dict, what: str) -> list[str]:
    words = _words(value)
    unknown = [w for w in words if w not in table]
    if unknown:
        raise ValueError(
            _("unknown %(what)s: %(words)s; use %(allowed)s")
            % {"what": what, "words": ", ".join(unknown), "allowed": ", ".join(table)}
        )
    return [table[w] for w in words]


class ActionRow(BaseModel):
    meta: int = Field(ge=1)
    titulo_meta: str = ""
    numero: str = Field(min_length=1, max_length=10)
    accion: str = Field(min_length=3)
    medio_verificacion: str = Field(min_length=2)
    plazo: int = Field(ge=0)
    unidad_plazo: str = "meses"
    valor_referencia: Decimal | None = None
    unidad_referencia: str = ""
    tipos_instalacion: list[str] = []
    tamanos: list[str] = []
    actividades: list[str] = []
    criterios: str = ""
    materias: list[str] = []
    ods: list[int] = []
    puntaje: Decimal | None = None
    nivel: str = ""
    obligatoria: bool = False

    @field_validator("unidad_plazo", mode="before")
    @classmethod
    def _unit(cls, value):
        return _mapped(value or "meses", UNITS, _("deadline unit"))[0]

    @field_validator("tipos_instalacion", mode="before")
    @classmethod
    def _kinds(cls, value):
        return _mapped(value, KINDS, _("installation kind"))

    @field_validator("tamanos", mode="before")
    @classmethod
    def _sizes(cls, value):
        return _mapped(value, SIZES, _("size"))

    @field_validator("materias", mode="before")
    @classmethod
    def _matters(cls, value):
        return _mapped(value, MATTERS, _("matter"))

    @field_validator("actividades", "ods", mode="before")
    @classmethod
    def _list(cls, value):
        return [v for v in re.split(r"[;,\s]+", value) if v] if isinstance(value, str) else value

    @field_validator("valor_referencia", "puntaje", mode="before")
    @classmethod
    def _number(cls, value):
        return parse_decimal_cl(value) if isinstance(value, str) and value.strip() else (value or None)

    @field_validator("obligatoria", mode="before")
    @classmethod
    def _yes(cls, value):
        return normalize_header(str(value or "")) in {"si", "s", "x", "1", "true", "verdadero"}

    @field_validator("ods", mode="after")
    @classmethod
    def _sdgs(cls, value):
        bad = [v for v in value if not 1 <= v <= 17]
        if bad:
            raise ValueError(_("SDGs go from 1 to 17"))
        return value

    def action_fields(self) -> dict:
        return {
            "number": self.numero,
            "text": self.accion,
            "verification_means": self.medio_verificacion,
            "deadline_value": self.plazo,
            "deadline_unit": self.unidad_plazo,
            "reference_value": self.valor_referencia,
            "reference_unit": self.unidad_referencia,
            "installation_kinds": self.tipos_instalacion,
            "size_classes": self.tamanos,
            "activity_prefixes": self.actividades,
            "criteria_text": self.criterios,
            "matters": self.materias,
            "sdgs": self.ods,
            "points": self.puntaje,
            "level": self.nivel,
            "mandatory_for_level": self.obligatoria,
        }


def _parse(table) -> tuple[list[tuple[int, ActionRow]], list[RowError]]:
    rows, errors, seen = [], [], {}
    for number, values in table.rows:
        try:
            row = ActionRow(**{k: v for k, v in values.items() if v != ""})
        except ValidationError as exc:
            errors += row_errors(number, exc)
            continue
        key = (row.meta, row.numero)
        if key in seen:
            errors.append(RowError(number, "numero", _("repeats row %(row)s of this file") % {"row": seen[key]}))
        seen[key] = number
        rows.append((number, row))
    return rows, errors


def import_actions(agreement: Agreement, data: bytes, filename: str, *, by) -> int:
    """Create the goals and actions of the file; any bad row means nothing is saved. The file is read and
    checked with no transaction open (on SQLite a transaction holds the only write lock); only the writing
    is one short transaction."""
    table = read_table(data, filename, required=REQUIRED, optional=set(ACTION_COLUMNS) - REQUIRED)
    rows, errors = _parse(table)
    if errors:
        raise TableError(errors)
    return _create_all(agreement, rows, by)


@transaction.atomic
def _create_all(agreement: Agreement, rows, by) -> int:
    goals = {g.number: g for g in agreement.goals.all()}
    for number, row in rows:
        try:
            goal = goals.get(row.meta) or services.create_goal(
                agreement, by=by, number=row.meta, title=row.titulo_meta or _("Goal %(n)s") % {"n": row.meta}
            )
            goals[row.meta] = goal
            services.create_action(goal, by=by, **row.action_fields())
        except BusinessRuleError as exc:
            raise TableError([RowError(number, "", exc.message)]) from exc
        except ModelError as exc:  # a model rule, such as a number already used in the goal
            raise TableError([RowError(number, "numero", " ".join(exc.messages))]) from exc
    return len(rows)


def template_workbook(agreement: Agreement) -> io.BytesIO:
    """An XLSX with the columns, one example row and the agreement's goals, to fill in."""
    book = XlsxWriter()
    sheet = book.sheet("acciones")
    sheet.append(ACTION_COLUMNS)
    sheet.append(
        [
            1,
            "Eficiencia hídrica",
            "1.1",
            "Medir el consumo de agua por proceso",
            "Registro mensual",
            6,
            "meses",
            "",
            "m3/t",
            "establecimiento",
            "",
            "",
            "",
            "agua",
            "6",
            "",
            "",
            "",
        ]
    )
    goals = book.sheet("metas")
    goals.append(["meta", "titulo_meta"])
    for goal in Goal.objects.filter(agreement=agreement):
        goals.append([goal.number, goal.title])
    return book.save()
