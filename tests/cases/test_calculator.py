"""Räkna på ett utfallskontrakt (/rakna/): the model computed by hand and
checked to the krona, on the page and in the functions; inputs from a case
marked as from sources; bad input answered in Swedish with 400."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from cases.calculator import (
    FULLY,
    NOT_REACHED,
    PARTLY,
    Terms,
    kronor,
    max_outcome_payment,
    scenarios,
)

pytestmark = pytest.mark.django_db

NORRKOPING = "norrkoping-socialt-utfallskontrakt"


def get(query, prefix=""):
    return Client().get(f"{prefix}/rakna/{query}")


def body(response):
    return (
        response.content.decode().replace("\u00a0", " ").replace("\u00ad", "").replace("&shy;", "")
    )


def figure(html, name):
    """The amount in the cell marked ``data-figure=name``, in kronor."""
    match = re.search(rf'data-figure="{name}">([^<]+)<', html)
    assert match, name
    return int(match.group(1).replace(" ", "").replace("kr", "").replace("−", "-"))


# -- the pure model, by hand -------------------------------------------------------


def test_norrkoping_terms_by_hand():
    # 10 000 000 kr, 40 % guaranteed, return capped at 20 %, half the target, 3 years
    terms = Terms(10_000_000, Decimal(40), Decimal(20), 3, savings=9_000_000)
    none, partly, fully = scenarios(terms, Decimal(50))
    # guaranteed 10 000 000 × 0,40 = 4 000 000; at risk 6 000 000; return at most 2 000 000
    assert (none.guaranteed, none.contingent, none.interest) == (4_000_000, 0, 0)
    assert (partly.guaranteed, partly.contingent, partly.interest) == (
        4_000_000,
        3_000_000,
        1_000_000,
    )
    assert (fully.guaranteed, fully.contingent, fully.interest) == (4_000_000, 6_000_000, 2_000_000)
    assert [s.payer_total for s in (none, partly, fully)] == [4_000_000, 8_000_000, 12_000_000]
    assert [s.investor_net(10_000_000) for s in (none, partly, fully)] == [
        -6_000_000,
        -2_000_000,
        2_000_000,
    ]
    # public value 9 000 000 × share; net = value − what the payer pays
    assert [s.public_value for s in (none, partly, fully)] == [0, 4_500_000, 9_000_000]
    assert [s.public_net for s in (none, partly, fully)] == [-4_000_000, -3_500_000, -3_000_000]
    assert fully.value_per_year == 3_000_000
    assert max_outcome_payment(terms) == 8_000_000


def test_rounding_to_the_krona_by_hand():
    # 1 234 567 kr, 12,5 % guaranteed, cap 7 %, 33 % of the target
    terms = Terms(1_234_567, Decimal("12.5"), Decimal(7), 2)
    _none, partly, fully = scenarios(terms, Decimal(33))
    # guaranteed 1 234 567 × 0,125 = 154 320,875 → 154 321; at risk 1 080 246
    assert partly.guaranteed == 154_321
    # contingent 1 080 246 × 0,33 = 356 481,18 → 356 481
    assert partly.contingent == 356_481
    # highest return 1 234 567 × 0,07 = 86 419,69 → 86 420; × 0,33 = 28 518,6 → 28 519
    assert fully.interest == 86_420 and partly.interest == 28_519
    assert partly.payer_total == 154_321 + 356_481 + 28_519 == 539_321
    assert partly.public_value is None and partly.public_net is None
    assert max_outcome_payment(terms) == 1_080_246 + 86_420
    assert kronor(Decimal("0.5")) == 1 and kronor(Decimal("2.49")) == 2


# -- the page ----------------------------------------------------------------------


def test_the_page_shows_the_hand_computed_figures_to_the_krona():
    response = get("?investering=10+000+000&garanti=40&tak=20&utfall=50&besparing=9000000&ar=3")
    assert response.status_code == 200
    html = body(response)
    expected = {
        NOT_REACHED: (4_000_000, -6_000_000, -4_000_000),
        PARTLY: (8_000_000, -2_000_000, -3_500_000),
        FULLY: (12_000_000, 2_000_000, -3_000_000),
    }
    for key, (payer, investor, public) in expected.items():
        assert figure(html, f"payer-{key}") == payer
        assert figure(html, f"investor-{key}") == investor
        assert figure(html, f"public-{key}") == public
    assert "Målet nås inte (0 % av målet)" in html
    assert "Målet nås delvis (50 % av målet)" in html
    assert "Målet nås helt (100 % av målet)" in html
    # every formula in plain Swedish, with the figures
    assert (
        "Garanterad återbetalning = investerat belopp × garanterad andel = "
        "10 000 000 kr × 40 % = 4 000 000 kr." in html
    )
    assert (
        "Högsta utfallsbetalning = kapital med risk + högsta avkastning = "
        "6 000 000 kr + 2 000 000 kr = 8 000 000 kr." in html
    )
    assert "Offentligt värde (omkring 1 500 000 kr per år)" in html
    assert "År 3" in html and "Vid start (år 0)" in html
    # not advice, with the report's sections
    assert "Illustrativt, inte rådgivning." in html
    assert 'href="/instrument/sociala-utfallskontrakt/"' in html
    assert 'href="/instrument/upphandling-med-fokus-pa-utfall/"' in html
    assert 'href="/instrument/#kommentar-om-lou"' in html
    # a chart with its text, no style attributes (the CSP forbids them)
    assert 'class="calc-chart"' in html and "Betalaren betalar: 12 000 000 kr" in html
    assert "style=" not in html


def test_rounded_figures_on_the_page():
    html = body(get("?investering=1234567&garanti=12,5&tak=7&utfall=33&ar=2"))
    assert figure(html, f"payer-{PARTLY}") == 539_321
    assert figure(html, f"investor-{PARTLY}") == 539_321 - 1_234_567
    assert figure(html, f"payer-{NOT_REACHED}") == 154_321
    assert figure(html, f"payer-{FULLY}") == 1_234_567 + 86_420
    assert 'data-figure="public-' not in html  # no value given: no public net
    assert "12,5 %" in html


def test_prefilled_from_norrkoping_says_what_came_from_sources():
    response = get(f"?fall={NORRKOPING}")
    assert response.status_code == 200
    html = body(response)
    assert 'name="investering" value="10 000 000"' in html
    assert 'name="garanti" value="40"' in html
    assert 'name="tak" value="20"' in html
    assert html.count("Från källan:") == 3
    assert "Källorna går isär; förifyllt med det högsta värdet." in html
    assert "7 500 000–10 000 000 kr" in html
    assert html.count("Förval på sidan, inte från någon källa") == 2  # outcome and years
    assert "Källorna anger inte det här för exemplet" in html  # the public value
    assert figure(html, f"payer-{FULLY}") == 12_000_000
    assert f'<input type="hidden" name="fall" value="{NORRKOPING}">' in html


def test_a_changed_investment_is_the_visitors_own_and_recomputed():
    html = body(get(f"?fall={NORRKOPING}&investering=5000000&garanti=40&tak=20&utfall=50&ar=3"))
    assert html.count("Från källan:") == 2
    assert "Ditt eget antagande." in html
    # 5 000 000: guaranteed 2 000 000; partly 2 000 000 + 1 500 000 + 500 000
    assert figure(html, f"payer-{NOT_REACHED}") == 2_000_000
    assert figure(html, f"payer-{PARTLY}") == 4_000_000
    assert figure(html, f"payer-{FULLY}") == 6_000_000


def test_a_case_without_a_guaranteed_share_asks_for_it():
    html = body(get("?fall=region-stockholm-halsoobligation"))
    assert 'name="investering" value="30 000 000"' in html
    assert 'name="ar" value="5"' in html
    assert "Golv för avkastningen" in html  # shown beside the form
    assert 'data-figure="payer-' not in html


@pytest.mark.parametrize(
    "query, message",
    [
        ("investering=-5&garanti=40&tak=20&utfall=50&ar=3", "Beloppet kan inte vara negativt."),
        ("investering=1000&garanti=120&tak=20&utfall=50&ar=3", "mer än 100 procent"),
        ("investering=tio&garanti=40&tak=20&utfall=50&ar=3", "Skriv beloppet i hela kronor"),
        ("investering=1000&garanti=fyrtio&tak=20&utfall=50&ar=3", "Skriv andelen som ett tal"),
        ("investering=1000&garanti=40&tak=20&utfall=-1&ar=3", "Andelen kan inte vara negativ."),
        ("investering=1000&garanti=40&tak=20&utfall=50&ar=0", "Avtalstiden är minst 1 år."),
        ("investering=1000&garanti=40&tak=20&utfall=50&ar=3,5", "Skriv antalet år som ett heltal"),
        ("investering=1000&garanti=NaN&tak=20&utfall=50&ar=3", "Skriv andelen som ett tal"),
        ("investering=1000&garanti=40&tak=1e400&utfall=50&ar=3", "Skriv"),
        ("investering=1000", "Fyll i en andel i procent."),
    ],
)
def test_bad_input_gives_the_form_back_in_swedish_with_400(query, message):
    response = get("?" + query)
    assert response.status_code == 400
    html = body(response)
    assert message in html
    assert 'class="error-summary"' in html and 'data-figure="' not in html


def test_an_unknown_case_is_a_404_with_the_form():
    response = get("?fall=finns-inte")
    assert response.status_code == 404
    html = body(response)
    assert "Vi hittar inget publicerat exempel" in html and 'name="investering"' in html
    assert get("?fall=%00x").status_code == 400


def test_empty_page_and_english_page():
    assert get("").status_code == 200
    response = get(f"?fall={NORRKOPING}", prefix="/en")
    assert response.status_code == 200 and 'lang="en"' in body(response)
