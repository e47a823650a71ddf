"""The case library's small script and the chooser's answer, in a real browser."""

import re

from playwright.sync_api import expect


def console_errors(page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_a_filter_change_applies_by_itself_without_a_reload(page, site, artifacts):
    errors = console_errors(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "/fall/")
    expect(page.locator("#filters")).to_have_attribute("open", "")  # open beside the results
    page.evaluate("window.stayed = true")
    page.get_by_role("checkbox", name=re.compile("^Sociala obligationer")).check()
    expect(page.locator("#result-count")).to_have_text("1 exempel")
    expect(page).to_have_url(re.compile(r"/fall/\?instrument=sociala-obligationer$"))
    assert page.evaluate("window.stayed") is True  # swapped in, not reloaded
    expect(page.locator("#library-status")).to_have_text("1 exempel")
    expect(page.get_by_role("checkbox", name=re.compile("^Sociala obligationer"))).to_be_focused()
    page.select_option("#f-sortering", "titel")
    expect(page).to_have_url(re.compile(r"\?instrument=sociala-obligationer&sortering=titel$"))
    page.get_by_role("button", name="Visa exempel").click()  # no empty parameters sent
    expect(page).to_have_url(
        re.compile(r"/fall/\?instrument=sociala-obligationer&sortering=titel$")
    )
    page.screenshot(path=artifacts / "library-filtered-1280.png", full_page=True)
    assert errors == []


def test_on_a_phone_the_results_come_before_the_filters(page, site, artifacts):
    errors = console_errors(page)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site + "/fall/?instrument=sociala-utfallskontrakt")
    assert page.locator("#filters").get_attribute("open") is None
    page.screenshot(path=artifacts / "library-closed-375.png", full_page=True)
    assert page.locator(".cards > *").first.bounding_box()["y"] < 1400  # was beyond 2 000
    page.locator("summary#filter-heading").click()
    expect(page.get_by_role("checkbox", name=re.compile("^Sociala obligationer"))).to_be_visible()
    page.screenshot(path=artifacts / "library-filtered-375.png", full_page=True)
    assert errors == []


def test_without_javascript_the_button_still_filters(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/fall/")
    page.locator("summary#filter-heading").click()
    page.get_by_role("checkbox", name=re.compile("^Sociala obligationer")).check()
    page.get_by_role("button", name="Visa exempel").click()
    expect(page).to_have_url(re.compile(r"/fall/\?instrument=sociala-obligationer$"))
    expect(page.locator("#result-count")).to_have_text("1 exempel")
    context.close()


def test_the_chooser_lands_on_its_answer(page, site, artifacts):
    errors = console_errors(page)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(site + "/instrument/valj/")
        page.get_by_role("group", name=re.compile("^1\\.")).get_by_text("Ja", exact=True).click()
        page.get_by_role("group", name=re.compile("^5\\.")).get_by_text("Investerare").click()
        page.get_by_role("button", name="Visa vilka former som passar").click()
        expect(page).to_have_url(re.compile(r"/instrument/valj/\?.*risk=investerare.*#svar$"))
        expect(page.locator("#svar h2")).to_be_in_viewport()
        box = page.locator("#id_kapital_0").bounding_box()
        label = page.locator("label[for=id_kapital_0]").bounding_box()
        assert box["width"] >= 24 and label["height"] >= 24
        page.screenshot(path=artifacts / f"chooser-answer-{width}.png", full_page=True)
    assert errors == []
