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


# Every tabular inline's table, its scroll box and how the box is marked.
INLINE_TABLES = """() => [...document.querySelectorAll(
    '.inline-group[data-inline-type=tabular] table')].map(table => {
  const box = table.closest('.inline-table-scroll');
  const group = table.closest('.inline-group');
  const hint = group.querySelector('.inline-scroll-hint');
  return {
    group: group.id,
    boxed: !!box,
    role: box && box.getAttribute('role'),
    tabindex: box && box.getAttribute('tabindex'),
    label: box && (box.getAttribute('aria-label') || '').trim(),
    overflow: box && getComputedStyle(box).overflowX,
    shadow: box && getComputedStyle(box).backgroundImage.includes('radial-gradient'),
    wider: box ? box.scrollWidth > box.clientWidth + 1 : false,
    groupScrolls: group.scrollWidth > group.clientWidth + 1 &&
      ['auto', 'scroll'].includes(getComputedStyle(group).overflowX),
    hint: !!hint && hint.getClientRects().length > 0 && hint.textContent.trim(),
  };
})"""


def test_inline_tables_scroll_in_marked_boxes_on_a_phone(page, site, artifacts):
    """At 375 px the case form's inline tables are wider than the screen: each
    scrolls sideways in a box that is named, focusable and shadowed, with a line
    above it that says so, and the page itself does not grow sideways."""
    log_in(page, site, "curator")
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(f"{site}/admin/cases/case/add/")
    page.screenshot(path=artifacts / "admin-case-add-375.png", full_page=True)
    tables = page.evaluate(INLINE_TABLES)
    assert tables, "the case form has tabular inlines"
    for table in tables:
        assert table["boxed"], table
        assert (table["role"], table["tabindex"], table["overflow"]) == ("region", "0", "auto")
        assert table["label"] and table["shadow"] and table["hint"], table
        assert not table["groupScrolls"], table
    assert any(table["wider"] for table in tables)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, page.evaluate(WIDEST)
    # reachable with the keyboard: Tab stops on the box, and arrow keys scroll it
    box = page.locator(".inline-table-scroll").first
    box.focus()
    assert page.evaluate("document.activeElement.classList.contains('inline-table-scroll')")
    before = box.evaluate("e => e.scrollLeft")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("(x) => document.activeElement.scrollLeft > x", arg=before, timeout=2000)
