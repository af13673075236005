"""The audit trail: who changed what and when, kept by django-simple-history.

Services save through `save_recorded()` so the entry carries the acting user even
outside a request (commands, tasks); `history_entries()` turns the history of a
record into readable changes for its page.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

KIND_LABELS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def save_recorded(instance: models.Model, *, by, reason: str = "", validate: bool = True) -> models.Model:
    """Validate and save `instance`, recording `by` and `reason` in its history."""
    if validate:
        instance.full_clean()
    instance._history_user = by
    instance._change_reason = reason
    instance.save()
    return instance


def delete_recorded(instance: models.Model, *, by, reason: str = "") -> None:
    instance._history_user = by
    instance._change_reason = reason
    instance.delete()


@dataclass
class Change:
    field: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    when: datetime
    who: object
    kind: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name


def _shown(model: type[models.Model], name: str, value):
    """A choice's label instead of its code ("Implementación", not "implementation")."""
    try:
        choices = dict(model._meta.get_field(name).flatchoices)
    except Exception:
        return value
    return choices.get(value, value)


def history_entries(instance: models.Model) -> list[HistoryEntry]:
    """The record's history, newest first, each entry with the fields it changed."""
    records = list(instance.history.select_related("history_user").order_by("-history_date", "-history_id"))
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            changes = [
                Change(
                    _label(type(instance), c.field),
                    _shown(type(instance), c.field, c.old),
                    _shown(type(instance), c.field, c.new),
                )
                for c in delta.changes
            ]
        entries.append(
            HistoryEntry(
                when=newer.history_date,
                who=newer.history_user,
                kind=str(KIND_LABELS.get(newer.history_type, newer.history_type)),
                reason=newer.history_change_reason or "",
                changes=changes,
            )
        )
    return entries
