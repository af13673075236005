"""The compliance table, an audit's page and its lines run a constant number of queries whatever the
number of installations and actions (aggregates in SQL, no per-line Python loops)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from limpia.agreements.models import Action, Adhesion
from limpia.audits import services
from limpia.audits.choices import AuditKind, LineState
from limpia.registry.models import Installation

pytestmark = pytest.mark.django_db


def _audit_of_size(world, installations: int, actions: int):
    """A follow-up audit of agreement A with `installations` × (`actions` + the world's) lines, half approved."""
    staff, a = world.users["staff"], world.a
    goal = a.agreement.goals.first()
    Action.objects.bulk_create(
        Action(goal=goal, number=f"5.{installations}.{i}", text="Acción", verification_means="R", deadline_value=1)
        for i in range(actions)
    )
    made = Installation.objects.bulk_create(
        Installation(
            company=a.company,
            name=f"Planta {installations}-{i}",
            comuna=a.installation.comuna,
            region=a.installation.region,
        )
        for i in range(installations)
    )
    Adhesion.objects.bulk_create(
        Adhesion(agreement=a.agreement, installation=i, company=a.company, status="approved", requested_by=staff)
        for i in made
    )
    audit = services.open_audit(
        a.agreement, by=staff, kind=AuditKind.FOLLOW_UP, adhesions=a.agreement.adhesions.filter(installation__in=made)
    )
    audit.assignments.update(auditor=a.auditor)
    lines = list(audit.lines.values_list("pk", flat=True))
    audit.lines.filter(pk__in=lines[::2]).update(
        applies=True, complies=True, state=LineState.APPROVED, evidence_date=timezone.localdate()
    )
    return audit


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("role", ["staff", "association"])
def test_compliance_audit_and_lines_queries_are_constant(world, role):
    client = Client()
    client.force_login(world.users[role])
    counts = []
    for installations, actions in [(2, 3), (40, 25)]:
        audit = _audit_of_size(world, installations, actions)
        assert audit.lines.count() >= installations * actions
        urls = [f"/auditorias/{audit.pk}/cumplimiento/?modo=certification", f"/auditorias/{audit.pk}/",
                f"/auditorias/{audit.pk}/lineas/", f"/api/v1/audits/{audit.pk}/compliance"]  # fmt: skip
        counts.append({url.replace(str(audit.pk), "N"): _queries(client, url) for url in urls})
    assert counts[0] == counts[1]
