"""Soft hyphens in long Swedish words, for text shown in narrow boxes.

``hyphens: auto`` needs a Swedish hyphenation dictionary in the browser, and
not every browser has one (Debian's Chromium has none); without it a long
compound in a card or a heading is cut between any two letters, with no
hyphen. A soft hyphen (U+00AD) at each syllable boundary lets every browser
break there and draw the hyphen only when it does. The boundaries come from
the Swedish dictionary that pyphen ships (the one LibreOffice uses).

Only text people read gets them: never titles, meta tags, feeds, exports or
anything else a machine reads, where they would be stray characters.
"""

import re
from functools import lru_cache

import pyphen

SOFT_HYPHEN = "\u00ad"
# Shorter words fit even the narrowest box at the largest heading size.
MIN_LETTERS = 12

_dictionary = pyphen.Pyphen(lang="sv")
# A run of letters, not part of an address (``stadsmissionen.se``,
# ``namn@region.se``, ``/fall/stadsmissionshalsan/``) or of a code name.
_long_word = re.compile(
    rf"(?<![\w./@:\u00ad])[^\W\d_]{{{MIN_LETTERS},}}(?![\w@\u00ad]|[./:@][^\W_])"
)


@lru_cache(maxsize=8192)
def _hyphenated_word(word):
    positions = _dictionary.positions(word)
    # The dictionary sometimes offers both sides of a linking s ("utfall-s-
    # kontrakt"); keep the later one, so the s stays with the first part.
    kept = [
        p for i, p in enumerate(positions) if i + 1 == len(positions) or positions[i + 1] > p + 1
    ]
    parts, start = [], 0
    for position in kept:
        parts.append(word[start:position])
        start = position
    parts.append(word[start:])
    return SOFT_HYPHEN.join(parts)


def hyphenate(text):
    """``text`` with soft hyphens at the syllable boundaries of its long words."""
    if not text:
        return text
    return _long_word.sub(lambda match: _hyphenated_word(match.group()), str(text))


def without_soft_hyphens(text):
    """``text`` as a machine should read it: with no soft hyphens."""
    return str(text).replace(SOFT_HYPHEN, "")
