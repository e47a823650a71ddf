"""Sources: publications, the citations that tie every record to them, and the
base of every curated record that cites its sources."""

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from publishing.models import CuratedModel, Status, choice_constraint, year_constraint


class SourcedModel(CuratedModel):
    """A curated record that cites its sources, and is published only with one."""

    citations = GenericRelation("instruments.Citation")
    required_for_publishing = {"citations": _("Lägg till minst en källa innan posten publiceras.")}

    class Meta(CuratedModel.Meta):
        abstract = True


class PublicationKind(models.TextChoices):
    REPORT = "report", _("Rapport")
    STRATEGY = "strategy", _("Strategi")
    HANDBOOK = "handbook", _("Handbok")
    INQUIRY = "inquiry", _("Statlig utredning")
    WEB_PAGE = "web_page", _("Webbsida")
    PRESS_RELEASE = "press_release", _("Pressmeddelande")
    ARTICLE = "article", _("Artikel")
    OTHER = "other", _("Annat")


class Publication(CuratedModel):
    """A source: the report itself, another report, a web page, a press release."""

    Kind = PublicationKind

    title = models.CharField(_("titel"), max_length=300)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=120, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.REPORT)
    authors = models.CharField(_("författare"), max_length=300, blank=True)
    publisher = models.CharField(_("utgivare"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    published_on = models.DateField(
        _("publiceringsdatum"), null=True, blank=True, help_text=_("Om källan anger ett datum.")
    )
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True)
    url = models.URLField(_("webbadress"), max_length=500, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    in_reading_list = models.BooleanField(
        _("med i lästipsen"), default=False, help_text=_("Visas på sidan Lästips.")
    )
    reading_list_order = models.PositiveSmallIntegerField(
        _("ordning i lästipsen"), null=True, blank=True
    )

    class Meta(CuratedModel.Meta):
        verbose_name = _("publikation")
        verbose_name_plural = _("publikationer")
        ordering = ["title"]
        constraints = [
            *CuratedModel.Meta.constraints,
            year_constraint("year", "publication_year_plausible"),
            choice_constraint("kind", PublicationKind, "publication_kind_valid"),
            models.CheckConstraint(
                condition=Q(in_reading_list=False) | Q(reading_list_order__isnull=False),
                name="publication_reading_list_has_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("instruments:reading_list") + f"#{self.slug}"


class CitationQuerySet(models.QuerySet):
    def public(self):
        """Citations whose publication (if any) is itself public."""
        return self.filter(
            Q(publication__isnull=True) | Q(publication__status=Status.PUBLISHED)
        ).select_related("publication")


def citations_prefetch(lookup="citations", **kwargs):
    """Prefetch a record's public citations."""
    return models.Prefetch(lookup, queryset=Citation.objects.public(), **kwargs)


class Citation(models.Model):
    """Where a record's facts come from. Any record cites the same way."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    publication = models.ForeignKey(
        Publication,
        verbose_name=_("publikation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="citations",
    )
    url = models.URLField(
        _("webbadress"),
        max_length=500,
        blank=True,
        help_text=_("Om källan inte finns som publikation, eller för en viss sida i den."),
    )
    locator = models.CharField(
        _("var i källan"), max_length=120, blank=True, help_text=_("Till exempel ”avsnitt 5.1”.")
    )
    note = models.CharField(
        _("vad källan belägger"), max_length=300, blank=True, help_text=_("Frivillig kommentar.")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    objects = CitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("källhänvisning")
        verbose_name_plural = _("källhänvisningar")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(publication__isnull=False) | ~Q(url=""),
                name="citation_has_publication_or_url",
            ),
        ]

    def __str__(self):
        source = self.publication.title if self.publication_id else self.url
        return f"{source}, {self.locator}" if self.locator else source

    @property
    def href(self):
        return self.url or (self.publication.url if self.publication_id else "")
