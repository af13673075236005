"""The audit trail does not depend on who was looking: an entry stores an event code, its data and the reason the
person typed; its label is translated for the reader; people and related records show by name, never by id."""

from datetime import date

import pytest
from django.apps import apps
from django.utils import timezone, translation

from limpia.agreements import services as agreement_services
from limpia.audits import services as audit_services
from limpia.audits.models import Assignment, Auditor
from limpia.core.history import events, history_entries, relabel, save_recorded
from limpia.mrv.models import Report
from limpia.registry.models import Region

pytestmark = pytest.mark.django_db


def _apply(by, name: str, rut: str) -> Auditor:
    return audit_services.apply_auditor(by=by, full_name=name, rut=rut, email=f"{rut}@x.cl")


def test_the_same_event_by_a_spanish_and_an_english_user_stores_the_same_code(world):
    """Two applications, one sent while Spanish is active (the actor's language) and one while English is: both
    store `auditor.applied` with no sentence; each reader reads it in their own language."""
    staff = world.users["staff"]
    with translation.override("es-cl"):
        spanish = _apply(staff, "Ana Pérez", "16.666.666-K")
    with translation.override("en"):
        english = _apply(staff, "John Smith", "22.222.222-2")
    stored = [(h.history_event, h.history_change_reason) for a in (spanish, english) for h in a.history.all()]
    assert stored == [("auditor.applied", ""), ("auditor.applied", "")]
    for reader, title in (("en", "Application submitted"), ("es-cl", "Postulación enviada")):
        with translation.override(reader):
            assert [history_entries(a)[0].title for a in (spanish, english)] == [title, title]


def test_a_reviewed_by_change_shows_the_persons_name_not_their_id(world):
    """Staff (full name «Staff») approve an application: the entry reads «revisado por: — → Staff», the reason
    typed by staff stays the reason, and the status shows by its label."""
    staff = world.users["staff"]
    applicant = _apply(staff, "Ana Pérez", "16.666.666-K")
    audit_services.review_auditor(applicant, by=staff, approve=True, comments="Cumple los requisitos")
    with translation.override("es-cl"):
        entry = history_entries(applicant)[0]
    changes = {c.field: (c.old, c.new) for c in entry.changes}
    assert (entry.title, entry.reason, str(entry.who)) == ("Postulación aprobada", "Cumple los requisitos", "Staff")
    assert changes["revisado por"] == ("—", "Staff") and str(staff.pk) not in changes["revisado por"]
    assert tuple(map(str, changes["estado"])) == ("Postulación en revisión", "Aprobada")


def test_an_event_with_data_fills_its_label_in_the_readers_language(world):
    """Assigning auditor «Auditor A» stores {"name": "Auditor A"}; English reads «Auditor assigned: Auditor A»."""
    assignment = world.a.assignment
    save_recorded(assignment, by=world.users["staff"], event="auditor.assigned", data={"name": "Auditor A"},
                  validate=False)  # fmt: skip
    record = assignment.history.first()
    assert (record.history_event, record.history_data) == ("auditor.assigned", {"name": "Auditor A"})
    with translation.override("en"):
        assert history_entries(assignment)[0].title == "Auditor assigned: Auditor A"
    with translation.override("es-cl"):
        assert history_entries(assignment)[0].title == "Auditor asignado: Auditor A"


def test_an_undeclared_event_is_refused_before_anything_is_saved(world):
    auditor = world.a.auditor
    before = auditor.history.count()
    with pytest.raises(ValueError, match="auditor.aproved"):
        save_recorded(auditor, by=world.users["staff"], event="auditor.aproved", validate=False)
    assert auditor.history.count() == before


def test_every_event_used_by_a_service_is_declared():
    """Each `event="…"` literal in a services module is one of the declared codes (a typo fails here, not later)."""
    import re
    from pathlib import Path

    used = set()
    for path in Path(__file__).resolve().parents[2].glob("*/services.py"):
        used |= set(re.findall(r'event="([a-z_]+\.[a-z_]+)"', path.read_text()))
    assert used and sorted(used - set(events())) == []


def test_a_long_reason_is_kept_whole(world):
    """A typed reason of 300 characters (above the 100 simple-history allowed) is stored as typed."""
    reason = "La planta cerró definitivamente. " * 9 + "Fin del texto."
    assert len(reason) > 300 - 30
    agreement_services.withdraw_adhesion(world.a.adhesion, by=world.users["staff"], reason=reason)
    record = world.a.adhesion.history.first()
    assert (record.history_event, record.history_change_reason) == ("adhesion.withdrawn", reason)


def test_a_record_without_history_has_an_empty_history():
    assert history_entries(Region.objects.first()) == []


def test_earlier_sentences_become_codes_in_either_language(world):
    """The data migration: «Auditor asignado: Ana Pérez» → auditor.assigned {"name": "Ana Pérez"}; «Rejected:
    faltan facturas» → report.rejected with the reason «faltan facturas»; a reason typed by a person stays."""
    assignment, report = world.a.assignment, world.a.mrv_report
    history = Assignment.history.model
    old = [("Auditor asignado: Ana Pérez", Assignment), ("Corrective plan set", Assignment),
           ("Rejected: faltan facturas", Report), ("Cierre de la planta", Report)]  # fmt: skip
    for sentence, model in old:
        instance = assignment if model is Assignment else report
        save_recorded(instance, by=None, validate=False)
        model.history.filter(history_id=instance.history.first().history_id).update(
            history_change_reason=sentence, history_date=timezone.now()
        )
    relabel(
        "audits",
        {
            "historicalassignment": {
                "auditor.assigned": ["Auditor assigned: %(name)s", "Auditor asignado: %(name)s"],
                "assignment.corrective_plan": ["Corrective plan set"],
            }
        },
    )(apps, None)
    relabel("mrv", {"historicalreport": {"report.rejected": ["Rejected: %(reason)s", "Rechazado: %(reason)s"]}})(
        apps, None)  # fmt: skip
    got = [(h.history_event, h.history_data, h.history_change_reason)
           for h in history.objects.filter(id=assignment.pk).order_by("history_id")][-2:]  # fmt: skip
    assert got == [("auditor.assigned", {"name": "Ana Pérez"}, ""), ("assignment.corrective_plan", None, "")]
    got = [(h.history_event, h.history_change_reason) for h in report.history.order_by("history_id")][-2:]
    assert got == [("report.rejected", "faltan facturas"), ("", "Cierre de la planta")]
    assert date.today()  # the entries keep their dates; only the event and reason columns change


def test_pages_listing_raw_history_records_show_the_event_in_the_readers_language(world, client):
    """The adhesion page and the MRV report page list their records directly: the withdrawal reads «Adhesión
    retirada» with the typed reason, the verification «Verificado por el auditor»; in English, in English."""
    from django.urls import reverse

    staff = world.users["staff"]
    agreement_services.withdraw_adhesion(world.a.adhesion, by=staff, reason="Cierre de la planta")
    save_recorded(world.a.mrv_report, by=staff, event="report.verified", validate=False)
    client.force_login(staff)
    adhesion = reverse("agreements:adhesion-detail", args=[world.a.adhesion.pk])
    report = reverse("mrv:report", args=[world.a.mrv_report.pk])
    spanish = client.get(adhesion).content.decode() + client.get(report).content.decode()
    assert "Adhesión retirada" in spanish and "Cierre de la planta" in spanish
    assert "Verificado por el auditor" in spanish
    client.cookies["django_language"] = "en"
    english = client.get(adhesion).content.decode() + client.get(report).content.decode()
    assert "Adhesion withdrawn" in english and "Verified by the auditor" in english
