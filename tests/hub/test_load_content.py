"""The report's content: counts, that every record is cited, and that loading
it again only seeds what is missing (``--reset`` alone overwrites, in
development)."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import Count

from cases.models import Case, County, Municipality, Organisation, Participation
from hub.content import load_content
from insights.models import Activity, Dialogue, InsightArea, Quote, Recommendation
from instruments.models import Citation, Instrument, Publication, Term
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


def load(*args):
    """Run ``load_content`` as an operator would; what it printed."""
    out = StringIO()
    call_command("load_content", *args, stdout=out)
    return out.getvalue()


NORRKOPING = "norrkoping-socialt-utfallskontrakt"
BOTKYRKA = "botkyrka-internt-utfallskontrakt"


def state(slug):
    """What curators may change on a case, and its number of versions."""
    case = Case.objects.get(slug=slug)
    return {
        "status": case.status,
        "lead": case.lead,
        "participations": sorted(case.participations.values_list("organisation__slug", "role")),
        "citations": sorted(case.citations.values_list("url", "locator")),
        "tags": sorted(case.tags.names()),
        "instruments": sorted(case.instruments.values_list("slug", flat=True)),
        "versions": case.history.count(),
    }


def curate(slug):
    """What a curator might do to a case: withdraw it, edit its lead, remove an
    investor, add an evaluator and a source, add a topic and take away its
    instruments."""
    case = Case.objects.get(slug=slug)
    case.status = Status.WITHDRAWN
    case.lead = "En ingress som redaktören har skrivit."
    case.save()
    case.participations.filter(role=Participation.Role.INVESTOR).delete()
    evaluator = Organisation.objects.exclude(participations__case=case).first()
    Participation.objects.create(case=case, organisation=evaluator, role="evaluator")
    Citation.objects.create(content_object=case, url="https://example.se/ny-kalla", order=99)
    case.tags.add("tillagt av redaktör")
    case.instruments.clear()
    return state(slug)


def test_loading_twice_creates_nothing():
    before = all_row_counts()
    report = load_content()
    assert report.created == {} and report.updated == {} and report.deleted == {}
    assert report.kept["cases.Case"] == Case.objects.count()
    assert all_row_counts() == before


def test_loading_leaves_a_curated_record_exactly_as_it_is():
    before = curate(NORRKOPING)
    assert before["status"] == Status.WITHDRAWN
    assert ("leksell-social-ventures", "investor") not in before["participations"]
    assert ("https://example.se/ny-kalla", "") in before["citations"]
    assert any(role == "evaluator" for _slug, role in before["participations"])
    assert "tillagt av redaktör" in before["tags"] and before["instruments"] == []
    rows = all_row_counts()

    out = load()

    assert state(NORRKOPING) == before  # still withdrawn, and no new version either
    assert all_row_counts() == rows
    assert "Nya poster: 0\n" in out
    assert "Poster som fanns och lämnades orörda: " in out
    assert f"  cases.Case: {Case.objects.count()}\n" in out


def test_a_record_a_curator_deleted_or_renamed_does_not_come_back():
    Case.objects.get(slug=BOTKYRKA).delete()
    renamed = Instrument.objects.get(slug="sociala-obligationer")
    renamed.slug = "obligationer-med-socialt-syfte"
    renamed.save()
    rows = all_row_counts()

    out = load()

    assert not Case.objects.filter(slug=BOTKYRKA).exists()
    assert not Instrument.objects.filter(slug="sociala-obligationer").exists()
    assert all_row_counts() == rows
    assert "Poster som redaktörer har tagit bort och som inte återskapades: 2\n" in out
    assert "  cases.Case: 1\n  instruments.Instrument: 1\n" in out


def test_a_record_missing_from_the_database_is_created_with_everything_it_holds():
    fixture = state(BOTKYRKA)
    Case.objects.get(slug=BOTKYRKA).delete()
    Case.history.filter(slug=BOTKYRKA).delete()  # as if it had never been there

    out = load()

    created = state(BOTKYRKA)
    del created["versions"], fixture["versions"]
    assert created == fixture and created["status"] == Status.PUBLISHED
    assert created["participations"] and created["citations"] and created["tags"]
    assert Case.objects.get(slug=BOTKYRKA).published_at is not None
    assert "Nya poster: " in out and "  cases.Case: 1\n" in out


def test_reset_is_refused_unless_debugging(settings):
    settings.DEBUG = False  # DJANGO_DEBUG=0
    before = curate(NORRKOPING)
    rows = all_row_counts()
    with pytest.raises(CommandError, match="får bara köras i utveckling"):
        load("--reset")
    assert state(NORRKOPING) == before
    assert all_row_counts() == rows


def test_reset_rebuilds_from_the_fixtures_when_debugging(settings):
    settings.DEBUG = True
    fixture = state(NORRKOPING)
    curate(NORRKOPING)
    Case.objects.get(slug=BOTKYRKA).delete()
    instrument = Instrument.objects.get(slug="sociala-obligationer")
    Instrument.objects.filter(pk=instrument.pk).update(lead="Fel ingress")
    versions = instrument.history.count()

    out = load("--reset")

    rebuilt = state(NORRKOPING)
    assert rebuilt.pop("versions") > fixture.pop("versions")
    assert rebuilt == fixture
    assert Case.objects.get(slug=BOTKYRKA).is_published
    instrument.refresh_from_db()
    assert instrument.lead.startswith("Obligationer som ges ut på kapitalmarknaden")
    assert instrument.history.count() == versions + 1  # the change is in its history
    assert "Poster återställda till fixturerna (--reset): " in out
    assert "  instruments.Instrument: 1\n" in out
