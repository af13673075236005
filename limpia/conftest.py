"""Fixtures shared by every app's tests: reference data once per database, a two-scope world."""

import pytest

from limpia.core.tests.world import build_world
from limpia.registry.models import Region
from limpia.registry.reference import load_reference_data


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_public_pages(settings):
    # Each test sees the data it made; the whole-page cache of the public site has its own test.
    settings.LIMPIA_PUBLIC_CACHE_SECONDS = 0
    from django.core.cache import cache

    cache.clear()  # nothing cached by another test (rate limits, computed reductions) is seen here


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # PBKDF2 costs ~0.3 s a user; tests that build worlds do not test the hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reference_data(db):
    """Transactional tests (browser) flush the tables; reload the reference data where it went missing."""
    if not Region.objects.exists():
        load_reference_data()


@pytest.fixture
def world(reference_data):
    return build_world()
