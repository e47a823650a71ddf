"""``load_content --corrections``: a database seeded from the earlier fixtures
gets the corrected wording where a field still holds the exact old value,
with the change in its history; a curator's edit is left as it is."""

from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from cases.models import Case
from hub.content import load_content
from instruments.models import Audience, Citation, Publication, Synonym, Term

pytestmark = pytest.mark.django_db

OLD_INVESTOR_BULLET = (
    "Sociala utfallskontrakt och sociala obligationer är de former där externt kapital "
    "tar en ekonomisk risk (avsnitt 5.1 och 5.3)."
)


def seeded_as_before():
    """Put a few records back to what the earlier fixtures seeded."""
    sl = Case.objects.get(slug="stockholms-stadsmission-sl")
    Case.objects.filter(pk=sl.pk).update(
        stage=Case.Stage.COMPLETED, end_year=2025, end_month=6, stage_note=""
    )
    orebro = Case.objects.get(slug="orebro-sociala-investeringar")
    Citation.objects.create(
        content_type=ContentType.objects.get_for_model(Case),
        object_id=orebro.pk,
        publication=Publication.objects.get(slug="rapport-2020-2"),
        locator="avsnitt 5.2",
        order=9,
    )
    Synonym.objects.create(term=Term.objects.get(slug="lou"), text="upphandlingslagarna")
    Synonym.objects.filter(term__slug="sociala-utfallskontrakt", text="SOC").update(
        search_aid=False
    )
    return sl, orebro


def test_corrections_fix_seeded_wording_and_history_records_it():
    sl, orebro = seeded_as_before()
    before = sl.history.count()
    report = load_content(corrections=True)
    sl.refresh_from_db()
    assert sl.stage == Case.Stage.IMPLEMENTATION and sl.end_year is None
    assert sl.stage_note == "enligt källan från 2020"
    assert sl.history.count() == before + 1
    assert not Citation.objects.filter(
        content_type__model="case", object_id=orebro.pk, publication__slug="rapport-2020-2"
    ).exists()
    assert not Synonym.objects.filter(term__slug="lou", text="upphandlingslagarna").exists()
    assert Synonym.objects.get(term__slug="sociala-utfallskontrakt", text="SOC").search_aid
    assert report.corrected["cases.Case"] >= 1


def test_corrections_leave_a_curators_edit_alone_and_change_nothing_twice():
    investors = Audience.objects.get(slug="investerare")
    edited = investors.body.replace("Vem som bär risken", "Vem som bär risken (redaktörens rubrik)")
    investors.body = edited
    investors.save()
    load_content(corrections=True)
    investors.refresh_from_db()
    assert investors.body == edited
    again = load_content(corrections=True)
    assert again.corrected == {} and again.created == {}


def test_an_old_bullet_that_a_curator_did_not_touch_is_corrected():
    investors = Audience.objects.get(slug="investerare")
    old_body = investors.body.split("\n")
    assert any("Vem som bär risken" in line for line in old_body)
    # What the earlier fixtures seeded, word for word, is in corrections.yaml:
    from publishing.content import ContentLoader

    old = next(
        item["fields"]["body"]["old"]
        for item in ContentLoader().read("corrections.yaml")
        if item["model"] == "instruments.Audience" and item["match"] == {"slug": "investerare"}
    )
    assert OLD_INVESTOR_BULLET in old
    Audience.objects.filter(pk=investors.pk).update(body=old)
    load_content(corrections=True)
    investors.refresh_from_db()
    assert OLD_INVESTOR_BULLET not in investors.body
    assert "samma ränta och kreditexponering" in investors.body


def test_the_command_takes_corrections_and_says_what_it_corrected():
    seeded_as_before()
    out = StringIO()
    call_command("load_content", "--corrections", stdout=out)
    assert "Poster rättade enligt fixtures/corrections.yaml" in out.getvalue()
