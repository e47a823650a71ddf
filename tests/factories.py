"""Factories for test data that the fixtures don't already hold."""

import factory
from factory.django import DjangoModelFactory

from cases.models import Case, Organisation, Participation
from instruments.models import Citation, Instrument, Publication
from publishing.models import Status


class PublicationFactory(DjangoModelFactory):
    class Meta:
        model = Publication

    title = factory.Sequence(lambda n: f"Källa {n}")
    slug = factory.Sequence(lambda n: f"kalla-{n}")
    status = Status.PUBLISHED


class InstrumentFactory(DjangoModelFactory):
    class Meta:
        model = Instrument

    name = factory.Sequence(lambda n: f"Testinstrument {n}")
    slug = factory.Sequence(lambda n: f"testinstrument-{n}")
    kind = Instrument.Kind.FINANCING
    lead = "Ett instrument för test."
    status = Status.PUBLISHED


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Testaktör {n}")
    slug = factory.Sequence(lambda n: f"testaktor-{n}")
    sector = Organisation.Sector.PUBLIC
    kind = Organisation.Kind.MUNICIPALITY
    status = Status.PUBLISHED


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Testexempel {n}")
    slug = factory.Sequence(lambda n: f"testexempel-{n}")
    lead = "Ett exempel för test."
    stage = Case.Stage.IMPLEMENTATION
    start_year = 2020
    status = Status.PUBLISHED

    @factory.post_generation
    def instruments(self, create, extracted, **kwargs):
        if create:
            self.instruments.set(extracted or [Instrument.objects.published().first()])

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create:
            Participation.objects.create(
                case=self, organisation=OrganisationFactory(), role=Participation.Role.INVESTOR
            )

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create:
            Citation.objects.create(content_object=self, publication=PublicationFactory())
