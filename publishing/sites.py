"""Absolute links in feeds and the sitemap: on ``HUB_DOMAIN`` when it is set,
else on the host the request came to (a local run on any port, a review
server), never on a domain the visitor did not use."""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings


def on_request_host(url, request):
    """``url`` with the request's host, unless ``HUB_DOMAIN`` fixes the domain."""
    if settings.HUB_DOMAIN or not url:
        return url
    return urlsplit(url)._replace(netloc=request.get_host()).geturl()


def sitemap_on_request_host(view):
    """A sitemap view (index or section) whose addresses use the request's host."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        context = getattr(response, "context_data", None) or {}
        for item in context.get("sitemaps", []):  # the index
            item.location = on_request_host(item.location, request)
        for url in context.get("urlset", []):  # a section
            url["location"] = on_request_host(url["location"], request)
            for alternate in url.get("alternates", []):
                alternate["location"] = on_request_host(alternate["location"], request)
        return response

    return wrapper


class RequestHostFeed:
    """A mixin for django.contrib.syndication feeds: links on the request's host."""

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        for key in ("link", "feed_url", "id"):
            if feed.feed.get(key):
                feed.feed[key] = on_request_host(feed.feed[key], request)
        for item in feed.items:
            for key in ("link", "unique_id"):
                if item.get(key):
                    item[key] = on_request_host(item[key], request)
        return feed
