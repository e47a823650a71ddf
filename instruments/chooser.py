"""*Vilken form passar?*: the machinery behind /instrument/valj/.

The questions, what each answer says about each of the five instruments and
the caveats are content, in ``fixtures/chooser.yaml`` (its header describes
the layout). This module reads that file once, builds the form from its
questions and ranks the instruments by the points of the reasons the given
answers call up. Points only order the list: the reasons are the answer.

The quotes are the report's, in Swedish on every page; the questions, the
answers and our notes carry their English beside them (``label_en``,
``note_en``), shown on the English pages. The verdicts below are the page's
own words, translated with gettext.
"""

import functools
from dataclasses import dataclass, field

import yaml
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Reason:
    instrument: str  # slug
    points: int
    quote: str  # the report's words, exactly
    section: str
    note: str = ""  # our words: how the quote bears on the answer


@dataclass(frozen=True)
class Caveat:
    quote: str
    section: str


@dataclass(frozen=True)
class Question:
    name: str
    label: str
    choices: tuple  # (value, label), "don't know" last
    reasons: dict  # answer value → tuple of Reason


@dataclass(frozen=True)
class Chooser:
    questions: tuple
    legal: Caveat
    combine: Caveat


def _fields(data, where, required, optional=()):
    """The mapping's values for the required, then the optional keys (None
    for a missing optional one); any other key is a mistake."""
    if not isinstance(data, dict):
        raise ImproperlyConfigured(f"chooser.yaml, {where}: expected a mapping")
    unknown = set(data) - set(required) - set(optional)
    missing = set(required) - set(data)
    if unknown or missing:
        raise ImproperlyConfigured(
            f"chooser.yaml, {where}: unknown keys {sorted(unknown)}, missing {sorted(missing)}"
        )
    return [data.get(key) for key in (*required, *optional)]


def _text(value, where):
    if not isinstance(value, str) or not value.strip():
        raise ImproperlyConfigured(f"chooser.yaml, {where}: expected text, got {value!r}")
    return value


def _in_language(swedish, english):
    return english if english and get_language() == "en" else swedish


_in_language = lazy(_in_language, str)


def _wording(swedish, english, where):
    """A text of the page's own: Swedish, or English on the English pages."""
    return _in_language(_text(swedish, where), _text(english, f"{where}_en") if english else "")


def _reason(data, where):
    slug, points, quote, section, note, note_en = _fields(
        data, where, ("instrument", "points", "quote", "section"), ("note", "note_en")
    )
    if not isinstance(points, int) or isinstance(points, bool) or points == 0:
        raise ImproperlyConfigured(f"chooser.yaml, {where}: points must be a non-zero integer")
    return Reason(
        instrument=_text(slug, f"{where}, instrument"),
        points=points,
        quote=_text(quote, f"{where}, quote"),
        section=_text(section, f'{where}, section (quote it: "5.1")'),
        note="" if note is None else _wording(note, note_en, f"{where}, note"),
    )


def _question(data, where, dont_know):
    name, label, options, label_en = _fields(
        data, where, ("name", "label", "options"), ("label_en",)
    )
    name = _text(name, f"{where}, name")
    choices, reasons = [], {}
    for number, option in enumerate(options or [], start=1):
        at = f"{name}, option {number}"
        value, option_label, option_reasons, option_en = _fields(
            option, at, ("value", "label"), ("reasons", "label_en")
        )
        value = _text(value, f"{at}, value")
        if value in reasons:
            raise ImproperlyConfigured(f"chooser.yaml, {at}: the value {value!r} comes twice")
        choices.append((value, _wording(option_label, option_en, f"{at}, label")))
        reasons[value] = tuple(
            _reason(reason, f"{at}, reason {index}")
            for index, reason in enumerate(option_reasons or [], start=1)
        )
    if not choices:
        raise ImproperlyConfigured(f"chooser.yaml, {where}: a question needs options")
    label = _wording(label, label_en, f"{name}, label")
    return Question(name, label, (*choices, ("", dont_know)), reasons)


def _caveat(data, where):
    quote, section = _fields(data, where, ("quote", "section"))
    return Caveat(_text(quote, f"{where}, quote"), _text(section, f"{where}, section"))


@functools.cache
def chooser():
    """The chooser's content, read from fixtures/chooser.yaml once per process."""
    path = settings.BASE_DIR / "fixtures" / "chooser.yaml"
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    dont_know, questions, caveats, dont_know_en = _fields(
        data, "top", ("dont_know", "questions", "caveats"), ("dont_know_en",)
    )
    dont_know = _wording(dont_know, dont_know_en, "dont_know")
    questions = tuple(
        _question(question, f"question {number}", dont_know)
        for number, question in enumerate(questions or [], start=1)
    )
    names = [question.name for question in questions]
    if not names or len(set(names)) != len(names):
        raise ImproperlyConfigured(f"chooser.yaml: questions need distinct names, got {names}")
    legal, combine = _fields(caveats, "caveats", ("legal", "combine"))
    return Chooser(questions, _caveat(legal, "caveats.legal"), _caveat(combine, "caveats.combine"))


def __getattr__(name):
    """LEGAL_CAVEAT and COMBINE_CAVEAT: said with every answer (the report,
    5.6 and the introduction to chapter 5), from the file when first asked for."""
    if name == "LEGAL_CAVEAT":
        return chooser().legal
    if name == "COMBINE_CAVEAT":
        return chooser().combine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class ChooserForm(forms.Form):
    """One group of radio buttons per question, "don't know" included."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in chooser().questions:
            self.fields[question.name] = forms.ChoiceField(
                label=question.label,
                choices=question.choices,
                required=False,
                widget=forms.RadioSelect,
            )

    def answers(self):
        return {name: value for name, value in self.cleaned_data.items() if value}


@dataclass
class Ranked:
    instrument: object
    score: int = 0
    fits: list = field(default_factory=list)
    misfits: list = field(default_factory=list)
    position: int = 0  # 1 for the best fit; forms with equal scores share one
    against_risk: bool = False  # the report speaks against it on who bears the risk

    def add(self, reason, question):
        """Count the reason's points; show its quote once under the form (a
        quote the form already shows, or one inside it, is not repeated)."""
        self.score += reason.points
        if reason.points < 0 and question == RISK_QUESTION:
            self.against_risk = True
        shown = self.fits if reason.points > 0 else self.misfits
        words = _bare(reason.quote)
        for index, other in enumerate(shown):
            known = _bare(other.quote)
            if words in known:
                return
            if known in words:  # the longer quote says more: keep it, once
                shown[index] = reason
                return
        shown.append(reason)

    @property
    def verdict(self):
        """(a class for the page's style, the verdict in words), ranked: only
        the best fit "passar bäst", and never a form the report speaks
        against on who bears the risk."""
        if self.score > 0 and self.position == 1 and not self.misfits:
            return "good", _("Passar bäst med dina svar")
        if self.score > 0 and not self.misfits and not self.against_risk:
            return "some", _("Kan också passa, men mindre väl")
        if self.score > 0:
            return "some", _("Passar delvis: rapporten säger både för och emot")
        if self.score < 0:
            return "poor", _("Passar sämre med dina svar")
        if self.fits or self.misfits:
            return "some", _("Både för och emot")
        return "none", _("Rapporten säger inget om formen i det du svarat")


RISK_QUESTION = "risk"


def _bare(quote):
    return " ".join(quote.casefold().replace('"', " ").split()).rstrip(".")


def rank(instruments, answers):
    """The instruments, best fit first (ties keep the instruments' order),
    each with the reasons for and against it from the given answers and its
    place in the ranking (forms with equal scores share a place)."""
    ranked = {instrument.slug: Ranked(instrument) for instrument in instruments}
    for question in chooser().questions:
        for reason in question.reasons.get(answers.get(question.name), ()):
            entry = ranked.get(reason.instrument)
            if entry is not None:
                entry.add(reason, question.name)
    ordered = sorted(ranked.values(), key=lambda entry: -entry.score)
    for index, entry in enumerate(ordered):
        above = ordered[index - 1] if index else None
        tied = above is not None and above.score == entry.score
        entry.position = above.position if tied else index + 1
    return ordered
