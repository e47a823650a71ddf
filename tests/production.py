"""What the tests of hostile requests and the fuzz share: the production
settings that matter for them, a client that reads requests as hub.wsgi does,
and every route of the URLconf with its slots to fill."""

import re
import uuid
from dataclasses import dataclass
from functools import cache

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from django.test.client import ClientHandler
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from hypothesis import find
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from hub.middleware import with_usable_charset

HOST = "kunskapshubben.example.se"
# DEBUG off (Django's own error pages, no technical 500), the page cache on.
PRODUCTION = override_settings(
    DEBUG=False, CACHE_MIDDLEWARE_SECONDS=600, ALLOWED_HOSTS=[HOST, "testserver"]
)


def _clear_caches():
    for backend in caches.all():
        backend.clear()


@pytest.fixture
def production():
    """Production settings with fresh caches (pages, rate limits), emptied
    again afterwards."""
    _clear_caches()
    with PRODUCTION:
        yield
    _clear_caches()


class _Handler(ClientHandler):
    def __call__(self, environ):
        return super().__call__(with_usable_charset(environ))


class ProductionClient(Client):
    """Django's test client through the whole middleware stack, reading each
    request as hub.wsgi does, and never raising: a server error is a response
    (its ``exc_info`` says what failed)."""

    def __init__(self, enforce_csrf_checks=False, **defaults):
        super().__init__(enforce_csrf_checks, raise_request_exception=False, **defaults)
        self.handler = _Handler(enforce_csrf_checks)


def failure(response):
    """Why a response is a server error, for the assertion message."""
    exc_info = getattr(response, "exc_info", None)
    return repr(exc_info[1]) if exc_info else response.content[:300]


# -- every route ----------------------------------------------------------------------

# The parts of a route: literal text, a converter slot (its type), a regular
# expression (the admin's app index, the API's router), a language prefix.
SLOT = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    name: str
    parts: tuple  # ("text", "fall/"), ("slot", "slug"), ("regex", "^x$"), ("language",)

    @property
    def admin(self):
        return self.name.startswith("admin:")


def _parts(pattern):
    if isinstance(pattern, LocalePrefixPattern):
        return [("language",)]
    if isinstance(pattern, RoutePattern):
        route, parts, last = str(pattern), [], 0
        for match in SLOT.finditer(route):
            parts += [("text", route[last : match.start()]), ("slot", match["converter"] or "str")]
            last = match.end()
        return [*parts, ("text", route[last:])]
    return [("regex", pattern.regex.pattern)]


@cache
def routes():
    """Every URL pattern of the site, named by namespace and name."""
    found = []

    def walk(patterns, parts, namespaces):
        for entry in patterns:
            here = parts + _parts(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = namespaces + [entry.namespace] * bool(entry.namespace)
                walk(entry.url_patterns, here, inner)
            else:
                name = ":".join([*namespaces, entry.name or "?"])
                found.append(Route(name, tuple(p for p in here if p != ("text", ""))))

    walk(get_resolver().url_patterns, [], [])
    return found


# A value each converter takes, for addresses that resolve (the record need not exist).
SAMPLES = {"int": "1", "slug": "x", "str": "x", "path": "x", "uuid": str(uuid.UUID(int=0))}


@cache
def _regex_sample(regex):
    """The simplest address part a regular expression matches (Hypothesis
    finds it, deterministically)."""
    once = hypothesis_settings(database=None, derandomize=True, max_examples=50)
    regex = regex.replace("(?P<format>[a-z0-9]+)", "json")  # the API's one format
    return find(st.from_regex(regex, fullmatch=True), lambda s: True, settings=once)


def sample_address(route, language=""):
    """An address that resolves to ``route``."""
    out = []
    for part in route.parts:
        if part[0] == "text":
            out.append(part[1])
        elif part[0] == "slot":
            out.append(SAMPLES.get(part[1], "x"))
        elif part[0] == "regex":
            out.append(_regex_sample(part[1]))
        else:
            out.append(language)
    return "/" + "".join(out)
