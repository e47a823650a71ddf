"""Public pages from the cache, fresh the moment content changes.

Whole pages are kept for anonymous GET requests. Each entry remembers the
*content version* it was made from; every save or delete of content raises
that version once the change is committed (see apps.py), so a curator's
publish shows at once, on every server that shares the cache. One cache
round trip (the version and the page together) answers a request before any
other middleware below this one runs, so a cached page costs little more
than a static file.

Django's own cache middleware is not used because it keys pages by their
``Vary`` headers: every visitor's ``Accept-Language`` and cookies would make
a copy of their own, though pages here depend on the address alone (the
language is in the path). Logged-in curators, the admin and the forms always
get fresh pages; browsers are told to revalidate (with the ETag).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends import redis
from django.db import transaction
from django.utils.cache import patch_cache_control, set_response_etag

from .registry import content_app_labels

VERSION_KEY = "hub:content-version"
NEVER_CACHED = ("/admin/", "/konto/", "/fall/tipsa/", "/en/fall/tipsa/")


def content_changed(sender=None, **kwargs):
    """Signal receiver: content changed, so every cached page will be out of
    date once the change is committed. Raised before the commit, a visitor's
    request in between would store the old page under the new version."""
    if sender is None or sender._meta.app_label in content_app_labels():
        transaction.on_commit(bump_content_version)


def bump_content_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (or evicted): a new start is as good
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def is_public(request):
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(NEVER_CACHED)
    )


def is_storable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-cache" not in response.get("Cache-Control", "")  # previews and forms
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.CACHE_MIDDLEWARE_SECONDS
        if seconds <= 0 or not is_public(request):
            return self.get_response(request)
        address = request.build_absolute_uri().encode()
        key = "hub:page:" + hashlib.sha256(address).hexdigest()
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, time.time_ns(), timeout=None)
            version = cache.get(VERSION_KEY)
        if key in found and found[key][0] == version:
            _version, stored_at, response = found[key]
            response["Age"] = str(int(time.time() - stored_at))
            return response

        response = self.get_response(request)
        if is_storable(response):
            # The server's copy lasts; browsers and proxies ask again (a 304
            # when nothing changed), so a publish is never hidden behind them.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            set_response_etag(response)  # once, not on every hit
            cache.set(key, (version, time.time(), response), seconds)
        return response


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


class RedisCache(redis.RedisCache):
    """Django's Redis cache, reusing its clients (``CACHE_URL=redis://…``)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingRedisClient
