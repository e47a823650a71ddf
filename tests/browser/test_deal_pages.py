"""Pengar och risk, cases side by side and the calculator in a real browser:
nothing spills at 320 or 1280 px or in print, text stays at 12 px or more,
the comparison's table is reachable with the keyboard, and full-page
screenshots are kept for review (test-artifacts/deals-*.png)."""

import pytest

from tests.browser.test_reflow import OVERFLOWS

CASE = "/fall/norrkoping-socialt-utfallskontrakt/"
COMPARE = (
    "/fall/jamfor/?fall=norrkoping-socialt-utfallskontrakt&fall=region-stockholm-halsoobligation"
)
CALCULATOR = (
    "/rakna/?fall=norrkoping-socialt-utfallskontrakt&investering=8+000+000&garanti=40&tak=20"
    "&utfall=50&besparing=9000000&ar=3"
)
PAGES = {"case": CASE, "compare": COMPARE, "calculator": CALCULATOR}

SMALL_TEXT = """(selector) => {
  const found = [];
  for (const e of document.querySelectorAll(selector)) {
    if (!e.getClientRects().length || !e.textContent.trim()) continue;
    const size = parseFloat(getComputedStyle(e).fontSize);
    if (size < 12) found.push(e.textContent.trim().slice(0, 30) + ' ' + size + 'px');
  }
  return found;
}"""


@pytest.mark.parametrize("width", [320, 1280])
def test_the_deal_pages_fit_and_are_kept_as_screenshots(page, site, artifacts, width):
    page.set_viewport_size({"width": width, "height": 800})
    found = {}
    for name, path in PAGES.items():
        page.goto(site + path)
        overflowing = page.evaluate(OVERFLOWS)
        if overflowing:
            found[name] = overflowing[:5]
        small = page.evaluate(
            SMALL_TEXT, ".money-box *, .compare-cases *, .calc-chart *, .calc-table *"
        )
        if small:
            found[f"{name} text"] = small[:5]
        page.screenshot(path=artifacts / f"deals-{width}-{name}.png", full_page=True)
    assert found == {}


def test_the_money_box_is_at_the_top_of_the_case_page(page, site):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(site + CASE)
    box = page.locator(".money-box")
    assert box.is_visible()
    assert box.bounding_box()["y"] < page.locator(".facts").first.bounding_box()["y"]
    assert "Källorna går isär" in box.inner_text()


def test_the_comparison_in_print_and_with_the_keyboard(page, site, artifacts):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site + COMPARE)
    region = page.locator(".table-scroll[role=region]")
    region.focus()
    assert page.evaluate("document.activeElement.getAttribute('role')") == "region"
    page.emulate_media(media="print")
    assert page.evaluate(OVERFLOWS) == []
    assert not page.locator(".compare-picker").is_visible()
    page.screenshot(path=artifacts / "deals-print-compare.png", full_page=True)
    page.emulate_media(media="screen")


def test_the_calculator_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/rakna/?fall=norrkoping-socialt-utfallskontrakt")
    page.fill("#id_investering", "5 000 000")
    page.fill("#id_besparing", "9 000 000")
    page.click(".calculator-form button[type=submit]")
    text = page.locator(".calc-results").inner_text().replace("\u00a0", " ")
    assert (
        "6 000 000 kr" in text
    )  # the payer at the full outcome: 2 000 000 + 3 000 000 + 1 000 000
    assert page.url.count("fall=norrkoping-socialt-utfallskontrakt") == 1
    context.close()
