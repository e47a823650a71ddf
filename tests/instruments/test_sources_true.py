"""Content true to its sources: every citation of the report points at a
section and footnote the report has, every chooser reason is the report's
words or marked as the hub's summary, and every glossary synonym is the
report's, a cited source's, or marked as the hub's own search word.

The report's headings, footnotes, passages and synonyms are kept as data in
``fixtures/report.yaml``; the last test checks that data against the report's
text where a checkout has it beside the project (a fresh clone does not).
"""

import re

import pytest
import yaml
from django.conf import settings
from django.template.loader import render_to_string

from insights.models import KeyFigure, Quote
from instruments.chooser import Reason, chooser
from instruments.models import Citation, Definition, Instrument, Publication, Subform, Synonym, Term
from tests.pages import page_html

pytestmark = pytest.mark.django_db


def page(client, path, params=None):
    """The page's text as a reader sees it: without the soft hyphens that long
    words get."""
    return page_html(client.get(path, params or {}))


REPORT = "rapport-2020-2"


def report_data():
    with open(settings.BASE_DIR / "fixtures" / "report.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def parse_locator(locator):
    """``"avsnitt 5.1 och 5.4, fotnot 19"`` → ({"5.1", "5.4"}, {19}); ``None``
    when the locator does not start with a section or chapter."""
    if not re.match(r"(avsnitt|kapitel) \d", locator):
        return None
    sections, _, notes = locator.partition("fotnot")
    footnotes = set()
    for start, end in re.findall(r"(\d+)(?:[–-](\d+))?", notes):
        footnotes.update(range(int(start), int(end or start) + 1))
    return set(re.findall(r"\d+(?:\.\d+)*", sections)), footnotes


def test_the_locator_parser_reads_sections_footnotes_and_ranges():
    assert parse_locator("avsnitt 5.1 och 5.4, fotnot 19") == ({"5.1", "5.4"}, {19})
    assert parse_locator("avsnitt 1 och 1.1, fotnot 4–6") == ({"1", "1.1"}, {4, 5, 6})
    assert parse_locator("kapitel 6, inledningen") == ({"6"}, set())
    assert parse_locator("sidan 3") is None


def test_every_citation_of_the_report_points_at_sections_and_footnotes_it_has():
    data = report_data()
    sections, footnotes = set(data["sections"]), data["footnotes"]
    locators = [c.locator for c in Citation.objects.filter(publication__slug=REPORT)]
    locators += [d.locator for d in Definition.objects.filter(publication__slug=REPORT)]
    assert len(locators) > 50
    for locator in locators:
        assert locator, "a citation of the report names where in it"
        parsed = parse_locator(locator)
        assert parsed is not None, f"{locator!r}: give the section (avsnitt 5.1) or chapter"
        cited, notes = parsed
        assert cited <= sections, f"{locator!r}: the report has no section {cited - sections}"
        for note in notes:
            assert note in footnotes, f"{locator!r}: the report has no footnote {note}"
            assert footnotes[note] in cited, (
                f"{locator!r}: footnote {note} stands in {footnotes[note]}, not cited here"
            )


def test_every_report_section_a_record_names_is_a_heading_of_the_report():
    sections = set(report_data()["sections"])
    named = {
        *Instrument.objects.values_list("report_section", flat=True),
        *Subform.objects.values_list("report_section", flat=True),
        *Term.objects.values_list("report_section", flat=True),
        *Quote.objects.values_list("section", flat=True),
        *KeyFigure.objects.values_list("section", flat=True),
    } - {""}
    for question in chooser().questions:
        for reasons in question.reasons.values():
            named |= {reason.section for reason in reasons}
    named |= {chooser().legal.section, chooser().combine.section}
    assert named - sections == set()


def bare(text):
    return " ".join(text.replace('"', " ").replace("”", " ").split()).rstrip(".").casefold()


def kept_passages():
    """(section, words) of every passage the project keeps word for word:
    the report's passages and the 32 quotes."""
    kept = [(p["section"], bare(p["text"])) for p in report_data()["passages"]]
    kept += [(q.section, bare(q.text)) for q in Quote.objects.all()]
    return kept


def all_reasons():
    for question in chooser().questions:
        for value, reasons in question.reasons.items():
            for reason in reasons:
                yield question.name, value, reason


def test_every_chooser_quote_is_a_passage_the_project_keeps_word_for_word():
    kept = kept_passages()
    reasons = list(all_reasons())
    assert len(reasons) > 20
    caveats = [chooser().legal, chooser().combine]
    for reason in [r for _, _, r in reasons] + caveats:
        words = bare(reason.quote)
        assert any(section == reason.section and words in text for section, text in kept), (
            f"not the report's words in {reason.section}: {reason.quote!r}"
        )


def test_a_reasons_note_is_shown_marked_as_the_hubs_summary_after_the_quote():
    html = render_to_string(
        "instruments/includes/reason.html",
        {"reason": Reason("x", 1, "Rapportens ord.", "5.1", note="Våra ord.")},
    )
    assert html.index("Rapportens ord.") < html.index("Hubbens sammanfattning:")
    assert "<strong>Hubbens sammanfattning:</strong> Våra ord." in html
    plain = render_to_string(
        "instruments/includes/reason.html", {"reason": Reason("x", 1, "Bara ord.", "5.2")}
    )
    assert "sammanfattning" not in plain


def test_every_note_on_the_chooser_page_is_marked_as_the_hubs_summary(client):
    for name, value, reason in all_reasons():
        if not reason.note:
            continue
        html = page(client, "/instrument/valj/", {name: value})
        assert f"<strong>Hubbens sammanfattning:</strong> {reason.note}" in html, reason.note


@pytest.mark.parametrize(
    "claim",
    [
        "ingen värdering i pengar",
        "ingen annan part bär risken",
        "men inga externa investerare",
        "effekter inom den tiden går att följa",
    ],
)
def test_the_chooser_no_longer_claims_what_the_report_does_not(client, claim):
    notes = " ".join(str(reason.note) for _, _, reason in all_reasons())
    assert claim not in notes
    assert claim not in page(client, "/instrument/valj/", {"tid": "kort"})


def test_an_answer_the_report_says_nothing_about_moves_no_form(client):
    html = page(client, "/instrument/valj/", {"tid": "kort"})
    assert "Rapporten säger inget om formen i det du svarat" in html
    assert "Men jag har ingen aning" not in html


def test_every_glossary_synonym_is_the_reports_a_cited_sources_or_a_search_aid():
    given = {
        (slug, item["text"].casefold())
        for slug, items in report_data()["synonyms"].items()
        for item in items
        if item["text"].casefold() in item["passage"].casefold()
    }
    synonyms = Synonym.objects.select_related("term")
    assert synonyms.count() > 30
    for synonym in synonyms:
        if synonym.search_aid:
            continue
        if (synonym.term.slug, synonym.text.casefold()) in given:
            continue
        notes = Citation.objects.filter(
            content_type__model="term", object_id=synonym.term.pk
        ).exclude(publication__slug=REPORT)
        assert any(synonym.text.casefold() in c.note.casefold() for c in notes), (
            f"{synonym.term.slug}: {synonym.text!r} is not the report's, no cited source "
            "gives it, and it is not marked as a search aid"
        )


@pytest.mark.parametrize(
    "term, word",
    [
        ("sociala-utfallskontrakt", "SOC"),
        ("social-investeringsfond", "social investment fund"),
        ("utfallskopare", "utfallsbetalare"),
        ("utfallskopare", "outcome payer"),
        ("projektorganisation", "intermediär"),
        ("projektorganisation", "intermediary"),
        ("sociala-foretag", "socialt företagande"),
        ("sociala-foretag", "sociala entreprenörer"),
    ],
)
def test_synonyms_the_report_does_not_give_are_marked_as_search_aids(term, word):
    assert Synonym.objects.get(term__slug=term, text=word).search_aid


def test_the_glossary_shows_search_aids_apart_and_says_whose_they_are(client):
    html = page(client, "/begrepp/")
    assert "Hubbens egna sökord" in html and "kommer inte från rapporten" in html
    entry = html.split('id="sociala-utfallskontrakt"', 1)[1].split("</article>", 1)[0]
    named, aids = entry.split("Hubbens egna sökord, inte rapportens:", 1)
    assert "Kallas även:" in named and ">SIB<" in named and ">SOC<" not in named
    assert ">SOC<" in aids


def test_lou_is_one_of_the_procurement_laws_not_all_of_them():
    lou = Term.objects.get(slug="lou")
    assert "upphandlingslagarna" not in {s.text for s in lou.synonyms.all()}
    laws = Term.objects.get(slug="upphandlingslagstiftningen")
    assert "upphandlingslagarna" in {s.text for s in laws.synonyms.all()}
    assert "LOU är en av dem" in laws.definition


def test_the_audience_page_says_what_51_says_about_procurement(client):
    html = page(client, "/for/offentliga-aktorer/")
    assert "I vissa avtalsrättsliga relationer" in html and "i varje led" in html
    assert "Den kan gälla i varje led" not in html


def test_the_investor_page_says_who_bears_the_risk_as_the_report_does(client):
    html = page(client, "/for/investerare/")
    assert "externt kapital tar en ekonomisk risk" not in html
    assert "samma ränta och kreditexponering" in html
    assert "i praktiken också investerare" in html


def test_the_social_enterprise_page_gives_no_definition_the_report_does_not(client):
    html = page(client, "/for/sociala-foretag/")
    assert "Företag som drivs för att lösa samhällsutmaningar" not in html
    assert "ingen" in html and "fast definition" in html


@pytest.mark.parametrize(
    "slug, footnote",
    [
        ("nod", "fotnot 11"),
        ("regeringsbeslut-sociala-foretag", "fotnot 13"),
        ("icma-green-bond-principles-2018", "fotnot 18"),
        ("icma-social-bond-principles-2020", "fotnot 18"),
        ("uhm-remissvar-sou-2019-59", "avsnitt 5.5"),
    ],
)
def test_sources_the_report_names_are_publications_that_records_cite(slug, footnote):
    publication = Publication.objects.get(slug=slug)
    assert footnote in publication.description
    assert publication.citations.exists()


@pytest.mark.parametrize("slug", ["nationellt-kompetenscenter", "statlig-utfallsfond"])
def test_the_ideas_of_chapter_6_have_glossary_entries(slug):
    term = Term.objects.get(slug=slug)
    assert term.citations.filter(publication__slug=REPORT).exists()


def test_the_instrument_page_labels_its_quotes_as_the_hubs_selection(client):
    html = page(client, "/instrument/social-investeringsfond/")
    quotes = html.split('id="quotes"', 1)[1]
    assert "Citaten är vårt urval" in quotes.split("<figure", 1)[0]
