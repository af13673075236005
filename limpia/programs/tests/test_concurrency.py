"""Two people at once: a total read before a write is read under a row lock, so concurrent requests cannot
both pass a check that only one of them may pass. PostgreSQL only (SQLite serializes every write anyway)."""

import contextlib
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone

from limpia.core.errors import BusinessRuleError
from limpia.programs import services
from limpia.programs.choices import ApplicationStatus, ParticipantType
from limpia.programs.models import Activity, Application, Attendance, Disbursement, Participant, SuccessCase

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"),
]


def _at_once(monkeypatch, calls):
    """Run `calls` in threads, each on its own connection. Just before its first write (`services._save`), each
    waits up to 2 s for the others to get there too: without a lock all have read the same state and all write;
    with a lock the others are still waiting for it, the wait times out, and they read only after the first
    has committed."""
    barrier, waited = threading.Barrier(len(calls)), threading.local()
    save = services._save

    def wait_then_save(*args, **kwargs):
        if not getattr(waited, "done", False):
            waited.done = True
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=2)
        return save(*args, **kwargs)

    monkeypatch.setattr(services, "_save", wait_then_save)
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            outcomes[i] = call()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test reads
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


def test_two_disbursements_of_80_on_an_award_of_100_only_one_is_paid(world, monkeypatch):
    """Awarded 100. Two evaluators each pay 80 at the same moment. 80 + 80 = 160 > 100, so exactly one payment
    is recorded (80 paid) and the other is refused with the totals it would have reached (160 above 100)."""
    application = world.a.application
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.AWARDED, awarded=Decimal(100))
    regional, staff = world.users["regional"], world.users["staff"]

    def pay(by):
        return lambda: services.disburse(
            Application.objects.get(pk=application.pk), by=by, amount=Decimal(80), paid_on=timezone.localdate()
        )

    outcomes = _at_once(monkeypatch, [pay(regional), pay(staff)])
    paid = [o for o in outcomes if isinstance(o, Disbursement)]
    refused = [o for o in outcomes if isinstance(o, BusinessRuleError)]
    assert (len(paid), len(refused)) == (1, 1), outcomes
    assert "160" in refused[0].message and "100" in refused[0].message
    assert list(Disbursement.objects.filter(application=application).values_list("amount", flat=True)) == [80]


def test_the_same_person_added_twice_at_once_is_one_participant_attending_once(world, monkeypatch):
    """Two coordinators add RUT 12.345.678-5 to the same activity at the same moment: one participant with that
    RUT and one attendance, and both calls answer with that same attendance (no error)."""
    activity, regional, staff = world.a.activity, world.users["regional"], world.users["staff"]
    person = {"rut": "12.345.678-5", "full_name": "Ana Pérez", "kind": ParticipantType.WORKER}

    def add(by):
        return lambda: services.add_attendance(Activity.objects.get(pk=activity.pk), by=by, **person)

    outcomes = _at_once(monkeypatch, [add(regional), add(staff)])
    assert all(isinstance(o, Attendance) for o in outcomes), outcomes
    assert Participant.objects.filter(rut="12345678-5").count() == 1
    assert Attendance.objects.filter(activity=activity).count() == 1 and outcomes[0].pk == outcomes[1].pk


def test_two_cases_with_the_same_title_at_once_take_different_addresses(world, monkeypatch):
    """Two cases titled «Agua limpia» saved at the same moment: addresses agua-limpia and agua-limpia-2."""
    side, staff = world.a, world.users["staff"]

    def write():
        return lambda: services.save_case(
            SuccessCase(title="Agua limpia", company=side.company, agreement=side.agreement, summary="R", body="T"),
            by=staff,
        )

    outcomes = _at_once(monkeypatch, [write(), write()])
    assert all(isinstance(o, SuccessCase) for o in outcomes), outcomes
    assert sorted(o.slug for o in outcomes) == ["agua-limpia", "agua-limpia-2"]
