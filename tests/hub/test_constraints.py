"""The database itself rejects bad data, whatever code path writes it."""

import pytest
from django.db import IntegrityError, transaction

from cases.models import Case, County, Participation
from insights.models import Quote
from instruments.models import Citation, Synonym, Term

pytestmark = pytest.mark.django_db

CASE = "norrkoping-socialt-utfallskontrakt"


def rejects(queryset, **values):
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**values)


def test_end_year_before_start_year_is_rejected():
    rejects(Case.objects.filter(slug=CASE), start_year=2020, end_year=2019)


def test_end_month_before_start_month_in_the_same_year_is_rejected():
    rejects(
        Case.objects.filter(slug=CASE), start_year=2020, start_month=6, end_year=2020, end_month=5
    )


def test_same_year_with_later_end_month_is_accepted():
    updated = Case.objects.filter(slug=CASE).update(
        start_year=2020, start_month=5, end_year=2020, end_month=6
    )
    assert updated == 1
    assert Case.objects.get(slug=CASE).end_month == 6


@pytest.mark.parametrize("field", ["investment_sek", "max_outcome_payment_sek", "total_cost_sek"])
def test_negative_amount_is_rejected(field):
    rejects(Case.objects.filter(slug=CASE), **{field: -1})


def test_unknown_status_is_rejected():
    rejects(Case.objects.filter(slug=CASE), status="secret")
    rejects(Term.objects.all(), status="")


def test_implausible_year_and_month_are_rejected():
    rejects(Case.objects.filter(slug=CASE), start_year=1800)
    rejects(Case.objects.filter(slug=CASE), start_month=13)


def test_unknown_stage_and_role_are_rejected():
    rejects(Case.objects.filter(slug=CASE), stage="dreaming")
    rejects(Participation.objects.filter(case__slug=CASE), role="sponsor")
    rejects(Quote.objects.all(), role="Ldéburen organisation")


def test_duplicate_participation_is_rejected():
    participation = Participation.objects.filter(case__slug=CASE).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(
            case=participation.case,
            organisation=participation.organisation,
            role=participation.role,
        )


def test_synonym_is_unique_per_term_whatever_the_case():
    synonym = Synonym.objects.get(text="SIB")
    with pytest.raises(IntegrityError), transaction.atomic():
        Synonym.objects.create(term=synonym.term, text="sib")


def test_citation_needs_a_publication_or_a_url():
    case = Case.objects.get(slug=CASE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(content_object=case, locator="s. 1")


def test_county_code_must_be_two_digits():
    rejects(County.objects.filter(code="01"), code="1")
