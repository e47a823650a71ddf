from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.utils.encoding import iri_to_uri
from django.utils.safestring import mark_safe
from django.utils.translation import get_language


def site_root(request):
    """``scheme://host`` of the request; the public domain when the Host header
    is not one of the site's, so that the 400 page saying so still renders."""
    try:
        host = request.get_host()
    except DisallowedHost:
        host = settings.HUB_DOMAIN or "localhost"
    return f"{request.scheme}://{host}"


def site(request):
    """What every page needs: the lang attribute for Swedish content on pages
    in another language, the contact address for feedback, the organisation behind the site and
    the date it was published (for the accessibility statement), and the
    canonical address."""
    root = site_root(request)
    return {
        "content_lang": mark_safe(' lang="sv"') if get_language() != "sv" else "",
        "contact_email": settings.HUB_CONTACT_EMAIL,
        "site_organisation": settings.HUB_ORGANISATION,
        "site_published_on": settings.HUB_PUBLISHED_ON,
        "site_root": root,
        # The address without its query: a filtered or paged list points at itself.
        "canonical_url": root + iri_to_uri(request.path),
    }
