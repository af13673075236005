"""The seed places agreements in every stage, with dates and records consistent with the stage."""

import io

import pytest
from django.db.models import Count

from limpia.agreements import lifecycle
from limpia.agreements.choices import AdhesionStatus, Stage
from limpia.agreements.models import Adhesion, Agreement
from limpia.core.seeding import run_seed

pytestmark = pytest.mark.django_db
SIGNED = set(lifecycle.MAIN_PATH[lifecycle.MAIN_PATH.index(Stage.SIGNATURE) :]) | {Stage.TERMINATED}


def test_every_stage_with_consistent_dates(reference_data):
    run_seed("demo", 2026, out=io.StringIO())
    assert set(Agreement.objects.values_list("stage", flat=True)) == set(Stage.values)
    for agreement in Agreement.objects.prefetch_related("stage_changes"):
        changes = list(agreement.stage_changes.all())
        assert changes[-1].to_stage == agreement.stage and changes[0].to_stage == Stage.INTEREST
        assert [c.at for c in changes] == sorted(c.at for c in changes)
        assert (agreement.signed_on is not None) == (agreement.stage in SIGNED), agreement.stage
        if agreement.stage == Stage.ADHESION:
            assert agreement.adhesion_deadline >= agreement.signed_on
        if agreement.stage in SIGNED and agreement.stage != Stage.SIGNATURE:
            assert agreement.associations.exists() and agreement.agencies.exists()
    early = Adhesion.objects.exclude(agreement__stage__in=SIGNED - {Stage.SIGNATURE})
    assert not early.exists(), "no adhesion before the adhesion period"
    approved = Adhesion.objects.filter(status=AdhesionStatus.APPROVED).annotate(d=Count("diagnosis"))
    assert approved.exists() and all(a.d == 1 for a in approved)


def test_the_demo_company_can_adhere_to_its_associations_open_agreement(reference_data):
    from limpia.accounts.models import User
    from limpia.core.scoping import scope

    run_seed("demo", 2026, out=io.StringIO())
    user = User.objects.get(email="empresa@limpia.demo")
    company = user.role_assignments.get().company
    open_ones = scope(Agreement, user).filter(stage=Stage.ADHESION, associations__memberships__company=company)
    assert open_ones.exists()
    implemented = Adhesion.objects.filter(company=company, agreement__stage=Stage.IMPLEMENTATION)
    assert implemented.exists(), "the demo company has installations adhered to an agreement in implementation"
