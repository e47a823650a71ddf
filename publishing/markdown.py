"""Markdown for long texts: rendered with markdown-it, then sanitised with nh3."""

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "h2", "h3", "h4",
    "table", "thead", "tbody", "tr", "th", "td", "code",
}  # fmt: skip


def render_markdown(text):
    """Return safe HTML for a curator's Markdown text."""
    if not text:
        return ""
    html = _markdown.render(text)
    return mark_safe(  # noqa: S308 - nh3 has removed everything not allowed
        nh3.clean(html, tags=_ALLOWED_TAGS, attributes={"a": {"href"}, "th": {"scope"}})
    )
