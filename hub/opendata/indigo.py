"""The mapping to the INDIGO impact-bond data standard (GO Lab, University of
Oxford): our codes → INDIGO's codes, open data field → INDIGO path, and the
helpers that put values in INDIGO's shape. The serializers use them for the
API, the JSON downloads and the CSV files; /data/ shows the mapping."""

from cases.models import Case, Organisation, Participation
from instruments.models import Publication

CURRENCY = "SEK"
COUNTRY = "SE"

# our stage → INDIGO stage_development (v3; the two design stages are from 2.x)
STAGE_TO_INDIGO = {
    Case.Stage.IDEA: "Early-stage design",
    Case.Stage.PLANNING: "Late-stage design",
    Case.Stage.IMPLEMENTATION: "Implementation",
    Case.Stage.COMPLETED: "Complete",
    Case.Stage.DISCONTINUED: "",
}

# our role → (role code in the open data, where INDIGO keeps that organisation)
ROLE_TO_INDIGO = {
    Participation.Role.OUTCOME_PAYER: ("outcome_payer", "outcome_payment_commitments[]"),
    Participation.Role.INVESTOR: ("investor", "investments[]"),
    Participation.Role.SERVICE_PROVIDER: ("service_provider", "service_provisions[]"),
    Participation.Role.INTERMEDIARY: ("intermediary", "intermediary_services[]"),
    Participation.Role.EVALUATOR: (
        "outcomes_validator",
        "results[]/outcomes_validator_organisation_ids",
    ),
    Participation.Role.ISSUER: ("issuer", ""),
    Participation.Role.ADVISER: ("adviser", ""),
    Participation.Role.PARTNER: ("partner", ""),
}

# our publication kind → INDIGO sources[]/type
SOURCE_TYPE_TO_INDIGO = {
    Publication.Kind.REPORT: "Report",
    Publication.Kind.STRATEGY: "Report",
    Publication.Kind.HANDBOOK: "Report",
    Publication.Kind.INQUIRY: "Report",
    Publication.Kind.WEB_PAGE: "Website",
    Publication.Kind.PRESS_RELEASE: "Press release",
    Publication.Kind.ARTICLE: "News piece",
    Publication.Kind.OTHER: "",
}

# our organisation kind → INDIGO organisation type, where it is certain
ORGANISATION_TYPE_TO_INDIGO = {
    Organisation.Kind.MUNICIPALITY: "Government body",
    Organisation.Kind.REGION: "Government body",
    Organisation.Kind.AGENCY: "Government body",
    Organisation.Kind.INVESTOR: "Registered company, partnership or commercial association",
    Organisation.Kind.BANK: "",
    Organisation.Kind.INSURER: "Registered company, partnership or commercial association",
    Organisation.Kind.COMPANY: "Registered company, partnership or commercial association",
    Organisation.Kind.CIVIL_SOCIETY_ORGANISATION: (
        "Registered non-profit organisation, charity or foundation"
    ),
}

# open data field → its INDIGO path, for the mapping table on /data/
INDIGO = {
    "cases": {
        "name": "name/value",
        "stage_development": "stage_development/value",
        "start_date_of_service_provision": "dates/start_date_of_service_provision/value",
        "anticipated_end_date_of_service_provision": (
            "dates/anticipated_end_date_of_service_provision/value"
        ),
        "actual_end_date_of_service_provision": "dates/actual_end_date_of_service_provision/value",
        "target_population": "service_and_beneficiaries/target_population/value",
        "actual_number_service_users_or_beneficiaries_total": (
            "service_and_beneficiaries/actual_number_service_users_or_beneficiaries_total/value"
        ),
        "total_investment_commitment_amount": (
            "overall_project_finance/total_investment_commitment/amount/exact/value"
        ),
        "maximum_potential_outcome_payment_amount": (
            "overall_project_finance/maximum_potential_outcome_payment_v2/amount/value"
        ),
        "currency": "overall_project_finance/total_investment_commitment/currency/value",
    },
    "participations": {"role": "the component the organisation is in (indigo_component)"},
    "delivery_locations": {
        "location_country": "delivery_locations[]/location_country/value",
        "location_name": "delivery_locations[]/location_name/value",
        "adminstrative_geography_code_type": (
            "delivery_locations[]/adminstrative_geography_code_type/value"
        ),
        "adminstrative_geography_code": "delivery_locations[]/adminstrative_geography_code/value",
    },
    "outcome_metrics": {
        "definition": "outcome_metrics[]/definition/value",
        "outcome_metric_target": "outcome_metrics[]/outcome_metric_target/value",
        "outcomes_achieved": "results[]/outcomes_achieved/value",
    },
    "deal_terms": {
        "value": "the row's indigo_path, where INDIGO has the same concept",
        "indigo_path": "overall_project_finance/…",
    },
    "sources": {
        "name": "sources[]/name/value",
        "type": "sources[]/type/value",
        "url": "sources[]/url/value",
        "publication_date": "sources[]/publication_date/value",
    },
    "organisations": {
        "name": "name/value",
        "description": "description/value",
        "type": "type/value",
        "country": "country/value",
        "website": "website/value",
    },
}


def year_month(year, month):
    """An INDIGO date: ÅÅÅÅ-MM, or ÅÅÅÅ when the month is unknown, or ""."""
    if not year:
        return ""
    return f"{year}-{month:02d}" if month else str(year)


def end_dates(case):
    """INDIGO's (anticipated, actual) end of service provision: the end date is
    the actual one once the case is completed or discontinued."""
    end = year_month(case.end_year, case.end_month)
    if case.stage in (Case.Stage.COMPLETED, Case.Stage.DISCONTINUED):
        return "", end
    return end, ""


def delivery_locations(case):
    """The case's kommuner and län as INDIGO delivery locations."""
    rows = [
        {
            "case_id": case.pk,
            "location_country": COUNTRY,
            "location_name": str(place),
            "adminstrative_geography_code_type": code_type,
            "adminstrative_geography_code": place.code,
        }
        for places, code_type in (
            (case.municipalities.all(), "SCB kommunkod"),
            (case.counties.all(), "SCB länskod"),
        )
        for place in places
    ]
    return rows
