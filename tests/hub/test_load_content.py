"""The report's content: counts, idempotent loading, and that every record is cited."""

import pytest
from django.apps import apps
from django.db.models import Count

from cases.models import Case, County, Municipality
from hub.content import load_content
from insights.models import Activity, Dialogue, InsightArea, Quote, Recommendation
from instruments.models import Instrument, Publication, Term
from publishing.models import CuratedModel, Status

pytestmark = pytest.mark.django_db

INVENTORY = {
    Instrument: 5,
    InsightArea: 6,
    Quote: 32,
    Activity: 4,
    Recommendation: 4,
    Dialogue: 19,
    County: 21,
    Municipality: 290,
}


def all_row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.parametrize("model, expected", INVENTORY.items(), ids=lambda v: str(v))
def test_inventory_counts(model, expected):
    assert model.objects.count() == expected


def test_reading_list_has_the_nine_items_in_order():
    reading = Publication.objects.filter(in_reading_list=True).order_by("reading_list_order")
    assert reading.count() == 9
    assert list(reading.values_list("reading_list_order", flat=True)) == list(range(1, 10))
    assert reading.first().title.startswith("Regeringens strategi för sociala företag")


def test_at_least_four_cases_with_the_report_examples():
    assert Case.objects.count() >= 4
    for slug in (
        "norrkoping-socialt-utfallskontrakt",
        "botkyrka-internt-utfallskontrakt",
        "ornskoldsvik-internt-utfallskontrakt",
        "region-stockholm-halsoobligation",
    ):
        assert Case.objects.filter(slug=slug, status=Status.PUBLISHED).exists()


def test_quotes_use_exactly_the_five_roles():
    roles = set(Quote.objects.values_list("role", flat=True))
    assert roles == set(Quote.Role.values)
    assert len(roles) == 5


def test_ocr_slips_are_fixed_and_quotes_kept_word_for_word():
    assert not Quote.objects.filter(text__contains="ldéburen").exists()
    quote = Quote.objects.get(text__startswith="Det lätta är instrumentet")
    assert quote.role == Quote.Role.REGION
    assert quote.text == (
        "Det lätta är instrumentet. Det svåra är de interna strukturerna inom det "
        "offentliga Sverige. Om man inte löser det kommer ingenting hända."
    )
    chapter5 = Quote.objects.get(section="5")
    assert chapter5.role == Quote.Role.CIVIL_SOCIETY
    assert chapter5.text.startswith("Alla kallar det här för olika saker.")


def test_every_case_has_an_instrument_a_participation_and_a_citation():
    cases = Case.objects.annotate(
        n_instruments=Count("instruments", distinct=True),
        n_participations=Count("participations", distinct=True),
        n_citations=Count("citations", distinct=True),
    )
    for case in cases:
        assert case.n_instruments >= 1, case
        assert case.n_participations >= 1, case
        assert case.n_citations >= 1, case


def test_every_instrument_has_a_synonym_and_a_citation():
    for instrument in Instrument.objects.all():
        synonyms = [s.text for term in instrument.terms.all() for s in term.synonyms.all()]
        assert synonyms, instrument
        assert instrument.citations.exists(), instrument


@pytest.mark.parametrize(
    "model",
    [m for m in apps.get_models() if issubclass(m, CuratedModel) and m is not Publication],
    ids=lambda m: m._meta.label,
)
def test_every_curated_record_cites_a_source(model):
    uncited = [obj for obj in model.objects.all() if not obj.citations.exists()]
    assert uncited == []


def test_synonyms_the_report_names_are_in_the_glossary():
    names = {
        "SIB": "sociala-utfallskontrakt",
        "social impact bond": "sociala-utfallskontrakt",
        "social outcome contract": "sociala-utfallskontrakt",
        "effektupphandling": "upphandling-med-fokus-pa-utfall",
        "funktionsupphandling": "upphandling-med-fokus-pa-utfall",
        "innovationsupphandling": "upphandling-med-fokus-pa-utfall",
        "utfallsupphandling": "upphandling-med-fokus-pa-utfall",
        "Payment by Results": "utfallsbaserad-ersattning",
        "Pay-for-Performance": "utfallsbaserad-ersattning",
        "IOP": "ideburet-offentligt-partnerskap",
    }
    for synonym, term in names.items():
        assert Term.objects.get(synonyms__text=synonym).slug == term


def test_sources_that_disagree_are_both_shown():
    norrkoping = Case.objects.get(slug="norrkoping-socialt-utfallskontrakt")
    assert "7,5 miljoner" in norrkoping.figures_conflict_note
    assert "10 miljoner" in norrkoping.figures_conflict_note
    bond = Case.objects.get(slug="region-stockholm-halsoobligation")
    assert "221" in bond.figures_conflict_note and "210" in bond.figures_conflict_note


def test_unknown_amounts_stay_empty_not_zero():
    botkyrka = Case.objects.get(slug="botkyrka-internt-utfallskontrakt")
    assert botkyrka.investment_sek is None
    assert botkyrka.total_cost_sek is None
    assert not Case.objects.filter(investment_sek=0).exists()


def test_geography_keeps_codes_as_strings_and_uses_short_names():
    assert County.objects.get(code="01").name == "Stockholms län"
    assert Municipality.objects.get(code="0581").official_name == "Norrköpings kommun"
    kalmar = Municipality.objects.get(code="0880")
    assert str(kalmar) == "Kalmar"
    assert {m.slug for m in Municipality.objects.filter(name__in=["Håbo", "Habo"])} == {
        "habo-0305",
        "habo-0643",
    }


def test_loading_twice_changes_nothing():
    before = all_row_counts()
    report = load_content()
    assert report.created == {} and report.updated == {}
    assert all_row_counts() == before


def test_loading_restores_an_edited_record_and_records_it_in_history():
    instrument = Instrument.objects.get(slug="sociala-obligationer")
    versions = instrument.history.count()
    Instrument.objects.filter(pk=instrument.pk).update(lead="Fel ingress")
    report = load_content()
    instrument.refresh_from_db()
    assert instrument.lead.startswith("Obligationer som ges ut på kapitalmarknaden")
    assert report.updated == {"instruments.Instrument": 1}
    assert instrument.history.count() == versions + 1
