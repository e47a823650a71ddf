"""Instrument diagrams: drawn from the stored actors and steps, accessible,
small, and redrawn when a curator edits a step."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from instruments.models import Actor, Instrument, Step
from publishing.versions import content_changed

pytestmark = pytest.mark.django_db
SVG = ""  # inline SVG in HTML carries no namespace


def diagram(client, slug):
    html = client.get(f"/instrument/{slug}/").content.decode()
    match = re.search(r'<svg class="flow-diagram".*?</svg>', html, re.S)
    assert match, f"no diagram on {slug}"
    return match.group(0)


def arrows(svg):
    """{(from actor, to actor, flow)} as drawn: arrows found by their
    lifelines' x positions."""
    root = ET.fromstring(svg)
    columns = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "actor":
            name = " ".join(t.text for t in group.iter(f"{SVG}tspan"))
            columns[group.find(f"{SVG}line").get("x1")] = name
    drawn = set()
    for group in root.iter(f"{SVG}g"):
        kind = group.get("class", "")
        if kind.startswith("step "):
            flow = kind.split("flow-")[1]
            start = columns[group.find(f"{SVG}circle").get("cx")]
            line = group.find(f"{SVG}line")
            if line is None:  # stays with its actor
                drawn.add((start, start, flow))
                continue
            x2 = float(line.get("x2"))
            end = min(columns.items(), key=lambda item: abs(float(item[0]) - x2))[1]
            drawn.add((start, end, flow))
    return drawn


def test_every_instrument_has_an_accessible_diagram_of_its_actors(client):
    for instrument in Instrument.objects.published():
        svg = diagram(client, instrument.slug)
        root = ET.fromstring(svg)
        assert root.get("role") == "img"
        assert root.get("aria-labelledby") == "diagram-title diagram-desc"
        assert root.find(f"{SVG}title").text.startswith(instrument.name)
        description = root.find(f"{SVG}desc").text
        for actor in instrument.actors.all():
            assert actor.name in svg and actor.name in description
        for step in instrument.steps.all():
            assert f"{step.order}. {step.actor}" in description
        assert len(svg.encode()) < 50_000


def test_the_social_outcome_contract_shows_what_figure_2_shows(client):
    drawn = arrows(diagram(client, "sociala-utfallskontrakt"))
    assert {
        ("Offentlig aktör", "Investerare", "agreement"),  # the contract
        ("Investerare", "Utförare", "money"),  # investors finance the intervention
        ("Projektorganisation", "Projektorganisation", "agreement"),  # coordinates
        ("Utförare", "Målgrupp", "service"),
        ("Oberoende aktör", "Offentlig aktör", "validation"),  # validates the outcome
        ("Offentlig aktör", "Investerare", "money"),  # repays with the agreed return
    } == drawn


def test_the_social_investment_fund_shows_what_figure_3_shows(client):
    drawn = arrows(diagram(client, "social-investeringsfond"))
    assert {
        ("Offentlig aktör", "Social investeringsfond", "money"),
        ("Social investeringsfond", "Utförare", "money"),
        ("Utförare", "Målgrupp", "service"),
        ("Utförare", "Offentlig aktör", "outcome"),  # followed up and evaluated
    } == drawn


def test_editing_a_step_redraws_the_diagram(client, admin_client):
    from tests.admin_forms import admin_form

    instrument = Instrument.objects.get(slug="social-investeringsfond")
    url = f"/admin/instruments/instrument/{instrument.pk}/change/"
    data = admin_form(admin_client, url, "instrument_form")
    steps = {data[f"steps-{i}-order"][0]: i for i in range(int(data["steps-TOTAL_FORMS"][0]))}
    fourth = steps["4"]
    data[f"steps-{fourth}-flow"] = ["validation"]
    data[f"steps-{fourth}-source"] = [
        str(Actor.objects.get(instrument=instrument, name="Målgrupp").pk)
    ]
    assert admin_client.post(url, data).status_code == 302
    drawn = arrows(diagram(client, "social-investeringsfond"))
    assert ("Målgrupp", "Offentlig aktör", "validation") in drawn
    assert ("Utförare", "Offentlig aktör", "outcome") not in drawn


def test_a_step_cannot_point_at_another_instruments_actor():
    step = Step.objects.get(instrument__slug="sociala-obligationer", order=1)
    step.target = Actor.objects.get(instrument__slug="social-investeringsfond", name="Utförare")
    with pytest.raises(ValidationError, match="samma instrument"):
        step.full_clean()


def test_more_steps_mean_no_more_queries(client):
    instrument = Instrument.objects.get(slug="sociala-obligationer")
    url = instrument.get_absolute_url()
    client.get(url)
    content_changed()  # the article is rendered again, not read from the cache
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    actors = list(instrument.actors.all())
    Step.objects.bulk_create(
        Step(
            instrument=instrument,
            order=10 + i,
            actor="Någon",
            action="gör något för",
            flow="service",
            source=actors[i % len(actors)],
            target=actors[(i + 1) % len(actors)],
        )
        for i in range(12)
    )
    content_changed()  # as a save would
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert body.count('<g class="step ') == 3 + 12
