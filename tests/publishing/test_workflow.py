"""Curators: roles, the publishing workflow, preview, history with revert,
stable links and the public case suggestions."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from cases.models import Case, Organisation, Suggestion
from instruments.models import Instrument, Publication
from publishing.models import Status
from publishing.roles import CURATOR, PUBLISHER
from tests.admin_forms import admin_form

pytestmark = pytest.mark.django_db

CASE = "norrkoping-socialt-utfallskontrakt"


def make_user(role):
    User = get_user_model()
    if role == "superuser":
        return User.objects.create_superuser("root@example.org", "root@example.org", "x")
    user = User.objects.create_user(f"{role}@example.org", f"{role}@example.org", "x")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name={"curator": CURATOR, "publisher": PUBLISHER}[role]))
    return user


@pytest.fixture
def as_role(client):
    def login(role):
        if role != "anonymous":
            client.force_login(make_user(role))
        return client

    return login


def action(client, name, *cases):
    return client.post(
        reverse("admin:cases_case_changelist"),
        {"action": name, "_selected_action": [c.pk for c in cases]},
    )


def status_of(slug):
    return Case.objects.get(slug=slug).status


# -- roles --------------------------------------------------------------------------

ALLOWED = {
    #            view  add   change publish withdraw delete users
    "anonymous": (False, False, False, False, False, False, False),
    "curator": (True, True, True, False, False, False, False),
    "publisher": (True, True, True, True, True, True, False),
    "superuser": (True, True, True, True, True, True, True),
}


@pytest.mark.parametrize("role", ALLOWED)
def test_permission_matrix(as_role, role):
    client = as_role(role)
    view, add, change, publish, withdraw, delete, users = ALLOWED[role]
    case = Case.objects.get(slug=CASE)
    draft = Case.objects.get(slug="orebro-sociala-investeringar")
    Case.objects.filter(pk=draft.pk).update(status=Status.DRAFT)

    changelist = client.get(reverse("admin:cases_case_changelist"))
    assert (changelist.status_code == 200) is view
    assert (client.get(reverse("admin:cases_case_add")).status_code == 200) is add
    change_page = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert (change_page.status_code == 200 and b'name="_save"' in change_page.content) is change

    Case.objects.filter(pk=case.pk).update(status=Status.REVIEW)
    action(client, "publish", case)
    assert (status_of(CASE) == Status.PUBLISHED) is publish

    Case.objects.filter(pk=case.pk).update(status=Status.PUBLISHED)
    action(client, "withdraw", case)
    assert (status_of(CASE) == Status.WITHDRAWN) is withdraw

    client.post(reverse("admin:cases_case_delete", args=[draft.pk]), {"post": "yes"})
    assert (not Case.objects.filter(pk=draft.pk).exists()) is delete

    user_admin = client.get(reverse("admin:auth_user_changelist"))
    assert (user_admin.status_code == 200) is users


def test_a_published_record_cannot_be_deleted_only_withdrawn(as_role):
    client = as_role("publisher")
    case = Case.objects.get(slug=CASE)
    response = client.post(reverse("admin:cases_case_delete", args=[case.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Case.objects.filter(pk=case.pk).exists()


def test_a_real_delete_asks_first_and_stays_in_history(as_role):
    client = as_role("publisher")
    case = Case.objects.get(slug="orebro-sociala-investeringar")
    Case.objects.filter(pk=case.pk).update(status=Status.WITHDRAWN)
    confirm = client.get(reverse("admin:cases_case_delete", args=[case.pk]))
    assert confirm.status_code == 200 and b'name="post"' in confirm.content
    client.post(reverse("admin:cases_case_delete", args=[case.pk]), {"post": "yes"})
    assert not Case.objects.filter(pk=case.pk).exists()
    assert Case.history.filter(id=case.pk, history_type="-").exists()


def test_the_status_is_not_an_editable_field(as_role):
    client = as_role("curator")
    case = Case.objects.get(slug=CASE)
    Case.objects.filter(pk=case.pk).update(status=Status.DRAFT)
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = admin_form(client, url, "case_form")
    assert "status" not in data
    data["status"] = ["published"]
    client.post(url, data)
    assert status_of(CASE) == Status.DRAFT


def test_create_curator_prints_a_one_time_link(client):
    out = StringIO()
    call_command("create_curator", "Eva@Example.org", "--role", "utgivare", stdout=out)
    user = get_user_model().objects.get(username="eva@example.org")
    assert user.is_staff and not user.has_usable_password()
    assert [g.name for g in user.groups.all()] == [PUBLISHER]
    link = re.search(r"http://testserver(/konto/reset/\S+)", out.getvalue()).group(1)
    first = client.get(link)
    assert first.status_code == 302  # to the form for the new password
    form = client.get(first["Location"])
    assert b"new_password1" in form.content


# -- the workflow --------------------------------------------------------------------


def test_buttons_move_a_record_through_the_workflow(as_role):
    curator = as_role("curator")
    case = Case.objects.get(slug=CASE)
    Case.objects.filter(pk=case.pk).update(status=Status.DRAFT)
    url = reverse("admin:cases_case_change", args=[case.pk])
    page = curator.get(url).content.decode()
    assert 'value="review"' in page and 'value="published"' not in page
    data = admin_form(curator, url, "case_form")
    curator.post(url, {**data, "_transition": "review"})
    assert status_of(CASE) == Status.REVIEW


def test_publishing_needs_a_source_and_a_participant(as_role):
    client = as_role("publisher")
    case = Case.objects.get(slug=CASE)
    case.citations.all().delete()
    Case.objects.filter(pk=case.pk).update(status=Status.REVIEW)
    response = action(client, "publish", case)
    assert status_of(CASE) == Status.REVIEW
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Lägg till minst en källa" in m for m in messages)


def test_published_and_updated_dates_show_on_the_public_page(client):
    # A record a curator made shows its publication date (one the content load
    # made shows its report's date instead: tests/hub/site/test_pages_content.py).
    case = Case.objects.get(slug=CASE)
    case.history.update(history_user=make_user("curator"))
    body = client.get(reverse("cases:detail", args=[CASE])).content.decode()
    assert re.search(r"Publicerad <time datetime=\"\d{4}-\d\d-\d\dT", body)
    assert "Senast ändrad" in body


UNPUBLISHED = [Status.DRAFT, Status.REVIEW, Status.WITHDRAWN]


@pytest.mark.parametrize("status", UNPUBLISHED)
def test_unpublished_records_are_invisible_everywhere(client, status):
    case = Case.objects.get(slug="region-stockholm-halsoobligation")
    Case.objects.filter(pk=case.pk).update(status=status)
    title = case.title
    assert client.get(case.get_absolute_url()).status_code == 404
    for path in ["/", "/fall/", "/amnen/diabetes/", "/aktorer/skandia/", "/sok/?q=hälsoobligation"]:
        response = client.get(path)
        assert title not in response.content.decode(), path
    library = client.get("/fall/")
    counts = {f.name: f for f in library.context["facets"]}
    instrument = next(o for o in counts["instrument"].options if o.value == "sociala-obligationer")
    assert instrument.count == 0
    topics = {t["slug"]: t["count"] for t in client.get("/amnen/").context["tags"]}
    assert "diabetes" not in topics


def test_staff_preview_a_draft_marked_and_never_cached(as_role):
    case = Case.objects.get(slug=CASE)
    Case.objects.filter(pk=case.pk).update(status=Status.DRAFT)
    client = as_role("curator")
    response = client.get(case.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Förhandsvisning" in body
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    client.logout()
    assert client.get(case.get_absolute_url()).status_code == 404


# -- history and revert ------------------------------------------------------------


def test_history_keeps_an_edit_and_revert_restores_it_with_inline_rows(as_role):
    client = as_role("publisher")  # a curator's edit of a published case waits (test_review)
    case = Case.objects.get(slug=CASE)
    url = reverse("admin:cases_case_change", args=[case.pk])
    before_title = case.title
    before_roles = sorted(case.participations.values_list("organisation__slug", "role"))

    data = admin_form(client, url, "case_form")
    data["title"] = ["Ett ändrat namn"]
    # remove the first participation, as a curator does with the inline's delete box
    data["participations-0-DELETE"] = ["on"]
    response = client.post(url, data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "Ett ändrat namn"
    assert case.participations.count() == len(before_roles) - 1

    history = client.get(reverse("admin:cases_case_history", args=[case.pk])).content.decode()
    assert "Ett ändrat namn" in history  # the readable diff of the change
    previous = case.history.filter(title=before_title).first()
    revert_url = reverse("admin:cases_case_simple_history", args=[case.pk, previous.history_id])
    form = admin_form(client, revert_url, "historicalcase_form")
    assert form["title"] == [before_title]
    client.post(revert_url, form)
    case.refresh_from_db()
    assert case.title == before_title
    assert sorted(case.participations.values_list("organisation__slug", "role")) == before_roles
    assert case.history.first().history_user.username == "publisher@example.org"


# -- stable links ---------------------------------------------------------------------


def test_a_changed_slug_keeps_the_old_address_working(as_role):
    client = as_role("publisher")
    case = Case.objects.get(slug=CASE)
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = admin_form(client, url, "case_form")
    data["slug"] = ["norrkopings-utfallskontrakt"]
    client.post(url, data)
    client.logout()
    old = client.get(f"/fall/{CASE}/")
    assert old.status_code == 301 and old["Location"] == "/fall/norrkopings-utfallskontrakt/"
    english = client.get(f"/en/fall/{CASE}/")
    assert english.status_code == 301
    assert english["Location"] == "/en/fall/norrkopings-utfallskontrakt/"
    assert client.get("/fall/norrkopings-utfallskontrakt/").status_code == 200

    # a second rename re-points the first redirect, so there is never a chain
    client.force_login(get_user_model().objects.get(username="publisher@example.org"))
    data = admin_form(client, url, "case_form")
    data["slug"] = ["norrkoping-sib"]
    client.post(url, data)
    client.logout()
    assert client.get(f"/fall/{CASE}/")["Location"] == "/fall/norrkoping-sib/"
    assert client.get("/fall/norrkopings-utfallskontrakt/")["Location"] == "/fall/norrkoping-sib/"


# -- suggestions ------------------------------------------------------------------


VALID = {
    "title": "Utfallskontrakt i Exempelby",
    "organisations": "Exempelby kommun",
    "instrument": "sociala-utfallskontrakt",
    "place": "Exempelby",
    "description": "Kommunen prövar ett utfallskontrakt för unga.",
    "source_links": "https://example.org/nyhet",
    "contact_email": "tips@example.org",
}


def test_a_valid_suggestion_lands_in_the_queue(client):
    response = client.post(reverse("cases:suggest"), VALID)
    assert response.status_code == 200
    assert "Tack för tipset!" in response.content.decode()
    suggestion = Suggestion.objects.get()
    assert suggestion.state == Suggestion.State.NEW
    assert suggestion.instrument.slug == "sociala-utfallskontrakt"
    assert not Case.objects.filter(title=VALID["title"]).exists()


def test_the_form_needs_a_csrf_token():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("cases:suggest"), VALID).status_code == 403
    assert not Suggestion.objects.exists()


def test_a_honeypot_hit_stores_nothing(client):
    response = client.post(reverse("cases:suggest"), {**VALID, "website": "http://spam"})
    assert "Tack för tipset!" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_an_oversized_field_is_refused_and_what_was_typed_kept(client):
    response = client.post(reverse("cases:suggest"), {**VALID, "description": "x" * 5001})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Något behöver rättas" in body
    assert "Utfallskontrakt i Exempelby" in body  # kept
    assert not Suggestion.objects.exists()


def test_a_bad_link_is_explained_in_swedish(client):
    response = client.post(reverse("cases:suggest"), {**VALID, "source_links": "javascript:x"})
    assert "är inte en webbadress" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_html_is_stored_as_text_and_shown_escaped(client, as_role):
    client.post(reverse("cases:suggest"), {**VALID, "title": "<script>alert(1)</script>"})
    suggestion = Suggestion.objects.get()
    assert suggestion.title == "<script>alert(1)</script>"
    admin = as_role("curator")
    page = admin.get(reverse("admin:cases_suggestion_change", args=[suggestion.pk]))
    body = page.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_a_burst_over_the_rate_limit_is_stopped(client):
    for number in range(5):
        client.post(reverse("cases:suggest"), {**VALID, "title": f"Tips {number}"})
    response = client.post(reverse("cases:suggest"), {**VALID, "title": "Ett för mycket"})
    assert response.status_code == 429
    assert "Du har skickat många tips på kort tid" in response.content.decode()
    assert "Ett för mycket" in response.content.decode()  # what they typed is kept
    assert Suggestion.objects.count() == 5


# -- the walk-through -----------------------------------------------------------------


def test_from_suggestion_to_published_case(client, as_role):
    client.post(reverse("cases:suggest"), VALID)
    suggestion = Suggestion.objects.get()

    curator = as_role("curator")
    response = curator.post(
        reverse("admin:cases_suggestion_changelist"),
        {"action": "make_draft_cases", "_selected_action": [suggestion.pk]},
    )
    case = Case.objects.get(title=VALID["title"])
    assert response["Location"] == reverse("admin:cases_case_change", args=[case.pk])
    assert case.status == Status.DRAFT
    assert list(case.instruments.values_list("slug", flat=True)) == ["sociala-utfallskontrakt"]
    assert case.citations.get().url == "https://example.org/nyhet"
    assert client.get(case.get_absolute_url()).status_code == 200  # staff preview
    curator.logout()
    assert client.get(case.get_absolute_url()).status_code == 404

    # the curator completes the case with a participant and a report source
    curator.force_login(get_user_model().objects.get(username="curator@example.org"))
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = admin_form(curator, url, "case_form")
    data["participations-0-organisation"] = [str(Organisation.objects.get(slug="skr").pk)]
    data["participations-0-role"] = ["adviser"]
    citations = next(k for k in data if k.endswith("-TOTAL_FORMS") and "citation" in k)
    prefix = citations.removesuffix("-TOTAL_FORMS")
    data[citations] = ["2"]
    data[f"{prefix}-1-publication"] = [str(Publication.objects.get(slug="rapport-2020-2").pk)]
    data[f"{prefix}-1-locator"] = ["avsnitt 5.1"]
    data[f"{prefix}-1-order"] = ["2"]
    curator.post(url, {**data, "_transition": "review"})
    case.refresh_from_db()
    assert case.status == Status.REVIEW
    assert case.participations.count() == 1 and case.citations.count() == 2

    publisher = curator
    publisher.logout()
    publisher.force_login(make_user("publisher"))
    action(publisher, "publish", case)
    case.refresh_from_db()
    assert case.status == Status.PUBLISHED and case.published_at is not None
    publisher.logout()
    public = client.get(case.get_absolute_url())
    assert public.status_code == 200 and "Förhandsvisning" not in public.content.decode()

    steps = list(case.history.order_by("history_date").values_list("status", flat=True))
    assert steps[0] == Status.DRAFT and Status.REVIEW in steps and steps[-1] == Status.PUBLISHED
    users = {h.history_user.username for h in case.history.all() if h.history_user}
    assert users == {"curator@example.org", "publisher@example.org"}
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.CONVERTED and suggestion.case == case


def test_instrument_admin_offers_existing_topics(as_role):
    client = as_role("curator")
    instrument = Instrument.objects.get(slug="sociala-utfallskontrakt")
    page = client.get(reverse("admin:instruments_instrument_change", args=[instrument.pk]))
    body = page.content.decode()
    assert 'list="topics-datalist"' in body and '<option value="risköverföring">' in body


def test_participation_admin_autocompletes_organisations(as_role):
    client = as_role("curator")
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Norrk",
            "app_label": "cases",
            "model_name": "participation",
            "field_name": "organisation",
        },
    )
    assert response.status_code == 200
    assert "Norrköpings kommun" in response.json()["results"][0]["text"]
