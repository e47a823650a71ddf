"""Template helpers of the case library."""

import functools

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, ngettext, npgettext

from publishing.hyphenation import hyphenate

register = template.Library()


@functools.lru_cache(maxsize=4096)
def _counted(language, context, singular, plural, count):
    """A translated plural for ``count``, worked out once per language and
    count (a page asks for the same few hundred times)."""
    if context:
        return npgettext(context, singular, plural, count)
    return ngettext(singular, plural, count)


def counted(singular, plural, count, context=""):
    return _counted(get_language(), context, singular, plural, count)


@register.simple_tag(takes_context=True)
def facet_options(context, facet):
    """A facet's options as checkboxes with their counts. Written here rather
    than as a template loop: the library shows some 400 options on every page
    (the 290 kommuner among them), and a loop of template tags cost more than
    everything else on the page together."""
    lang = context.get("content_lang", "")
    name = facet.name
    items = []
    for option in facet.options:
        value = escape(option.value)
        ident = f"f-{name}-{value}"
        if option.checked:
            state, empty = " checked", ""
        elif option.count:
            state, empty = "", ""
        else:
            state, empty = " disabled", ' class="empty"'
        word = counted("exempel", "exempel", option.count, context="antal")
        items.append(
            f'<li{empty}><input type="checkbox" name="{name}" value="{value}" id="{ident}"{state}>'
            f' <label for="{ident}"><span{lang}>{escape(option.label)}</span>'
            f' <span class="count">({option.count}<span class="visually-hidden"> {word}</span>)'
            "</span></label></li>"
        )
    return mark_safe("".join(items))  # noqa: S308 - every value is escaped


@register.simple_tag
def bar_chart(chart):
    """A bar chart (``cases.charts.BarChart``) as a figure: a wide and a narrow
    drawing (the narrow one for phones) whose every bar links to the library,
    and the same figures as a table. Written here rather than as a template
    for the same reason as the options: every bar is drawn three times, and
    the library draws four charts on every page."""
    slug = escape(chart.slug)
    if not chart.bars:
        return format_html(
            '<figure class="chart" id="diagram-{}">\n  <figcaption>{}</figcaption>\n  '
            "<p>{}</p>\n</figure>\n",
            slug,
            chart.title,
            gettext("Inga exempel att visa."),
        )
    described = escape(
        ngettext(
            "%(title)s: %(total)s exempel. Stapeln leder till exemplet.",
            "%(title)s: %(total)s exempel. Varje stapel leder till exemplen.",
            chart.total,
        )
        % {"title": escape(chart.title), "total": chart.total}
    )
    wide, narrow, rows = [], [], []
    for bar in chart.bars:
        url, label = escape(bar.url), escape(Truncator(bar.label).chars(32))
        about = counted(
            "%(label)s: %(counter)s exempel", "%(label)s: %(counter)s exempel", bar.count
        ) % {"label": escape(bar.label), "counter": bar.count}
        link = f'<a href="{url}" aria-label="{escape(about)}">'
        wide.append(
            f'{link}\n      <text class="label" x="{chart.label_x}" y="{bar.text_y}"'
            f' text-anchor="end">{label}</text>\n'
            f'      <rect class="bar" x="{chart.bar_x}" y="{bar.y}" width="{bar.width}"'
            f' height="{chart.bar_height}"/>\n'
            f'      <text class="count" x="{bar.count_x}" y="{bar.text_y}">{bar.count}</text>\n'
            "    </a>"
        )
        narrow.append(
            f'{link}\n      <text class="label" x="0" y="{bar.narrow_label_y}">{label}</text>\n'
            f'      <rect class="bar" x="0" y="{bar.narrow_bar_y}" width="{bar.narrow_width}"'
            f' height="{chart.bar_height}"/>\n'
            f'      <text class="count" x="{bar.narrow_count_x}" y="{bar.narrow_count_y}">'
            f"{bar.count}</text>\n    </a>"
        )
        rows.append(
            f'<tr><th scope="row"><a href="{url}">{escape(hyphenate(bar.label))}</a></th>'
            f'<td class="num">{bar.count}</td></tr>'
        )
    html = (
        f'<figure class="chart" id="diagram-{slug}">\n'
        f"  <figcaption>{escape(chart.title)}</figcaption>\n  \n"
        f'  <svg class="bar-chart" viewBox="0 0 {chart.width} {chart.height}"'
        f' aria-labelledby="diagram-{slug}-title" focusable="false">\n'
        f'    <title id="diagram-{slug}-title">{described}</title>\n'
        f"    {''.join(wide)}\n  </svg>\n"
        f'  <svg class="bar-chart-narrow bar-chart" viewBox="0 0 {chart.narrow_width}'
        f' {chart.narrow_height}" aria-labelledby="diagram-{slug}-narrow-title"'
        ' focusable="false">\n'
        f'    <title id="diagram-{slug}-narrow-title">{described}</title>\n'
        f"    {''.join(narrow)}\n  </svg>\n"
        '  <details class="chart-table">\n'
        f"    <summary>{escape(gettext('Visa som tabell'))}</summary>\n    <table>\n"
        f'      <thead><tr><th scope="col">{escape(chart.label_heading)}</th>'
        f'<th scope="col" class="num">{escape(gettext("Antal exempel"))}</th></tr></thead>\n'
        f"      <tbody>{''.join(rows)}</tbody>\n    </table>\n  </details>\n  \n</figure>\n"
    )
    return mark_safe(html)  # noqa: S308 - every value is escaped
