"""Compliance and certification outcomes from the database, against the hand-computed scenario."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from limpia.audits import calculations, queries
from limpia.audits.calculations import Mode
from limpia.audits.choices import LineState, ValidationState
from limpia.audits.models import AuditLine
from limpia.audits.tests.scenario import build


def _by_label(rows, with_open=False):
    return {r.label: (r.ratio.complying, r.ratio.applicable) + ((r.ratio.open,) if with_open else ()) for r in rows}


@pytest.mark.django_db
def test_certification_mode_keeps_undecided_lines_in_the_denominator(world):
    """The scenario certifying (domain.md §9): P1 = 1.1 ✓ / 2.1 ✗ (1.3 an approved "does not apply" leaves)
    = 1/2 = 50 %; P2 = 1.1 ✓ of 1.1, 1.3 (in review) and 2.1 (awaiting validation) = 1/3 = 33.3 %, two
    undecided lines. Goal 1 = 1.1 ✓ ✓ + P2's 1.3 = 2/3; goal 2 = 0/2. Company, association and agreement =
    (50 + 33.33) / 2 = 41.7 %."""
    s = build(world)
    c = queries.compliance(s.audit, Mode.CERTIFICATION)
    assert _by_label(c.installations, True) == {"Planta A": (1, 2, 0), "Planta A2": (1, 3, 2)}
    assert _by_label(c.goals, True) == {"1. Eficiencia hídrica": (2, 3, 1), "2. Residuos": (0, 2, 1)}
    actions = {label.split()[0]: value for label, value in _by_label(c.actions).items()}
    assert actions == {"1.1": (2, 2), "1.3": (0, 1), "2.1": (0, 2)}
    assert [(a.label, a.percent) for a in c.companies] == [("Empresa A SpA", Decimal("41.7"))]
    assert [(a.label, a.percent) for a in c.associations] == [("Gremio A", Decimal("41.7"))]
    assert c.agreement.percent == Decimal("41.7")


@pytest.mark.django_db
def test_progress_mode_counts_every_filled_line_and_leaves_not_applicable_out(world):
    s = build(world)
    c = queries.compliance(s.audit, Mode.PROGRESS)
    assert _by_label(c.installations) == {"Planta A": (1, 2), "Planta A2": (3, 3)}
    assert _by_label(c.goals) == {"1. Eficiencia hídrica": (3, 3), "2. Residuos": (1, 2)}
    assert c.agreement.percent == Decimal("75.0")


@pytest.mark.django_db
def test_every_figure_links_to_the_lines_behind_it(world, client):
    s = build(world)
    client.force_login(world.users["staff"])
    c = queries.compliance(s.audit, Mode.CERTIFICATION)
    p1 = next(r for r in c.installations if r.label == "Planta A")
    page = client.get(f"/auditorias/{s.audit.pk}/lineas/?{p1.lines_query}").content.decode()
    # P1's three lines are all approved and validated: the two that apply and the one that does not.
    assert page.count("/auditorias/lineas/") == 3
    goal2 = next(r for r in c.goals if r.label.startswith("2."))
    page = client.get(f"/auditorias/{s.audit.pk}/lineas/?{goal2.lines_query}").content.decode()
    assert page.count("/auditorias/lineas/") == 2, "P2's 2.1 awaits validation: it stays behind the figure"


@pytest.mark.django_db
def test_certification_at_100_percent_only_and_never_while_a_line_is_undecided(world):
    """P2 complies on every line, but 1.3 is in review and 2.1 awaits validation: 1/3, blocked. Once 1.3 is
    approved and both are validated: 3/3 = 100 %, certified. P1 (1/2) never."""
    from limpia.audits import services

    s = build(world)
    outcomes = {o.assignment_id: o for o in queries.outcomes(s.audit)}
    assert outcomes[s.p2.pk].blocked and not outcomes[s.p2.pk].certified
    assert not outcomes[s.p1.pk].certified and not outcomes[s.p1.pk].blocked
    staff, validator = world.users["staff"], world.users["validator"]
    services.review_line(s.lines[("Planta A2", "1.3")], by=staff, decision="approve")
    for key in (("Planta A2", "1.3"), ("Planta A2", "2.1")):
        services.validate_line(s.lines[key], by=validator, accept=True)
    outcome = {o.assignment_id: o for o in queries.outcomes(s.audit)}[s.p2.pk]
    assert outcome.certified and (outcome.ratio.complying, outcome.ratio.applicable, outcome.ratio.open) == (3, 3, 0)


def _three_of_four(world):
    """P1 with one more action that applies and complies: 2 of 3 → add one more: 3 of 4 = 75 %."""
    from limpia.agreements import services as agreement_services
    from limpia.audits import services

    staff, auditor = world.users["staff"], world.users["auditor"]
    s = build(world)
    goal2 = s.audit.agreement.goals.get(number=2)
    for number in ("2.2", "2.3"):
        action = agreement_services.create_action(goal2, by=staff, number=number, text=number,
                                                  verification_means="R", deadline_value=1)  # fmt: skip
        line = s.audit.lines.create(assignment=s.p1, action=action)
        services.fill_line(line, by=auditor, applies=True, complies=True, evidence_date=timezone.localdate())
        services.review_line(line, by=staff, decision="approve")
        services.validate_line(line, by=world.users["validator"], accept=True)
    return s


@pytest.mark.django_db
def test_the_75_percent_rule_needs_the_agreement_option_and_a_corrective_plan(world):
    from limpia.audits import services

    s = _three_of_four(world)
    outcome = {o.assignment_id: o for o in queries.outcomes(s.audit)}[s.p1.pk]
    assert (outcome.ratio.complying, outcome.ratio.applicable) == (3, 4)
    assert not outcome.certified, "the option is off by default"
    agreement = s.audit.agreement
    agreement.certify_above_75_with_plan = True
    agreement.save()
    s.audit.refresh_from_db()
    assert not {o.assignment_id: o for o in queries.outcomes(s.audit)}[s.p1.pk].certified, "no plan yet"
    services.set_corrective_plan(s.p1, by=world.users["auditor"], plan="Cerrar brecha 2.1",
                                 deadline=timezone.localdate() + timedelta(days=60))  # fmt: skip
    s.audit.refresh_from_db()
    outcome = {o.assignment_id: o for o in queries.outcomes(s.audit)}[s.p1.pk]
    assert outcome.certified and outcome.conditional


@pytest.mark.django_db
def test_standard_levels_are_tried_from_the_highest_with_mandatory_actions(world):
    s = build(world)
    agreement = s.audit.agreement
    agreement.standard_levels = [{"level": "Bronce", "threshold": "0.5"}, {"level": "Oro", "threshold": "0.9"}]
    agreement.save()
    actions = {a.number: a for a in agreement.goals.get(number=1).actions.all()} | {
        a.number: a for a in agreement.goals.get(number=2).actions.all()}  # fmt: skip
    for number, points, level, mandatory in [("1.1", 2, "Oro", True), ("1.3", 1, "", False), ("2.1", 1, "", False)]:
        action = actions[number]
        action.points, action.level, action.mandatory_for_level = points, level, mandatory
        action.save()
    s.audit.refresh_from_db()
    levels = {o.assignment_id: o.level for o in queries.outcomes(s.audit)}
    # P1: counted 1.1 (2 points, complies) and 2.1 (1 point, fails): 2/3 = 0.67 → Bronce, not Oro (0.9).
    # P2: 1.3 in review and 2.1 awaiting validation: no level while lines are undecided.
    assert levels == {s.p1.pk: "Bronce", s.p2.pk: None}
    action = actions["2.1"]
    action.level, action.mandatory_for_level = "Bronce", True
    action.save()
    s.audit.refresh_from_db()
    levels = {o.assignment_id: o.level for o in queries.outcomes(s.audit)}
    assert levels[s.p1.pk] is None, "a failing mandatory action of the lowest level blocks every level"


LINE_STATES = st.tuples(
    st.sampled_from([True, False, None]),  # applies
    st.sampled_from([True, False, None]),  # complies
    st.sampled_from(list(LineState.values)),
    st.sampled_from(list(ValidationState.values)),
)


@pytest.fixture
def two_installations(world):
    from limpia.audits.tests.test_query_counts import _audit_of_size

    audit = _audit_of_size(world, 2, 4)
    return audit, list(audit.lines.select_related("assignment").order_by("pk"))


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_sql_aggregates_agree_with_the_pure_rule(two_installations, data):
    """On random states of every line (applies, complies, review state, validation), the SQL figures per
    installation and the certification outcomes equal those of calculations.py, in both modes."""
    audit, lines = two_installations
    drawn = data.draw(st.lists(LINE_STATES, min_size=len(lines), max_size=len(lines)))
    pure = []
    for line, (applies, complies, state, validation) in zip(lines, drawn, strict=True):
        AuditLine.objects.filter(pk=line.pk).update(applies=applies, complies=complies, state=state,
                                                    validation=validation)  # fmt: skip
        pure.append(calculations.Line(
            installation=str(line.assignment_id), action=str(line.action_id), goal="", applies=applies,
            complies=complies, approved=state == LineState.APPROVED, rejected=state == LineState.REJECTED,
            validation_required=validation != ValidationState.NOT_REQUIRED,
            validation_accepted=validation == ValidationState.ACCEPTED,
            validation_refused=validation == ValidationState.REJECTED,
        ))  # fmt: skip
    for mode in Mode:
        sql = {str(r.key["assignment_id"]): r.ratio for r in queries.compliance(audit, mode).installations}
        assert sql == calculations.by(pure, "installation", mode)
    sql_outcomes = {str(o.assignment_id): o.certified for o in queries.outcomes(audit)}
    groups = {}
    for line in pure:
        groups.setdefault(line.installation, []).append(line)
    assert sql_outcomes == {k: calculations.certification(v).certified for k, v in groups.items()}
