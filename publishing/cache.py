"""Public pages from the cache, fresh the moment content changes.

Whole pages are kept for anonymous GET requests. Each entry remembers the
*content version* it was made from; every save or delete of content raises
that version once the change is committed (see apps.py), so a curator's
publish shows at once, on every server that shares the cache. One cache
round trip (the version and the page together) answers a request before any
other middleware below this one runs, so a cached page costs little more
than a static file.

The key is the address with its query normalised: parameters without a value,
their order and parameters no view reads do not make entries of their own.
Requests from a logged-in curator (a signed marker cookie, set at login) skip
the cache; a made-up session cookie does not.

When Redis does not answer, the site goes on without it (``RedisCache``):
pages are served uncached, saves succeed, rate limits count per process.

Django's own cache middleware is not used because it keys pages by their
``Vary`` headers: every visitor's ``Accept-Language`` and cookies would make
a copy of their own, though pages here depend on the address alone (the
language is in the path). Logged-in curators, the admin and the forms always
get fresh pages; browsers are told to revalidate (with the ETag).
"""

import functools
import hashlib
import logging
import threading
import time
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.cache.backends import redis
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.urls import get_resolver
from django.utils.cache import patch_cache_control, set_response_etag
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .versions import VERSION_KEY, bump_content_version, shared_version

logger = logging.getLogger(__name__)

NEVER_CACHED = ("/admin/", "/konto/", "/fall/tipsa/", "/en/fall/tipsa/")
STAFF_COOKIE = "hub_staff"
STAFF_SALT = "publishing.cache.staff"


# -- who and what the cache is for ----------------------------------------------------


def is_staff_request(request):
    """A curator's browser: the signed marker set at login, still valid."""
    marker = request.COOKIES.get(STAFF_COOKIE)
    if not marker:
        return False
    try:
        signing.get_cookie_signer(salt=STAFF_SALT).unsign(
            marker, max_age=settings.SESSION_COOKIE_AGE
        )
    except signing.BadSignature:
        return False
    return True


class StaffMarkerMiddleware:
    """Sets the marker cookie for a logged-in curator and removes it after
    logout (below AuthenticationMiddleware; the admin is never cached)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        staff = user is not None and user.is_authenticated and user.is_staff
        if staff and STAFF_COOKIE not in request.COOKIES:
            value = signing.get_cookie_signer(salt=STAFF_SALT).sign(str(user.pk))
            response.set_cookie(
                STAFF_COOKIE,
                value,
                max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif not staff and STAFF_COOKIE in request.COOKIES and user is not None:
            response.delete_cookie(STAFF_COOKIE, samesite="Lax")
        return response


def is_public(request):
    # HEAD too: the server sends the same headers without the body, and a
    # flood of HEAD requests must not render the page each time.
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(NEVER_CACHED)
        and not is_staff_request(request)
    )


def is_storable(request, response):
    user = getattr(request, "user", None)  # a real session without the marker
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-cache" not in response.get("Cache-Control", "")  # previews and forms
        and not (user is not None and user.is_authenticated)
    )


@functools.cache
def known_parameters():
    """Every query parameter a view of the site reads: views say so in
    ``query_parameters`` (names, or a function that gives them); filter sets
    and the API's pagination are read off."""
    names = set()

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns)
                continue
            view = pattern.callback
            view = getattr(view, "view_class", None) or getattr(view, "cls", None) or view
            declared = getattr(view, "query_parameters", ())
            names.update(declared() if callable(declared) else declared)
            filterset = getattr(view, "filterset_class", None)
            if filterset is not None:
                names.update(filterset.base_filters)
            paginator = getattr(view, "pagination_class", None)
            if paginator is not None:
                names.update(
                    name
                    for name in (paginator.page_query_param, paginator.page_size_query_param)
                    if name
                )

    walk(get_resolver().url_patterns)
    return frozenset(names)


def reads_query(*names):
    """Declare the query parameters a function view reads (a class-based view
    says so in its ``query_parameters``)."""

    def declare(view):
        view.query_parameters = names
        return view

    return declare


def cache_key(request):
    """The page's key (scheme, host, path and the known, non-empty parameters
    in order) and whether the request asked for nothing else. No key when the
    host is not one of the site's: the request gets a 400."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None, False
    known = known_parameters()
    asked = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    kept = sorted((name, value) for name, value in asked if value and name in known)
    address = f"{request.scheme}://{host}{request.path}?{urlencode(kept)}"
    return "hub:page:" + hashlib.sha256(address.encode()).hexdigest(), len(kept) == len(asked)


class PageCacheMiddleware:
    """Answers from the cache, and stores a page under its key only when it was
    asked for by that key: ``?sortering=&x=1`` is answered with the copy of the
    plain address, but never stored as one of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.CACHE_MIDDLEWARE_SECONDS
        if seconds <= 0 or not is_public(request):
            return self.get_response(request)
        key, canonical = cache_key(request)
        if key is None:
            return self.get_response(request)
        found = cache.get_many([VERSION_KEY, key])
        version = shared_version(found)
        if key in found and found[key][0] == version:
            _version, stored_at, response = found[key]
            response["Age"] = str(int(time.time() - stored_at))
            return response

        response = self.get_response(request)
        if canonical and version is not None and is_storable(request, response):
            # The server's copy lasts; browsers and proxies ask again (a 304
            # when nothing changed), so a publish is never hidden behind them.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            set_response_etag(response)  # once, not on every hit
            cache.set(key, (version, time.time(), response), seconds)
        return response


# -- Redis, and going on without it -------------------------------------------------


class _ReusingRedisClient(redis.RedisCacheClient):
    """Django makes a new ``redis.Redis`` object for every cache call, which
    costs more than the call itself (a quarter of a millisecond: most of a
    cached page's time). One per connection pool is enough; they are safe to
    share between threads, and the pools reconnect after a fork."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            self._clients[index] = super().get_client(key, write=write)
        return self._clients[index]


UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _guarded(name, when_down, *, read=False):
    def method(self, *args, **kwargs):
        outage = self._outage
        if outage.down_until > time.monotonic():
            return self._without_redis(name, when_down, args, kwargs)
        try:
            result = getattr(super(RedisCache, self), name)(*args, **kwargs)
        except UNREACHABLE as error:
            self._went_down(error)
            return self._without_redis(name, when_down, args, kwargs)
        if outage.down_since is not None and self._came_back() and read:
            # what was read may be from before a publish Redis did not hear of
            result = getattr(super(RedisCache, self), name)(*args, **kwargs)
        return result

    method.__name__ = name
    return method


class _Outage:
    """What this process knows of one Redis server being away. Django makes a
    cache backend per thread and per alias (the pages, the rate limits); they
    share this, so that one warning says so for all of them and no second
    call waits for a Redis the first found away."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0  # a monotonic time: no call tries Redis before it
        self.down_since = None


_outages = {}
_outages_lock = threading.Lock()


def _outage_of(servers):
    with _outages_lock:
        return _outages.setdefault(tuple(servers), _Outage())


def _missing(*args, **kwargs):
    raise ValueError("Redis is not answering")


class RedisCache(redis.RedisCache):
    """Django's Redis cache (``CACHE_URL=redis://…``), reusing its clients, and
    going on when Redis does not answer: reads miss, writes are dropped, and
    for ``RETRY_SECONDS`` no call waits for Redis. One warning when Redis goes
    away and one line when it is back, per process (whatever its threads and
    cache aliases), not one per request.

    With ``FALLBACK_TO_LOCAL_MEMORY`` (the rate limits' cache) the calls go to
    this process's memory meanwhile, so the limits still hold, per process,
    instead of failing open or refusing every visitor. After an outage the
    content version is raised, since a publish meanwhile could not raise it.
    """

    RETRY_SECONDS = 5

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingRedisClient
        self._local = (
            LocMemCache("fallback", {}) if params.get("FALLBACK_TO_LOCAL_MEMORY") else None
        )
        self._outage = _outage_of(self._servers)

    def _without_redis(self, name, when_down, args, kwargs):
        if self._local is not None:
            return getattr(self._local, name)(*args, **kwargs)
        return when_down(*args, **kwargs)

    def _went_down(self, error):
        outage = self._outage
        with outage.lock:
            outage.down_until = time.monotonic() + self.RETRY_SECONDS
            if outage.down_since is None:
                outage.down_since = time.monotonic()
                logger.warning(
                    "Redis (%s) is not answering (%s): pages are served uncached and "
                    "rate limits count per process until it is back.",
                    self._servers[0],
                    error,
                )

    def _came_back(self):
        """Log that Redis is back and raise the content version (whichever
        cache alias noticed first); True the first time."""
        outage = self._outage
        with outage.lock:
            if outage.down_since is None:
                return False
            seconds, outage.down_since = time.monotonic() - outage.down_since, None
        logger.warning("Redis (%s) is answering again after %.0f s.", self._servers[0], seconds)
        bump_content_version()
        return True

    get = _guarded("get", lambda key, default=None, version=None: default, read=True)
    get_many = _guarded("get_many", lambda *args, **kwargs: {}, read=True)
    set = _guarded("set", lambda *args, **kwargs: None)
    set_many = _guarded("set_many", lambda data, *args, **kwargs: list(data))
    add = _guarded("add", lambda *args, **kwargs: False)
    incr = _guarded("incr", _missing)
    delete = _guarded("delete", lambda *args, **kwargs: False)
    delete_many = _guarded("delete_many", lambda *args, **kwargs: None)
    has_key = _guarded("has_key", lambda *args, **kwargs: False, read=True)
    touch = _guarded("touch", lambda *args, **kwargs: False)
    clear = _guarded("clear", lambda *args, **kwargs: False)
