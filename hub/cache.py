"""Public pages from the cache, fresh the moment content changes.

Django's two cache middlewares keep whole responses for anonymous GET
requests. Their keys carry a *content version* that every save or delete of
content raises (see apps.py), so a curator's publish shows at once, on every
server that shares the cache. Logged-in curators, the admin and the forms
always get fresh pages. Browsers are told to revalidate (with the ETag).
"""

from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.middleware import cache as django_cache
from django.utils.cache import patch_cache_control

VERSION_KEY = "hub:content-version"
NEVER_CACHED = ("/admin/", "/konto/", "/fall/tipsa/", "/en/fall/tipsa/")
CONTENT_APPS = {"instruments", "insights", "cases", "taggit", "redirects", "sites"}

_prefix = ContextVar("hub_cache_prefix", default="")


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_content_version(sender=None, **kwargs):
    """Signal receiver: content changed, so every cached page is out of date."""
    if sender is not None and sender._meta.app_label not in CONTENT_APPS:
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (or evicted): any new value will do
        cache.set(VERSION_KEY, content_version() + 1, timeout=None)


def is_public(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(NEVER_CACHED)
    )


class _VersionedPrefix:
    @property
    def key_prefix(self):
        return _prefix.get()

    @key_prefix.setter
    def key_prefix(self, value):
        pass  # set per request in FetchFromCacheMiddleware.process_request


class FetchFromCacheMiddleware(_VersionedPrefix, django_cache.FetchFromCacheMiddleware):
    def process_request(self, request):
        if not is_public(request):
            request._cache_update_cache = False
            return None
        _prefix.set(f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}.{content_version()}")
        return super().process_request(request)


class UpdateCacheMiddleware(_VersionedPrefix, django_cache.UpdateCacheMiddleware):
    def process_response(self, request, response):
        response = super().process_response(request, response)
        if is_public(request) and response.has_header("Expires"):
            # The server's copy lasts; browsers and proxies ask again (a 304
            # when nothing changed), so a publish is never hidden behind them.
            del response["Expires"]
            response.headers.pop("Cache-Control", None)
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response
