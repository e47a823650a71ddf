"""A case cites the report only where the report names its place or
organisation, at the sections it cites; a stage a source gives as of its date
is shown with that date; figures the sources disagree on are shown as such."""

import re

import pytest
import yaml
from django.conf import settings

from cases.models import Case
from instruments.models import Citation
from tests.pages import page_html

pytestmark = pytest.mark.django_db


def page(client, path, params=None):
    """The page's text as a reader sees it: without the soft hyphens that long
    words get."""
    return page_html(client.get(path, params or {}))


REPORT = "rapport-2020-2"


def named_in_report():
    with open(settings.BASE_DIR / "fixtures" / "report.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)["cases"]


def case_citations(case):
    return Citation.objects.filter(content_type__model="case", object_id=case.pk)


def test_no_case_cites_the_report_unless_the_report_names_it_where_cited():
    kept = named_in_report()
    citing = 0
    for case in Case.objects.prefetch_related(
        "municipalities", "counties", "participations__organisation"
    ):
        cited = case_citations(case).filter(publication__slug=REPORT)
        if not cited.exists():
            continue
        citing += 1
        assert case.slug in kept, f"{case.slug} cites the report, which does not name it"
        names = kept[case.slug]["names"]
        own = [m.name for m in case.municipalities.all()] + [
            p.organisation.name for p in case.participations.all()
        ]
        assert any(names in name for name in own), f"{case.slug}: {names!r} is not the case's"
        passages = kept[case.slug]["passages"]
        for passage in passages:
            assert names in passage["text"]
        where = {passage["section"] for passage in passages}
        for citation in cited:
            sections = set(re.findall(r"\d+(?:\.\d+)*", citation.locator.split("fotnot")[0]))
            assert sections and sections <= where, (
                f"{case.slug}: the report does not name it in {sections - where}"
            )
    assert citing == 4


@pytest.mark.parametrize(
    "slug",
    [
        "norrkopings-sociala-investeringsfond",
        "orebro-sociala-investeringar",
        "stadsmissionshalsan-region-skane",
        "stockholms-stadsmission-sl",
    ],
)
def test_cases_the_report_does_not_mention_do_not_cite_it(slug):
    case = Case.objects.get(slug=slug)
    assert not case_citations(case).filter(publication__slug=REPORT).exists()
    assert case_citations(case).exists()


def test_a_stage_known_only_from_an_old_source_is_shown_with_its_date(client):
    html = page(client, "/fall/stadsmissionshalsan-region-skane/")
    facts = html.split('class="facts"', 1)[1].split("</dl>", 1)[0]
    assert "Genomförande" in facts and "enligt källan från 2017" in facts
    assert "källorna kontrollerades senast" in facts


def test_a_planned_end_is_not_shown_as_the_end():
    case = Case.objects.get(slug="stockholms-stadsmission-sl")
    assert case.stage == Case.Stage.IMPLEMENTATION and case.end_year is None
    assert case.stage_note == "enligt källan från 2020"
    assert "2025" in case.figures_conflict_note


def test_every_case_the_report_does_not_date_as_finished_says_as_of_when():
    for slug in [
        "region-stockholm-halsoobligation",
        "stadsmissionshalsan-region-skane",
        "stockholms-stadsmission-sl",
        "ornskoldsvik-internt-utfallskontrakt",
    ]:
        assert Case.objects.get(slug=slug).stage_note, slug


def test_the_health_bond_shows_both_what_happens_if_it_fails():
    note = Case.objects.get(slug="region-stockholm-halsoobligation").figures_conflict_note
    assert "ingen ränta på sina pengar" in note and "−20 procent" in note


def test_norrkoping_credits_each_figure_to_the_source_that_gives_it():
    case = Case.objects.get(slug="norrkoping-socialt-utfallskontrakt")
    assert "Upp till 10 miljoner kronor i lån enligt Norrköpings Tidningar" not in (
        case.figures_conflict_note
    )
    assert "”investerar tio miljoner kronor”" in case.figures_conflict_note
    assert "första kvartalet 2019" not in case.body
    assert "diva-portal.org/smash/resultList" not in " ".join(
        c.publication.url for c in case_citations(case) if c.publication
    )
