"""Many deal terms and outcome measures on one case, to prove that the deal
pages don't run more queries when a case has more of them."""

from cases.models import Case, DealTerm, Organisation, OutcomeMetric
from instruments.models import Publication
from publishing.models import Status


def add_deal_terms(slug, n):
    case = Case.objects.get(slug=slug)
    publications = Publication.objects.bulk_create(
        Publication(title=f"Villkorskälla {i}", slug=f"villkorskalla-{i}", status=Status.PUBLISHED)
        for i in range(n)
    )
    organisation = Organisation.objects.filter(status=Status.PUBLISHED).first()
    DealTerm.objects.bulk_create(
        DealTerm(
            case=case,
            kind=DealTerm.Kind.RISK_PROVIDER,
            text=f"Villkor {i}",
            organisation=organisation,
            publication=publication,
            order=100 + i,
        )
        for i, publication in enumerate(publications)
    )
    OutcomeMetric.objects.bulk_create(
        OutcomeMetric(case=case, name=f"Mått {i}", pays_out=i % 2 == 0, order=100 + i)
        for i in range(n)
    )
