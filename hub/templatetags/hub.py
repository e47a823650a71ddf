"""Template helpers shared by every page."""

import re

from django import template
from django.urls import translate_url
from django.utils.formats import number_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext

from publishing.hyphenation import hyphenate as soft_hyphenate
from publishing.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """A long text for a page: its long words get soft hyphens (see hyphenate)."""
    return render_markdown(text, hyphenate=True)


@register.filter(is_safe=True)
def hyphenate(text):
    """Text shown in a narrow box (a heading, a card, a fact, a table cell, the
    lead) with soft hyphens in its long words, so that a phone breaks them with
    a hyphen. Never for <title>, meta tags or anything a machine reads. Safe
    HTML is returned as it is: its words get soft hyphens where it is made."""
    if text is None or isinstance(text, SafeData):
        return text
    return soft_hyphenate(str(text))


@register.filter
def code_breaks(name):
    """A code name (``total_cost_amount``) that may wrap after its underscores
    and slashes, never one letter per line."""
    parts = re.split(r"(?<=[_/])", str(name))
    return mark_safe("<wbr>".join(conditional_escape(part) for part in parts))


@register.filter
def sek(amount):
    """An amount in kronor the Swedish way: ``10 000 000 kr``; ``None`` is unknown."""
    if amount is None:
        return gettext("uppgift saknas")
    return f"{number_format(amount, force_grouping=True)} kr"


@register.simple_tag(takes_context=True)
def in_language(context, code):
    """This page's address in another language (Swedish unprefixed, English under /en/)."""
    request = context.get("request")
    if request is None:
        return "/" if code == "sv" else f"/{code}/"
    return translate_url(request.get_full_path(), code)


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        context[self.name] = self.nodelist.render(context).strip()
        return ""


@register.tag
def capture(parser, token):
    """``{% capture name %}…{% endcapture %}``: render once, use twice (the page
    title and description go in <title>, the meta description and Open Graph)."""
    try:
        _tag, name = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("usage: {% capture name %}…{% endcapture %}") from None
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, name)


@register.simple_tag
def record_origin(record):
    """Which dates a record's page can honestly show.

    A record the content load created (its first version has no curator) was
    published on the day the hub was set up, not when its facts were: its page
    shows the date of the report it comes from instead of that day. Returns
    ``{"loaded": bool, "source": the first cited report or None}``.
    """
    first = record.history.order_by("history_date", "history_id").values("history_user_id")[:1]
    loaded = bool(first) and first[0]["history_user_id"] is None
    source = None
    if loaded:
        source = next(
            (
                citation.publication
                for citation in record.citations.all()
                if citation.publication is not None and citation.publication.kind == "report"
            ),
            None,
        )
    return {"loaded": loaded, "source": source}
