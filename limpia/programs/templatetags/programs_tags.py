"""Template helpers of the programs: a record's cell in a drill-down table."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def cell(row, name: str):
    """`row`'s value for a column: an attribute (followed through «__»), called when it is a method."""
    value = row
    for part in name.split("__"):
        value = value.get(part) if isinstance(value, dict) else getattr(value, part, "")
        value = value() if callable(value) else value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "—" if value in (None, "") else value
