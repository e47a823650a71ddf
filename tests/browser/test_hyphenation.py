"""Long Swedish words break with a hyphen on a 320 px phone, never between two
letters without one.

Chromium without a Swedish hyphenation dictionary ignores ``hyphens: auto``
and lets ``overflow-wrap`` split a long word anywhere; the server puts soft
hyphens (U+00AD) into long words so that every browser can break them at a
syllable and draws the hyphen when it does.
"""

from tests.pages import PAGE_TYPES

SOFT_HYPHEN = "\u00ad"

PAGES = {
    "start": "/",
    "instrument": PAGE_TYPES["instrument"],
    "fund instrument": PAGE_TYPES["fund instrument"],
    "library": "/fall/",
    "case": "/fall/stadsmissionshalsan-region-skane/",
    "search": "/sok/?q=upphandling",
    "glossary": PAGE_TYPES["glossary"],
}

# Every visible word (a run of letters and soft hyphens) whose characters sit
# on more than one line: where the line changes between two letters, the word
# was broken without a hyphen. A break right after a soft hyphen is one the
# browser drew a hyphen for. Hidden helpers (the visually-hidden 1 px box),
# SVG text and form controls are left out.
MID_WORD_BREAKS = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const lineOf = (node, i) => {
    range.setStart(node, i); range.setEnd(node, i + 1);
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    // the last box: right after a break, Chromium also reports the drawn
    // hyphen, on the line before, for the first letter of the new line
    return rects.length ? Math.round(rects[rects.length - 1].top) : null;
  };
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('svg, script, style, noscript, template, textarea, ' +
      'select, code, pre, .visually-hidden, [hidden]')) continue;
    if (!parent.getClientRects().length) continue;
    for (const match of node.data.matchAll(/[\\p{L}\\u00ad]{2,}/gu)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
        .map(r => Math.round(r.top)));
      if (tops.size < 2) continue;
      let previous = null;
      for (let i = 0; i < match[0].length; i++) {
        const top = lineOf(node, match.index + i);
        if (top === null) continue;
        if (previous !== null && Math.abs(top - previous) > 2) {
          const before = node.data[match.index + i - 1];
          if (before !== '\\u00ad') {
            const word = match[0].replaceAll('\\u00ad', '');
            found.push(word + ' (' + parent.tagName.toLowerCase() + '): ' +
              match[0].slice(0, i).replaceAll('\\u00ad', '') + '|' +
              match[0].slice(i).replaceAll('\\u00ad', ''));
          }
        }
        previous = top;
      }
    }
  }
  return found;
}"""


def test_long_words_break_only_at_a_hyphen_at_320_px(page, site, artifacts):
    page.set_viewport_size({"width": 320, "height": 800})
    found = {}
    for name, path in PAGES.items():
        page.goto(site + path)
        broken = page.evaluate(MID_WORD_BREAKS)
        if broken:
            found[name] = broken
    page.goto(site + PAGES["case"])
    page.screenshot(path=artifacts / "hyphenation-320-case.png", full_page=True)
    print("MIDWORD", found)
    assert found == {}


def test_the_check_catches_a_word_broken_without_a_hyphen(page, site):
    """A long word in a narrow box without soft hyphens is reported; the same
    word with them is not: an always-empty answer would pass the test above."""
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(site + "/")
    page.evaluate(
        """(soft) => {
      const main = document.querySelector('main');
      for (const [id, word] of [['bare', 'Upphandlingsproblematiken'],
                                ['soft', 'Upp' + soft + 'hand' + soft + 'lings' + soft +
                                         'pro' + soft + 'ble' + soft + 'ma' + soft + 'ti' +
                                         soft + 'ken']]) {
        main.insertAdjacentHTML('beforeend', '<p id="' + id + '"></p>');
        const p = main.lastElementChild;
        p.textContent = word;
        // styles through the CSSOM: the CSP refuses inline style attributes
        Object.assign(p.style, {width: '4rem', overflowWrap: 'break-word', hyphens: 'manual'});
      }
    }""",
        SOFT_HYPHEN,
    )
    broken = page.evaluate(MID_WORD_BREAKS)
    assert any(entry.startswith("Upphandlingsproblematiken (p)") for entry in broken)
    page.evaluate("() => document.getElementById('bare').remove()")
    assert not [entry for entry in page.evaluate(MID_WORD_BREAKS) if "Upphandlings" in entry]
