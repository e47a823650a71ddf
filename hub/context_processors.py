from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language


def site(request):
    """What every page needs: the lang attribute for Swedish content on pages
    in another language, and the contact address for feedback."""
    return {
        "content_lang": mark_safe(' lang="sv"') if get_language() != "sv" else "",
        "contact_email": settings.HUB_CONTACT_EMAIL,
    }
