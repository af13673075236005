"""Agreement panels shown on other apps' pages (an installation's adhesions)."""

from django import template

from limpia.agreements.models import Adhesion
from limpia.core.scoping import VIEW, scope

register = template.Library()


@register.inclusion_tag("agreements/_installation_adhesions.html", takes_context=True)
def installation_adhesions(context, installation):
    """The agreements an installation adhered to, each linking to its applicable actions."""
    adhesions = (
        scope(Adhesion, context["request"].user, VIEW).filter(installation=installation).select_related("agreement")
    )
    return {"adhesions": adhesions}
