"""Template helpers of the deal pages (the money box, the comparison, the calculator)."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext

register = template.Library()


@register.filter
def kr(amount):
    """Whole kronor the Swedish way, with a real minus sign: ``−2 000 000 kr``;
    ``None`` is unknown."""
    if amount is None:
        return gettext("uppgift saknas")
    sign = "−" if amount < 0 else ""
    return f"{sign}{number_format(abs(amount), force_grouping=True)} kr"
