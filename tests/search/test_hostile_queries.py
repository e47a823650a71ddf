"""Queries that PostgreSQL's websearch_to_tsquery could not parse ("tsquery
stack too small": 33 "-" in a row), and that the query cleaning makes
harmless, while a single "-" still means "not"."""

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from search.query import _tsquery_sql, clean_query

pytestmark = pytest.mark.django_db


def parses(query):
    """Whether PostgreSQL builds the site's tsquery of ``query`` (a savepoint,
    so that a failure leaves the test's transaction usable)."""
    sql, params = _tsquery_sql(query, ["sociala utfallskontrakt"])
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT ({sql})::text", params)
    except Exception as error:  # noqa: BLE001 - the error is the finding
        return error
    return None


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("-" * 40 + "skola", "skola"),
        ("- " * 40 + "skola", "skola"),
        ("-(" * 40 + "skola", "skola"),
        ("skola " + "-" * 40, "skola"),
        ("--skola", "skola"),
        ("-skola", "-skola"),
        ("utfall -skola", "utfall -skola"),
        ('utfall -"sociala obligationer"', 'utfall -"sociala obligationer"'),
        ("hälso- och sjukvård", "hälso- och sjukvård"),
        ("hälso-och-sjukvård", "hälso-och-sjukvård"),
        ("a" + "-" * 40 + "b", "a b"),
        ("utfall (-skola)", "utfall -skola)"),
    ],
)
def test_only_a_single_not_before_a_word_is_kept(raw, cleaned):
    assert clean_query(raw)[0] == cleaned
    assert parses(clean_query(raw)[0]) is None


OPERATORS = ["-", '"', " ", "or ", "OR ", "!", "&", "|", "<->", "<2>", ":*", ":", "(", ")",
             "'", "\\", "_", "–", "\u00a0", "*", "skola", "å", "x"]  # fmt: skip
hostile = st.one_of(
    st.lists(st.sampled_from(OPERATORS), max_size=120).map("".join),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=300),
    st.text("-\"' !&|():*<>_or", max_size=300),
)


@settings(
    max_examples=400,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(raw=hostile)
@example(raw="-" * 33 + "skola")
@example(raw='"' * 200)
@example(raw="or " * 70)
@example(raw="!" * 200 + "skola")
@example(raw="<->" * 66)
@example(raw=":*" * 100)
@example(raw="-" * 2000)
def test_every_query_makes_a_tsquery(raw):
    query, _truncated = clean_query(raw)
    assert parses(query) is None, (raw, query)
