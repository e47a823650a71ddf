"""Organisations: the kommuner, regions, investors, companies and idéburna
organisations that take part in the cases."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext_lazy, pgettext_lazy

from instruments.models import SourcedModel
from publishing.models import choice_constraint
from search.fields import Searchable, search_indexes, search_text_field, search_vector_field

from .places import County, Municipality


class Sector(models.TextChoices):
    PUBLIC = "public", _("Offentlig sektor")
    PRIVATE = "private", _("Privat sektor")
    CIVIL_SOCIETY = "civil_society", _("Idéburen sektor")


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommun")
    REGION = "region", _("Region")
    AGENCY = "agency", _("Myndighet")
    ASSOCIATION_OF_AUTHORITIES = "local_government_association", _("Kommun- och regionförbund")
    INVESTOR = "investor", _("Investerare")
    BANK = "bank", _("Bank")
    INSURER = "insurer", _("Försäkringsbolag")
    COMPANY = "company", _("Företag")
    FOUNDATION = "foundation", _("Stiftelse")
    ASSOCIATION = "association", _("Förening")
    RESEARCH = "research", _("Forskningsinstitut")
    CIVIL_SOCIETY_ORGANISATION = "civil_society_organisation", _("Idéburen organisation")
    OTHER = "other", _("Annan")


class Organisation(SourcedModel):
    """A kommun, region, investor, provider or other actor in the cases."""

    Sector = Sector
    Kind = OrganisationKind

    name = models.CharField(_("namn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=120, unique=True)
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices)
    kind = models.CharField(_("typ av aktör"), max_length=30, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("hemkommun"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
    )
    county = models.ForeignKey(
        County,
        verbose_name=_("hemlän"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
    )
    website = models.URLField(_("webbplats"), blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    search_vector = search_vector_field(a=["name"], b=["description"])
    search_text = search_text_field("name", "description")
    search_result = Searchable(
        pgettext_lazy("result type", "Aktör"),
        "aktor",
        "name",
        "description",
        boost=0.8,
        order=6,
        counted=npgettext_lazy("result type", "Aktör (%(count)s)", "Aktörer (%(count)s)", "count"),
        related=("participations__description",),
    )

    class Meta(SourcedModel.Meta):
        verbose_name = _("aktör")
        verbose_name_plural = _("aktörer")
        ordering = ["name"]
        indexes = search_indexes("organisation")
        constraints = [
            *SourcedModel.Meta.constraints,
            choice_constraint("sector", Sector, "organisation_sector_valid"),
            choice_constraint("kind", OrganisationKind, "organisation_kind_valid"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cases:organisation", args=[self.slug])
