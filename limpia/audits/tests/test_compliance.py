"""Compliance and certification against hand-computed scenarios (domain.md §9)."""

from decimal import Decimal

import pytest

from limpia.audits.calculations import Line, Mode, by, certification, company_averages, ratio, standard_level


def line(inst="P1", action="1.1", goal="1", applies=True, complies=True, **kw) -> Line:
    return Line(installation=inst, action=action, goal=goal, applies=applies, complies=complies, **kw)


# Plant P1 of company C1: 5 actions, 1 does not apply, 3 of the 4 applicable comply → 75 %.
P1 = [
    line(action="1.1", complies=True, approved=True, company="C1"),
    line(action="1.2", complies=True, approved=True, company="C1"),
    line(action="2.1", goal="2", complies=False, approved=True, company="C1"),
    line(action="2.2", goal="2", complies=True, approved=False, company="C1"),  # not yet approved
    line(action="3.1", goal="3", applies=False, complies=False, approved=True, company="C1"),
]
# Plant P2 of company C1: 2 applicable, both comply, one waits for agency validation.
P2 = [
    line("P2", "1.1", complies=True, approved=True, company="C1"),
    line("P2", "2.1", goal="2", complies=True, approved=True, validation_required=True, company="C1"),
]


def test_installation_compliance_leaves_not_applicable_lines_out():
    assert (ratio(P1).complying, ratio(P1).applicable, ratio(P1).percent) == (3, 4, Decimal("75.0"))


def test_certification_mode_keeps_every_applicable_line_in_the_denominator():
    """P1 certifying: 1.1 and 1.2 approved and complying (numerator 2); 2.1 approved, fails; 2.2 complies but
    is not approved (not in the numerator, still in the denominator, and it blocks); 3.1 an approved "does
    not apply" (out of both sides) → 2 / 4 = 50 %, one undecided line."""
    result = ratio(P1, Mode.CERTIFICATION)
    assert (result.complying, result.applicable, result.open, result.percent) == (2, 4, 1, Decimal("50.0"))
    # P2: the line awaiting validation stays in the denominator, out of the numerator, and blocks: 1 / 2.
    assert (ratio(P2, Mode.CERTIFICATION).complying, ratio(P2, Mode.CERTIFICATION).applicable) == (1, 2)
    assert ratio(P2, Mode.CERTIFICATION).blocked
    accepted = [P2[0], Line(**{**P2[1].__dict__, "validation_accepted": True})]
    assert ratio(accepted, Mode.CERTIFICATION).value == 1 and not ratio(accepted, Mode.CERTIFICATION).blocked


def test_no_figure_when_nothing_applies():
    """Nothing applicable: no figure ("no aplica", None), never 0 / 0 = 0 %."""
    assert ratio([line(applies=False)]).value is None and ratio([]).percent is None


def test_per_action_per_goal_and_company_average():
    lines = P1 + P2
    per_action = by(lines, "action")
    assert (per_action["1.1"].complying, per_action["1.1"].applicable) == (2, 2)
    assert (per_action["2.1"].complying, per_action["2.1"].applicable) == (1, 2)
    per_goal = by(lines, "goal")
    assert (per_goal["2"].complying, per_goal["2"].applicable) == (2, 3)
    assert "3" in per_goal and per_goal["3"].applicable == 0
    # C1 = mean of P1 (0.75) and P2 (1.0) = 0.875, not the pooled 5/6.
    assert company_averages(lines)["C1"] == Decimal("0.875")


def test_certification_at_100_percent_and_the_optional_75_rule():
    complete = [line(approved=True), line(action="1.2", approved=True)]
    assert certification(complete).certified
    three_of_four = [line(action=str(i), approved=True, complies=i != 0) for i in range(4)]
    assert not certification(three_of_four).certified
    assert not certification(three_of_four, allow_75_with_plan=True).certified, "needs the corrective plan"
    outcome = certification(three_of_four, allow_75_with_plan=True, has_plan=True)
    assert outcome.certified and outcome.conditional and outcome.ratio.percent == Decimal("75.0")
    two_of_three = [line(action=str(i), approved=True, complies=i != 0) for i in range(3)]
    assert not certification(two_of_three, allow_75_with_plan=True, has_plan=True).certified


ORDER = ["bronce", "plata", "oro"]
THRESHOLDS = {"bronce": Decimal("0.50"), "plata": Decimal("0.70"), "oro": Decimal("0.90")}


def std(action, points, complies, level="", mandatory=False):
    return line(
        action=action,
        complies=complies,
        approved=True,
        points=Decimal(points),
        level=level,
        mandatory_for_level=mandatory,
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # 90 of 100 points, every mandatory action complies → oro.
        (
            [
                std("a", 40, True, "bronce", True),
                std("b", 30, True, "oro", True),
                std("c", 20, True),
                std("d", 10, False),
            ],
            "oro",
        ),
        # 90 points but an oro-mandatory action fails → tried lower: plata (90 % ≥ 70 %).
        (
            [
                std("a", 40, True, "bronce", True),
                std("b", 30, False, "oro", True),
                std("c", 20, True),
                std("d", 10, True),
            ],
            "plata",
        ),
        # 60 of 100 points → bronce only.
        ([std("a", 40, True, "bronce", True), std("b", 20, True), std("c", 40, False)], "bronce"),
        # A bronce-mandatory action fails: no level, whatever the points.
        ([std("a", 40, False, "bronce", True), std("b", 60, True)], None),
    ],
)
def test_standard_levels_from_the_highest(lines, expected):
    assert standard_level(lines, THRESHOLDS, ORDER) == expected
