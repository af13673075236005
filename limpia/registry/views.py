"""Registry screens: lists, detail pages with history, forms that call services, bulk import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from limpia.accounts.choices import Role
from limpia.core.errors import BusinessRuleError
from limpia.core.scoping import CHANGE, VIEW, get_for, has_role, scope
from limpia.core.spreadsheets import csv_bytes
from limpia.core.tabular import TableError, upload_bytes
from limpia.core.views import ScopedDetailView, ScopedListView, ServiceFormView, run_service
from limpia.registry import filters, forms, imports, queries, services
from limpia.registry.choices import MembershipState
from limpia.registry.models import Agency, Association, Company, ContactPerson, Installation, Membership

# Who may create each kind of record, besides national staff (the services check the scope).
CREATE_ROLES = {
    "company": frozenset({Role.REGIONAL_COORDINATOR}),
    "installation": frozenset({Role.REGIONAL_COORDINATOR, Role.COMPANY_REPRESENTATIVE}),
    "association": frozenset(),
    "agency": frozenset(),
    "contact": frozenset(set(Role.values) - {Role.AUDITOR}),
}


class CompanyList(ScopedListView):
    model = Company
    create_roles = CREATE_ROLES["company"]
    filter_class = filters.CompanyFilter
    template_name = "registry/company_list.html"
    partial_template_name = "registry/_company_table.html"

    def listing(self, qs):
        return queries.companies_with_counts(qs)


class CompanyDetail(ScopedDetailView):
    model = Company
    template_name = "registry/company_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("comuna__region").prefetch_related("activities")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["installations"] = scope(Installation, user, VIEW).filter(company=self.object).select_related("comuna")
        context["contacts"] = scope(ContactPerson, user, VIEW).filter(company=self.object)
        context["associations"] = self.object.associations.filter(memberships__state=MembershipState.ACCEPTED)
        context["membership_requests"] = queries.pending_memberships(
            scope(Membership, user, VIEW).filter(company=self.object)
        )
        context["decides_memberships"] = services.may_decide_memberships(self.object, user)
        return context


class InstallationList(ScopedListView):
    model = Installation
    create_roles = CREATE_ROLES["installation"]
    filter_class = filters.InstallationFilter
    template_name = "registry/installation_list.html"
    partial_template_name = "registry/_installation_table.html"

    def listing(self, qs):
        return queries.installations_listing(qs)


class InstallationDetail(ScopedDetailView):
    model = Installation
    template_name = "registry/installation_detail.html"

    def get_queryset(self):
        return queries.installations_listing(super().get_queryset()).select_related("person_in_charge")


class AssociationList(ScopedListView):
    model = Association
    create_roles = CREATE_ROLES["association"]
    filter_class = filters.AssociationFilter
    template_name = "registry/association_list.html"
    partial_template_name = "registry/_association_table.html"

    def listing(self, qs):
        accepted = Q(memberships__state=MembershipState.ACCEPTED)
        return qs.annotate(member_count=Count("memberships", filter=accepted)).order_by("name", "pk")


class AssociationDetail(ScopedDetailView):
    model = Association
    template_name = "registry/association_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = scope(Company, self.request.user, VIEW)
        accepted = self.object.memberships.accepted()
        context["members"] = visible.filter(pk__in=accepted.values("company_id")).select_related("comuna")[:200]
        context["member_count"] = accepted.count()
        context["membership_requests"] = (
            scope(Membership, self.request.user, VIEW)
            .filter(association=self.object)
            .exclude(state=MembershipState.ACCEPTED)
            .select_related("company")
            .order_by("-requested_at", "pk")[:200]
        )
        context["contacts"] = scope(ContactPerson, self.request.user, VIEW).filter(association=self.object)
        return context


class AgencyList(ScopedListView):
    model = Agency
    create_roles = CREATE_ROLES["agency"]
    filter_class = filters.AgencyFilter
    template_name = "registry/agency_list.html"
    partial_template_name = "registry/_agency_table.html"

    def listing(self, qs):
        return qs.select_related("region")


class AgencyDetail(ScopedDetailView):
    model = Agency
    template_name = "registry/agency_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contacts"] = scope(ContactPerson, self.request.user, VIEW).filter(agency=self.object)
        return context


class ContactList(ScopedListView):
    model = ContactPerson
    create_roles = CREATE_ROLES["contact"]
    filter_class = filters.ContactFilter
    template_name = "registry/contact_list.html"
    partial_template_name = "registry/_contact_table.html"

    def listing(self, qs):
        return qs.select_related("company", "association", "agency")


class ContactDetail(ScopedDetailView):
    model = ContactPerson
    template_name = "registry/contact_detail.html"


class RegistryFormView(ServiceFormView):
    """Create (no pk) or edit (pk) a registry record through its services."""

    create_service = None
    update_service = None
    title_create = ""
    title_update = ""

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_for(self.request.user, self.model, CHANGE, pk=self.kwargs["pk"])

    @property
    def title(self):
        return str(self.title_update) % {"obj": self.object} if self.object else str(self.title_create)

    def perform(self, form):
        fields = form.service_fields()
        if self.object is None:
            return type(self).create_service(by=self.request.user, **fields)
        return type(self).update_service(self.object, by=self.request.user, **fields)


class CompanyForm(RegistryFormView):
    model = Company
    form_class = forms.CompanyForm
    create_roles = CREATE_ROLES["company"]
    create_service = services.create_company
    update_service = services.update_company
    title_create = gettext_lazy("New company")
    title_update = gettext_lazy("Edit %(obj)s")

    def perform(self, form):
        fields = form.service_fields()
        if self.object:
            fields.pop("rut")  # a company's RUT is its identity; it is never edited
        activities = fields.pop("activities")
        if self.object is None:
            return services.create_company(by=self.request.user, activities=activities, **fields)
        return services.update_company(self.object, by=self.request.user, activities=activities, **fields)


class InstallationForm(RegistryFormView):
    model = Installation
    form_class = forms.InstallationForm
    create_roles = CREATE_ROLES["installation"]
    create_service = services.create_installation
    update_service = services.update_installation
    title_create = gettext_lazy("New installation")
    title_update = gettext_lazy("Edit %(obj)s")

    def get_initial(self):
        return {"company": self.request.GET.get("company")}


class AssociationForm(RegistryFormView):
    model = Association
    form_class = forms.AssociationForm
    create_service = services.create_association
    update_service = services.update_association
    title_create = gettext_lazy("New trade association")
    title_update = gettext_lazy("Edit %(obj)s")


class AgencyForm(RegistryFormView):
    model = Agency
    form_class = forms.AgencyForm
    create_service = services.create_agency
    update_service = services.update_agency
    title_create = gettext_lazy("New public agency")
    title_update = gettext_lazy("Edit %(obj)s")


class ContactForm(RegistryFormView):
    model = ContactPerson
    form_class = forms.ContactForm
    create_roles = CREATE_ROLES["contact"]
    create_service = services.create_contact
    update_service = services.update_contact
    title_create = gettext_lazy("New contact person")
    title_update = gettext_lazy("Edit %(obj)s")


@login_required
@require_POST
def contact_delete(request, pk: int):
    contact = get_for(request.user, ContactPerson, CHANGE, pk=pk)
    organization = contact.organization
    services.delete_contact(contact, by=request.user, reason=request.POST.get("reason", ""))
    messages.success(request, _("The contact %(name)s was deleted.") % {"name": contact.full_name})
    return redirect(organization.get_absolute_url())


@login_required
@require_POST
def association_member_add(request, pk: int):
    """Ask a company, given its RUT, to be a member of an association the user coordinates."""
    association = get_for(request.user, Association, CHANGE, pk=pk)
    try:
        company = imports.References().company(request.POST.get("company_rut", ""))
        membership = services.request_membership(association, company=company, by=request.user)
    except (ValidationError, BusinessRuleError) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else exc.message)
    else:
        done = (
            _("%(company)s is now a member.")
            if membership.is_accepted
            else _("Request sent: %(company)s becomes a member once it accepts.")
        )
        messages.success(request, done % {"company": company})
    return redirect(association.get_absolute_url())


@login_required
@require_POST
def membership_decide(request, pk: int):
    """The company (or national staff) accepts or declines an association's membership request."""
    membership = get_for(request.user, Membership.objects.select_related("company", "association"), pk=pk)
    deciders_page = services.may_decide_memberships(membership.company, request.user)
    back = (membership.company if deciders_page else membership.association).get_absolute_url()
    form = forms.MembershipDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to accept or decline the request."))
        return redirect(back)
    accept = form.cleaned_data["decision"] == "accept"
    done = (
        _("You accepted the membership of %(association)s.")
        if accept
        else _("You declined the membership of %(association)s.")
    )
    return run_service(
        request,
        lambda: services.decide_membership(
            membership, by=request.user, accept=accept, reason=form.cleaned_data["reason"]
        ),
        done % {"association": membership.association},
        back,
    )


@login_required
@require_POST
def association_member_remove(request, pk: int, company_pk: int):
    association = get_for(request.user, Association, CHANGE, pk=pk)
    membership = get_object_or_404(association.memberships.select_related("company"), company_id=company_pk)
    services.remove_member(membership, by=request.user, reason=request.POST.get("reason", ""))
    messages.success(request, _("%(company)s is no longer a member.") % {"company": membership.company})
    return redirect(association.get_absolute_url())


# Who looks companies up by RUT or name: auditors declaring relations, associations asking members.
SEARCH_ROLES = frozenset({Role.AUDITOR, Role.ASSOCIATION_COORDINATOR})


def search_text(request) -> str:
    """The text a search field sends: `q`, or the one value an htmx-driven input sends under its own name."""
    return request.GET.get("q") or next(iter(request.GET.values()), "")


@login_required
def company_search(request):
    """The options of a company field searched by RUT or name (an htmx-fed datalist)."""
    if not has_role(request.user, SEARCH_ROLES):
        raise PermissionDenied
    companies = queries.company_search(search_text(request))
    return render(request, "registry/_company_options.html", {"companies": companies})


@login_required
def import_view(request):
    """Upload companies or installations; any bad row means nothing is saved and every error is listed."""
    if not has_role(request.user, imports.IMPORT_ROLES):
        raise PermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors, result = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = imports.import_table(form.cleaned_data["kind"], upload_bytes(upload), upload.name, by=request.user)
        except TableError as exc:
            errors = exc.errors
    return render(
        request, "registry/import.html", {"form": form, "errors": errors, "result": result, "specs": imports.SPECS}
    )


@login_required
def import_template(request, kind: str):
    """A CSV with the header row of an import, for people to fill in."""
    if not has_role(request.user, imports.IMPORT_ROLES):
        raise PermissionDenied
    spec = imports.SPECS.get(kind)
    if spec is None:
        raise Http404
    content = csv_bytes(spec.columns, [], delimiter=";", bom=True)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plantilla-{kind}.csv"'
    return response
