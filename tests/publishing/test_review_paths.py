"""Every other path a redaktör has to the public site: restores of the rows
edited on a record's form, approving such rows, the list actions, crafted
posts and the "+" popups. None of them publishes, withdraws or unpublishes.
A draft made in a popup is named when its record goes out, and the
publisher's queue lists what waits.

Every test drives the real admin: its forms, its buttons, its history page.
"""

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Case, Organisation
from insights.models import InsightArea
from instruments.models import Instrument
from publishing.models import PendingChange, ReviewState, Status
from tests.admin_forms import admin_form
from tests.publishing.test_review import case_url, logged_in, public_page, review_url
from tests.publishing.test_workflow import CASE

pytestmark = pytest.mark.django_db


def area_url(area, view="change", *args):
    return reverse(f"admin:insights_insightarea_{view}", args=[area.pk, *args])


def inline_prefix(data, group, pk):
    """The form prefix (``quotes-2``) of the inline row with primary key ``pk``."""
    return next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.startswith(f"{group}-") and key.endswith("-id") and value == [str(pk)]
    )


def test_approving_a_change_to_a_published_quote_keeps_it_published():
    area = InsightArea.objects.filter(
        status=Status.PUBLISHED, quotes__status=Status.PUBLISHED
    ).first()
    quote = area.quotes.filter(status=Status.PUBLISHED).order_by("pk").first()
    published_at = quote.published_at
    curator, _user = logged_in("curator")
    data = admin_form(curator, area_url(area), "insightarea_form")
    data[f"{inline_prefix(data, 'quotes', quote.pk)}-text"] = ["Ett omskrivet citat."]
    curator.post(area_url(area), data)
    assert "Ett omskrivet citat." not in public_page(area).content.decode()

    publisher, _user = logged_in("publisher")
    change = PendingChange.objects.get(object_id=area.pk, state=ReviewState.PENDING)
    assert "Ett omskrivet citat." in publisher.get(review_url(change)).content.decode()
    response = publisher.post(review_url(change), {"_approve": "1"}, follow=True)
    assert "är godkänd och publicerad" in response.content.decode()
    quote.refresh_from_db()
    assert quote.text == "Ett omskrivet citat."
    assert quote.status == Status.PUBLISHED and quote.published_at == published_at
    assert "Ett omskrivet citat." in public_page(area).content.decode()


@pytest.mark.parametrize("role", ["curator", "publisher"])
def test_restoring_a_record_keeps_the_status_of_the_quotes_on_its_form(role):
    """A draft area whose quote was published at the version restored, and
    is withdrawn now: the restore brings back the area, not the quote."""
    area = InsightArea.objects.filter(quotes__status=Status.PUBLISHED).first()
    quote = area.quotes.filter(status=Status.PUBLISHED).order_by("pk").first()
    InsightArea.objects.filter(pk=area.pk).update(status=Status.DRAFT)
    area.refresh_from_db()
    area.lead += " Första versionen."
    area.save()
    old = area.history.first()
    area.lead += " Andra versionen."
    area.save()
    quote.status = Status.WITHDRAWN
    quote.save()

    client, _user = logged_in(role)
    url = area_url(area, "simple_history", old.history_id)
    assert (
        client.post(url, admin_form(client, url, "historicalinsightarea_form")).status_code == 302
    )
    area.refresh_from_db()
    assert area.lead.endswith(" Första versionen.") and area.status == Status.DRAFT
    quote.refresh_from_db()
    assert quote.status == Status.WITHDRAWN


def test_restoring_a_draft_record_that_changes_a_published_quote_waits_for_review():
    area = InsightArea.objects.filter(quotes__status=Status.PUBLISHED).first()
    quote = area.quotes.filter(status=Status.PUBLISHED).order_by("pk").first()
    InsightArea.objects.filter(pk=area.pk).update(status=Status.DRAFT)
    area.refresh_from_db()
    area.save()
    old = area.history.first()
    area.save()
    quote.text, published_text = "Citatet som det står nu.", quote.text
    quote.save()

    curator, _user = logged_in("curator")
    url = area_url(area, "simple_history", old.history_id)
    curator.post(url, admin_form(curator, url, "historicalinsightarea_form"))
    quote.refresh_from_db()
    assert quote.text == "Citatet som det står nu." and quote.is_published
    change = PendingChange.objects.get(object_id=area.pk, state=ReviewState.PENDING)
    publisher, _user = logged_in("publisher")
    publisher.post(review_url(change), {"_approve": "1"})
    quote.refresh_from_db()
    assert quote.text == published_text and quote.is_published


def test_list_actions_and_crafted_buttons_never_publish_or_withdraw():
    curator, _user = logged_in("curator")
    published = Case.objects.get(slug=CASE)
    for action in ("withdraw", "return_to_draft", "send_to_review", "delete_selected"):
        curator.post(
            reverse("admin:cases_case_changelist"),
            {"action": action, "_selected_action": [published.pk], "post": "yes"},
        )
        assert Case.objects.get(pk=published.pk).status == Status.PUBLISHED, action

    in_review = Case.objects.get(slug="orebro-sociala-investeringar")
    Case.objects.filter(pk=in_review.pk).update(status=Status.REVIEW, published_at=None)
    for crafted in (
        {"_transition": "published_with_links"},
        {"_publish": "1", "status": "published", "published_at": "2020-01-01 00:00"},
        {"_transition": "withdrawn"},
    ):
        data = admin_form(curator, case_url(in_review), "case_form")
        curator.post(case_url(in_review), {**data, **crafted})
        in_review.refresh_from_db()
        assert in_review.status == Status.REVIEW and in_review.published_at is None, crafted

    # the withdraw button on a published record, crafted into its form
    data = admin_form(curator, case_url(published), "case_form")
    curator.post(case_url(published), {**data, "_transition": "withdrawn"})
    assert Case.objects.get(pk=published.pk).status == Status.PUBLISHED
    assert public_page(published).status_code == 200


def test_a_published_organisation_changed_in_the_popup_waits_for_review():
    organisation = Organisation.objects.filter(status=Status.PUBLISHED).first()
    name = organisation.name
    curator, user = logged_in("curator")
    popup = reverse("admin:cases_organisation_change", args=[organisation.pk]) + "?_popup=1"
    data = admin_form(curator, popup, "organisation_form")
    data["name"] = ["Ett namn från popupen"]
    response = curator.post(popup, data)
    assert response.status_code == 200  # the page that closes the popup
    assert Organisation.objects.get(pk=organisation.pk).name == name
    assert PendingChange.objects.filter(
        object_id=organisation.pk, state=ReviewState.PENDING, author=user
    ).exists()
    assert (
        "Ett namn från popupen"
        not in Client().get(organisation.get_absolute_url()).content.decode()
    )


# -- 5. a draft made in a "+" popup is named -------------------------------------------


def test_an_organisation_made_in_the_popup_is_named_when_its_case_goes_out():
    case = Case.objects.get(slug="orebro-sociala-investeringar")
    Case.objects.filter(pk=case.pk).update(status=Status.DRAFT)
    instrument = Instrument.objects.create(
        name="Ett instrument i utkast", slug="ett-instrument-i-utkast", kind="financing", lead="."
    )
    curator, _user = logged_in("curator")
    popup = reverse("admin:cases_organisation_add") + "?_popup=1&_to_field=id"
    form = admin_form(curator, popup, "organisation_form")
    form.update(name=["Popupstiftelsen"], slug=["popupstiftelsen"], sector=["civil_society"])
    form.update(kind=["foundation"])
    assert curator.post(popup, form).status_code == 200
    organisation = Organisation.objects.get(slug="popupstiftelsen")
    assert organisation.status == Status.DRAFT

    # the curator adds it on the case's form and sends the case to review
    data = admin_form(curator, case_url(case), "case_form")
    row = int(data["participations-TOTAL_FORMS"][0]) - 1  # the empty extra row
    data[f"participations-{row}-organisation"] = [str(organisation.pk)]
    data[f"participations-{row}-role"] = ["service_provider"]
    data["instruments"] = [*data.get("instruments", []), str(instrument.pk)]
    sent = curator.post(case_url(case), {**data, "_transition": "review"}, follow=True)
    assert Case.objects.get(pk=case.pk).status == Status.REVIEW
    message = sent.content.decode()
    assert "länkar till poster som inte är publicerade" in message
    assert "Popupstiftelsen" in message and "Ett instrument i utkast" in message

    # the publisher sees them on the form, by name, and publishes knowingly
    publisher, _user = logged_in("publisher")
    page = publisher.get(case_url(case)).content.decode()
    assert "Länkar till poster som inte är publicerade" in page
    assert "Popupstiftelsen (utkast)" in page and "Ett instrument i utkast (utkast)" in page
    data = admin_form(publisher, case_url(case), "case_form")
    done = publisher.post(case_url(case), {**data, "_transition": "published"}, follow=True)
    assert Case.objects.get(pk=case.pk).status == Status.PUBLISHED
    assert "Popupstiftelsen" in done.content.decode()
    assert "Popupstiftelsen" not in public_page(case).content.decode()


# -- 2. the publisher's queue ------------------------------------------------------------


def test_the_queue_shows_the_waiting_changes_and_the_decided_ones_on_request():
    curator, _user = logged_in("curator")
    publisher, _user = logged_in("publisher")
    cases = list(Case.objects.published().order_by("pk")[:2])
    for case in cases:
        data = admin_form(curator, case_url(case), "case_form")
        data["lead"] = [f"{data['lead'][0]} Tillagt av redaktören."]
        curator.post(case_url(case), data)
    approved, waiting = (PendingChange.objects.get(object_id=case.pk) for case in cases)
    publisher.post(review_url(approved), {"_approve": "1"})

    queue_url = reverse("admin:publishing_pendingchange_changelist")
    queue = publisher.get(queue_url).content.decode()
    assert "<h1>Ändringar som väntar på granskning</h1>" in queue
    assert review_url(waiting) in queue and review_url(approved) not in queue
    assert "Ändrade Ingress." in queue  # the curator's summary
    decided = publisher.get(queue_url, {"lage": "approved"}).content.decode()
    assert "<h1>Godkända ändringar</h1>" in decided
    assert review_url(approved) in decided and review_url(waiting) not in decided
    # the record types that have changes, by their Swedish names, and no others
    assert ">Exempel</a>" in queue
    assert "historical" not in queue.lower() and "Aktör</a>" not in queue
