"""Compliance and certification, pure (domain.md §9; NCh2807 practice). No ORM.

Compliance of an installation = lines that apply and comply ÷ lines that apply (0 when none
applies). Unweighted: every applicable action counts once; "does not apply" leaves both sides.
In certification mode only approved lines count, and, where the audit requires agency
validation, only lines whose validation was accepted.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

ZERO, ONE = Decimal(0), Decimal(1)
SEVENTY_FIVE = Decimal("0.75")


class Mode(StrEnum):
    PROGRESS = "progress"  # every line as the auditor filled it
    CERTIFICATION = "certification"  # approved (and, where required, validated) lines only


@dataclass(frozen=True)
class Line:
    """One installation × one action of an audit, as the calculations need it."""

    installation: str
    action: str
    goal: str
    applies: bool
    complies: bool
    approved: bool = False
    validation_required: bool = False
    validation_accepted: bool = False
    company: str = ""
    points: Decimal = ZERO
    level: str = ""
    mandatory_for_level: bool = False


@dataclass(frozen=True)
class Ratio:
    complying: int
    applicable: int

    @property
    def value(self) -> Decimal:
        return Decimal(self.complying) / Decimal(self.applicable) if self.applicable else ZERO

    @property
    def percent(self) -> Decimal:
        return (self.value * 100).quantize(Decimal("0.1"))

    @property
    def full(self) -> bool:
        """100 %: something applies and all of it complies."""
        return bool(self.applicable) and self.complying == self.applicable


def counts(line: Line, mode: Mode) -> bool:
    """Whether a line enters the figure in this mode."""
    if mode == Mode.PROGRESS:
        return True
    return line.approved and (not line.validation_required or line.validation_accepted)


def ratio(lines: Iterable[Line], mode: Mode = Mode.PROGRESS) -> Ratio:
    """Σ(applies and complies) ÷ Σ(applies) over the lines that count; not-applicable lines leave both."""
    counted = [line for line in lines if line.applies and counts(line, mode)]
    return Ratio(sum(1 for line in counted if line.complies), len(counted))


def by(lines: Iterable[Line], key: str, mode: Mode = Mode.PROGRESS) -> dict[str, Ratio]:
    """The ratio per installation, action or goal (`key` names the Line field)."""
    groups: dict[str, list[Line]] = defaultdict(list)
    for line in lines:
        groups[getattr(line, key)].append(line)
    return {name: ratio(group, mode) for name, group in sorted(groups.items())}


def average(ratios: Iterable[Ratio]) -> Decimal:
    """Mean of installation compliances (a company's, association's or agreement's average)."""
    values = [r.value for r in ratios]
    return sum(values, ZERO) / len(values) if values else ZERO


def company_averages(lines: Iterable[Line], mode: Mode = Mode.PROGRESS) -> dict[str, Decimal]:
    """Each company's mean of its installations' compliance (not the pooled ratio of its lines)."""
    lines = list(lines)
    company_of = {line.installation: line.company for line in lines}
    groups: dict[str, list[Ratio]] = defaultdict(list)
    for installation, result in by(lines, "installation", mode).items():
        groups[company_of[installation]].append(result)
    return {company: average(results) for company, results in sorted(groups.items())}


@dataclass(frozen=True)
class Outcome:
    certified: bool
    conditional: bool  # above 75 % with a corrective plan (agreement option, domain.md §9)
    ratio: Ratio


def certification(lines: Iterable[Line], *, allow_75_with_plan: bool = False, has_plan: bool = False) -> Outcome:
    """An installation certifies at 100 % in certification mode; optionally above 75 % with a
    corrective plan whose gaps close within the auditor's deadline (a 2007 practice, off by default)."""
    return certify(ratio(lines, Mode.CERTIFICATION), allow_75_with_plan=allow_75_with_plan, has_plan=has_plan)


def certify(result: Ratio, *, allow_75_with_plan: bool = False, has_plan: bool = False) -> Outcome:
    """The outcome of a certification-mode ratio: 100 %, or the optional 75 %-with-plan rule."""
    if result.full:
        return Outcome(True, False, result)
    conditional = allow_75_with_plan and has_plan and result.value >= SEVENTY_FIVE
    return Outcome(conditional, conditional, result)


def standard_level(lines: Iterable[Line], thresholds: dict[str, Decimal], order: list[str]) -> str | None:
    """The highest level reached (levels tried from the highest): all its mandatory actions comply
    and Σ points(complying) ÷ Σ points(applicable) ≥ its threshold. Certification-mode lines only."""
    counted = [line for line in lines if line.applies and counts(line, Mode.CERTIFICATION)]
    applicable = sum((line.points for line in counted), ZERO)
    earned = sum((line.points for line in counted if line.complies), ZERO)
    failing = {
        level: sum(
            1 for line in counted
            if line.mandatory_for_level and not line.complies and _at_or_below(line.level, level, order)
        )
        for level in order
    }  # fmt: skip
    return level_reached(earned / applicable if applicable else ZERO, failing, thresholds, order)


def level_reached(share: Decimal, failing: dict[str, int], thresholds: dict[str, Decimal], order: list[str]):
    """The highest level whose mandatory actions (its own and the lower levels') all comply
    (`failing[level]` counts those that do not) and whose points threshold `share` reaches."""
    for level in reversed(order):
        if not failing.get(level) and share >= thresholds[level]:
            return level
    return None


def _at_or_below(line_level: str, level: str, order: list[str]) -> bool:
    """A level's mandatory actions include those of the levels below it."""
    return line_level in order and order.index(line_level) <= order.index(level)
