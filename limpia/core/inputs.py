"""What people and programs send, read so that bad input is their error (400/422), never a server error.

- Query and form parameters read outside a form: `int_param`, `id_param`, `year_param`, `text_param` return
  the value, the default when absent, or raise `BadParameter` (HTTP 400 naming the parameter and why).
- Validation errors of pydantic (API bodies and imported rows) in Spanish: `pydantic_message`, the one
  mapping used by the API and by `core.tabular.row_errors`.
"""

import json
import math
import re

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.parser import Parser
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from limpia.core.errors import BusinessRuleError

MAX_ID = 2**63 - 1  # the largest key of a BigAutoField, on SQLite and PostgreSQL alike
_WHOLE = re.compile(r"[+-]?\d{1,19}")
_DIGITS = re.compile(r"[+-]?\d{1,4000}")


class BadParameter(BusinessRuleError, BadRequest):
    """A parameter that cannot be read: a refusal like any rule's (a flash message inside `run_service`,
    `{detail, field}` in the API), and a 400 page when nothing else catches it."""

    def __init__(self, field: str, message: str):
        super().__init__(message, field=field)


def shown(value, limit: int = 40) -> str:
    """A value as it may be quoted back in a message: control characters and surrogates escaped, shortened."""
    text = "".join(c if _printable(c) else c.encode("unicode_escape").decode() for c in str(value)[: limit + 1])
    return text if len(text) <= limit else text[:limit] + "…"


def _printable(char: str) -> bool:
    return char.isprintable() and not 0xD800 <= ord(char) <= 0xDFFF


def parse_int(value, *, minimum: int = -MAX_ID, maximum: int = MAX_ID) -> int | None:
    """A whole number written in decimal digits within [minimum, maximum], else None (never an exception)."""
    text = str(value).strip() if value is not None else ""
    if not _WHOLE.fullmatch(text):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def int_param(data, name: str, *, default=None, minimum: int = -MAX_ID, maximum: int = MAX_ID):
    """Parameter `name` of a QueryDict (or dict) as a whole number; `default` when absent or empty."""
    raw = data.get(name)
    if raw is None or str(raw).strip() == "":
        return default
    number = parse_int(raw, minimum=minimum, maximum=maximum)
    if number is None:
        raise BadParameter(
            name,
            _("The parameter «%(name)s» must be a whole number from %(min)s to %(max)s; «%(value)s» is not.")
            % {"name": name, "min": minimum, "max": maximum, "value": shown(raw)},
        )
    return number


def id_param(data, name: str, *, default=None):
    """A record id (a positive whole number that fits the database)."""
    return int_param(data, name, default=default, minimum=1, maximum=MAX_ID)


def id_list(data, name: str) -> list[int]:
    """Every value of a multi-valued parameter (checkboxes of records) as record ids."""
    values = data.getlist(name)
    for value in values:
        if parse_int(value, minimum=1) is None:
            raise BadParameter(
                name, _("«%(value)s» is not the number of a record (parameter «%(name)s»).")
                % {"value": shown(value), "name": name},
            )
    return [int(value) for value in values]


def year_param(data, name: str = "year", *, default=None):
    """A calendar year (1900 to 2999)."""
    return int_param(data, name, default=default, minimum=1900, maximum=2999)


def text_param(data, name: str, *, default: str = "") -> str:
    """A text parameter without NUL characters (which PostgreSQL refuses in text) or lone surrogates."""
    raw = data.get(name)
    if raw is None:
        return default
    text = str(raw)
    if "\x00" in text or any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise BadParameter(
            name, _("The parameter «%(name)s» contains characters that are not text.") % {"name": name}
        )
    return text


# --- The API's reader: JSON and query values the database can hold, or a 400 naming the field ----------------


def _not_text(field: str) -> BadParameter:
    return BadParameter(field, _("The field «%(name)s» contains characters that are not text (NUL or a lone "
                                 "surrogate).") % {"name": field or "-"})  # fmt: skip


def _is_text(text: str) -> bool:
    return "\x00" not in text and not any(0xD800 <= ord(c) <= 0xDFFF for c in text)


def check_value(value, path: str = "") -> None:
    """Refuse, naming the field, what no column can hold: integers beyond 64 bits, NaN and infinities, NUL and
    lone surrogates in text (PostgreSQL refuses NUL; neither database encodes a lone surrogate)."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int) and not -MAX_ID <= value <= MAX_ID:
        raise BadParameter(path, _("The field «%(name)s» holds a number out of range (at most %(max)s).")
                           % {"name": path or "-", "max": MAX_ID})  # fmt: skip
    if isinstance(value, float) and not math.isfinite(value):
        raise BadParameter(path, _("The field «%(name)s» must be a finite number.") % {"name": path or "-"})
    if isinstance(value, str) and not _is_text(value):
        raise _not_text(path)
    if isinstance(value, dict):
        for key, item in value.items():
            if not _is_text(str(key)):
                raise _not_text(path)
            check_value(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_value(item, f"{path}.{index}" if path else str(index))


def _refuse_constant(name: str):
    raise BadParameter("", _("The request body holds %(value)s, which is not a JSON number.") % {"value": name})


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise BadParameter("", _("The number %(value)s is out of range.") % {"value": shown(text)})
    return number


class InputParser(Parser):
    """django-ninja's parser, strict: UTF-8 JSON without NaN/Infinity, and `check_value` on bodies and queries.
    django-ninja reports a parser's error as 400 «cannot parse»; `core.api` shows this error's message."""

    def parse_body(self, request):
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadParameter("", _("The request body is not UTF-8 text.")) from exc
        data = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
        check_value(data)
        return data

    def parse_querydict(self, data, list_fields, request):
        for key, values in data.lists():
            for value in values:
                if not isinstance(value, str):
                    continue  # an uploaded file (ninja parses request.FILES here too): checked by content elsewhere
                if not _is_text(value) or not _is_text(key):
                    raise _not_text(key)
                if _DIGITS.fullmatch(value.strip()):
                    check_value(int(value), key)  # no id, year or page of this site needs more than 64 bits
        return super().parse_querydict(data, list_fields, request)


class PatchSchema(Schema):
    """A partial change: an absent field keeps its value; `null` is refused, naming the field (it would erase a
    value the record must have)."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_null(cls, value):
        if value is None:
            raise PydanticCustomError("null_refused", "null refused")
        return value


# --- pydantic's errors, in the user's language ---------------------------------------------------------

_MESSAGES = {
    "missing": lambda c: _("This field is required."),
    "null_refused": lambda c: _("This field cannot be null; leave it out to keep its value."),
    "extra_forbidden": lambda c: _("This field is not accepted here."),
    "none_required": lambda c: _("This field must be empty."),
    "json_invalid": lambda c: _("The request body is not valid JSON."),
    "string_type": lambda c: _("Write a text."),
    "string_unicode": lambda c: _("The text contains characters that are not valid Unicode."),
    "string_too_short": lambda c: _("Write at least %(n)s characters.") % {"n": c.get("min_length")},
    "string_too_long": lambda c: _("Write at most %(n)s characters.") % {"n": c.get("max_length")},
    "string_pattern_mismatch": lambda c: _("The text does not have the expected format."),
    "int_type": lambda c: _("Write a whole number."),
    "int_parsing": lambda c: _("Write a whole number."),
    "int_parsing_size": lambda c: _("The number is too large."),
    "int_from_float": lambda c: _("Write a whole number, without decimals."),
    "float_type": lambda c: _("Write a number."),
    "float_parsing": lambda c: _("Write a number."),
    "finite_number": lambda c: _("Write a finite number (not infinity nor NaN)."),
    "decimal_type": lambda c: _("Write a number."),
    "decimal_parsing": lambda c: _("Write a number."),
    "decimal_max_digits": lambda c: _("The number has more than %(n)s digits.") % {"n": c.get("max_digits")},
    "decimal_max_places": lambda c: _("The number has more than %(n)s decimals.") % {"n": c.get("decimal_places")},
    "decimal_whole_digits": lambda c: _("The number has too many digits before the decimal point."),
    "greater_than": lambda c: _("Must be greater than %(n)s.") % {"n": c.get("gt")},
    "greater_than_equal": lambda c: _("Must be %(n)s or more.") % {"n": c.get("ge")},
    "less_than": lambda c: _("Must be less than %(n)s.") % {"n": c.get("lt")},
    "less_than_equal": lambda c: _("Must be %(n)s or less.") % {"n": c.get("le")},
    "bool_type": lambda c: _("Write true or false."),
    "bool_parsing": lambda c: _("Write true or false."),
    "date_type": lambda c: _("Write a date like 2025-12-31."),
    "date_parsing": lambda c: _("Write a date like 2025-12-31."),
    "date_from_datetime_parsing": lambda c: _("Write a date like 2025-12-31."),
    "date_from_datetime_inexact": lambda c: _("Write a date like 2025-12-31."),
    "datetime_type": lambda c: _("Write a date and time like 2025-12-31T14:30:00-03:00."),
    "datetime_parsing": lambda c: _("Write a date and time like 2025-12-31T14:30:00-03:00."),
    "datetime_from_date_parsing": lambda c: _("Write a date and time like 2025-12-31T14:30:00-03:00."),
    "enum": lambda c: _("Choose one of: %(options)s.") % {"options": c.get("expected", "")},
    "literal_error": lambda c: _("Choose one of: %(options)s.") % {"options": c.get("expected", "")},
    "list_type": lambda c: _("Send a list."),
    "too_short": lambda c: _("Send at least %(n)s items.") % {"n": c.get("min_length")},
    "too_long": lambda c: _("Send at most %(n)s items.") % {"n": c.get("max_length")},
    "dict_type": lambda c: _("Send an object."),
    "model_type": lambda c: _("Send an object."),
    "model_attributes_type": lambda c: _("Send an object."),
    "url_type": lambda c: _("Write a web address."),
    "url_parsing": lambda c: _("Write a web address, like https://www.ejemplo.cl."),
    "url_scheme": lambda c: _("Write a web address, like https://www.ejemplo.cl."),
    "uuid_type": lambda c: _("Write an identifier (UUID)."),
    "uuid_parsing": lambda c: _("Write an identifier (UUID)."),
}


def pydantic_message(error: dict) -> str:
    """The message a person reads for one pydantic error (our own validators' messages pass unchanged)."""
    kind = error.get("type", "")
    message = str(error.get("msg", ""))
    if kind in ("value_error", "assertion_error"):
        if message.startswith("value is not a valid email address"):
            return _("Write a valid e-mail address, like nombre@empresa.cl.")
        return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    factory = _MESSAGES.get(kind)
    return factory(error.get("ctx") or {}) if factory else _("The value is not valid.")


def error_field(loc) -> str:
    """The dotted field path of a django-ninja error location: ('body', 'payload', 'lines', 0, 'value') ->
    'lines.0.value' (the source and the body parameter's name left out); ('query', 'year') -> 'year'."""
    parts = list(loc)
    if parts and parts[0] in ("body", "form", "file") and len(parts) > 2:
        parts = parts[2:]
    elif parts and parts[0] in ("body", "form", "file", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(str(part) for part in parts)
