"""Generic scoped views: every list and detail goes through limpia.core.scoping."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.generic import DetailView, FormView, ListView

from limpia.core.dashboards import dashboard_context
from limpia.core.errors import BusinessRuleError
from limpia.core.history import history_entries
from limpia.core.scoping import CHANGE, VIEW, has_role, scope


def page_of(request, items, size: int = 25):
    """The page of `items` the request asks for (`?page=`), the last one when past the end."""
    from django.core.paginator import Paginator

    return Paginator(items, size).get_page(request.GET.get("page"))


def querystring(request) -> str:
    """The request's filters without its page number, for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class ScopedListView(LoginRequiredMixin, ListView):
    """A list narrowed to the user's scope, filtered by `filter_class`, paginated; htmx gets the table only."""

    filter_class = None
    paginate_by = 25
    partial_template_name: str = ""
    create_roles: frozenset[str] = frozenset()  # besides national staff, who may create (shows «New»)

    def listing(self, qs):
        return qs

    def get_queryset(self):
        self.filter = self.filter_class(self.request.GET, user=self.request.user)
        return self.listing(self.filter.apply(scope(self.model, self.request.user, VIEW)))

    def paginate_queryset(self, queryset, page_size):
        """As `page_of`: an unreadable page number shows the first page, one past the end the last (not a 404)."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_template_names(self):
        if self.request.headers.get("HX-Request") and self.partial_template_name:
            return [self.partial_template_name]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filter=self.filter,
            querystring=querystring(self.request),
            can_create=has_role(self.request.user, self.create_roles),
        )
        return context


class ScopedDetailView(LoginRequiredMixin, DetailView):
    """A record in the user's scope (another scope's record answers 404), with its history."""

    def get_queryset(self):
        return scope(self.model, self.request.user, VIEW)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opts = self.object._meta
        can_change = self.request.user.has_perm(f"{opts.app_label}.{CHANGE}_{opts.model_name}", self.object)
        context.update(can_change=can_change, history=history_entries(self.object))
        return context


class ServiceFormView(LoginRequiredMixin, FormView):
    """A form whose valid data goes to a service; rule errors come back on the form, nothing saved."""

    template_name = "core/form.html"
    model = None
    object = None
    title = ""

    create_roles: frozenset[str] = frozenset()  # besides national staff

    def get_object(self):
        """The record to edit, fetched with `get_for(..., CHANGE)` (404 / 403); None to create one."""
        return None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
            self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def check_permission(self):
        """Creating needs one of `create_roles`; editing rights were checked when fetching the object."""
        if self.object is None and not has_role(self.request.user, self.create_roles):
            raise PermissionDenied

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.object}

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except BusinessRuleError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self.form_invalid(form)
        except ValidationError as exc:
            _add_validation_error(form, exc)
            return self.form_invalid(form)
        return redirect(result.get_absolute_url())

    def perform(self, form):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": self.title, "object": self.object}


def _add_validation_error(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def error_text(exc) -> str:
    return exc.message if isinstance(exc, BusinessRuleError) else " ".join(exc.messages)


def run_service(request, call, success: str, redirect_to: str):
    """Call a service from a POST; its refusal becomes an error message, nothing saved. Back to `redirect_to`."""
    from django.contrib import messages

    try:
        call()
    except (BusinessRuleError, ValidationError) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, success)
    return redirect(redirect_to)


def home(request):
    """The public home page (limpia.portal); signed-in users go straight to their role's page."""
    from limpia.portal.views import home as public_home

    return public_home(request)


def language(request):
    """Switch the interface language (a preference, like Django's set_language, but by GET so that public
    pages carry no CSRF token and can be cached whole); back to `next` when it is an address of this site."""
    from django.conf import settings
    from django.utils.http import url_has_allowed_host_and_scheme

    code = request.GET.get("language", "")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = redirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@login_required
def dashboard(request):
    """The landing page of the user's role, with real counts from their scope."""
    return render(request, "core/dashboard.html", dashboard_context(request.user))
