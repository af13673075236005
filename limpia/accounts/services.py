"""Writes on users, roles, API tokens and second factors."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from limpia.accounts import queries
from limpia.accounts.models import ApiToken, RoleAssignment, User, hash_token
from limpia.core.errors import BusinessRuleError
from limpia.core.history import save_recorded

TOKEN_PREFIX = "lp_"


@transaction.atomic
def create_user(*, email: str, password: str | None, full_name: str = "", by=None) -> User:
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email=email).exists():
        raise BusinessRuleError(_("A user with the e-mail %(email)s already exists.") % {"email": email}, field="email")
    user = User(email=email, full_name=full_name)
    user.set_password(password)
    return save_recorded(user, by=by, event="user.created", validate=False)


@transaction.atomic
def assign_role(
    user: User, *, role: str, by=None, region=None, association=None, company=None, agency=None
) -> RoleAssignment:
    """Give `user` a scoped role; the scope object must match the role."""
    assignment = RoleAssignment(
        user=user, role=role, region=region, association=association, company=company, agency=agency
    )
    save_recorded(assignment, by=by, event="role.assigned")
    user.__dict__.pop("_limpia_scopes", None)
    return assignment


@transaction.atomic
def create_api_token(user: User, *, name: str, second_factor: bool) -> tuple[ApiToken, str]:
    """A new personal token; the raw key is returned once and only its hash is kept.

    `second_factor`: the session asking for it was verified with the TOTP code. Whoever must use the second
    factor (national staff in production, or anyone who enabled it) gets a token only from such a session, so a
    stolen password alone never yields a token."""
    name = name.strip()
    if not name:
        raise BusinessRuleError(_("Give the token a name, so you can recognize it later."), field="name")
    if not second_factor and queries.must_verify(user):
        raise BusinessRuleError(
            _("Confirm your second factor (the code of your authenticator app) before creating an API token.")
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=raw[:10], key_hash=hash_token(raw), second_factor=second_factor)
    save_recorded(token, by=user, event="token.created", validate=False)
    return token, raw


@transaction.atomic
def revoke_api_token(token: ApiToken, *, by: User) -> ApiToken:
    if token.revoked_at:
        raise BusinessRuleError(_("This token was already revoked."))
    token.revoked_at = timezone.now()
    return save_recorded(token, by=by, event="token.revoked", validate=False)


def authenticate_token(raw: str) -> User | None:
    """The active user behind a raw bearer token, or None. The token carries no roles of its own: the owner is
    read fresh, so it acts with the roles the owner holds now. A token made without the second factor does not
    work for an owner who must use it now (refused with the reason)."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if not token.second_factor and queries.totp_required(token.user):
        raise BusinessRuleError(
            _("This token was created without the second factor, which its owner must now use. Sign in, confirm "
              "the code of your authenticator app and create a new token.")
        )  # fmt: skip
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # usage stamp, not a change of state
    return token.user


@transaction.atomic
def pending_totp_device(user: User) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created when first needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


@transaction.atomic
def confirm_totp_device(device: TOTPDevice, *, token: str) -> TOTPDevice:
    if not device.verify_token(token.strip().replace(" ", "")):
        raise BusinessRuleError(_("The code is not valid. Check the time of your phone and try again."), field="token")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return device


@transaction.atomic
def update_preferences(user: User, *, full_name: str, preferred_language: str) -> User:
    user.full_name = full_name
    user.preferred_language = preferred_language
    return save_recorded(user, by=user, event="preferences.changed", validate=False)


def has_totp(user: User) -> bool:
    return queries.has_totp(user)
