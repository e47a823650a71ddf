"""The curator's case form in a browser: it fits a 1280 px window, the
required fields show their asterisk, and an amount typed with spaces saves."""

import pytest

from cases.models import Case
from tests.browser.test_review import log_in
from tests.publishing.test_workflow import CASE

pytestmark = pytest.mark.django_db(transaction=True)

WIDEST = """() => {
  const out = [];
  for (const el of document.querySelectorAll('#content-main *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > document.documentElement.clientWidth + 1) {
      out.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className} ${Math.round(r.right)}`);
    }
  }
  return out.slice(0, 8);
}"""


def open_case_form(page, site, width):
    log_in(page, site, "curator")
    page.set_viewport_size({"width": width, "height": 900})
    case = Case.objects.get(slug=CASE)
    page.goto(f"{site}/admin/cases/case/{case.pk}/change/")
    return case


def test_the_case_form_fits_1280_px_and_marks_required_fields(page, site, artifacts):
    open_case_form(page, site, 1280)
    page.screenshot(path=artifacts / "admin-case-form-1280.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, page.evaluate(WIDEST)
    marker = page.evaluate(
        "getComputedStyle(document.querySelector('label[for=id_title]'), '::after').content"
    )
    assert "*" in marker
    assert page.locator(".required-legend").inner_text().strip() == "* = måste fyllas i"
    assert page.locator("#site-name").inner_text() == "Kunskapshubben – redaktion"


def test_the_case_form_on_a_phone(page, site, artifacts):
    open_case_form(page, site, 375)
    page.screenshot(path=artifacts / "admin-case-form-375.png", full_page=True)
    assert page.locator("input[name=title]").is_visible()


def test_an_amount_typed_with_spaces_saves(page, site):
    case = open_case_form(page, site, 1280)
    Case.objects.filter(pk=case.pk).update(status="draft")  # saved at once, no review
    page.reload()
    page.fill("input[name=investment_sek]", "12 000 000 kr")
    page.locator(".submit-row input[name=_continue]").first.click()
    page.wait_for_load_state()
    assert page.locator(".errornote").count() == 0
    assert page.locator("input[name=investment_sek]").input_value() == "12 000 000"
    assert Case.objects.get(pk=case.pk).investment_sek == 12000000
