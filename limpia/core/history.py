"""The audit trail: who changed what and when, kept by django-simple-history.

Services save through `save_recorded()` so the entry carries the acting user even outside a request
(commands, tasks), an event code with its data (`"certificate.suspended"`, `{"state": "suspended"}`) and the
reason the person typed. The entry stores no sentence: the event's label is translated when the history is
shown (`history_entries()`), in the reader's language, never in the actor's. Each app declares the labels of
its events in `<app>/events.py` as `EVENTS = {code: gettext_lazy(label)}`.
"""

import importlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from importlib.util import find_spec

from django.apps import apps
from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

KIND_LABELS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
EMPTY = "—"


class HistoryEvent(models.Model):
    """What every history entry records besides who, when and the record's fields."""

    history_event = models.CharField(max_length=80, blank=True, default="", db_default="", db_index=True,
                                      verbose_name=_("event"))  # fmt: skip
    history_data = models.JSONField(null=True, blank=True, verbose_name=_("event data"))

    class Meta:
        abstract = True


def recorded_history(**options) -> HistoricalRecords:
    """The history of a model: simple-history plus the event code and data, and a reason of any length."""
    return HistoricalRecords(bases=[HistoryEvent], history_change_reason_field=models.TextField(null=True),
                             **options)  # fmt: skip


@receiver(pre_create_historical_record)
def _stamp_event(sender, instance, history_instance, **kwargs):
    if hasattr(history_instance, "history_event"):
        history_instance.history_event = getattr(instance, "_history_event", "")
        history_instance.history_data = getattr(instance, "_history_data", None)


_events: dict[str, object] = {}


def events() -> dict[str, object]:
    """Every app's event labels (`<app>/events.py`), read once."""
    if not _events:
        for config in apps.get_app_configs():
            if config.name.startswith("limpia.") and find_spec(f"{config.name}.events"):
                _events.update(importlib.import_module(f"{config.name}.events").EVENTS)
    return _events


def event_label(code: str, data=None) -> str:
    """The event's label in the current language, its placeholders filled from `data`; the code when unknown."""
    label = events().get(code)
    if label is None:
        return code
    try:
        return str(label) % (data or {})
    except (KeyError, TypeError, ValueError):
        return str(label)


def _mark(instance: models.Model, by, reason: str, event: str, data) -> None:
    if event and event not in events():
        raise ValueError(f"history event {event!r} is not declared in any app's events.py")
    instance._history_user = by
    instance._change_reason = reason
    instance._history_event = event
    instance._history_data = data


def save_recorded(instance: models.Model, *, by, event: str = "", data: dict | None = None, reason: str = "",
                  validate: bool = True) -> models.Model:  # fmt: skip
    """Validate and save `instance`, recording `by`, the `event` code with its `data` and the `reason` the
    person typed (never a translated sentence) in its history."""
    if validate:
        instance.full_clean()
    _mark(instance, by, reason, event, data)
    try:
        instance.save()
    finally:
        _unmark(instance)
    return instance


def delete_recorded(instance: models.Model, *, by, event: str = "", data: dict | None = None, reason: str = "") -> None:
    _mark(instance, by, reason, event, data)
    try:
        instance.delete()
    finally:
        _unmark(instance)


def _unmark(instance: models.Model) -> None:
    """A later save of the same object, outside `save_recorded`, must not repeat this event or reason."""
    for name in ("_history_event", "_history_data", "_change_reason"):
        instance.__dict__.pop(name, None)


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
    event: str = ""
    title: str = ""


def _field(model: type[models.Model], name: str):
    try:
        return model._meta.get_field(name)
    except Exception:
        return None


def _label(model: type[models.Model], name: str) -> str:
    found = _field(model, name)
    return str(found.verbose_name) if found is not None and hasattr(found, "verbose_name") else name


def _shown(model: type[models.Model], name: str, value, related: dict):
    """What a person reads for a stored value: a choice's label instead of its code ("Implementación", not
    "implementation"), the related record's name instead of its id ("Ana Pérez", not 1), "—" when empty."""
    found = _field(model, name)
    if found is not None and found.many_to_many and isinstance(value, list):
        key = found.m2m_reverse_field_name()
        return ", ".join(_named(found.related_model, row.get(key), related) for row in value) or EMPTY
    if found is not None and found.many_to_one:
        return _named(found.related_model, value, related)
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    choices = dict(found.flatchoices) if found is not None and getattr(found, "choices", None) else {}
    return choices.get(value, value)


def _named(model, pk, related: dict) -> str:
    if pk is None or pk == "":
        return EMPTY
    found = related.get(model, {}).get(pk)
    return str(found) if found is not None else str(pk)


def _related(model: type[models.Model], deltas) -> dict:
    """The records the changed foreign keys point to, one query per related model."""
    wanted: dict = {}
    for delta in deltas:
        for change in delta.changes:
            found = _field(model, change.field)
            if found is None or not (found.many_to_one or found.many_to_many):
                continue
            for value in (change.old, change.new):
                rows = value if isinstance(value, list) else [value]
                key = found.m2m_reverse_field_name() if found.many_to_many else None
                ids = [row.get(key) if key and isinstance(row, dict) else row for row in rows]
                wanted.setdefault(found.related_model, set()).update(i for i in ids if i not in (None, ""))
    return {m: m._default_manager.in_bulk(ids) for m, ids in wanted.items() if ids}


def entry_title(record) -> str:
    """A history record's title in the reader's language: its event's label, else Created/Changed/Deleted."""
    event = getattr(record, "history_event", "")
    if event:
        return event_label(event, getattr(record, "history_data", None))
    return str(KIND_LABELS.get(record.history_type, record.history_type))


def history_entries(instance: models.Model) -> list[HistoryEntry]:
    """The record's history, newest first, each entry titled in the reader's language, with the fields it
    changed. A record of a model without history has none (an empty list, not an error)."""
    if not hasattr(type(instance), "history"):
        return []
    model = type(instance)
    records = list(instance.history.select_related("history_user").order_by("-history_date", "-history_id"))
    deltas = [newer.diff_against(older) if older is not None else None
              for newer, older in zip(records, [*records[1:], None], strict=True)]  # fmt: skip
    related = _related(model, [d for d in deltas if d is not None])
    return [
        HistoryEntry(
            when=record.history_date,
            who=record.history_user,
            kind=str(KIND_LABELS.get(record.history_type, record.history_type)),
            reason=record.history_change_reason or "",
            changes=[
                Change(
                    _label(model, c.field),
                    _shown(model, c.field, c.old, related),
                    _shown(model, c.field, c.new, related),
                )
                for c in (delta.changes if delta else [])
            ],
            event=getattr(record, "history_event", ""),
            title=entry_title(record),
        )  # fmt: skip
        for record, delta in zip(records, deltas, strict=True)
    ]


def relabel(app_label: str, tables: dict[str, dict[str, list[str]]]):
    """A data migration step: history entries written before event codes kept a sentence in the actor's
    language as their reason. `tables` maps a historical model to {event code: [that sentence in English,
    in Spanish…]}; an entry whose whole reason is one of them gets the code (and the placeholders' values as
    data) and loses the sentence. `%(reason)s` in a sentence is what the person typed and stays the reason;
    an empty code only clears the sentence (the entry's kind already says it: Created)."""

    def run(apps, schema_editor):
        for model_name, codes in tables.items():
            model = apps.get_model(app_label, model_name)
            for code, sentences in codes.items():
                for sentence in sentences:
                    _relabel(model, code, sentence)

    return run


def _relabel(model, code: str, sentence: str) -> None:
    pending = model.objects.filter(history_event="")
    if "%(" not in sentence:
        pending.filter(history_change_reason=sentence).update(history_event=code, history_change_reason="")
        return
    prefix = sentence.split("%(")[0]
    pattern = re.compile(re.sub(r"%\\\((\w+)\\\)s", r"(?P<\1>.+)", re.escape(sentence)) + r"\Z", re.S)
    for row in pending.filter(history_change_reason__startswith=prefix):
        found = pattern.match(row.history_change_reason or "")
        if found is None:
            continue
        data = found.groupdict()
        reason = data.pop("reason", "")
        model.objects.filter(pk=row.pk).update(history_event=code, history_data=data or None,
                                               history_change_reason=reason)  # fmt: skip
