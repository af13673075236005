"""Every write to the registry. Views, API, imports and commands call these verbs."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from limpia.core.errors import BusinessRuleError
from limpia.core.history import delete_recorded, save_recorded
from limpia.core.scoping import require_change, require_national, scopes_for
from limpia.registry.choices import MembershipState
from limpia.registry.models import Agency, Association, Company, ContactPerson, Installation, Membership

COMPANY_FIELDS = {
    "rut",
    "legal_name",
    "trade_name",
    "comuna",
    "address",
    "sales_uf",
    "workers",
    "size_class",
    "email",
    "phone",
    "website",
}
INSTALLATION_FIELDS = {
    "company",
    "kind",
    "name",
    "address",
    "comuna",
    "latitude",
    "longitude",
    "activity",
    "person_in_charge",
}
ASSOCIATION_FIELDS = {"rut", "name", "acronym", "comuna", "address", "email", "phone", "website"}
AGENCY_FIELDS = {"name", "acronym", "competences", "region", "email", "website"}
CONTACT_FIELDS = {"full_name", "position", "email", "phone", "company", "association", "agency"}


def _assign(instance, fields: dict, allowed: set[str]):
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(instance, name, value)
    return instance


def _require_change(obj, by) -> None:
    require_change(by, obj, _("You may not change %(obj)s.") % {"obj": obj})


def _require_company_creation(company: Company, by) -> None:
    """National staff register companies anywhere; regional coordinators in their regions."""
    scopes = scopes_for(by)
    if scopes.national:
        return
    if not (company.comuna_id and company.comuna.region_id in scopes.region_ids):
        raise BusinessRuleError(_("You may register companies only in your regions."), field="comuna")


@transaction.atomic
def create_company(*, by, activities=(), reason: str = "", **fields) -> Company:
    """Register a company; its size class is derived from its sales (Ley 20.416)."""
    company = _assign(Company(), fields, COMPANY_FIELDS)
    _require_company_creation(company, by)
    save_recorded(company, by=by, reason=reason)
    if activities:
        company.activities.set(activities)
    return company


@transaction.atomic
def update_company(company: Company, *, by, activities=None, reason: str = "", **fields) -> Company:
    _require_change(company, by)
    if "size_class" not in fields and ("sales_uf" in fields or "workers" in fields):
        fields["size_class"] = ""  # re-derive from the new figures
    save_recorded(_assign(company, fields, COMPANY_FIELDS), by=by, reason=reason)
    if activities is not None:
        company.activities.set(activities)
    return company


@transaction.atomic
def create_installation(*, by, reason: str = "", **fields) -> Installation:
    installation = _assign(Installation(), fields, INSTALLATION_FIELDS)
    _require_change(installation.company, by)
    return save_recorded(installation, by=by, reason=reason)


@transaction.atomic
def update_installation(installation: Installation, *, by, reason: str = "", **fields) -> Installation:
    _require_change(installation, by)
    if "company" in fields and fields["company"].pk != installation.company_id:
        raise BusinessRuleError(_("An installation cannot move to another company."), field="company")
    return save_recorded(_assign(installation, fields, INSTALLATION_FIELDS), by=by, reason=reason)


@transaction.atomic
def create_association(*, by, reason: str = "", **fields) -> Association:
    require_national(by)
    return save_recorded(_assign(Association(), fields, ASSOCIATION_FIELDS), by=by, reason=reason)


@transaction.atomic
def update_association(association: Association, *, by, reason: str = "", **fields) -> Association:
    _require_change(association, by)
    return save_recorded(_assign(association, fields, ASSOCIATION_FIELDS), by=by, reason=reason)


@transaction.atomic
def request_membership(association: Association, *, company: Company, by, since=None) -> Membership:
    """The association asks to record `company` as a member. It widens nothing until the company accepts
    (`decide_membership`); national staff's own entry is their decision and counts at once."""
    _require_change(association, by)
    membership = Membership.objects.select_for_update().filter(
        association=association, company=company
    ).first() or Membership(association=association, company=company)
    if membership.pk and membership.state == MembershipState.ACCEPTED:
        raise BusinessRuleError(_("%(company)s is already a member.") % {"company": company}, field="company")
    if membership.pk and membership.state == MembershipState.REQUESTED:
        raise BusinessRuleError(
            _("%(company)s was already asked and has not answered yet.") % {"company": company}, field="company"
        )
    now = timezone.now()
    membership.since, membership.requested_by, membership.requested_at = since, by, now
    membership.state, membership.decided_by, membership.decided_at = MembershipState.REQUESTED, None, None
    membership.decision_reason = ""
    if scopes_for(by).national:
        membership.state, membership.decided_by, membership.decided_at = MembershipState.ACCEPTED, by, now
        membership.since = since or timezone.localdate()
        return save_recorded(membership, by=by, event="membership.recorded")
    return save_recorded(membership, by=by, event="membership.requested")


def may_decide_memberships(company: Company, user) -> bool:
    """Consent is the company's: its representatives (or national staff) answer membership requests."""
    scopes = scopes_for(user)
    return scopes.national or company.pk in scopes.company_ids


@transaction.atomic
def decide_membership(membership: Membership, *, by, accept: bool, reason: str = "") -> Membership:
    """The company (its representative) or national staff accept or decline the association's request."""
    membership = Membership.objects.select_for_update().select_related("association", "company").get(pk=membership.pk)
    if not may_decide_memberships(membership.company, by):
        raise BusinessRuleError(
            _("Only %(company)s or national staff may answer this request.") % {"company": membership.company}
        )
    if membership.state != MembershipState.REQUESTED:
        raise BusinessRuleError(_("This membership request was already answered."))
    if not accept and not reason.strip():
        raise BusinessRuleError(_("Say why the membership request is declined."), field="reason")
    membership.state = MembershipState.ACCEPTED if accept else MembershipState.DECLINED
    membership.decided_by, membership.decided_at, membership.decision_reason = by, timezone.now(), reason.strip()
    if accept and membership.since is None:
        membership.since = timezone.localdate()
    return save_recorded(membership, by=by, event=f"membership.{membership.state}", reason=reason.strip())


@transaction.atomic
def remove_member(membership: Membership, *, by, reason: str = "") -> None:
    _require_change(membership.association, by)
    delete_recorded(membership, by=by, reason=reason)


@transaction.atomic
def create_agency(*, by, reason: str = "", **fields) -> Agency:
    require_national(by)
    return save_recorded(_assign(Agency(), fields, AGENCY_FIELDS), by=by, reason=reason)


@transaction.atomic
def update_agency(agency: Agency, *, by, reason: str = "", **fields) -> Agency:
    _require_change(agency, by)
    return save_recorded(_assign(agency, fields, AGENCY_FIELDS), by=by, reason=reason)


@transaction.atomic
def create_contact(*, by, reason: str = "", **fields) -> ContactPerson:
    contact = _assign(ContactPerson(), fields, CONTACT_FIELDS)
    contact.full_clean()
    _require_change(contact.organization, by)
    return save_recorded(contact, by=by, reason=reason, validate=False)


@transaction.atomic
def update_contact(contact: ContactPerson, *, by, reason: str = "", **fields) -> ContactPerson:
    _require_change(contact, by)
    return save_recorded(_assign(contact, fields, CONTACT_FIELDS), by=by, reason=reason)


@transaction.atomic
def delete_contact(contact: ContactPerson, *, by, reason: str = "") -> None:
    _require_change(contact, by)
    delete_recorded(contact, by=by, reason=reason)
