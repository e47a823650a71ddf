"""Settings for the test suite: the real settings plus what makes tests fast."""

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HUB_DOMAIN = "testserver"
