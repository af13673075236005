"""Compliance and certification, pure (domain.md §9; NCh2807 practice). No ORM.

Compliance of an installation = lines that apply and comply ÷ lines that apply. Unweighted: every
applicable action counts once; "does not apply" leaves both sides. With nothing applicable the figure
does not exist ("no aplica", None), it is not 0 %.

Certification mode (domain.md §9): the denominator is every applicable line, whatever its state; the
numerator is the lines that apply, comply, are approved and, where the audit requires agency validation,
whose validation was accepted. A line in review, rejected or refused by the agency stays in the
denominator and lowers the figure. A "does not apply" leaves the ratio only once that finding itself
was approved (and validated where required): until then the action is presumed applicable, as the
agreement's criteria put it in the audit. A line not yet in a final state (pending, in review, with
observations, approved but awaiting validation) blocks certification.
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
    CERTIFICATION = "certification"  # approved (and, where required, validated) lines comply; open lines block


@dataclass(frozen=True)
class Line:
    """One installation × one action of an audit, as the calculations need it. `applies`/`complies` are
    None while the auditor has not said; `approved`/`rejected` are the review's final states."""

    installation: str
    action: str
    goal: str
    applies: bool | None
    complies: bool | None
    approved: bool = False
    rejected: bool = False
    validation_required: bool = False
    validation_accepted: bool = False
    validation_refused: bool = False
    company: str = ""
    points: Decimal = ZERO
    level: str = ""
    mandatory_for_level: bool = False


@dataclass(frozen=True)
class Ratio:
    complying: int
    applicable: int
    open: int = 0  # lines not in a final state (certification mode): they block certification

    @property
    def value(self) -> Decimal | None:
        """complying ÷ applicable; None ("no aplica") when nothing applies."""
        return Decimal(self.complying) / Decimal(self.applicable) if self.applicable else None

    @property
    def percent(self) -> Decimal | None:
        value = self.value
        return None if value is None else (value * 100).quantize(Decimal("0.1"))

    @property
    def blocked(self) -> bool:
        return self.open > 0

    @property
    def full(self) -> bool:
        """100 %: something applies, all of it complies, and nothing is left undecided."""
        return bool(self.applicable) and self.complying == self.applicable and not self.open


def accepted(line: Line) -> bool:
    """The review approved the line and, where required, the agency accepted it."""
    return line.approved and (not line.validation_required or line.validation_accepted)


def final(line: Line) -> bool:
    """Rejected, or approved with the agency's answer (accepted or refused) where one is required."""
    if line.rejected:
        return True
    return line.approved and (not line.validation_required or line.validation_accepted or line.validation_refused)


def in_figure(line: Line, mode: Mode) -> bool:
    """Whether the line is in the denominator: it applies (progress); it is not an accepted "does not
    apply" (certification)."""
    if mode == Mode.PROGRESS:
        return line.applies is True
    return not (line.applies is False and accepted(line))


def complying(line: Line, mode: Mode) -> bool:
    """Whether the line is in the numerator: it applies and complies (and, certifying, was accepted)."""
    return line.applies is True and line.complies is True and (mode == Mode.PROGRESS or accepted(line))


def ratio(lines: Iterable[Line], mode: Mode = Mode.PROGRESS) -> Ratio:
    """Σ complying ÷ Σ in the figure (see the module's docstring for each mode)."""
    lines = list(lines)
    counted = [line for line in lines if in_figure(line, mode)]
    undecided = sum(1 for line in lines if not final(line)) if mode == Mode.CERTIFICATION else 0
    return Ratio(sum(1 for line in counted if complying(line, mode)), len(counted), undecided)


def by(lines: Iterable[Line], key: str, mode: Mode = Mode.PROGRESS) -> dict[str, Ratio]:
    """The ratio per installation, action or goal (`key` names the Line field)."""
    groups: dict[str, list[Line]] = defaultdict(list)
    for line in lines:
        groups[getattr(line, key)].append(line)
    return {name: ratio(group, mode) for name, group in sorted(groups.items())}


def average(ratios: Iterable[Ratio]) -> Decimal | None:
    """Mean of installation compliances (a company's, association's or agreement's average); an
    installation where nothing applies has no figure and stays out; None when none has one."""
    values = [r.value for r in ratios if r.value is not None]
    return sum(values, ZERO) / len(values) if values else None


def company_averages(lines: Iterable[Line], mode: Mode = Mode.PROGRESS) -> dict[str, Decimal | None]:
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

    @property
    def blocked(self) -> bool:
        """Lines not yet in a final state: no decision can be taken (domain.md §9)."""
        return self.ratio.blocked


def certification(lines: Iterable[Line], *, allow_75_with_plan: bool = False, has_plan: bool = False) -> Outcome:
    """An installation certifies at 100 % in certification mode; optionally above 75 % with a
    corrective plan whose gaps close within the auditor's deadline (a 2007 practice, off by default)."""
    return certify(ratio(lines, Mode.CERTIFICATION), allow_75_with_plan=allow_75_with_plan, has_plan=has_plan)


def certify(result: Ratio, *, allow_75_with_plan: bool = False, has_plan: bool = False) -> Outcome:
    """The outcome of a certification-mode ratio: 100 %, or the optional 75 %-with-plan rule; never while a
    line is undecided."""
    if result.full:
        return Outcome(True, False, result)
    conditional = allow_75_with_plan and has_plan and not result.blocked and (result.value or ZERO) >= SEVENTY_FIVE
    return Outcome(conditional, conditional, result)


def standard_level(lines: Iterable[Line], thresholds: dict[str, Decimal], order: list[str]) -> str | None:
    """The highest level reached (levels tried from the highest): all its mandatory actions comply
    and Σ points(complying) ÷ Σ points(applicable) ≥ its threshold, in certification mode: a mandatory
    action that is rejected, refused or undecided fails, and no level is reached while a line is open."""
    lines = list(lines)
    if ratio(lines, Mode.CERTIFICATION).blocked:
        return None
    counted = [line for line in lines if in_figure(line, Mode.CERTIFICATION)]
    applicable = sum((line.points for line in counted), ZERO)
    earned = sum((line.points for line in counted if complying(line, Mode.CERTIFICATION)), ZERO)
    failing = {
        level: sum(
            1 for line in counted
            if line.mandatory_for_level and not complying(line, Mode.CERTIFICATION)
            and _at_or_below(line.level, level, order)
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
