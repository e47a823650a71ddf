"""Deal terms (Pengar och risk): stored with their sources and uncertainty,
seeded once, edited on the case's form under the same review, and shown at
the top of the case page."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from cases.deals import money_box, term_groups
from cases.models import Case, DealTerm, OutcomeMetric
from hub.content import load_content
from instruments.models import Publication
from publishing.models import PendingChange, ReviewState, Status
from tests.admin_forms import admin_form
from tests.pages import page_html
from tests.publishing.test_review import case_url, logged_in, review_url

pytestmark = pytest.mark.django_db

NORRKOPING = "norrkoping-socialt-utfallskontrakt"
STOCKHOLM = "region-stockholm-halsoobligation"
Kind = DealTerm.Kind


def page(slug, prefix=""):
    response = Client().get(f"{prefix}/fall/{slug}/")
    assert response.status_code == 200
    return page_html(response).replace("\u00a0", " ")


def terms(slug, kind):
    return list(DealTerm.objects.filter(case__slug=slug, kind=kind).order_by("order"))


# -- the data ---------------------------------------------------------------------


def test_norrkoping_terms_come_with_their_sources_and_the_disputed_amount():
    capital = terms(NORRKOPING, Kind.UPFRONT_CAPITAL)
    assert [(t.value, t.qualifier, t.publication.slug) for t in capital] == [
        (Decimal(10_000_000), "up_to", "nt-leksell-2016"),
        (Decimal(10_000_000), "up_to", "diva-norrkoping-slutrapport"),
        (Decimal(7_500_000), "exact", "socialeinvesteringer-norrkoping"),
    ]
    assert all(t.disputed and t.organisation.slug == "leksell-social-ventures" for t in capital)
    (guaranteed,) = terms(NORRKOPING, Kind.GUARANTEED_SHARE)
    (contingent,) = terms(NORRKOPING, Kind.CONTINGENT_SHARE)
    (cap,) = terms(NORRKOPING, Kind.RETURN_CAP)
    assert (guaranteed.value, contingent.value, cap.value) == (40, 60, 20)
    assert {guaranteed.publication.slug, contingent.publication.slug, cap.publication.slug} == {
        "diva-norrkoping-slutrapport"
    }
    # no source gives the highest outcome payment: unknown, not zero
    assert terms(NORRKOPING, Kind.MAX_OUTCOME_PAYMENT) == []

    case = Case.objects.get(slug=NORRKOPING)
    group = term_groups(case)[Kind.UPFRONT_CAPITAL]
    assert group.disputed and group.summary == "7\u00a0500\u00a0000–10\u00a0000\u00a0000 kr"
    flags = {m.name: m.pays_out for m in case.outcome_metrics.all()}
    assert flags == {"Skolresultat": False, "Återplacering": False, "Placeringskostnader": True}


def test_every_term_cites_a_source_its_case_already_cites():
    for term in DealTerm.objects.select_related("case", "publication"):
        cited = {c.publication_id for c in term.case.citations.all()}
        assert term.publication_id in cited, (term.case.slug, term.publication.slug)


def test_stockholm_has_a_floor_and_a_cap_and_no_guaranteed_share():
    case = Case.objects.get(slug=STOCKHOLM)
    groups = term_groups(case)
    assert groups[Kind.RETURN_FLOOR].summary == "−20 %"
    assert groups[Kind.RETURN_CAP].summary == "10 %"
    assert groups[Kind.TERM_YEARS].summary == "5 år"
    assert Kind.GUARANTEED_SHARE not in groups


def test_values_are_checked_in_the_form_and_in_the_database():
    case = Case.objects.get(slug=NORRKOPING)
    source = Publication.objects.get(slug="rapport-2020-2")
    for kind, value in [
        (Kind.UPFRONT_CAPITAL, Decimal(-1)),
        (Kind.UPFRONT_CAPITAL, Decimal("10.5")),
        (Kind.GUARANTEED_SHARE, Decimal(101)),
        (Kind.PAYMENT_TRIGGER, Decimal(1)),
        (Kind.TERM_YEARS, Decimal(0)),
    ]:
        with pytest.raises(ValidationError):
            DealTerm(case=case, kind=kind, value=value, publication=source).full_clean()
    with pytest.raises(ValidationError):  # neither a value, an actor nor a text
        DealTerm(case=case, kind=Kind.RETURN_CAP, publication=source).full_clean()
    DealTerm(case=case, kind=Kind.RETURN_FLOOR, value=Decimal(-20), publication=source).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        DealTerm.objects.create(
            case=case, kind=Kind.GUARANTEED_SHARE, value=Decimal(150), publication=source
        )


# -- seeding ----------------------------------------------------------------------


def test_loading_again_adds_nothing_and_a_curators_deletion_stays():
    before = DealTerm.objects.count()
    report = load_content()
    assert "cases.DealTerm" not in report.created
    assert DealTerm.objects.count() == before

    case = Case.objects.get(slug=NORRKOPING)
    for term in case.deal_terms.all():
        term.delete()  # in the history, as a curator's deletion is
    load_content()
    assert not case.deal_terms.exists()


def test_a_case_that_never_had_terms_gets_them_with_unknown_flags_only():
    case = Case.objects.get(slug=NORRKOPING)
    case.deal_terms.all().delete()
    DealTerm.history.filter(case_id=case.pk).delete()
    OutcomeMetric.objects.filter(case=case, name="Skolresultat").update(pays_out=None)
    OutcomeMetric.objects.filter(case=case, name="Placeringskostnader").update(pays_out=False)
    load_content()
    assert case.deal_terms.count() == 11
    flags = {m.name: m.pays_out for m in case.outcome_metrics.all()}
    assert flags["Skolresultat"] is False  # was unknown: filled in
    assert flags["Placeringskostnader"] is False  # a curator's value: kept


# -- the case page ----------------------------------------------------------------


def test_the_box_shows_money_and_risk_at_the_top_with_the_dispute():
    html = page(NORRKOPING)
    box = html[html.index('class="money-box"') : html.index("</section>", html.index("money-box"))]
    assert html.index('class="money-box"') < html.index('class="facts"')
    assert "Pengar och risk" in box
    assert "7 500 000–10 000 000 kr" in box and "Källorna går isär" in box
    assert "upp till 10 000 000 kr" in box
    assert "Leksell Social Ventures" in box
    assert "40 %" in box and "60 %" in box and "20 %" in box
    assert "Högsta utfallsbetalning" in box and "Uppgift saknas i källorna" in box
    assert "Utfallsbetalningar som gjorts" in box and "0 kr" in box
    assert "Miljardär satsar i kommunens sociala insatser" in box  # a cited source
    assert "Utfallsmått som avgör betalningen" in box and "Placeringskostnader" in box
    assert "Utfallsmått som bara följs upp" in box and "Skolresultat" in box
    assert f'href="/rakna/?fall={NORRKOPING}"' in box
    assert f'href="/fall/jamfor/?fall={NORRKOPING}"' in html


def test_a_case_without_terms_has_no_box_but_can_be_compared():
    html = page("stockholms-stadsmission-sl")
    assert 'class="money-box"' not in html
    assert 'href="/fall/jamfor/?fall=stockholms-stadsmission-sl"' in html


def test_a_term_whose_source_is_not_published_is_not_shown():
    Publication.objects.filter(slug="socialeinvesteringer-norrkoping").update(status=Status.DRAFT)
    html = page(NORRKOPING)
    assert "7 500 000" not in html.split('class="money-box"')[1].split("</section>")[0]
    case = Case.objects.published().get(slug=NORRKOPING)
    assert money_box(case) is not None


def test_the_english_page_labels_the_box_in_english():
    html = page(NORRKOPING, "/en")
    assert 'class="money-box"' in html


def test_library_cards_offer_compare():
    html = Client().get("/fall/").content.decode()
    assert f'href="/fall/jamfor/?fall={NORRKOPING}"' in html


# -- the curator's form and the review --------------------------------------------


def _term_prefix(data, term):
    return next(
        k[: -len("-id")]
        for k, v in data.items()
        if k.startswith("deal_terms-") and k.endswith("-id") and v == [str(term.pk)]
    )


def test_a_curators_change_to_the_terms_waits_for_the_publisher_and_is_in_history():
    case = Case.objects.get(slug=NORRKOPING)
    (cap,) = terms(NORRKOPING, Kind.RETURN_CAP)
    curator, _curator_user = logged_in("curator")
    publisher, publisher_user = logged_in("publisher")

    data = admin_form(curator, case_url(case), "case_form")
    prefix = _term_prefix(data, cap)
    assert data[f"{prefix}-value"] == ["20"]
    data[f"{prefix}-value"] = ["25 %"]
    response = curator.post(case_url(case), data, follow=True)
    assert "väntar nu på granskning" in response.content.decode()
    cap.refresh_from_db()
    assert cap.value == 20
    box = page(NORRKOPING).split('class="money-box"')[1]
    assert "25 %" not in box.split("</section>")[0]

    change = PendingChange.objects.get(object_id=case.pk, state=ReviewState.PENDING)
    diff = publisher.get(review_url(change)).content.decode()
    assert "Pengar och risk" in diff and "Ändras:" in diff
    publisher.post(review_url(change), {"_approve": "1"})
    cap.refresh_from_db()
    assert cap.value == 25
    assert cap.history.first().history_user == publisher_user
    assert "25 %" in page(NORRKOPING).split('class="money-box"')[1].split("</section>")[0]


def test_amounts_are_typed_with_spaces_and_bad_values_are_refused_in_swedish():
    case = Case.objects.get(slug=NORRKOPING)
    capital = terms(NORRKOPING, Kind.UPFRONT_CAPITAL)[2]
    publisher, _user = logged_in("publisher")
    data = admin_form(publisher, case_url(case), "case_form")
    prefix = _term_prefix(data, capital)
    assert data[f"{prefix}-value"] == ["7 500 000"]
    data[f"{prefix}-value"] = ["7 400 000 kr"]
    publisher.post(case_url(case), data)
    capital.refresh_from_db()
    assert capital.value == 7_400_000

    data = admin_form(publisher, case_url(case), "case_form")
    data[f"{prefix}-value"] = ["sju miljoner"]
    response = publisher.post(case_url(case), data)
    assert response.status_code == 200
    assert "Skriv värdet med siffror" in response.content.decode()
    capital.refresh_from_db()
    assert capital.value == 7_400_000


def test_the_terms_have_a_publisher_only_list_in_the_admin():
    curator, _user = logged_in("curator")
    publisher, _user = logged_in("publisher")
    url = reverse("admin:cases_dealterm_changelist")
    assert publisher.get(url).status_code == 200
    term = DealTerm.objects.first()
    change = reverse("admin:cases_dealterm_change", args=[term.pk])
    assert curator.post(change, {}).status_code == 403


# -- open data and the API ---------------------------------------------------------


def test_open_data_has_the_terms_with_indigo_paths():
    response = Client().get("/data/deal_terms.json")
    assert response.status_code == 200
    rows = response.json()["rows"]
    norrkoping = Case.objects.get(slug=NORRKOPING)
    mine = [row for row in rows if row["case_id"] == norrkoping.pk]
    capital = [row for row in mine if row["term"] == "upfront_capital"]
    assert [(row["value"], row["qualifier"], row["indigo_path"]) for row in capital] == [
        (
            10_000_000,
            "up_to",
            "overall_project_finance/total_investment_commitment/amount/max/value",
        ),
        (
            10_000_000,
            "up_to",
            "overall_project_finance/total_investment_commitment/amount/max/value",
        ),
        (
            7_500_000,
            "exact",
            "overall_project_finance/total_investment_commitment/amount/exact/value",
        ),
    ]
    assert all(row["disputed"] and row["unit"] == "SEK" for row in capital)
    cap = next(row for row in mine if row["term"] == "return_cap")
    assert cap["value"] == 20 and cap["unit"] == "percent"
    assert cap["indigo_path"] == "overall_project_finance/maximum_potential_return/value"
    trigger = next(row for row in mine if row["term"] == "payment_trigger")
    assert trigger["value"] is None  # unknown, not zero
    csv = Client().get("/data/deal_terms.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("id,case_id,term,value,unit,qualifier,disputed")
    assert "deal_terms" in Client().get("/data/").content.decode()


def test_drafts_terms_are_not_in_the_open_data():
    Case.objects.filter(slug=NORRKOPING).update(status=Status.DRAFT)
    rows = Client().get("/data/deal_terms.json").json()["rows"]
    assert Case.objects.get(slug=NORRKOPING).pk not in {row["case_id"] for row in rows}


def test_the_api_case_has_its_terms_and_payment_flags():
    case = Case.objects.get(slug=NORRKOPING)
    data = Client().get(f"/api/cases/{case.pk}/").json()
    terms_ = {row["term"] for row in data["deal_terms"]}
    assert {"upfront_capital", "guaranteed_share", "return_cap"} <= terms_
    flags = {m["definition"]: m["pays_out"] for m in data["outcome_metrics"]}
    assert flags["Placeringskostnader"] is True and flags["Skolresultat"] is False


# -- search and the sitemap --------------------------------------------------------


def test_search_finds_a_case_by_its_terms():
    (trigger,) = terms(STOCKHOLM, Kind.PAYMENT_TRIGGER)
    trigger.text = "Betalningen hänger på blodsockervärdena hos deltagarna."
    trigger.save()
    html = Client().get("/sok/?q=blodsockervärdena").content.decode()
    assert f'href="/fall/{STOCKHOLM}/"' in html


def test_the_sitemap_lists_the_comparison_and_the_calculator():
    xml = Client().get("/sitemap-pages.xml").content.decode()
    assert "/fall/jamfor/</loc>" in xml and "/rakna/</loc>" in xml
    assert "/en/rakna/" in xml
