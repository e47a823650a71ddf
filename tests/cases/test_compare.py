"""Cases side by side: /fall/jamfor/?fall=a&fall=b[…], two to four published
cases on the same rows; a bad address answers 400 or 404 in Swedish."""

import pytest
from django.test import Client

from cases.models import Case
from publishing.models import Status

pytestmark = pytest.mark.django_db

NORRKOPING = "norrkoping-socialt-utfallskontrakt"
STOCKHOLM = "region-stockholm-halsoobligation"
URL = "/fall/jamfor/"


def get(query, prefix=""):
    return Client().get(f"{prefix}{URL}{query}")


def body(response):
    return (
        response.content.decode().replace("\u00a0", " ").replace("\u00ad", "").replace("&shy;", "")
    )


def picker(html):
    start = html.index('<form class="compare-picker"')
    return html[start : html.index("</form>", start)]


def test_norrkoping_and_stockholm_side_by_side_on_the_same_rows():
    response = get(f"?fall={NORRKOPING}&fall={STOCKHOLM}")
    assert response.status_code == 200
    html = body(response)
    table = html[html.index('class="compare-cases') : html.index("</table>")]
    for row in [
        "Instrument",
        "Skede",
        "Tid",
        "Plats",
        "Målgrupp",
        "Kapital i förskott",
        "Garanterad andel",
        "Tak för avkastningen",
        "Golv för avkastningen",
        "Högsta utfallsbetalning",
        "Utfallsbetalningar som gjorts",
        "Utfallsmått och resultat",
        "Resultat",
        "Lärdomar",
        "Källor",
    ]:
        assert f'<th scope="row">{row}</th>' in table, row
    assert "7 500 000–10 000 000 kr" in table and "Källorna går isär" in table
    assert "30 000 000 kr" in table and "−20 %" in table and "10 %" in table
    assert "Uppgift saknas i källorna" in table  # Stockholm's guaranteed share
    assert "avgör betalningen" in table and "följs bara upp" in table
    assert 'role="region"' in html and 'tabindex="0"' in html  # a marked scroll box
    assert 'data-label="Region Stockholms hälsoobligation mot typ 2-diabetes"' in table


def test_the_order_of_the_address_does_not_change_the_page():
    one = body(get(f"?fall={NORRKOPING}&fall={STOCKHOLM}"))
    other = body(get(f"?fall={STOCKHOLM}&fall={NORRKOPING}"))
    table = lambda html: html[html.index("<table") : html.index("</table>")]  # noqa: E731
    assert table(one) == table(other)


def test_four_cases_and_remove_links():
    slugs = [
        NORRKOPING,
        STOCKHOLM,
        "botkyrka-internt-utfallskontrakt",
        "orebro-sociala-investeringar",
    ]
    html = body(get("?" + "&".join(f"fall={s}" for s in slugs)))
    assert html.count('<th scope="col">') == 4
    assert html.count(">Ta bort<") == 4
    form = picker(html)
    assert form.count('type="checkbox"') == form.count("checked") == 4  # no more to add


def test_one_case_offers_cases_to_compare_with_in_a_plain_form():
    response = get(f"?fall={NORRKOPING}")
    assert response.status_code == 200
    html = body(response)
    assert "Välj minst ett exempel till" in html
    form = picker(html)
    assert 'method="get"' in form
    assert f'value="{NORRKOPING}" id="val-{NORRKOPING}" checked' in form
    assert f'value="{STOCKHOLM}"' in form
    # cases sharing an instrument come first
    assert form.index("botkyrka-internt-utfallskontrakt") < form.index(
        "orebro-sociala-investeringar"
    )


@pytest.mark.parametrize(
    "query, status, message",
    [
        ("?fall=finns-inte&fall=" + NORRKOPING, 404, "Vi hittar inget publicerat exempel"),
        ("?fall=%3Cscript%3E&fall=" + NORRKOPING, 400, "kortnamn som inte kan finnas"),
        ("?fall=a&fall=b&fall=c&fall=d&fall=e", 400, "högst fyra exempel"),
    ],
)
def test_bad_addresses_answer_in_swedish(query, status, message):
    response = get(query)
    assert response.status_code == status
    html = body(response)
    assert message in html and 'role="alert"' in html
    assert "<script>" not in html


def test_drafts_never_appear():
    Case.objects.filter(slug=STOCKHOLM).update(status=Status.DRAFT)
    assert get(f"?fall={NORRKOPING}&fall={STOCKHOLM}").status_code == 404
    html = body(get(f"?fall={NORRKOPING}"))
    assert STOCKHOLM not in html


def test_repeated_slugs_count_once():
    response = get(f"?fall={NORRKOPING}&fall={NORRKOPING}&fall={STOCKHOLM}")
    assert response.status_code == 200
    assert body(response).count('<th scope="col">') == 2


def test_the_english_page():
    response = get(f"?fall={NORRKOPING}&fall={STOCKHOLM}", prefix="/en")
    assert response.status_code == 200
    assert 'lang="en"' in body(response)
