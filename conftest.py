"""Fixtures shared by the whole suite.

The report's content is loaded once into the test database, so every test
starts from the real content (and rolls back what it changes).
"""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from hub.content import load_content


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_content()


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Pages and rate limits are counted in caches that outlive a test."""
    for cache in caches.all():
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _swedish_by_default():
    """Each test starts in Swedish, whatever language an earlier request activated."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
