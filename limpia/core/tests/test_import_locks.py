"""Issue 15 item 5: one import must not lock everyone out. Every import reads and checks its file with no
transaction open, so on SQLite (one write lock for the whole database) a sign-in or the background worker can
write while a large file is being checked; only the saving is one short transaction, still all or nothing."""

import threading
from unittest import mock

import pytest
from django.db import OperationalError, connection, connections
from django.utils import timezone

from limpia.accounts.models import User
from limpia.agreements import imports as agreement_imports
from limpia.audits import imports as audit_imports
from limpia.core.tabular import TableError
from limpia.mrv import imports as mrv_imports
from limpia.programs import imports as attendance_imports
from limpia.registry import imports as registry_imports

pytestmark = pytest.mark.django_db(transaction=True)


class WriteProbe:
    """Stands in the middle of an import's row checks: records whether the import's connection has a
    transaction open, and writes (a sign-in's `last_login`) from another connection with a 1 s busy timeout."""

    def __init__(self, user):
        self.user, self.in_transaction, self.write_errors = user, [], []

    def __call__(self):
        self.in_transaction.append(connection.in_atomic_block)
        thread = threading.Thread(target=self._write)
        thread.start()
        thread.join(timeout=30)

    def _write(self):
        try:
            if connections["default"].vendor == "sqlite":
                with connections["default"].cursor() as cursor:
                    cursor.execute("PRAGMA busy_timeout = 1000")
            User.objects.filter(pk=self.user.pk).update(last_login=timezone.now())
        except OperationalError as exc:  # «database is locked» / «database table is locked»
            self.write_errors.append(str(exc))
        finally:
            connections.close_all()

    def wrap(self, function):
        def probed(*args, **kwargs):
            self()
            return function(*args, **kwargs)

        return probed

    def assert_nothing_held(self):
        assert self.in_transaction, "the probe never ran"
        assert not self.write_errors, f"another connection could not write: {self.write_errors}"
        assert not any(self.in_transaction), "the file was checked inside a transaction"


def _audit_case(world):
    line = world.a.audit.lines.order_by("pk").first()
    day = timezone.localdate().strftime("%d-%m-%Y")
    data = f"linea;aplica;razon_no_aplica;cumple;fecha;rut_auditor;notas\n{line.pk};sí;;sí;{day};12.345.678-5;\n"
    return audit_imports, "_check", lambda: audit_imports.import_lines(
        world.a.audit, data.encode(), "l.csv", by=world.users["auditor"])  # fmt: skip


def _agreement_case(world):
    data = "meta;numero;accion;medio_verificacion;plazo;unidad_plazo\n9;9.1;Medir el consumo de agua;Registro;6;meses\n"
    return agreement_imports, "_parse", lambda: agreement_imports.import_actions(
        world.a.agreement, data.encode(), "a.csv", by=world.users["staff"])  # fmt: skip


def _attendance_case(world):
    data = "rut;nombre;tipo\n12.345.678-5;María Pérez;trabajadora\n"
    return attendance_imports, "_parse", lambda: attendance_imports.import_attendance(
        world.a.activity, data.encode(), "a.csv", by=world.users["regional"])  # fmt: skip


def _registry_case(world):
    data = "rut;razon_social;comuna\n76.543.210-3;Agrícola Los Aromos SpA;05101\n"
    return registry_imports, "_check_row", lambda: registry_imports.import_table(
        "companies", data.encode(), "e.csv", by=world.users["staff"])  # fmt: skip


def _mrv_case(world):
    cells = {"instalacion": str(world.a.installation.pk), "periodo": "01-2020", "variable": "agua.red",
             "valor": "10", "unidad": ""}  # fmt: skip
    return mrv_imports.Parser, "row", lambda: mrv_imports.load([(2, cells)], world.users["company"])


CASES = [_audit_case, _agreement_case, _attendance_case, _registry_case, _mrv_case]


@pytest.mark.parametrize("case", CASES, ids=["audit lines", "goals and actions", "attendance", "registry", "mrv"])
def test_while_an_import_checks_its_rows_another_connection_can_write(world, case):
    """The probe runs inside the row checks; on today's main the audit, agreement and attendance imports
    opened their transaction (BEGIN IMMEDIATE on SQLite) before reading the file, so the probe's write failed."""
    module, name, run = case(world)
    probe = WriteProbe(world.users["staff"])
    with mock.patch.object(module, name, probe.wrap(getattr(module, name))):
        assert run()
    probe.assert_nothing_held()


def test_a_bad_row_still_saves_nothing_when_the_write_is_refused_at_the_last_moment(world):
    """All or nothing survives the split: a line decided between the check and the write (here, approved
    by a reviewer while the file was being checked) refuses the whole file inside the short transaction."""
    lines = list(world.a.audit.lines.order_by("pk"))
    day = timezone.localdate().strftime("%d-%m-%Y")
    rows = [f"{line.pk};sí;;sí;{day};12.345.678-5;nota {line.pk}" for line in lines]
    data = ("linea;aplica;razon_no_aplica;cumple;fecha;rut_auditor;notas\n" + "\n".join(rows) + "\n").encode()
    check = audit_imports._check

    def decided_meanwhile(rows, found):
        errors = check(rows, found)
        world.a.audit.lines.filter(pk=lines[-1].pk).update(state="approved")
        return errors

    with mock.patch.object(audit_imports, "_check", decided_meanwhile), pytest.raises(TableError) as caught:
        audit_imports.import_lines(world.a.audit, data, "l.csv", by=world.users["auditor"])
    assert [(e.row, e.column) for e in caught.value.errors] == [(len(lines) + 1, "")]
    assert not world.a.audit.lines.filter(auditor_notes__startswith="nota").exists(), "nothing saved"
