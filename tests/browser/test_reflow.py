"""WCAG 1.4.10 (reflow) and 1.4.4 (resize text) inside the page, not only at
its edge: at 320, 375 and 1280 px no element's content spills out of or is cut
by its box, except scroll containers a visitor can see, name and reach with
the keyboard; and no visible SVG text is drawn smaller than 12 px."""

import pytest

from tests.pages import PAGE_TYPES

WIDTHS = [320, 375, 1280]
MIN_SVG_TEXT_PX = 12

# Every element whose content is wider than its box, with its overflow
# visible, hidden or clip. Scroll containers (overflow auto/scroll) are
# allowed only when marked: role=region, an accessible name, tabindex=0 and
# overflow-x auto. Inline boxes have no clientWidth and are skipped; so are
# elements inside a marked scroll container (they scroll with it), elements
# that are not rendered, and the visually-hidden helper.
OVERFLOWS = """() => {
  const found = [];
  const named = e => (e.getAttribute('aria-label') || '').trim() ||
    (e.getAttribute('aria-labelledby') || '').split(/\\s+/).some(
      id => id && document.getElementById(id) && document.getElementById(id).textContent.trim());
  const marked = e => e.getAttribute('role') === 'region' && named(e) &&
    e.getAttribute('tabindex') === '0' && getComputedStyle(e).overflowX === 'auto';
  const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (typeof e.className === 'string' && e.className.trim()
      ? '.' + e.className.trim().split(/\\s+/).join('.') : '') +
    ' "' + (e.textContent || '').trim().slice(0, 40) + '"';
  for (const e of document.body.querySelectorAll('*')) {
    if (e.closest('svg') && e.tagName.toLowerCase() !== 'svg') continue;
    if (e.closest('.visually-hidden, [hidden], template, script, style, noscript')) continue;
    const style = getComputedStyle(e);
    if (['none', 'inline', 'contents'].includes(style.display)) continue;
    if (!e.getClientRects().length) continue;
    let parent = e.parentElement, inside = false;
    while (parent) { if (marked(parent)) { inside = true; break; } parent = parent.parentElement; }
    if (inside) continue;
    if (e.scrollWidth <= e.clientWidth + 1 || e.clientWidth === 0) continue;
    if (['auto', 'scroll'].includes(style.overflowX)) {
      if (!marked(e)) found.push('unmarked scroll box ' + describe(e));
      continue;
    }
    found.push(describe(e) + ' ' + e.scrollWidth + '>' + e.clientWidth);
  }
  return found;
}"""

# Every visible <text> in an inline SVG: its drawn height on screen, and its
# computed font size times the SVG's scale (clientWidth / viewBox width).
SMALL_SVG_TEXT = """(min) => {
  const found = [];
  for (const t of document.querySelectorAll('svg text')) {
    const svg = t.ownerSVGElement;
    if (!t.getClientRects().length || !svg.getClientRects().length) continue;
    const style = getComputedStyle(t);
    if (style.visibility === 'hidden' || !t.textContent.trim()) continue;
    const box = svg.viewBox && svg.viewBox.baseVal;
    const scale = box && box.width ? svg.clientWidth / box.width : 1;
    const size = parseFloat(style.fontSize) * scale;
    if (size < min - 0.05) {
      found.push((svg.getAttribute('class') || 'svg') + ': "' + t.textContent.trim().slice(0, 30) +
        '" ' + size.toFixed(1) + 'px');
    }
  }
  return found.slice(0, 5);
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_no_content_overflows_its_box(page, site, width):
    page.set_viewport_size({"width": width, "height": 800})
    found = {}
    for name, path in PAGE_TYPES.items():
        page.goto(site + path)
        overflowing = page.evaluate(OVERFLOWS)
        if overflowing:
            found[name] = overflowing[:5]
    assert found == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_svg_text_is_at_least_12_pixels(page, site, width):
    page.set_viewport_size({"width": width, "height": 800})
    found = {}
    for name, path in PAGE_TYPES.items():
        page.goto(site + path)
        small = page.evaluate(SMALL_SVG_TEXT, MIN_SVG_TEXT_PX)
        if small:
            found[name] = small
    assert found == {}


def test_the_checks_catch_what_they_guard(page, site):
    """The two scripts above find a clipped word, an unmarked scroll box and a
    shrunken diagram: without this, an always-empty answer would pass."""
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(site + "/")
    # styles set through the CSSOM: the CSP refuses inline style attributes
    page.evaluate(
        """() => {
      const main = document.querySelector('main');
      const add = (html, style) => {
        main.insertAdjacentHTML('beforeend', html);
        Object.assign(main.lastElementChild.style, style);
        return main.lastElementChild;
      };
      add('<div id="clip">investeringsfondsförvaltningen</div>',
        {width: '5rem', overflow: 'hidden', whiteSpace: 'nowrap'});
      add('<div id="box"><p>x</p></div>', {width: '5rem', overflow: 'auto'})
        .firstChild.style.width = '30rem';
      add('<svg id="tiny" viewBox="0 0 1000 100"><text x="0" y="50">liten</text></svg>',
        {width: '100%'}).firstChild.style.fontSize = '12px';
    }"""
    )
    overflowing = " ".join(page.evaluate(OVERFLOWS))
    assert "div#clip" in overflowing
    assert "unmarked scroll box div#box" in overflowing
    assert page.evaluate(SMALL_SVG_TEXT, MIN_SVG_TEXT_PX)
    # marked: a named, focusable region scrolls without being reported
    page.evaluate(
        """() => { const b = document.getElementById('box');
      b.setAttribute('role', 'region'); b.setAttribute('aria-label', 'Tabell');
      b.setAttribute('tabindex', '0'); }"""
    )
    assert "div#box" not in " ".join(page.evaluate(OVERFLOWS))


SCREENSHOTS = {
    "start": "/",
    "instrument": "/instrument/sociala-utfallskontrakt/",
    "library": PAGE_TYPES["filtered case library"],
    "case": PAGE_TYPES["case"],
    "chooser": PAGE_TYPES["chooser answer"],
    "data": PAGE_TYPES["open data"],
    "compare": PAGE_TYPES["comparison"],
}


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_for_review(page, site, artifacts, width):
    page.set_viewport_size({"width": width, "height": 800})
    for name, path in SCREENSHOTS.items():
        page.goto(site + path)
        target = artifacts / f"reflow-{width}-{name}.png"
        page.screenshot(path=target, full_page=True)
        assert target.stat().st_size > 0


def test_a_diagram_too_wide_for_the_phone_gives_way_to_its_steps(page, site):
    """At 320 px the flow diagram would shrink its labels to 4 px: it is not
    drawn, and the numbered steps, each naming what flows, stand in for it."""
    path = PAGE_TYPES["instrument"]
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site + path)
    assert page.locator(".flow-diagram").is_visible()
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(site + path)
    assert not page.locator(".flow-diagram").is_visible()
    assert page.locator(".diagram-narrow-note").is_visible()
    steps = page.locator("ol.steps > li")
    flows = page.locator("ol.steps .step-flow")
    assert steps.count() >= 3 and flows.count() == steps.count()
    assert "flöde: pengar" in page.locator("ol.steps").inner_text()
