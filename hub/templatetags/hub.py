"""Template helpers shared by every page."""

from django import template
from django.urls import translate_url
from django.utils.formats import number_format
from django.utils.translation import gettext

from publishing.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text)


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
