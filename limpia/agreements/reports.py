"""The association's progress report of an agreement, computed from the records (domain.md §5, §9).

Figures are counts of what the records hold now; audit progress and compliance averages join
the report when audits exist (the audits module), never estimated here.
"""

import io
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from limpia.agreements.choices import AdhesionStatus, Stage
from limpia.agreements.models import Adhesion, Agreement
from limpia.core.scoping import VIEW, scope
from limpia.core.spreadsheets import XlsxWriter


@dataclass
class Progress:
    agreement: Agreement
    on: date
    by_status: dict[str, int]
    diagnoses_done: int
    diagnoses_pending: int
    diagnoses_overdue: int
    companies: list[dict] = field(default_factory=list)
    regions: list[dict] = field(default_factory=list)

    @property
    def stage_label(self) -> str:
        return str(Stage(self.agreement.stage).label)


def progress(agreement: Agreement, *, user, on: date | None = None) -> Progress:
    """As of the end of a period (`on`): adhesions by status, initial diagnoses done / pending /
    overdue, per company and per region."""
    on = on or timezone.localdate()
    adhesions = scope(Adhesion, user, VIEW).filter(agreement=agreement, requested_at__date__lte=on)
    approved = adhesions.filter(status=AdhesionStatus.APPROVED)
    done = Q(diagnosis__completed_on__lte=on)
    diagnoses = approved.aggregate(
        done=Count("pk", filter=done),
        pending=Count("pk", filter=~done),
        overdue=Count("pk", filter=~done & Q(diagnosis__due_on__lt=on)),
    )
    by_status = dict(adhesions.values_list("status").annotate(n=Count("pk")))
    companies = list(
        approved.values("company__rut", "company__legal_name")
        .annotate(installations=Count("pk"), diagnosed=Count("pk", filter=done))
        .order_by("company__legal_name")
    )
    regions = list(
        approved.values("installation__region__name", "installation__region__order")
        .annotate(installations=Count("pk"))
        .order_by("installation__region__order")
    )
    return Progress(
        agreement,
        on,
        {s: by_status.get(s, 0) for s in AdhesionStatus.values},
        diagnoses["done"],
        diagnoses["pending"],
        diagnoses["overdue"],
        companies,
        regions,
    )


def _summary_rows(data: Progress) -> list[tuple[str, object]]:
    return [
        (_("Agreement"), str(data.agreement)),
        (_("Stage"), data.stage_label),
        (_("Report date"), data.on.strftime("%d-%m-%Y")),
        *[(str(AdhesionStatus(s).label), n) for s, n in data.by_status.items()],
        (_("Initial diagnoses done"), data.diagnoses_done),
        (_("Initial diagnoses pending"), data.diagnoses_pending),
        (_("Initial diagnoses overdue"), data.diagnoses_overdue),
    ]


def as_xlsx(data: Progress) -> io.BytesIO:
    """Summary, companies and regions; names are written as text, never as formulas (`core.spreadsheets`)."""
    book = XlsxWriter()
    summary = book.sheet(_("Summary"))
    for number, row in enumerate(_summary_rows(data)):
        summary.append(list(row), bold=number == 0)
    companies = book.sheet(_("Companies"))
    companies.append([_("RUT"), _("Company"), _("Installations adhered"), _("Initial diagnoses done")], bold=True)
    for row in data.companies:
        companies.append([row["company__rut"], row["company__legal_name"], row["installations"], row["diagnosed"]])
    regions = book.sheet(_("Regions"))
    regions.append([_("Region"), _("Installations adhered")], bold=True)
    for row in data.regions:
        regions.append([row["installation__region__name"], row["installations"]])
    return book.save()


def as_pdf(data: Progress) -> io.BytesIO:
    from weasyprint import HTML

    html = render_to_string("agreements/report.html", {"data": data, "summary": _summary_rows(data)})
    return io.BytesIO(HTML(string=html).write_pdf())
