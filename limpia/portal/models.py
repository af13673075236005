"""What each agreement publishes on the public portal (defaults follow domain.md §2 and §9)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from limpia.agreements.models import Agreement
from limpia.core.history import recorded_history


class Publication(models.Model):
    """Staff decide, per agreement, what the portal shows; an agreement without a row uses the defaults."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="publication",
                                     verbose_name=_("agreement"))  # fmt: skip
    published = models.BooleanField(default=True, verbose_name=_("shown on the portal once signed"))
    show_goals = models.BooleanField(default=True, verbose_name=_("goals and actions"))
    show_installations = models.BooleanField(default=True, verbose_name=_("adhered installations"))
    show_compliance_summary = models.BooleanField(default=True, verbose_name=_("compliance summary"))
    show_compliance_per_installation = models.BooleanField(
        default=False, verbose_name=_("compliance per installation"),
        help_text=_("Off by default: the agency publishes complying and non-complying lists when it decides."),
    )  # fmt: skip
    history = recorded_history()

    class Meta:
        verbose_name = _("publication settings")
        verbose_name_plural = _("publication settings")

    def __str__(self):
        return str(self.agreement)

    def get_absolute_url(self):
        return reverse("portal:publication", args=[self.agreement_id])
