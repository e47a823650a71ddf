"""WCAG 2.1 AA in a real browser: axe-core finds nothing on any page type, and
every page reflows to 320 CSS pixels without horizontal scrolling."""

from axe_playwright_python.sync_playwright import Axe

from tests.pages import PAGE_TYPES

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def describe(violations):
    return [
        f"{v['id']}: {v['help']} – {[node['target'] for node in v['nodes']][:3]}"
        for v in violations
    ]


def test_axe_finds_no_violations_on_any_page_type(page, site, artifacts):
    axe = Axe()
    found = {}
    for name, path in PAGE_TYPES.items():
        page.goto(site + path)
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            found[name] = describe(results.response["violations"])
    screenshots = {
        "start": "/",
        "instrument": "/instrument/sociala-utfallskontrakt/",
        "filtered-case-library": PAGE_TYPES["filtered case library"],
        "statistics": "/statistik/",
        "chooser-answer": PAGE_TYPES["chooser answer"],
    }
    for name, path in screenshots.items():
        page.goto(site + path)
        page.screenshot(path=artifacts / f"{name}.png", full_page=True)
    pictures = {
        "diagram-social-outcome-contract": ("/instrument/sociala-utfallskontrakt/", ".diagram"),
        "diagram-social-investment-fund": ("/instrument/social-investeringsfond/", ".diagram"),
        "map": ("/statistik/", ".county-map"),
    }
    for name, (path, selector) in pictures.items():
        page.goto(site + path)
        page.locator(selector).screenshot(path=artifacts / f"{name}.png")
    assert found == {}


def test_pictures_in_forced_colours_keep_their_lines(page, site, artifacts):
    """Windows high-contrast mode: the diagram's lines and the map's borders
    take the system colours instead of disappearing."""
    page.emulate_media(forced_colors="active")
    page.goto(site + "/instrument/sociala-utfallskontrakt/")
    stroke = page.locator(".flow-diagram .flow-line").first.evaluate(
        "e => getComputedStyle(e).stroke"
    )
    text = page.locator("body").evaluate("e => getComputedStyle(e).color")
    assert stroke == text  # CanvasText, like the text
    page.locator(".diagram").screenshot(path=artifacts / "diagram-forced-colours.png")


def test_every_page_reflows_at_320_pixels(page, site):
    page.set_viewport_size({"width": 320, "height": 640})
    too_wide = {}
    for name, path in PAGE_TYPES.items():
        page.goto(site + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[name] = width
    assert too_wide == {}


def test_focus_is_visible(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " return [e.textContent.trim(), s.backgroundColor, s.outlineStyle]; }"
    )
    assert focused[0] == "Hoppa till innehållet"
    assert page.locator(".skip-link").bounding_box()["x"] >= 0


def test_suggestion_form_with_errors_is_accessible(page, site):
    page.goto(site + "/fall/tipsa/")
    page.get_by_label("Länkar till källor").fill("inte en länk")
    page.get_by_role("button", name="Skicka tipset").click()
    page.wait_for_selector(".error-summary")
    results = Axe().run(page, options=AXE_OPTIONS)
    assert describe(results.response["violations"]) == []
    # every error links to its field
    link = page.locator(".error-summary a").first
    assert link.get_attribute("href").startswith("#id_")
