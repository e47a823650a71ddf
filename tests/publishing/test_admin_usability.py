"""The curators' admin for a non-technical Swedish curator: the hub's name,
Swedish sections only, the workflow buttons where they are needed, amounts
as people write them, marked required fields, help texts that explain,
refusals that name the role, and topics shown as topics."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from cases.models import Case
from instruments.models import Instrument
from publishing.models import Status
from tests.admin_forms import admin_form
from tests.publishing.test_workflow import CASE, make_user

pytestmark = pytest.mark.django_db

ENGLISH = ["Django", "Axes", "AXES", "Taggit", "TAGGIT", "Tags", "Sites", "Redirects"]


@pytest.fixture
def curator(client):
    client.force_login(make_user("curator"))
    return client


@pytest.fixture
def publisher(client):
    client.force_login(make_user("publisher"))
    return client


def case_url():
    return reverse("admin:cases_case_change", args=[Case.objects.get(slug=CASE).pk])


def workflow_rows(body):
    return re.findall(r'<div class="submit-row workflow-row">(.*?)</div>', body, re.S)


def test_the_admin_carries_the_hubs_name(curator):
    body = curator.get(reverse("admin:index")).content.decode()
    assert 'id="site-name"><a href="/admin/">Kunskapshubben – redaktion</a>' in body
    assert re.search(r"<title>[^<]*Kunskapshubben – redaktion</title>", body)
    assert "Django" not in body


def test_a_curator_sees_only_swedish_sections(curator):
    body = curator.get(reverse("admin:index")).content.decode()
    sections = re.findall(r'class="section"[^>]*>([^<]+)</a>', body)
    models = re.findall(r'<th scope="row"[^>]*>\s*<a[^>]*>([^<]+)</a>', body)
    assert "Ämnen" in sections and "Exempel och aktörer" in sections
    for word in ENGLISH:
        assert word not in " ".join(sections + models), word
    assert "/admin/axes/" not in body  # the login locks are the publisher's


def test_the_topics_list_has_no_english_for_a_curator(curator):
    body = curator.get(reverse("admin:taggit_tag_changelist")).content.decode()
    assert "Merge selected tags" not in body and "Tags" not in body


def test_workflow_buttons_at_the_top_and_the_bottom(curator):
    Case.objects.filter(slug=CASE).update(status=Status.DRAFT)
    body = curator.get(case_url()).content.decode()
    rows = workflow_rows(body)
    assert len(rows) == 2 and all('value="review"' in row for row in rows)
    form = body[body.index('id="case_form"') :]
    assert form.index("workflow-row") < form.index('name="title"')


def test_the_add_form_saves_and_sends_to_review_in_one_step(curator):
    url = reverse("admin:cases_case_add")
    body = curator.get(url).content.decode()
    rows = workflow_rows(body)
    assert len(rows) == 2 and all("Spara och skicka till granskning" in row for row in rows)
    data = admin_form(curator, url, "case_form")
    data.update(
        title="Ett nytt exempel",
        slug="ett-nytt-exempel",
        lead="Ett exempel som en redaktör lägger till.",
        instruments=[Instrument.objects.get(slug="sociala-utfallskontrakt").pk],
        stage=Case.Stage.PLANNING,
        start_year="2024",
        _transition="review",
    )
    response = curator.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Case.objects.get(slug="ett-nytt-exempel").status == Status.REVIEW


@pytest.mark.parametrize(
    "typed", ["12 000 000", "12\u00a0000\u00a0000", "12\u202f000\u202f000", "12 000 000 kr"]
)
def test_amounts_are_typed_as_people_write_them(publisher, typed):
    url = case_url()
    data = admin_form(publisher, url, "case_form")
    data["investment_sek"] = typed
    response = publisher.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Case.objects.get(slug=CASE).investment_sek == 12000000


def test_the_amount_box_accepts_spaces(publisher):
    body = publisher.get(case_url()).content.decode()
    box = re.search(r'<input[^>]*name="investment_sek"[^>]*>', body).group(0)
    assert 'type="text"' in box and 'inputmode="numeric"' in box
    assert 'value="10 000 000"' in box  # Norrköping's investment, grouped as it is read


def test_a_negative_amount_is_refused_in_swedish(publisher):
    url = case_url()
    before = Case.objects.get(slug=CASE).total_cost_sek
    data = admin_form(publisher, url, "case_form")
    data["total_cost_sek"] = "-5"
    response = publisher.post(url, data)
    assert response.status_code == 200
    assert "Beloppet kan inte vara negativt." in response.content.decode()
    assert Case.objects.get(slug=CASE).total_cost_sek == before


def test_required_fields_are_marked_and_explained(curator):
    body = curator.get(reverse("admin:cases_case_add")).content.decode()
    assert re.search(r'<label class="required" for="id_title">', body)
    assert '<p class="required-legend"><span aria-hidden="true">*</span> = måste fyllas i' in body
    assert finders.find("css/admin.css") and "css/admin.css" in body
    # that the asterisk shows is the browser test's (tests/browser/test_admin.py)


def test_markdown_help_gives_examples(curator):
    body = curator.get(case_url()).content.decode()
    help_text = re.search(
        r'<div class="help" id="id_body_helptext">\s*<div>(.*?)</div>', body, re.S
    )
    text = help_text.group(1)
    assert "## Rubrik" in text and "- punkt" in text and "[länktext](https://" in text
    assert ">Markdown.<" not in body


def test_a_curator_is_told_that_publishing_is_the_publishers(curator):
    Case.objects.filter(slug=CASE).update(status=Status.REVIEW)
    url = case_url()
    data = admin_form(curator, url, "case_form")
    response = curator.post(url, {**data, "_transition": "published"}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("Bara en ansvarig utgivare kan publicera" in m for m in messages), messages
    assert not any("Du kan inte ändra status" in m for m in messages)
    assert Case.objects.get(slug=CASE).status == Status.REVIEW


def test_topics_are_shown_without_quotes_and_saved_by_commas(publisher):
    case = Case.objects.get(slug=CASE)
    case.tags.set(["barn och unga", "risköverföring"])
    url = case_url()
    body = publisher.get(url).content.decode()
    box = re.search(r'<input[^>]*name="tags"[^>]*>', body).group(0)
    assert 'value="barn och unga, risköverföring"' in box
    assert "&quot;" not in box
    assert "Skriv ämnena med kommatecken emellan" in body
    assert "A comma-separated list of tags." not in body
    data = admin_form(publisher, url, "case_form")
    data["tags"] = "sociala investeringar"
    assert publisher.post(url, data).status_code == 302
    assert list(case.tags.names()) == ["sociala investeringar"]
