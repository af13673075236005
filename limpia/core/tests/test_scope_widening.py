"""Every write that could change a scope, reviewed for issue 15: can a non-staff person use it to widen their own
scope? One test per path. Each sends the request through the screens or the API and proves that the person's
scope (every scoped model, as `scope()` answers it) is exactly what it was. Association membership has its own
tests in limpia/registry/tests/test_membership.py."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from limpia.accounts.models import RoleAssignment
from limpia.core.scoping import CHANGE, VIEW, scope, scoped_models
from limpia.core.tests import matrix

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def sworld(django_db_setup, django_db_blocker):
    from django.db import transaction

    from limpia.core.tests.world import build_world

    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def _client(world, role) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _reach(world, role) -> dict:
    """What `role` sees and may change of every scoped model, read afresh (no cached scopes)."""
    user = get_user_model().objects.get(pk=world.users[role].pk)
    return {
        (model.__name__, action): set(scope(model, user, action).values_list("pk", flat=True))
        for model in scoped_models()
        for action in (VIEW, CHANGE)
    }


def _snapshot(world, role) -> tuple[dict, dict]:
    existing = {model.__name__: set(model._default_manager.values_list("pk", flat=True)) for model in scoped_models()}
    return _reach(world, role), existing


def _still(snapshot: tuple[dict, dict], world, role) -> bool:
    """Whether `role` reaches exactly the records it reached before, among those that existed then: a record the
    attempt created (a committee member the person reads as part of their own committee) is no widening; sight
    of any record that existed before would be."""
    before, existing = snapshot
    after = _reach(world, role)
    widened = {key: (after[key] - pks) & existing[key[0]] for key, pks in before.items()}
    lost = {key: pks - after[key] for key, pks in before.items()}
    return not any(widened.values()) and not any(lost.values())


def _post_json(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_roles_are_given_only_in_the_admin_which_non_staff_cannot_enter(sworld):
    """No screen or API operation assigns roles: the only way is the Django admin, closed to non-staff. The
    association coordinator posting a company role for themselves there is sent to the admin's login, nothing
    assigned."""
    assert not [op for op in matrix.api_operations() if "role" in op.lower()]
    user = sworld.users["association"]
    before = _snapshot(sworld, "association")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    response = _client(sworld, "association").post(url, {
        "email": user.email, "role_assignments-TOTAL_FORMS": "1", "role_assignments-INITIAL_FORMS": "0",
        "role_assignments-0-role": "company_representative", "role_assignments-0-company": sworld.b.company.pk,
    })  # fmt: skip
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not RoleAssignment.objects.filter(user=user, company=sworld.b.company).exists()
    assert _still(before, sworld, "association")


def test_coordinating_committee_members_are_names_not_scopes(sworld):
    """A coordinating-committee member is a name and an institution, linked to no account. The association
    coordinator may not add one to its own agreement (403, nothing added); when the regional coordinator adds
    the association coordinator by name, nobody's scope changes."""
    agreement = sworld.a.agreement
    url = reverse("agreements:committee-add", args=[agreement.pk])
    data = {"full_name": "Association", "institution": "Gremio B", "role": "integrante"}
    before = {role: _snapshot(sworld, role) for role in ("association", "company")}
    count = agreement.committee.count()
    assert _client(sworld, "association").post(url, data).status_code == 403
    assert agreement.committee.count() == count
    _client(sworld, "regional").post(url, data)
    assert agreement.committee.count() == count + 1
    assert all(_still(before[role], sworld, role) for role in ("association", "company"))


def test_regional_committee_members_are_names_not_scopes(sworld):
    """Same for a regional committee: a company representative cannot add members (404 or 403, nothing added);
    a member added by the region carries no scope."""
    committee = sworld.a.committee
    url = reverse("programs:committee-member-add", args=[committee.pk])
    data = {"institution": "Empresa A SpA", "full_name": "Company", "role": "", "sector": "private"}
    before = _snapshot(sworld, "company")
    count = committee.members.count()
    assert _client(sworld, "company").post(url, data).status_code in {403, 404}
    assert committee.members.count() == count
    _client(sworld, "regional").post(url, data)
    assert _still(before, sworld, "company")


def test_audit_assignments_cannot_be_taken_by_an_auditor_or_association(sworld):
    """Auditor B tries to assign themselves to audit A's installation (screen and API): 404, since audit A is
    outside their scope; auditor A and the association coordinator, who read audit A, get 403. The assignment
    keeps auditor A, and auditor B reads nothing new."""
    audit, assignment = sworld.a.audit, sworld.a.assignment
    other_auditor = sworld.b.auditor
    client_b = Client()
    client_b.force_login(other_auditor.user)
    data = {"assignments": [assignment.pk], "auditor": other_auditor.pk}
    url = reverse("audits:audit-assign", args=[audit.pk])
    api = f"/api/v1/audits/{audit.pk}/assignments"
    payload = {"assignment_ids": [assignment.pk], "auditor_id": other_auditor.pk}
    assert client_b.post(url, data).status_code == 404
    assert _post_json(client_b, api, payload).status_code == 404
    for role in ("auditor", "association"):
        assert _client(sworld, role).post(url, data).status_code == 403
        assert _post_json(_client(sworld, role), api, payload).status_code in {400, 403}
    assignment.refresh_from_db()
    assert assignment.auditor_id == sworld.a.auditor.pk


def test_an_association_cannot_adhere_a_foreign_company_nor_join_an_agreement(sworld):
    """Adhesion is asked by the company: the association coordinator asking adhesion of company B's installation
    to its own agreement A is refused (nothing created); it cannot make itself a signatory of agreement B (404).
    Its scope stays as it was."""
    before = _snapshot(sworld, "association")
    client = _client(sworld, "association")
    agreement = sworld.a.agreement
    count = agreement.adhesions.count()
    response = _post_json(client, f"/api/v1/agreements/{agreement.pk}/adhesions",
                          {"installation_ids": [sworld.b.installation.pk]})  # fmt: skip
    assert response.status_code in {400, 404, 422}
    assert agreement.adhesions.count() == count
    patch = client.patch(
        f"/api/v1/agreements/{sworld.b.agreement.pk}",
        json.dumps({"association_ids": [sworld.a.association.pk]}),
        content_type="application/json",
    )
    assert patch.status_code in {403, 404, 422}
    assert not sworld.b.agreement.associations.filter(pk=sworld.a.association.pk).exists()
    assert _still(before, sworld, "association")


def test_a_regional_coordinator_cannot_pull_another_regions_records_into_theirs(sworld):
    """Region A's coordinator may not edit company B or installation B (in region B) to move them into region A:
    404 on screen and API, nothing moved."""
    client = _client(sworld, "regional")
    comuna_a = sworld.a.installation.comuna_id
    assert client.get(reverse("registry:installation-edit", args=[sworld.b.installation.pk])).status_code == 404
    payload = json.dumps({"comuna": sworld.a.installation.comuna.cut})
    url = f"/api/v1/registry/installations/{sworld.b.installation.pk}"
    response = client.patch(url, payload, content_type="application/json")
    assert response.status_code == 404
    sworld.b.installation.refresh_from_db()
    assert sworld.b.installation.comuna_id != comuna_a
