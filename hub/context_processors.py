from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language


def site(request):
    """What every page needs: the lang attribute for Swedish content on pages
    in another language, the contact address for feedback and the canonical
    address."""
    return {
        "content_lang": mark_safe(' lang="sv"') if get_language() != "sv" else "",
        "contact_email": settings.HUB_CONTACT_EMAIL,
        # The address without its query: a filtered or paged list points at itself.
        "canonical_url": request.build_absolute_uri(request.path),
    }
