"""The OpenAPI description speaks one language: Swedish at /api/schema/ and on
/data/, English at /api/schema/?lang=en and on /en/data/. Neither carries
DRF's or drf-spectacular's English boilerplate nor the code's docstrings."""

import inspect
import re

import pytest

from hub.opendata import api
from hub.opendata import serializers as s

pytestmark = pytest.mark.django_db

# What DRF and drf-spectacular write by themselves when the project says nothing.
BOILERPLATE = [
    "A page number within the paginated result set.",
    "Number of results to return per page.",
    "The initial index from which to return the results.",
    "A unique integer value identifying this",
    "A unique value identifying this",
    "Which field to use when ordering the results.",
    "A search term.",
    "No response body",
    "Unspecified response body",
]

# Words only Swedish text has; text in backticks (code values such as
# `SCB länskod`) is left out before looking.
SWEDISH = re.compile(r"[åäöÅÄÖ]|\b(och|eller|för|som|med|att|på|om|enligt|postens|exemplets)\b")


def texts(node):
    """Every description, summary and title in a schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("description", "summary", "title") and isinstance(value, str):
                yield value
            else:
                yield from texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from texts(value)


def docstrings():
    classes = [api.ReadOnlyRecords, api.ErrorSerializer, api.CaseViewSet]
    classes += [value for value in vars(s).values() if inspect.isclass(value)]
    return {inspect.getdoc(cls) for cls in classes if cls.__module__.startswith("hub.")} - {None}


def test_the_swedish_schema_has_no_english_boilerplate_or_docstrings(client):
    schema = client.get("/api/schema/").json()
    found = list(texts(schema))
    assert "Sidnummer, från 1." in found and "Exemplets namn." in found
    for phrase in BOILERPLATE:
        assert not [text for text in found if phrase in text], phrase
    assert not set(found) & docstrings()


def test_the_english_schema_has_no_swedish_descriptions(client):
    schema = client.get("/api/schema/", {"lang": "en"}).json()
    found = [text for text in texts(schema) if text != "Kunskapshubben API"]
    assert "Page number, from 1." in found and "The case's name." in found
    swedish = [text for text in found if SWEDISH.search(re.sub(r"`[^`]*`", "", text))]
    assert swedish == []
    for phrase in BOILERPLATE:
        assert not [text for text in found if phrase in text], phrase


def test_the_english_data_page_describes_the_fields_in_english(client):
    english = client.get("/en/data/").content.decode()
    assert "The case&#x27;s name." in english or "The case's name." in english
    assert "Exemplets namn." not in english
