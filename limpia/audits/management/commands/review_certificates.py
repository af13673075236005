from django.core.management.base import BaseCommand

from limpia.audits import queries
from limpia.audits.choices import LineState, ValidationState


def _percent(value) -> str:
    return "no aplica" if value is None else f"{value} %".replace(".", ",")


def _line(line) -> str:
    state = LineState(line.state).label
    if line.state == LineState.APPROVED and line.validation != ValidationState.NOT_REQUIRED:
        state = f"{state}, {ValidationState(line.validation).label}"
    said = {True: "cumple", False: "no cumple", None: "sin respuesta"}[line.complies]
    applies = "no aplica (sin aprobar)" if line.applies is False else said
    return f"{line.action.number}: {applies} · {state}"


class Command(BaseCommand):
    help = (
        "List every valid certificate whose stored compliance no longer holds under the corrected certification "
        "rule (domain.md §9), with the lines behind it. Read-only: staff confirm or suspend each one, with a "
        "reason, at /auditorias/certificados/revision/."
    )

    def handle(self, *args, **options):
        checks = queries.stale_certificates()
        for check in checks:
            c, outcome = check.certificate, check.outcome
            if outcome is None:
                verdict = "sin líneas en la auditoría que lo otorgó"
            elif outcome.blocked:
                verdict = f"bloqueado: {outcome.ratio.open} línea(s) sin decisión"
            else:
                verdict = "se mantiene con otra cifra" if outcome.certified else "no certificaría"
            self.stdout.write(
                f"{c.number} · {c.installation.name} ({c.company.legal_name}) · {c.agreement.code}: guardado "
                f"{_percent(c.compliance)}, regla corregida {_percent(check.percent)}"
                + (f" ({outcome.ratio.complying}/{outcome.ratio.applicable})" if outcome else "")
                + f" · {verdict}"
            )
            for line in check.lines:
                self.stdout.write(f"    {_line(line)}")
        self.stdout.write(f"{len(checks)} certificado(s) vigente(s) cuya cifra ya no se sostiene.")
