"""The one place that decides what a user may see and change.

Every list, detail page, API endpoint and export narrows its queryset with `scope()`.
Each scoped model registers a rule (in its app's `queries.py`) that turns the user's
role scopes into a `Q`; national staff see and change everything.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q, QuerySet

VIEW = "view"
CHANGE = "change"
NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Scopes:
    """The scope objects a user holds through their role assignments."""

    user_id: int | None = None
    national: bool = False
    roles: frozenset[str] = frozenset()
    region_ids: frozenset[int] = frozenset()
    association_ids: frozenset[int] = frozenset()
    company_ids: frozenset[int] = frozenset()
    agency_ids: frozenset[int] = frozenset()

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None


ANONYMOUS = Scopes()
Rule = Callable[[Scopes, str], Q]
_RULES: dict[type[Model], Rule] = {}


def scope_rule(model: type[Model]) -> Callable[[Rule], Rule]:
    """Register the rule that scopes `model`, and the object permissions that follow from it
    (`app.view_model` and `app.change_model`, answered by django-rules from the same rule)."""

    def register(rule: Rule) -> Rule:
        _RULES[model] = rule
        _register_permissions(model)
        return rule

    return register


def _register_permissions(model: type[Model]) -> None:
    import rules

    for action in (VIEW, CHANGE):
        name = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        rules.set_perm(name, rules.predicate(_permission_check(action), name=name))


def _permission_check(action: str):
    def check(user, obj) -> bool:
        return obj is not None and can(user, action, obj)

    return check


def scopes_for(user) -> Scopes:
    """The user's scopes, computed once per user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_limpia_scopes", None)
    if cached is None:
        cached = user.compute_scopes()
        user._limpia_scopes = cached
    return cached


def scope(queryset: QuerySet | type[Model], user, action: str = VIEW) -> QuerySet:
    """`queryset` narrowed to what `user` may `action` (view or change)."""
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    rule = _RULES.get(qs.model)
    if rule is None:
        raise ImproperlyConfigured(f"{qs.model.__name__} has no scope rule; register one in its queries.py")
    scopes = scopes_for(user)
    if scopes.national:
        return qs
    return qs.filter(rule(scopes, action))


def can(user, action: str, obj: Model) -> bool:
    """Whether `user` may `action` this object."""
    return scope(type(obj), user, action).filter(pk=obj.pk).exists()


def scoped_models() -> list[type[Model]]:
    return list(_RULES)


def has_role(user, roles) -> bool:
    """National staff, or a user holding one of `roles` (role codes)."""
    scopes = scopes_for(user)
    return scopes.national or bool(scopes.roles & set(roles))


def get_for(user, queryset: QuerySet | type[Model], action: str = VIEW, **lookup) -> Model:
    """The object `user` sees (else 404); asking for CHANGE, also one they may change (else 403).

    Another scope's object answers 404, so its existence is not disclosed.
    """
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import get_object_or_404

    obj = get_object_or_404(scope(queryset, user, VIEW), **lookup)
    if action == CHANGE and not can(user, CHANGE, obj):
        raise PermissionDenied
    return obj


def require_change(user, obj: Model, message: str) -> None:
    """Services' guard: refuse with `message` unless `user` may change `obj`."""
    from limpia.core.errors import BusinessRuleError

    if not can(user, CHANGE, obj):
        raise BusinessRuleError(message)


def require_national(user) -> None:
    from django.utils.translation import gettext as _

    from limpia.core.errors import BusinessRuleError

    if not scopes_for(user).national:
        raise BusinessRuleError(_("Only national staff may do this."))
