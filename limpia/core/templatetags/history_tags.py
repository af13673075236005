"""`{{ record|history_title }}`: a simple-history record's event label, translated for the reader."""

from django import template

from limpia.core.history import entry_title

register = template.Library()


@register.filter
def history_title(record) -> str:
    return entry_title(record)
