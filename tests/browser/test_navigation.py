"""What a visitor does with the keyboard only, and the language switch."""

import re

from playwright.sync_api import expect

from publishing.hyphenation import without_soft_hyphens

FOCUSED_TEXT = """() => {
  const e = document.activeElement;
  const label = e.labels && e.labels.length ? e.labels[0].innerText : '';
  return (label || e.innerText || e.value || '').trim();
}"""


def tab_to(page, text, limit=250):
    """Press Tab until the focused element (or its label) starts with ``text``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if without_soft_hyphens(page.evaluate(FOCUSED_TEXT)).startswith(text):
            return
    raise AssertionError(f"never reached {text!r} with Tab")


def test_filter_the_case_library_with_the_keyboard_and_reach_a_case(page, site, artifacts):
    page.goto(site + "/fall/")
    tab_to(page, "Sociala obligationer")
    page.keyboard.press("Space")
    tab_to(page, "Visa exempel")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "instrument=sociala-obligationer" in page.url
    expect(page.locator("#result-count")).to_have_text("1 exempel")
    expect(page.locator(".chips")).to_contain_text("Instrument: Sociala obligationer")
    tab_to(page, "Region Stockholms hälsoobligation")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/fall/region-stockholm-halsoobligation/$"))
    heading = without_soft_hyphens(page.locator("h1").inner_text())
    assert heading == "Region Stockholms hälsoobligation mot typ 2-diabetes"


def test_a_chip_removes_its_filter(page, site):
    page.goto(site + "/fall/?instrument=sociala-obligationer&skede=implementation")
    expect(page.locator("#result-count")).to_have_text("1 exempel")
    page.get_by_role("link", name=re.compile("^Skede: Genomförande")).click()
    assert "skede" not in page.url and "instrument=sociala-obligationer" in page.url
    page.get_by_role("link", name="Rensa alla").click()
    expect(page).to_have_url(re.compile(r"/fall/$"))


def test_switch_language_and_back(page, site):
    page.goto(site + "/fall/norrkoping-socialt-utfallskontrakt/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.get_by_role("link", name="In English").click()
    expect(page).to_have_url(re.compile(r"/en/fall/norrkoping-socialt-utfallskontrakt/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation", name="Main menu")).to_contain_text("Insights")
    expect(page.locator("h1")).to_have_attribute("lang", "sv")
    page.get_by_role("link", name="På svenska").click()
    expect(page).to_have_url(re.compile(r"/fall/norrkoping-socialt-utfallskontrakt/$"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
