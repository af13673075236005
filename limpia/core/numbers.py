"""Numbers as people in Chile write them: 1.234,5 (and tolerant of 1234.5)."""

import re
from decimal import Decimal, InvalidOperation

_THOUSANDS_ONLY = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
# Digits, one sign, separators: no exponent (1e400), no inf/nan, at most 30 digits (no column holds more).
_WRITTEN = re.compile(r"^[+-]?[\d.,]{1,40}$")
_MAX_DIGITS = 30


def parse_decimal_cl(text: str) -> Decimal:
    """'1.234,5' -> 1234.5; '1.234' -> 1234; '1234.5' -> 1234.5. Raises ValueError when not a number
    as people write one (exponents such as 1e400, inf and nan, more than 30 digits)."""
    value = str(text).strip().replace(" ", "").replace("\u00a0", "")
    if not _WRITTEN.match(value) or sum(c.isdigit() for c in value) > _MAX_DIGITS:
        raise ValueError(value)
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    elif _THOUSANDS_ONLY.match(value):
        value = value.replace(".", "")
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if not number.is_finite():
        raise ValueError(value)
    return number
