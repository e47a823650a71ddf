"""Lists that grow with the cases show the newest few, say how many there are
in all and lead on to the whole list: a page stays the same size with 10 000
cases as with 10."""

import re

import pytest

from cases.models import Case, Organisation
from instruments.models import Instrument
from publishing.models import Status
from tests import growth

pytestmark = pytest.mark.django_db


def newest(queryset, n):
    return list(queryset.published().newest()[:n])


def case_links(html):
    return re.findall(r'href="/fall/(massfall-\d+)/"', html)


def test_instrument_page_shows_the_newest_ten_and_counts_all(client):
    growth.add_cases(60)  # spread over the five instruments
    instrument = Instrument.objects.get(slug="sociala-utfallskontrakt")
    total = instrument.cases.published().count()
    assert total > 10
    html = client.get(instrument.get_absolute_url()).content.decode()
    shown = [c.slug for c in newest(instrument.cases, 10)]
    assert case_links(html) == [slug for slug in shown if slug.startswith("massfall")]
    assert f"Visar de 10 senast tillagda av {total} exempel." in html
    assert f"Visa alla {total} i exempelbiblioteket" in html


def test_comparison_shows_five_per_instrument_and_links_to_the_rest(client):
    growth.add_cases(60)
    html = client.get("/instrument/jamfor/").content.decode()
    for instrument in Instrument.objects.published():
        total = instrument.cases.published().count()
        if total > 5:
            assert f'?instrument={instrument.slug}">Alla {total} exempel</a>' in html
    assert len(case_links(html)) == 5 * 5


def test_organisation_page_lists_its_cases_twenty_to_a_page(client):
    growth.add_cases(45)
    organisation = Organisation.objects.published().first()  # the one growth uses
    total = organisation.participations.filter(case__status=Status.PUBLISHED).count()
    pages = [
        case_links(client.get(organisation.get_absolute_url(), {"sida": n}).content.decode())
        for n in (1, 2, 3)
    ]
    assert [len(page) for page in pages][:2] == [20, 20]
    massfall = [c.slug for c in Case.objects.filter(slug__startswith="massfall")]
    assert sorted(sum(pages, [])) == sorted(massfall)  # each case once, none lost
    assert total >= 45
    assert "Sida 1 av" in client.get(organisation.get_absolute_url()).content.decode()


def test_topic_page_shows_twenty_cases_and_counts_all(client):
    growth.add_cases(300)  # 30 on each of ten topics
    html = client.get("/amnen/amne-1/").content.decode()
    assert len(case_links(html)) == 20
    assert "Visar de 20 senast tillagda av 30 exempel." in html
    assert 'href="/fall/?amne=amne-1"' in html
