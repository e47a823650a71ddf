"""*Vilken form passar?*: answer combinations and the instrument each ranks
first, with the report's words as the reason."""

import re

import pytest

pytestmark = pytest.mark.django_db

SIB = "sociala-utfallskontrakt"
FUND = "social-investeringsfond"
BONDS = "sociala-obligationer"
PROCUREMENT = "upphandling-med-fokus-pa-utfall"
IOP = "ideburet-offentligt-partnerskap"

# answers → (first instrument, words of the report shown as its reason, section)
COMBINATIONS = [
    (
        {"ideburen": "ja", "kapital": "nej"},
        IOP,
        "ett IOP är en överenskommelse om samverkan mellan offentlig och idéburen sektor",
        "5.5",
    ),
    (
        {"kapital": "ja", "matbart": "ja", "risk": "investerare"},
        SIB,
        "den ekonomiska risken med att testa en ny insats flyttas från den offentliga aktören",
        "5.1",
    ),
    (
        {"kapital": "nej", "internt": "ja", "tid": "lang", "risk": "offentliga"},
        FUND,
        "över flera år utan krav på omedelbara resultat",
        "5.2",
    ),
    (
        {"kapital": "ja", "matbart": "nej"},
        BONDS,
        "Obligationslikviden är öronmärkt till investeringar",
        "5.3",
    ),
    (
        {"risk": "utforaren", "matbart": "ja", "tid": "kort", "kapital": "nej"},
        PROCUREMENT,
        "ställer höga krav på avtalsuppföljning och möjlighet att mäta efterfrågade utfall",
        "5.4.1",
    ),
]


def ranking(html):
    answer = html.split('id="answer"', 1)[1]
    return re.findall(r'<h3[^>]*><a href="/instrument/([^/]+)/">', answer)


def first_entry(html):
    answer = html.split('id="answer"', 1)[1]
    return answer.split("</li>\n    <li>", 1)[0]


@pytest.mark.parametrize("answers, first, words, section", COMBINATIONS)
def test_answers_rank_the_fitting_instrument_first_and_say_why(
    client, answers, first, words, section
):
    response = client.get("/instrument/valj/", answers)
    assert response.status_code == 200
    html = response.content.decode()
    order = ranking(html)
    assert sorted(order) == sorted([SIB, FUND, BONDS, PROCUREMENT, IOP])
    assert order[0] == first
    entry = first_entry(html)
    assert words in entry and f"(avsnitt {section})" in entry
    assert "Passar bäst med dina svar" in entry
    assert "Vägledning, inte juridisk rådgivning." in html


def test_without_an_idéburen_partner_iop_comes_last_and_says_why(client):
    html = client.get("/instrument/valj/", {"ideburen": "nej"}).content.decode()
    assert ranking(html)[-1] == IOP
    assert "Ett IOP förutsätter en idéburen part." in html


def test_the_answer_links_to_cases_and_the_procurement_notes(client):
    html = client.get("/instrument/valj/", {"ideburen": "ja"}).content.decode()
    assert f'href="/instrument/{IOP}/#law"' in html
    assert 'href="/fall/' in first_entry(html)


def test_the_form_alone_ranks_nothing(client):
    html = client.get("/instrument/valj/").content.decode()
    assert 'id="answer"' not in html and 'type="radio"' in html
    hint = client.get("/instrument/valj/", {"utm_source": "nyhetsbrev"}).content.decode()
    assert "Svara på minst en fråga" in hint


def test_answers_that_are_not_choices_get_a_clear_message(client):
    response = client.get("/instrument/valj/", {"kapital": "kanske", "tid": "<script>"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Något i svaren gick inte att läsa" in html and 'id="answer"' not in html
    assert "<script>" not in html


def test_every_reason_in_the_file_names_a_published_instrument():
    from instruments.chooser import chooser
    from instruments.models import Instrument

    published = set(Instrument.objects.published().values_list("slug", flat=True))
    named = {
        reason.instrument
        for question in chooser().questions
        for reasons in question.reasons.values()
        for reason in reasons
    }
    assert named and named <= published


def test_a_mistake_in_the_file_is_named_not_shown(settings, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    from instruments import chooser

    text = (settings.BASE_DIR / "fixtures" / "chooser.yaml").read_text(encoding="utf-8")
    (tmp_path / "fixtures").mkdir()
    settings.BASE_DIR = tmp_path
    try:
        for wrong, message in [
            (text.replace('section: "5.4.1"', "section: 5.41", 1), "section"),
            (text.replace("points: 3", "points: 0", 1), "points"),
            (text.replace("    label: Kan", "    lable: Kan", 1), "unknown keys ['lable']"),
        ]:
            (tmp_path / "fixtures" / "chooser.yaml").write_text(wrong, encoding="utf-8")
            chooser.chooser.cache_clear()
            with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
                chooser.chooser()
    finally:
        chooser.chooser.cache_clear()


def every_combination():
    import itertools

    from instruments.chooser import chooser

    questions = chooser().questions
    for values in itertools.product(*[[v for v, _ in q.choices] for q in questions]):
        yield {q.name: v for q, v in zip(questions, values, strict=True) if v}


def test_verdicts_are_ranked_and_never_say_a_form_fits_against_the_report():
    """For every combination of answers: only the best-placed forms "passar
    bäst", never one the report speaks against, and social bonds never when
    the investor is to bear the risk (an ordinary social bond pays the same
    interest whatever the effect, 5.3)."""
    from types import SimpleNamespace

    from instruments.chooser import rank

    instruments = [SimpleNamespace(slug=s) for s in (SIB, FUND, BONDS, PROCUREMENT, IOP)]
    combinations = 0
    for answers in every_combination():
        ranked = rank(instruments, answers)
        combinations += 1
        best = [entry for entry in ranked if entry.verdict[0] == "good"]
        assert all(entry.position == 1 and not entry.misfits for entry in best), answers
        assert len(best) <= 1 or len({entry.score for entry in best}) == 1, answers
        for entry in ranked:
            quotes = [reason.quote for reason in entry.fits + entry.misfits]
            assert len(quotes) == len(set(quotes)), (answers, entry.instrument.slug)
            for quote in quotes:  # nor one quote inside another
                assert not [q for q in quotes if q != quote and quote in q], answers
            if entry.instrument.slug == BONDS and answers.get("risk") == "investerare":
                assert entry.verdict[0] != "good" and entry.misfits, answers
    assert combinations > 500


def test_three_fitting_forms_get_three_different_verdicts(client):
    answers = {"kapital": "ja", "matbart": "ja", "risk": "investerare"}
    html = client.get("/instrument/valj/", answers).content.decode()
    answer = html.split('id="answer"', 1)[1]
    verdicts = re.findall(r'<p class="verdict verdict-[a-z]+">([^<]+)</p>', answer)
    assert verdicts.count("Passar bäst med dina svar") == 1
    assert ranking(html)[0] == SIB
    bonds = answer.split(f'href="/instrument/{BONDS}/"', 1)[1].split("</li>\n    <li>", 1)[0]
    assert "Passar bäst" not in bonds and "Talar emot" in bonds
    assert "samma ränta samt kreditexponering" in bonds
    assert bonds.count("I Region Stockholms fall är återbetalningen") == 1


def test_the_form_lands_on_the_answer_with_big_clickable_choices(client):
    html = client.get("/instrument/valj/").content.decode()
    assert 'action="/instrument/valj/#svar"' in html
    # the radio button sits inside its label: the whole label is the target
    assert re.search(r'<label for="id_kapital_0"><input type="radio"[^>]*id="id_kapital_0"', html)
    answered = client.get("/instrument/valj/", {"kapital": "ja"}).content.decode()
    assert re.search(r'<section[^>]*id="svar"[^>]*>\s*<h2 id="answer">', answered)
    assert 'id="svar"' in client.get("/instrument/valj/", {"x": "1"}).content.decode()
    assert 'id="svar"' in client.get("/instrument/valj/", {"kapital": "?"}).content.decode()
