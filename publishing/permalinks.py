"""Links partners keep: when a published record moves, its old address
answers with a permanent redirect, for ever (django.contrib.redirects), as
long as the record is public: a withdrawn record's old addresses answer 404
and do not tell its new one."""

from urllib.parse import urldefrag, urlsplit

from django.conf import settings
from django.contrib.redirects.middleware import RedirectFallbackMiddleware
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.urls import Resolver404, resolve
from django.utils import translation

from .models import CuratedModel


def addresses(obj):
    """The record's path in every language of the site, without fragments."""
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.append(urldefrag(obj.get_absolute_url()).url)
    return paths


def record_move(old_paths, new_paths):
    """Redirect each old path to the new one, and re-point older redirects."""
    site = Site.objects.get_current()
    for old, new in zip(old_paths, new_paths, strict=True):
        if old == new:
            continue
        Redirect.objects.filter(site=site, new_path=old).update(new_path=new)
        Redirect.objects.filter(site=site, old_path=new).delete()  # moved back
        Redirect.objects.update_or_create(site=site, old_path=old, defaults={"new_path": new})


def is_site_path(value):
    """Whether ``value`` is a path on this site (``/fall/x/``), not an address
    elsewhere (``https://…``, ``//host/…``) or something a browser reads as one."""
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return False
    parts = urlsplit(value)
    return not (parts.scheme or parts.netloc) and value.isprintable()


def is_public_target(path):
    """Whether a redirect may send visitors to ``path``: a path on the site,
    and, when it is a record's page, a published record's."""
    if not is_site_path(path):
        return False
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return True  # the target answers 404 itself
    model = getattr(getattr(match.func, "view_class", None), "model", None)
    if model is None or not issubclass(model, CuratedModel) or "slug" not in match.kwargs:
        return True
    return model.objects.published().filter(slug=match.kwargs["slug"]).exists()


class PublicRedirectMiddleware(RedirectFallbackMiddleware):
    """django.contrib.redirects' fallback, following only redirects to public pages."""

    def process_response(self, request, response):
        if response.status_code != 404:
            return response
        redirected = super().process_response(request, response)
        location = redirected.get("Location")
        if location is not None and not is_public_target(location):
            return response
        return redirected
