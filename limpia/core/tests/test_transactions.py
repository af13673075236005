"""Every write is one transaction: each public function of every app's `services` module that changes state
runs inside `transaction.atomic`, so a refusal half-way leaves nothing behind and side effects wait for the
commit (`transaction.on_commit`)."""

import importlib
import inspect
from importlib.util import find_spec

from django.apps import apps
from django.db.transaction import Atomic

# Reviewed exceptions: public functions of a services module that do not open their own transaction, and why.
# A new public function is atomic unless it is added here with its reason.
NOT_ATOMIC = {
    "limpia.accounts.services.authenticate_token": "reads; the usage stamp is a single UPDATE, not a change of state",
    "limpia.accounts.services.has_totp": "reads",
    "limpia.agreements.services.allowed_targets": "reads",
    "limpia.agreements.services.precondition": "decorator factory",
    "limpia.audits.services.assignment_problem": "reads",
    "limpia.audits.services.calendar_window": "reads",
    "limpia.audits.services.line_problems": "reads",
    "limpia.audits.services.validating_agency": "reads",
    "limpia.audits.services.undecided_lines": "reads",
    "limpia.registry.services.may_decide_memberships": "reads",
    "limpia.mrv.services.recompute_after": "delegates to accounting.compute / recompute_installations, each atomic",
    "limpia.mrv.services.start_import": "one INSERT after streaming the file to storage (no lock held meanwhile)",
    "limpia.mrv.services.run_import": "background job: parses outside a transaction, saves in one atomic block",
    "limpia.mrv.services.import_file": "parses outside a transaction, saves in one atomic block (mrv.imports)",
    "limpia.programs.services.amount_paid": "reads",
    "limpia.programs.services.in_clp": "reads",
    "limpia.programs.services.uf_on": "reads",
}


def _services_modules():
    for config in apps.get_app_configs():
        if config.name.startswith("limpia.") and find_spec(f"{config.name}.services"):
            yield importlib.import_module(f"{config.name}.services")


def public_functions() -> dict[str, object]:
    """`module.name` → function, for the public functions each services module defines (not imports)."""
    return {
        f"{module.__name__}.{name}": value
        for module in _services_modules()
        for name, value in vars(module).items()
        if inspect.isfunction(value) and not name.startswith("_") and value.__module__ == module.__name__
    }


def is_atomic(function) -> bool:
    """`@transaction.atomic` wraps the function in a closure holding the `Atomic`; look through every layer
    of decoration (`__wrapped__`) for one."""
    layer = function
    while layer is not None:
        if any(isinstance(cell.cell_contents, Atomic) for cell in layer.__closure__ or ()):
            return True
        layer = getattr(layer, "__wrapped__", None)
    return False


def test_every_public_service_function_is_atomic():
    functions = public_functions()
    assert len(functions) > 100, "the walk found the services modules"
    missing = sorted(name for name, fn in functions.items() if name not in NOT_ATOMIC and not is_atomic(fn))
    assert missing == [], f"not in one transaction (add @transaction.atomic, or a reviewed reason): {missing}"


def test_the_reviewed_exceptions_exist_and_are_really_not_atomic():
    """The list stays honest: no stale names, and nothing listed that is atomic after all."""
    functions = public_functions()
    assert sorted(set(NOT_ATOMIC) - set(functions)) == []
    assert sorted(name for name in NOT_ATOMIC if is_atomic(functions[name])) == []


def test_the_detector_tells_atomic_from_plain():
    from django.db import transaction

    def plain():
        return 1

    @transaction.atomic
    def wrapped():
        return 1

    @transaction.atomic(savepoint=False)
    def configured():
        return 1

    def outer(fn):
        def inner(*a, **k):
            return fn(*a, **k)

        inner.__wrapped__ = fn
        return inner

    assert not is_atomic(plain) and is_atomic(wrapped) and is_atomic(configured) and is_atomic(outer(wrapped))
