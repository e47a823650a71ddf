"""Links partners keep: when a published record moves, its old address
answers with a permanent redirect, for ever (django.contrib.redirects)."""

from urllib.parse import urldefrag

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.utils import translation


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
