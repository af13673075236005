"""The agreement lifecycle as data: which stage may follow which, per instrument type (domain.md §5).

Pure: no ORM. Services check the role and the preconditions; this module only says what is allowed.
"""

from limpia.agreements.choices import AgreementType, Stage

MAIN_PATH = [
    Stage.INTEREST, Stage.ADMISSIBILITY, Stage.RELEVANCE, Stage.DIAGNOSIS, Stage.NEGOTIATION, Stage.CONSULTATION,
    Stage.SIGNATURE, Stage.ADHESION, Stage.IMPLEMENTATION, Stage.FINAL_AUDIT, Stage.VALIDATION, Stage.CERTIFICATION,
    Stage.MAINTENANCE, Stage.IMPACT, Stage.CLOSED,
]  # fmt: skip
CERTIFYING = {Stage.FINAL_AUDIT, Stage.VALIDATION, Stage.CERTIFICATION, Stage.MAINTENANCE}
# Not every type uses every stage: only certifying instruments audit and certify; a pre-investment
# agreement has no installations adhering.
SKIPPED = {
    AgreementType.PRODUCTIVE: set(),
    AgreementType.STANDARD: set(),
    AgreementType.TERRITORIAL: CERTIFYING,
    AgreementType.ADAPTATION: CERTIFYING,
    AgreementType.PRE_INVESTMENT: CERTIFYING | {Stage.ADHESION},
}
WITHDRAWABLE = set(MAIN_PATH[: MAIN_PATH.index(Stage.SIGNATURE)])  # before signature: withdrawn
TERMINABLE = set(MAIN_PATH[MAIN_PATH.index(Stage.SIGNATURE) : MAIN_PATH.index(Stage.CLOSED)])  # after: terminated
ENDED = {Stage.CLOSED, Stage.WITHDRAWN, Stage.TERMINATED}


def path_for(kind: str, *, consultation: bool, validation: bool) -> list[Stage]:
    """The ordered stages an agreement of this type and these options goes through."""
    skipped = set(SKIPPED[AgreementType(kind)])
    if not consultation:
        skipped.add(Stage.CONSULTATION)
    if not validation:
        skipped.add(Stage.VALIDATION)
    return [stage for stage in MAIN_PATH if stage not in skipped]


def next_stage(kind: str, current: str, *, consultation: bool, validation: bool) -> Stage | None:
    """The stage that follows `current`, or None at the end."""
    path = path_for(kind, consultation=consultation, validation=validation)
    if current not in path:
        return None
    index = path.index(Stage(current))
    return path[index + 1] if index + 1 < len(path) else None


def allowed_targets(kind: str, current: str, *, consultation: bool, validation: bool) -> list[Stage]:
    """Every stage `current` may move to: the next on the path, or withdrawal / termination."""
    if current in ENDED:
        return []
    targets = []
    following = next_stage(kind, current, consultation=consultation, validation=validation)
    if following:
        targets.append(following)
    if current in WITHDRAWABLE:
        targets.append(Stage.WITHDRAWN)
    if current in TERMINABLE:
        targets.append(Stage.TERMINATED)
    return targets
