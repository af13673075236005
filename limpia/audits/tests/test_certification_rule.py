"""The certification-mode rule of domain.md §9, worked by hand: every applicable line stays in the denominator;
only approved (and, where required, validated) complying lines are in the numerator; an undecided line blocks.
Each example's figure is computed in its docstring."""

from decimal import Decimal

import pytest

from limpia.audits.calculations import (
    Line,
    Mode,
    average,
    by,
    certification,
    company_averages,
    ratio,
    standard_level,
)  # fmt: skip

APPROVED = {"approved": True}
REJECTED = {"rejected": True}
IN_REVIEW = {}  # neither approved nor rejected: pending, in review or with observations


def line(action, applies=True, complies=True, state=APPROVED, inst="P1", goal="1", company="C1", **kw) -> Line:
    return Line(installation=inst, action=action, goal=goal, applies=applies, complies=complies, company=company,
                **state, **kw)  # fmt: skip


FOUR_GOOD = [line(f"1.{n}") for n in range(1, 5)]


def _figures(lines):
    result = ratio(lines, Mode.CERTIFICATION)
    return result.complying, result.applicable, result.open, result.percent, certification(lines).certified


def test_a_rejected_line_lowers_the_figure_and_refuses_the_certificate():
    """§9: five applicable actions, four approved and complying, the fifth rejected → 4 / 5 = 80 %, not
    certified (the old rule dropped the rejected line: 4 / 4 = 100 %)."""
    assert _figures([*FOUR_GOOD, line("1.5", state=REJECTED)]) == (4, 5, 0, Decimal("80.0"), False)


def test_an_approved_does_not_apply_leaves_both_sides():
    """§9: the same with the fifth "does not apply" (reason given, approved) → 4 / 4 = 100 %, certified."""
    assert _figures([*FOUR_GOOD, line("1.5", applies=False, complies=None)]) == (4, 4, 0, Decimal("100.0"), True)


@pytest.mark.parametrize(
    ("fifth", "why"),
    [
        (line("1.5", state=IN_REVIEW), "in review (or pending, or with observations)"),
        (line("1.5", applies=None, complies=None, state=IN_REVIEW), "not filled yet"),
        (line("1.5", applies=False, complies=None, state=IN_REVIEW), "a 'does not apply' not yet approved"),
        (line("1.5", validation_required=True), "approved, awaiting the agency's validation"),
    ],
)
def test_an_undecided_line_stays_in_the_figure_and_blocks(fifth, why):
    """Four approved and complying, the fifth undecided → 4 / 5 = 80 % with 1 undecided line: blocked, not
    certified, never 4 / 4."""
    assert _figures([*FOUR_GOOD, fifth]) == (4, 5, 1, Decimal("80.0"), False), why


def test_a_line_the_agency_refused_lowers_the_figure():
    """Approved, but the agency refused its validation: a final state, out of the numerator → 4 / 5 = 80 %."""
    refused = line("1.5", validation_required=True, validation_refused=True)
    assert _figures([*FOUR_GOOD, refused]) == (4, 5, 0, Decimal("80.0"), False)
    accepted = line("1.5", validation_required=True, validation_accepted=True)
    assert _figures([*FOUR_GOOD, accepted]) == (5, 5, 0, Decimal("100.0"), True)


def test_nothing_applicable_is_no_figure_not_zero():
    """Two approved "does not apply" lines: 0 / 0 → None ("no aplica"), and no certificate."""
    lines = [line("1.1", applies=False, complies=None), line("1.2", applies=False, complies=None)]
    result = ratio(lines, Mode.CERTIFICATION)
    assert (result.value, result.percent, certification(lines).certified) == (None, None, False)


def test_action_goal_and_company_figures_follow_the_same_rule():
    """P1: 1.1 ✓, 1.2 ✓, 2.1 rejected (goal 2). P2: 1.1 ✓, 1.2 in review, 2.1 ✓. P3 (company C2): only an
    approved "does not apply".
    Per action: 1.1 = 2/2; 1.2 = 1/2 (1 undecided); 2.1 = 1/2. Per goal: 1 = 3/4 (1 undecided), 2 = 1/2.
    P1 = 2/3 = 66.7 %, P2 = 2/3 = 66.7 % (blocked), P3 = no figure. Company C1 = (2/3 + 2/3) / 2 = 2/3;
    C2 = no figure. The agreement average leaves P3 out: (2/3 + 2/3) / 2 = 2/3."""
    lines = [
        line("1.1"), line("1.2"), line("2.1", goal="2", state=REJECTED),
        line("1.1", inst="P2"), line("1.2", inst="P2", state=IN_REVIEW), line("2.1", inst="P2", goal="2"),
        line("1.1", inst="P3", company="C2", applies=False, complies=None),
    ]  # fmt: skip
    mode = Mode.CERTIFICATION
    assert {k: (r.complying, r.applicable, r.open) for k, r in by(lines, "action", mode).items()} == {
        "1.1": (2, 2, 0), "1.2": (1, 2, 1), "2.1": (1, 2, 0)}  # fmt: skip
    assert {k: (r.complying, r.applicable, r.open) for k, r in by(lines, "goal", mode).items()} == {
        "1": (3, 4, 1), "2": (1, 2, 0)}  # fmt: skip
    per_installation = by(lines, "installation", mode)
    assert [per_installation[p].percent for p in ("P1", "P2", "P3")] == [Decimal("66.7"), Decimal("66.7"), None]
    assert per_installation["P2"].blocked and not per_installation["P1"].blocked
    averages = company_averages(lines, mode)
    assert (round(averages["C1"] * 100, 1), averages["C2"]) == (Decimal("66.7"), None)
    assert round(average(per_installation.values()) * 100, 1) == Decimal("66.7")


def test_the_75_percent_option_counts_rejected_lines_and_never_certifies_an_undecided_one():
    """Agreement option on, corrective plan set: 3 approved and complying + 1 rejected → 3 / 4 = 75 % ≥ 75 %:
    conditional certificate. 3 approved + 1 in review → 3 / 4 = 75 % too, but blocked: no certificate.
    3 approved + 2 rejected → 3 / 5 = 60 %: none."""
    three = [line(f"1.{n}") for n in range(1, 4)]
    option = {"allow_75_with_plan": True, "has_plan": True}
    outcome = certification([*three, line("1.4", state=REJECTED)], **option)
    assert (outcome.certified, outcome.conditional, outcome.ratio.percent) == (True, True, Decimal("75.0"))
    blocked = certification([*three, line("1.4", state=IN_REVIEW)], **option)
    assert (blocked.certified, blocked.blocked, blocked.ratio.percent) == (False, True, Decimal("75.0"))
    assert not certification([*three, line("1.4", state=REJECTED), line("1.5", state=REJECTED)], **option).certified


ORDER = ["bronce", "plata", "oro"]
THRESHOLDS = {"bronce": Decimal("0.50"), "plata": Decimal("0.70"), "oro": Decimal("0.90")}


def points(action, pts, level="", mandatory=False, **kw):
    return line(action, points=Decimal(pts), level=level, mandatory_for_level=mandatory, **kw)


@pytest.mark.parametrize(
    ("third", "expected", "why"),
    [
        (points("c", 30, state=REJECTED), "plata", "Σ = 40 + 30 of 100 = 0.70 ≥ plata (rejected c stays in)"),
        (points("c", 30, applies=False, complies=None), "oro", "c approved as not applicable: 70 / 70 = 1.0"),
        (points("c", 30), "oro", "all comply: 100 / 100"),
        (points("c", 30, state=IN_REVIEW), None, "c undecided: no level while a line is open"),
        (points("c", 30, "bronce", True, state=REJECTED), None, "a rejected bronce-mandatory action: no level"),
    ],
)
def test_standards_points_count_every_applicable_line(third, expected, why):
    """a (40 points, bronce-mandatory) and b (30) approved and complying; c (30 points) varies."""
    lines = [points("a", 40, "bronce", True), points("b", 30), third]
    assert standard_level(lines, THRESHOLDS, ORDER) == expected, why
