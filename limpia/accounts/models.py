"""Users (log in by e-mail), their scoped roles and their personal API tokens."""

import hashlib

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from limpia.accounts.choices import ROLE_SCOPE_FIELD, Role
from limpia.core.history import recorded_history
from limpia.core.scoping import Scopes


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person who logs in with e-mail and password; what they see comes from their roles."""

    username = None
    email = models.EmailField(unique=True, verbose_name=_("e-mail"))
    full_name = models.CharField(max_length=150, blank=True, verbose_name=_("full name"))
    preferred_language = models.CharField(
        max_length=10,
        blank=True,
        choices=[("es-cl", "Español (Chile)"), ("en", "English")],
        verbose_name=_("preferred language"),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = UserManager()
    history = recorded_history(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def compute_scopes(self) -> Scopes:
        """Collect the scope objects of all active role assignments (one query)."""
        rows = list(self.role_assignments.values_list("role", "region_id", "association_id", "company_id", "agency_id"))
        roles = frozenset(r[0] for r in rows)

        def ids(index: int) -> frozenset[int]:
            return frozenset(r[index] for r in rows if r[index] is not None)

        return Scopes(
            user_id=self.pk,
            national=Role.NATIONAL_STAFF in roles or self.is_superuser,
            roles=roles,
            region_ids=ids(1),
            association_ids=ids(2),
            company_ids=ids(3),
            agency_ids=ids(4),
        )


class RoleAssignment(models.Model):
    """One role a user holds, scoped to a region, association, company or agency."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user"))
    role = models.CharField(max_length=40, choices=Role.choices, verbose_name=_("role"))
    region = models.ForeignKey(
        "registry.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    association = models.ForeignKey(
        "registry.Association",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("association"),
    )
    company = models.ForeignKey(
        "registry.Company", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("company")
    )
    agency = models.ForeignKey(
        "registry.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    history = recorded_history()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self):
        target = self.scope_object
        return f"{self.get_role_display()} ({target})" if target else self.get_role_display()

    @property
    def scope_object(self):
        name = ROLE_SCOPE_FIELD.get(self.role)
        return getattr(self, name) if name else None

    def clean(self):
        super().clean()
        needed = ROLE_SCOPE_FIELD.get(self.role)
        errors = {}
        for name in ("region", "association", "company", "agency"):
            value = getattr(self, f"{name}_id")
            if name == needed and value is None:
                errors[name] = _("This role needs its %(scope)s.") % {"scope": self._meta.get_field(name).verbose_name}
            elif name != needed and value is not None:
                errors[name] = _("This role is not scoped to a %(scope)s.") % {
                    "scope": self._meta.get_field(name).verbose_name
                }
        if errors:
            raise ValidationError(errors)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token (`Authorization: Bearer …`); only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(max_length=80, verbose_name=_("name"))
    prefix = models.CharField(max_length=12, verbose_name=_("prefix"))
    key_hash = models.CharField(max_length=64, unique=True, verbose_name=_("key hash"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last used at"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("revoked at"))
    # Created from a session verified with the TOTP code; a token without it does not work for an owner who must
    # use the second factor (tokens made before the rule, or while that person was not yet national staff).
    second_factor = models.BooleanField(default=False, verbose_name=_("created with the second factor"))
    history = recorded_history(excluded_fields=["key_hash", "last_used_at"])

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
