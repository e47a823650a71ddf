"""The admin: every model is there, and a curator adds a whole case in one form."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from cases.models import Case, Organisation
from instruments.models import Instrument, Publication
from publishing.models import Status

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_changelist_add_and_change_pages_open(admin_client, admin_user, rf, model):
    opts = model._meta
    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    request = rf.get("/")
    request.user = admin_user
    # visitors' tips and login logs are never added by hand
    addable = admin.site._registry[model].has_add_permission(request)
    assert add.status_code == (200 if addable else 403)
    obj = model.objects.first()
    if obj is not None:
        change = admin_client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )
        assert change.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_changelist_search_works(admin_client, model):
    if not admin.site._registry[model].search_fields:
        pytest.fail(f"{model._meta.label} has no search_fields")
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client.get(url, {"q": "utfall"}).status_code == 200


def management_form(body, prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def inline_prefixes(body):
    return sorted(set(re.findall(r'name="([\w-]+)-TOTAL_FORMS"', body)))


def test_a_curator_adds_a_complete_case_in_one_form(admin_client):
    url = reverse("admin:cases_case_add")
    body = admin_client.get(url).content.decode()
    prefixes = inline_prefixes(body)
    citations = next(p for p in prefixes if "citation" in p)
    instrument = Instrument.objects.get(slug="sociala-utfallskontrakt")
    organisation = Organisation.objects.get(slug="norrkopings-kommun")
    report = Publication.objects.get(slug="rapport-2020-2")
    data = {
        "title": "Ett nytt exempel",
        "slug": "ett-nytt-exempel",
        "lead": "Ett exempel som en redaktör lägger till.",
        "instruments": [instrument.pk],
        "stage": Case.Stage.PLANNING,
        "start_year": "2024",
        "status": Status.DRAFT,
    }
    for prefix in prefixes:
        data.update(
            management_form(body, prefix, 1 if prefix in ("participations", citations) else 0)
        )
    data.update(
        {
            "participations-0-organisation": organisation.pk,
            "participations-0-role": "outcome_payer",
            "participations-0-order": "0",
            f"{citations}-0-publication": report.pk,
            f"{citations}-0-locator": "avsnitt 5.1",
            f"{citations}-0-order": "0",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get(slug="ett-nytt-exempel")
    assert case.status == Status.DRAFT
    assert list(case.instruments.all()) == [instrument]
    assert case.participations.get().organisation == organisation
    assert case.citations.get().publication == report
    latest = case.history.first()
    assert latest.history_type in ("+", "~")
    assert [row.instrument_id for row in latest.instruments.all()] == [instrument.pk]


def test_the_case_form_rejects_an_end_before_the_start(admin_client):
    url = reverse("admin:cases_case_add")
    body = admin_client.get(url).content.decode()
    data = {
        "title": "Fel tid",
        "slug": "fel-tid",
        "lead": "x",
        "instruments": [Instrument.objects.first().pk],
        "stage": Case.Stage.PLANNING,
        "start_year": "2024",
        "end_year": "2020",
        "status": Status.DRAFT,
    }
    for prefix in inline_prefixes(body):
        data.update(management_form(body, prefix, 0))
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Slutet kan inte ligga före starten." in response.content.decode()
    assert not Case.objects.filter(slug="fel-tid").exists()
