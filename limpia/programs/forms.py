"""Forms of the programs; every one feeds a service (limpia.programs.services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from limpia.agreements.models import Agreement
from limpia.core.forms import StyledModelForm
from limpia.core.scoping import VIEW, scope
from limpia.programs.choices import ParticipantType
from limpia.programs.models import (
    Activity,
    AgendaGoal,
    Application,
    Call,
    CaseIndicator,
    Commitment,
    CommitteeMeeting,
    CommitteeMembership,
    Disbursement,
    ExpenseReport,
    InvestmentProject,
    NationalGoal,
    ParticipantCount,
    ParticipatoryMeeting,
    RegionalCommittee,
    SharedResourceGoal,
    SuccessCase,
    Territory,
    TerritoryActor,
)  # fmt: skip
from limpia.registry.models import Association, Company

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def model_form(model, fields, dates=(), **extra_meta):
    """A styled ModelForm of `fields`; `dates` get the browser's date picker."""
    meta = type("Meta", (StyledModelForm.Meta,), {"model": model, "fields": fields,
                                                   "widgets": {d: DATE for d in dates}, **extra_meta})  # fmt: skip
    return type(f"{model.__name__}Form", (StyledModelForm,), {"Meta": meta})


GoalForm = model_form(
    NationalGoal,
    [
        "code",
        "title",
        "policy",
        "indicator",
        "starts_on",
        "ends_on",
        "baseline",
        "target",
        "region",
        "participant_type",
        "source",
    ],
    dates=["starts_on", "ends_on"],
)
CommitteeForm = model_form(RegionalCommittee, ["region", "constituted_on", "secretariat", "secretary", "email",
                                               "program", "transfer_centre"], dates=["constituted_on"])  # fmt: skip
MemberForm = model_form(CommitteeMembership, ["institution", "full_name", "role", "sector"])
AgendaForm = model_form(AgendaGoal, ["year", "title", "target", "achieved"])
CallForm = model_form(Call, ["line", "title", "opens_on", "closes_on", "cofinancing_limit", "currency", "budget"],
                      dates=["opens_on", "closes_on"])  # fmt: skip
DisbursementForm = model_form(Disbursement, ["paid_on", "amount"], dates=["paid_on"])
ExpenseForm = model_form(ExpenseReport, ["submitted_on", "description", "amount"], dates=["submitted_on"])
ActivityForm = model_form(Activity, ["kind", "title", "held_on", "region", "organizer", "agreement"],
                          dates=["held_on"])  # fmt: skip
CountForm = model_form(ParticipantCount, ["kind", "count"])
CaseIndicatorForm = model_form(CaseIndicator, ["label", "unit", "before", "after", "before_year", "after_year"])
TerritoryForm = model_form(Territory, ["name"])
ActorForm = model_form(TerritoryActor, ["name", "kind", "role"])
ResourceGoalForm = model_form(SharedResourceGoal, ["resource", "goal", "baseline", "target", "current", "unit"])
ProjectForm = model_form(InvestmentProject, ["name", "holder", "stage", "investment_musd", "communities"])
ParticipatoryMeetingForm = model_form(ParticipatoryMeeting, ["held_on", "place", "topic", "attendees", "minutes"],
                                      dates=["held_on"])  # fmt: skip
CommitmentForm = model_form(Commitment, ["text", "responsible", "due_on"], dates=["due_on"])
FollowUpForm = model_form(Commitment, ["status", "follow_up"])


class MeetingForm(model_form(CommitteeMeeting, ["held_on", "agenda", "minutes", "attendees"], dates=["held_on"])):
    def __init__(self, *args, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = committee.members.all() if committee else CommitteeMembership.objects.none()
        self.fields["attendees"].widget = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
        self.fields["attendees"].queryset = self.fields["attendees"].queryset.order_by("full_name")


class ApplicationForm(model_form(Application, ["title", "agreement", "company", "association", "total_cost",
                                              "requested"])):  # fmt: skip
    """The applicant is chosen among what the user sees."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = scope(Agreement, self.user, VIEW).exclude(signed_on=None).order_by("code")
        self.fields["company"].queryset = scope(Company, self.user, VIEW).order_by("legal_name")
        self.fields["association"].queryset = scope(Association, self.user, VIEW).order_by("name")
        for name in ("agreement", "company", "association"):
            self.fields[name].help_text = _("Give one applicant: an agreement, a company or an association.")


class EvaluateForm(forms.Form):
    score = forms.DecimalField(label=_("Evaluation score"), min_value=0, max_value=100, localize=True)
    evaluation = forms.CharField(label=_("Evaluation"), widget=forms.Textarea(attrs={"rows": 3}))


class AwardForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount awarded"), min_value=0, localize=True, decimal_places=2)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ExpenseReviewForm(forms.Form):
    approve = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "1",
                                     choices=[("1", _("Approve")), ("0", _("Reject"))])  # fmt: skip
    reason = forms.CharField(label=_("Reason"), required=False)


class AttendanceForm(forms.Form):
    rut = forms.CharField(label=_("RUT"), required=False, max_length=12)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    kind = forms.ChoiceField(label=_("Type"), choices=ParticipantType.choices)
    email = forms.EmailField(label=_("Email"), required=False)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))


class CaseForm(model_form(SuccessCase, ["title", "company", "agreement", "summary", "body", "video_url"])):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = scope(Company, self.user, VIEW).order_by("legal_name")
        self.fields["agreement"].queryset = scope(Agreement, self.user, VIEW).exclude(signed_on=None).order_by("code")


class CaseImageForm(forms.Form):
    file = forms.ImageField(label=_("Image (PNG or JPEG, up to 5 MB)"))
    alt_text = forms.CharField(label=_("Description of the image (for people who cannot see it)"), max_length=250)


class NotesForm(forms.Form):
    notes = forms.CharField(label=_("What the case needs"), widget=forms.Textarea(attrs={"rows": 3}))


class InspectionForm(forms.Form):
    rut = forms.CharField(label=_("Company RUT"), required=False)
    comuna = forms.ModelChoiceField(label=_("Comuna"), required=False, queryset=None)

    def __init__(self, *args, **kwargs):
        from limpia.registry.models import Comuna

        super().__init__(*args, **kwargs)
        self.fields["comuna"].queryset = Comuna.objects.select_related("region").order_by("region__order", "name")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
