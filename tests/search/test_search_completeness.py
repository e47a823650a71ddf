"""Issue 15, item 5: every word a visitor reads on a page can be found, more
words narrow the result, an instrument and its term are one result, and the
type filters are tabs with correct plurals."""

import re

import pytest
from django.utils import translation

from cases.models import Case
from insights.models import SubTheme
from instruments.models import Instrument
from search.views import search

pytestmark = pytest.mark.django_db


def found(query):
    return [(r.kind, r.title) for r in search(query).results]


def test_a_word_only_in_a_sub_theme_and_tags_is_found():
    area = SubTheme.objects.get(body__icontains="effektmätning").insight_area
    assert area.number == "4.5"
    assert "effektmätning" not in f"{area.title} {area.lead} {area.body}".casefold()
    tagged = Instrument.objects.filter(tags__name__iexact="effektmätning", status="published")
    assert tagged.exists()
    hits = found("effektmätning")
    assert ("Insikt", area.title) in hits
    for instrument in tagged:
        assert ("Instrument", instrument.name) in hits


def test_a_case_is_found_by_its_participants_and_outcome_measures(client):
    case = Case.objects.get(slug="norrkoping-socialt-utfallskontrakt")
    case.outcome_metrics.create(name="Kvarnstensmätning", order=99)
    for participation in case.participations.all():  # as the case form saves them
        participation.description = "Värdvandrare"
        participation.save()
    assert ("Exempel", case.title) in found("kvarnstensmätning")
    assert ("Exempel", case.title) in found("värdvandrare")
    # the case library's q filter uses the same words
    response = client.get("/fall/", {"q": "kvarnstensmätning"})
    assert [c.slug for c in response.context["cases"]] == [case.slug]


def test_more_words_narrow_the_result():
    one, two = search("utfallskontrakt"), search("utfallskontrakt barn")
    assert 0 < two.total < one.total
    for result in search("utfallskontrakt barn").results:
        case = Case.objects.get(title=result.title)
        text = " ".join(
            [case.title, case.lead, case.body, case.target_group, case.results]
        ).casefold()
        assert "utfallskontrakt" in text and "barn" in text, result.title


def test_a_typo_still_narrows_with_the_other_word():
    hits = found("utfalskontrakt barn")
    assert ("Exempel", "Norrköpings sociala utfallskontrakt för placerade barn och unga") in hits
    assert ("Instrument", "Sociala utfallskontrakt") not in hits


def test_a_synonym_counts_as_its_term_and_other_words_still_apply():
    assert "Norrköpings sociala utfallskontrakt för placerade barn och unga" in [
        title for _kind, title in found("SIB barn")
    ]
    assert len(found("SIB barn")) < len(found("SIB"))


def test_an_instrument_and_its_term_are_one_result_with_two_links(client):
    results = search("sociala utfallskontrakt").results
    named = [r for r in results if r.title == "Sociala utfallskontrakt"]
    assert [r.kind for r in named] == ["Instrument"]
    assert ("Begrepp", "Sociala utfallskontrakt", "/begrepp/#sociala-utfallskontrakt") in named[
        0
    ].also
    body = client.get("/sok/", {"q": "sociala utfallskontrakt"}).content.decode()
    item = re.search(r"<li>\s*<p class=\"result-kind\">Instrument</p>.*?</li>", body, re.S)
    assert 'href="/instrument/sociala-utfallskontrakt/"' in item.group()
    assert 'href="/begrepp/#sociala-utfallskontrakt"' in item.group()


def tabs(client, path, **params):
    body = client.get(path, params).content.decode()
    nav = re.search(r'<nav class="type-tabs" aria-label="[^"]+">(.*?)</nav>', body, re.S)
    assert nav, "no type tabs"
    return re.findall(r"<a [^>]*?(aria-current=\"page\")?>([^<]+)</a>", nav.group(1))


def test_type_filters_are_tabs_with_swedish_plurals(client):
    links = tabs(client, "/sok/", q="utfallskontrakt")
    labels = [label for _current, label in links]
    assert [current for current, _label in links].count('aria-current="page"') == 1
    assert links[0][0] and labels[0].startswith("Alla (")
    assert "Aktör (1)" in labels
    assert re.search(r"^Begrepp \(\d+\)$", " ".join(labels)) is None  # sanity of the regex
    assert any(re.fullmatch(r"Exempel \(\d+\)", label) for label in labels)
    selected = tabs(client, "/sok/", q="utfallskontrakt", typ="exempel")
    assert [label for current, label in selected if current][0].startswith("Exempel (")


def test_type_filters_have_english_plurals(client):
    with translation.override("en"):
        links = tabs(client, "/en/sok/", q="utfallskontrakt")
    labels = [label for _current, label in links]
    assert any(re.fullmatch(r"Cases \(\d+\)", label) for label in labels), labels
    assert "Organisation (1)" in labels, labels
    assert any(re.fullmatch(r"All \(\d+\)", label) for label in labels), labels
