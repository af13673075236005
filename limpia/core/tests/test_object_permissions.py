"""django-rules object permissions answer from the same scope rules as the querysets."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("role", "side", "view", "change"), [
    ("company", "a", True, True), ("company", "b", False, False), ("association", "a", True, False),
    ("regional", "a", True, True), ("regional", "b", False, False), ("auditor", "a", False, False),
    ("staff", "b", True, True),
])  # fmt: skip
def test_company_permissions_follow_the_scope(world, role, side, view, change):
    user, company = world.users[role], getattr(world, side).company
    assert user.has_perm("registry.view_company", company) is view
    assert user.has_perm("registry.change_company", company) is change


def test_agreement_permissions(world):
    assert world.users["validator"].has_perm("agreements.view_agreement", world.a.agreement)
    assert not world.users["validator"].has_perm("agreements.change_agreement", world.a.agreement)
    assert not world.users["validator"].has_perm("agreements.view_agreement", world.b.agreement)
