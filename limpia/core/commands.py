"""What the import commands share: the acting user, the file, and a refused table's errors on stderr."""

from contextlib import contextmanager
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from limpia.core.errors import BusinessRuleError
from limpia.core.tabular import TableError


def acting_user(email: str):
    """The active user the command acts as (their roles and scope apply)."""
    user = get_user_model().objects.filter(email=email.lower(), is_active=True).first()
    if user is None:
        raise CommandError(f"No hay un usuario activo con el correo {email}.")
    return user


def readable_file(name) -> Path:
    path = Path(name)
    if not path.is_file():
        raise CommandError(f"No se encuentra el archivo {name}.")
    return path


@contextmanager
def reported_errors(command):
    """A refused table prints each error (row, column, why) and stops; a refused rule stops with its reason."""
    try:
        yield
    except TableError as exc:
        for error in exc.errors:
            command.stderr.write(str(error))
        raise CommandError(f"El archivo tiene {len(exc.errors)} error(es); no se guardó nada.") from exc
    except BusinessRuleError as exc:
        raise CommandError(exc.message) from exc
