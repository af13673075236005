"""Writes of the portal: the publication settings of an agreement (national staff)."""

from django.db import transaction

from limpia.core.history import save_recorded
from limpia.core.scoping import require_national
from limpia.portal.models import Publication


@transaction.atomic
def save_publication(publication: Publication, *, by) -> Publication:
    require_national(by)
    return save_recorded(publication, by=by, event="publication.changed")
