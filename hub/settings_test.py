"""Settings for the test suite: the real settings plus what makes tests fast."""

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HUB_DOMAIN = "testserver"
# Tests change rows directly, which a curator never does; pages are not cached
# here unless a test turns the cache on (tests/hub/test_production.py).
CACHE_MIDDLEWARE_SECONDS = 0
