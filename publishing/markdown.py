"""Markdown for long texts: rendered with markdown-it, then sanitised with nh3."""

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from publishing.hyphenation import hyphenate as soft_hyphenate

_markdown = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "h2", "h3", "h4",
    "table", "thead", "tbody", "tr", "th", "td", "code",
}  # fmt: skip


def render_markdown(text, *, hyphenate=False):
    """Return safe HTML for a curator's Markdown text.

    With ``hyphenate``, for a page people read, the long words of its text
    (not of code or of a link that shows its own address) get soft hyphens.
    """
    if not text:
        return ""
    env = {}
    tokens = _markdown.parse(text, env)
    if hyphenate:
        _hyphenate_text(tokens)
    html = _markdown.renderer.render(tokens, _markdown.options, env)
    return mark_safe(  # noqa: S308 - nh3 has removed everything not allowed
        nh3.clean(html, tags=_ALLOWED_TAGS, attributes={"a": {"href"}, "th": {"scope"}})
    )


def _hyphenate_text(tokens):
    """Soft hyphens in the text nodes of the parsed document, in place."""
    for block in tokens:
        if block.type != "inline" or not block.children:
            continue
        in_autolink = False
        for token in block.children:
            if token.type == "link_open":
                in_autolink = token.markup == "autolink"
            elif token.type == "link_close":
                in_autolink = False
            elif token.type == "text" and not in_autolink:
                token.content = soft_hyphenate(token.content)
