"""Only the publisher publishes: a curator's change to a published record
waits for review, restores keep the status, no save overwrites a newer one,
links to drafts are named, and deleting and redirecting are the publisher's.

Every test drives the real admin: its forms, its buttons, its history page.
"""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from taggit.models import Tag

from cases.models import Case, County, Municipality, Organisation, Participation, PolicyArea
from insights.models import InsightArea
from instruments.models import Citation, Instrument, Publication
from publishing.models import PendingChange, ReviewState, Status
from publishing.permalinks import addresses, is_site_path
from tests.admin_forms import admin_form
from tests.pages import page_html
from tests.publishing.test_workflow import CASE, make_user

pytestmark = pytest.mark.django_db


def logged_in(role):
    client = Client()
    User = get_user_model()
    user = User.objects.filter(username=f"{role}@example.org").first() or make_user(role)
    client.force_login(user)
    return client, user


def case_url(case, view="change"):
    return reverse(f"admin:cases_case_{view}", args=[case.pk])


def public_page(case):
    return Client().get(case.get_absolute_url())


def review_url(change):
    return reverse("admin:publishing_pendingchange_change", args=[change.pk])


# -- 2. changes to published records wait for the publisher ---------------------------


def test_walk_through_a_curator_edits_the_publisher_approves():
    case = Case.objects.get(slug=CASE)
    published_title = case.title
    participations = case.participations.count()
    curator, curator_user = logged_in("curator")
    publisher, publisher_user = logged_in("publisher")

    # 1. a redaktör edits a published case, its fields and its rows
    data = admin_form(curator, case_url(case), "case_form")
    data["title"] = ["Norrköpings utfallskontrakt, omskrivet"]
    data["participations-0-DELETE"] = ["on"]
    response = curator.post(case_url(case), data, follow=True)
    assert "väntar nu på granskning" in response.content.decode()

    # 2. the public page is unchanged, and so is the record
    page = public_page(case).content.decode()
    assert published_title in page and "omskrivet" not in page
    case.refresh_from_db()
    assert case.title == published_title and case.participations.count() == participations
    change = PendingChange.objects.get(object_id=case.pk, state=ReviewState.PENDING)
    assert change.author == curator_user

    # 3. the publisher sees it in the queue, reads the diff and approves
    queue = publisher.get(reverse("admin:publishing_pendingchange_changelist")).content.decode()
    assert review_url(change) in queue
    diff_page = publisher.get(review_url(change)).content.decode()
    assert published_title in diff_page and "omskrivet" in diff_page
    assert "Tas bort:" in diff_page  # the deleted participation
    assert 'name="_approve"' in diff_page
    publisher.post(review_url(change), {"_approve": "1"})

    # 4. the public page shows the change
    page = page_html(public_page(case))
    assert "Norrköpings utfallskontrakt, omskrivet" in page
    case.refresh_from_db()
    assert case.status == Status.PUBLISHED
    assert case.participations.count() == participations - 1

    # 5. the history shows both steps with their users
    latest = case.history.first()
    assert latest.history_user == publisher_user
    assert curator_user.username in latest.history_change_reason
    history = publisher.get(case_url(case, "history")).content.decode()
    assert curator_user.username in history and publisher_user.username in history
    assert "Godkänd" in history


def test_a_rejected_change_stays_in_history_and_changes_nothing():
    case = Case.objects.get(slug=CASE)
    curator, _user = logged_in("curator")
    publisher, publisher_user = logged_in("publisher")
    data = admin_form(curator, case_url(case), "case_form")
    data["lead"] = ["En ingress som inte ska ut."]
    curator.post(case_url(case), data)
    change = PendingChange.objects.get(object_id=case.pk)
    publisher.post(review_url(change), {"_reject": "1", "review_note": "Källa saknas."})
    change.refresh_from_db()
    assert change.state == ReviewState.REJECTED and change.reviewer == publisher_user
    assert "ska ut" not in public_page(case).content.decode()
    assert "Källa saknas." in publisher.get(review_url(change)).content.decode()
    assert "Avvisad" in publisher.get(case_url(case, "history")).content.decode()


def test_a_curator_cannot_approve_and_the_publishers_own_edit_goes_live():
    case = Case.objects.get(slug=CASE)
    curator, _user = logged_in("curator")
    data = admin_form(curator, case_url(case), "case_form")
    data["title"] = ["Av redaktören"]
    curator.post(case_url(case), data)
    change = PendingChange.objects.get(object_id=case.pk)
    assert 'name="_approve"' not in curator.get(review_url(change)).content.decode()
    curator.post(review_url(change), {"_approve": "1"})
    change.refresh_from_db()
    assert change.state == ReviewState.PENDING
    assert Case.objects.get(pk=case.pk).title != "Av redaktören"

    publisher, _user = logged_in("publisher")
    data = admin_form(publisher, case_url(case), "case_form")
    data["title"] = ["Av utgivaren"]
    publisher.post(case_url(case), data)
    assert "Av utgivaren" in public_page(case).content.decode()
    # the curator's change was made on the older version: it cannot overwrite this one
    response = publisher.post(review_url(change), {"_approve": "1"}, follow=True)
    assert "Posten har ändrats efter att ändringen föreslogs" in response.content.decode()
    assert Case.objects.get(pk=case.pk).title == "Av utgivaren"


def test_rows_on_the_form_wait_too_steps_citations_and_outcome_metrics():
    curator, _user = logged_in("curator")
    publisher, _user = logged_in("publisher")

    instrument = Instrument.objects.get(slug="sociala-utfallskontrakt")
    step = instrument.steps.order_by("order").first()
    citation = instrument.citations.order_by("pk").first()
    url = reverse("admin:instruments_instrument_change", args=[instrument.pk])
    data = admin_form(curator, url, "instrument_form")
    prefix = next(
        k[: -len("-id")]
        for k, v in data.items()
        if k.startswith("steps-") and k.endswith("-id") and v == [str(step.pk)]
    )
    data[f"{prefix}-description"] = ["En ny förklaring av steget."]
    citations = next(
        k.split("-TOTAL_FORMS")[0] for k in data if k.endswith("-TOTAL_FORMS") and "citation" in k
    )
    index = next(
        k.split("-")[-2]
        for k, v in data.items()
        if k.startswith(citations) and k.endswith("-id") and v == [str(citation.pk)]
    )
    data[f"{citations}-{index}-locator"] = ["s. 99"]
    curator.post(url, data)

    case = Case.objects.get(slug=CASE)
    metric = case.outcome_metrics.order_by("pk").first()
    data = admin_form(curator, case_url(case), "case_form")
    index = next(
        k.split("-")[1]
        for k, v in data.items()
        if k.startswith("outcome_metrics-") and k.endswith("-id") and v == [str(metric.pk)]
    )
    data[f"outcome_metrics-{index}-result"] = ["Ett påhittat resultat."]
    curator.post(case_url(case), data)

    step.refresh_from_db(), citation.refresh_from_db(), metric.refresh_from_db()
    assert step.description != "En ny förklaring av steget." and citation.locator != "s. 99"
    assert metric.result != "Ett påhittat resultat."
    assert "Ett påhittat resultat." not in public_page(case).content.decode()

    for change in PendingChange.objects.filter(state=ReviewState.PENDING):
        page = publisher.get(review_url(change)).content.decode()
        assert "Ändras:" in page
        publisher.post(review_url(change), {"_approve": "1"})
    step.refresh_from_db(), citation.refresh_from_db(), metric.refresh_from_db()
    assert step.description == "En ny förklaring av steget." and citation.locator == "s. 99"
    assert metric.result == "Ett påhittat resultat."
    assert "Ett påhittat resultat." in public_page(case).content.decode()


def test_a_published_quote_edited_on_a_draft_areas_form_waits_too():
    area = InsightArea.objects.filter(quotes__status=Status.PUBLISHED).first()
    InsightArea.objects.filter(pk=area.pk).update(status=Status.DRAFT)
    quote = area.quotes.filter(status=Status.PUBLISHED).order_by("pk").first()
    curator, _user = logged_in("curator")
    url = reverse("admin:insights_insightarea_change", args=[area.pk])
    data = admin_form(curator, url, "insightarea_form")
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("quotes-") and key.endswith("-id") and value == [str(quote.pk)]
    )
    data[f"quotes-{index}-text"] = ["Ett påhittat citat."]
    curator.post(url, data)
    quote.refresh_from_db()
    assert quote.text != "Ett påhittat citat."
    assert PendingChange.objects.filter(object_id=area.pk, state=ReviewState.PENDING).exists()


# -- 1. a restore never changes the status ------------------------------------------------


@pytest.mark.parametrize("role", ["curator", "publisher"])
def test_restoring_a_published_version_of_a_withdrawn_case_keeps_it_withdrawn(role):
    case = Case.objects.get(slug=CASE)
    published = case.history.filter(status=Status.PUBLISHED).first()
    publisher, _user = logged_in("publisher")
    publisher.post(
        reverse("admin:cases_case_changelist"),
        {
            "action": "withdraw",
            "_selected_action": [case.pk],
        },
    )
    assert Case.objects.get(pk=case.pk).status == Status.WITHDRAWN

    client, user = logged_in(role)
    url = reverse("admin:cases_case_simple_history", args=[case.pk, published.history_id])
    form = admin_form(client, url, "historicalcase_form")
    assert client.post(url, form).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN
    assert public_page(case).status_code == 404
    assert case.history.first().history_user == user  # the restore, as what it is


def test_restoring_an_old_version_of_a_published_case_waits_for_review():
    case = Case.objects.get(slug=CASE)
    publisher, _user = logged_in("publisher")
    data = admin_form(publisher, case_url(case), "case_form")
    original = data["title"][0]
    data["title"] = ["Ny titel från utgivaren"]
    publisher.post(case_url(case), data)
    old = case.history.filter(title=original).first()

    curator, _user = logged_in("curator")
    url = reverse("admin:cases_case_simple_history", args=[case.pk, old.history_id])
    curator.post(url, admin_form(curator, url, "historicalcase_form"))
    assert Case.objects.get(pk=case.pk).title == "Ny titel från utgivaren"
    change = PendingChange.objects.get(object_id=case.pk)
    assert change.proposed["record"]["fields"]["title"] == original


def test_crafted_posts_and_popups_never_publish():
    curator, _user = logged_in("curator")
    case = Case.objects.get(slug="orebro-sociala-investeringar")
    Case.objects.filter(pk=case.pk).update(status=Status.REVIEW)
    data = admin_form(curator, case_url(case), "case_form")
    curator.post(case_url(case), {**data, "status": ["published"], "_transition": ["published"]})
    assert Case.objects.get(pk=case.pk).status == Status.REVIEW
    curator.post(
        reverse("admin:cases_case_changelist"),
        {"action": "publish", "_selected_action": [case.pk]},
    )
    assert Case.objects.get(pk=case.pk).status == Status.REVIEW

    popup = reverse("admin:cases_organisation_add") + "?_popup=1&_to_field=id"
    form = admin_form(curator, popup, "organisation_form")
    form.update(
        name=["Popupbolaget AB"],
        slug=["popupbolaget"],
        sector=["private"],
        kind=["company"],
        status=["published"],
        _transition=["published"],
    )
    assert curator.post(popup, form).status_code == 200  # the page that closes the popup
    organisation = Organisation.objects.get(slug="popupbolaget")
    assert organisation.status == Status.DRAFT


def test_a_curator_cannot_edit_rows_of_published_records_outside_their_form():
    case = Case.objects.get(slug=CASE)
    participation = case.participations.first()
    curator, _user = logged_in("curator")
    url = reverse("admin:cases_participation_change", args=[participation.pk])
    page = curator.get(url).content.decode()
    assert 'name="_save"' not in page
    curator.post(
        url,
        {
            "case": case.pk,
            "organisation": participation.organisation_id,
            "role": participation.role,
            "description": "Ändrad",
            "order": 0,
        },
    )
    assert Participation.objects.get(pk=participation.pk).description != "Ändrad"
    delete = reverse("admin:cases_participation_delete", args=[participation.pk])
    assert curator.post(delete, {"post": "yes"}).status_code == 403
    assert Participation.objects.filter(pk=participation.pk).exists()


# -- 4. no lost updates -------------------------------------------------------------------


def test_a_save_on_an_older_version_is_refused_with_who_and_what_and_keeps_the_input():
    case = Case.objects.get(slug="orebro-sociala-investeringar")
    Case.objects.filter(pk=case.pk).update(status=Status.DRAFT)
    first, first_user = logged_in("curator")
    second = Client()
    User = get_user_model()
    other = User.objects.create_user(
        "berit", "berit@example.org", "x", first_name="Berit", last_name="Berg", is_staff=True
    )
    other.groups.set(first_user.groups.all())
    second.force_login(other)

    mine = admin_form(first, case_url(case), "case_form")
    theirs = admin_form(second, case_url(case), "case_form")
    mine["title"] = ["Första redaktörens titel"]
    assert first.post(case_url(case), mine).status_code == 302

    theirs["lead"] = ["Andra redaktörens ingress."]
    response = second.post(case_url(case), theirs)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Posten har ändrats sedan du öppnade den" in body
    saved = case.history.filter(history_user=first_user).first().history_date
    when = date_format(timezone.localtime(saved), "DATETIME_FORMAT")
    assert f"{first_user.username} ändrade rubrik {when}" in body  # who, what and when
    assert "Andra redaktörens ingress." in body  # the input is kept
    case.refresh_from_db()
    assert case.title == "Första redaktörens titel" and case.lead != "Andra redaktörens ingress."

    # having read the message, the second curator saves knowingly
    again = admin_form_from(body)
    assert second.post(case_url(case), again).status_code == 302
    assert Case.objects.get(pk=case.pk).lead == "Andra redaktörens ingress."


def admin_form_from(body):
    from tests.admin_forms import FormParser

    parser = FormParser("case_form")
    parser.feed(body)
    return parser.data


def test_a_form_without_its_version_is_refused():
    case = Case.objects.get(slug="orebro-sociala-investeringar")
    Case.objects.filter(pk=case.pk).update(status=Status.DRAFT)
    curator, _user = logged_in("curator")
    data = admin_form(curator, case_url(case), "case_form")
    del data["base_version"]
    data["title"] = ["Utan version"]
    response = curator.post(case_url(case), data)
    assert response.status_code == 200 and "saknar uppgift om version" in response.content.decode()
    assert Case.objects.get(pk=case.pk).title != "Utan version"


# -- 5. links to drafts are named ---------------------------------------------------------


def test_a_draft_organisation_linked_from_a_case_is_named_and_can_be_published_with_it():
    case = Case.objects.get(slug="orebro-sociala-investeringar")
    Case.objects.filter(pk=case.pk).update(status=Status.REVIEW)
    draft = Organisation.objects.create(
        name="Nya stiftelsen", slug="nya-stiftelsen", sector="civil_society", kind="company"
    )
    Participation.objects.create(case=case, organisation=draft, role="service_provider")
    publisher, _user = logged_in("publisher")
    page = publisher.get(case_url(case)).content.decode()
    assert "Länkar till poster som inte är publicerade" in page and "Nya stiftelsen" in page
    assert 'value="published_with_links"' in page

    data = admin_form(publisher, case_url(case), "case_form")
    response = publisher.post(case_url(case), {**data, "_transition": "published"}, follow=True)
    assert "Nya stiftelsen" in response.content.decode()  # the warning after publishing
    assert Organisation.objects.get(pk=draft.pk).status == Status.DRAFT

    # together: all or nothing, and what stops it is said with the record's name
    Case.objects.filter(pk=case.pk).update(status=Status.REVIEW)
    data = admin_form(publisher, case_url(case), "case_form")
    together = {**data, "_transition": "published_with_links"}
    response = publisher.post(case_url(case), together, follow=True)
    assert "Aktör ”Nya stiftelsen” (utkast): Lägg till minst en källa" in (
        response.content.decode()
    )
    assert Case.objects.get(pk=case.pk).status == Status.REVIEW
    Citation.objects.create(content_object=draft, publication=Publication.objects.first())
    publisher.post(
        case_url(case),
        {
            **admin_form(publisher, case_url(case), "case_form"),
            "_transition": "published_with_links",
        },
    )
    assert Case.objects.get(pk=case.pk).status == Status.PUBLISHED
    assert Organisation.objects.get(pk=draft.pk).status == Status.PUBLISHED
    assert "Nya stiftelsen" in public_page(case).content.decode()


# -- 6. deleting and redirecting are the publisher's -------------------------------------


def test_a_curator_cannot_delete_topics_or_places_or_manage_redirects():
    curator, _user = logged_in("curator")
    case = Case.objects.get(slug=CASE)
    shared = {
        "taggit_tag": Tag.objects.first(),
        "cases_county": County.objects.first(),
        "cases_municipality": Municipality.objects.first(),
        "cases_policyarea": PolicyArea.objects.first(),
        "cases_participation": case.participations.first(),
        "instruments_citation": case.citations.first(),
    }
    for name, row in shared.items():
        delete = reverse(f"admin:{name}_delete", args=[row.pk])
        assert curator.post(delete, {"post": "yes"}).status_code == 403, name
        assert type(row).objects.filter(pk=row.pk).exists(), name
    assert curator.get(reverse("admin:redirects_redirect_changelist")).status_code == 403
    add = reverse("admin:redirects_redirect_add")
    site = Site.objects.get_current()
    assert curator.get(add).status_code == 403
    response = curator.post(
        add, {"site": site.pk, "old_path": "/konto/inloggning/", "new_path": "/"}
    )
    assert response.status_code == 403
    assert not Redirect.objects.filter(old_path="/konto/inloggning/").exists()


UNSAFE_TARGETS = [
    "https://evil.example/login",
    "//evil.example/login",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "https:evil.example",
    "/\tevil",
    " //evil.example",
]


@pytest.mark.parametrize("target", UNSAFE_TARGETS)
def test_redirects_point_only_to_paths_on_the_site(target):
    publisher, _user = logged_in("publisher")
    site = Site.objects.get_current()
    response = publisher.post(
        reverse("admin:redirects_redirect_add"),
        {"site": site.pk, "old_path": "/konto/inloggning/", "new_path": target},
    )
    assert response.status_code == 200 and "sökväg på webbplatsen" in response.content.decode()
    assert not Redirect.objects.filter(old_path="/konto/inloggning/").exists()
    # a row written some other way does not send a visitor off the site either
    Redirect.objects.create(site=site, old_path="/konto/inloggning/", new_path=target)
    answer = Client().get("/konto/inloggning/")
    location = answer.get("Location")
    assert answer.status_code in (301, 400, 404)
    assert location is None or (is_site_path(location) and not urlsplit(location).netloc)


def test_a_redirect_to_a_path_on_the_site_is_followed():
    publisher, _user = logged_in("publisher")
    site = Site.objects.get_current()
    publisher.post(
        reverse("admin:redirects_redirect_add"),
        {"site": site.pk, "old_path": "/gamla-fall/", "new_path": "/fall/"},
    )
    answer = Client().get("/gamla-fall/")
    assert answer.status_code == 301 and answer["Location"] == "/fall/"


def test_a_withdrawn_records_old_address_answers_404_without_its_new_slug():
    case = Case.objects.get(slug=CASE)
    old_addresses = addresses(case)  # in Swedish and in English
    publisher, _user = logged_in("publisher")
    data = admin_form(publisher, case_url(case), "case_form")
    data["slug"] = ["hemligt-nytt-namn"]
    publisher.post(case_url(case), data)
    for old in old_addresses:
        assert Client().get(old).status_code == 301, old
    publisher.post(
        reverse("admin:cases_case_changelist"),
        {
            "action": "withdraw",
            "_selected_action": [case.pk],
        },
    )
    for old in old_addresses:
        answer = Client().get(old)
        assert answer.status_code == 404 and "hemligt-nytt-namn" not in answer.content.decode()
        assert "Location" not in answer
