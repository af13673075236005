from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from limpia.audits.choices import AuditKind, AuditorStatus, AuditStatus, CertificateState, LineState, ValidationState
from limpia.core.filters import FilterForm
from limpia.core.scoping import scopes_for
from limpia.registry.models import Membership, Sector


class AuditorFilter(FilterForm):
    status = forms.ChoiceField(choices=[("", _("All states")), *AuditorStatus.choices], required=False,
                               label=_("Status"))  # fmt: skip
    sector = forms.ModelChoiceField(Sector.objects.all(), required=False, label=_("Sector"),
                                    empty_label=_("All sectors"))  # fmt: skip
    search_fields = ("full_name", "rut", "email")
    lookups = {"status": "status", "sector": "sectors"}

    def search_query(self, text: str) -> Q:
        # Only national staff see RUTs and e-mails, so only they may search by them (no guessing by search).
        if scopes_for(self.user).national:
            return super().search_query(text)
        return Q(full_name__icontains=text)


class AuditFilter(FilterForm):
    kind = forms.ChoiceField(choices=[("", _("All kinds")), *AuditKind.choices], required=False, label=_("Kind"))
    status = forms.ChoiceField(choices=[("", _("Open and closed")), *AuditStatus.choices], required=False,
                               label=_("Status"))  # fmt: skip
    search_fields = ("agreement__code", "agreement__name")
    lookups = {"kind": "kind", "status": "status"}


class LineFilter(FilterForm):
    """Every compliance figure links here with the filter of the lines behind it."""

    state = forms.ChoiceField(choices=[("", _("All states")), *LineState.choices], required=False, label=_("State"))
    validacion = forms.ChoiceField(choices=[("", _("Any validation")), *ValidationState.choices], required=False,
                                   label=_("Validation"))  # fmt: skip
    asignacion = forms.IntegerField(required=False, widget=forms.HiddenInput)
    accion = forms.IntegerField(required=False, widget=forms.HiddenInput)
    meta = forms.IntegerField(required=False, widget=forms.HiddenInput)
    empresa = forms.IntegerField(required=False, widget=forms.HiddenInput)
    gremio = forms.IntegerField(required=False, widget=forms.HiddenInput)
    modo = forms.CharField(required=False, widget=forms.HiddenInput)
    search_fields = ("assignment__installation__name", "action__number", "action__text")
    lookups = {
        "state": "state", "validacion": "validation", "asignacion": "assignment_id", "accion": "action_id",
        "meta": "action__goal_id", "empresa": "assignment__company_id",
    }  # fmt: skip

    def apply(self, qs):
        from limpia.audits.calculations import Mode
        from limpia.audits.queries import counted

        qs = super().apply(qs)
        if self.is_bound and self.is_valid() and self.cleaned_data.get("modo") == Mode.CERTIFICATION:
            qs = qs.filter(counted(Mode.CERTIFICATION))
        if self.is_bound and self.is_valid() and self.cleaned_data.get("gremio"):
            # The association's lines are those of its accepted members, as in its average.
            members = Membership.objects.accepted().filter(association_id=self.cleaned_data["gremio"])
            qs = qs.filter(assignment__company_id__in=members.values("company_id"))
        return qs


class CertificateFilter(FilterForm):
    state = forms.ChoiceField(choices=[("", _("All states")), *CertificateState.choices], required=False,
                              label=_("State"))  # fmt: skip
    search_fields = ("number", "installation__name", "company__legal_name", "agreement__code")
    lookups = {"state": "state"}
