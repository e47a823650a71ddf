"""What the report learnt: six insight areas, the respondents' quotes, the
four ideas for further activities, ESO's recommendations, key figures and
the dialogue log of chapter 9."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext_lazy, pgettext_lazy
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from instruments.models import Audience, Instrument, SourcedModel, Term
from publishing.models import CuratedQuerySet, Status, TaggedRecord, choice_constraint
from search.fields import Searchable, search_indexes, search_text_field, search_vector_field


def chapter_url(section):
    """The page that presents a chapter of the report, for records that sit
    at chapter level rather than under an insight area or an activity."""
    chapter = section.split(".")[0]
    name = {"4": "insights:list", "6": "insights:activities"}.get(chapter, "instruments:list")
    return reverse(name)


class InsightArea(SourcedModel):
    """One of the six insight areas of chapter 4."""

    number = models.CharField(_("nummer"), max_length=10, unique=True, help_text="4.1")
    title = models.CharField(_("rubrik"), max_length=200)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=80, unique=True)
    lead = models.TextField(_("ingress"))
    body = models.TextField(_("brödtext"), blank=True, help_text=_("Markdown."))
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    instruments = models.ManyToManyField(
        Instrument, verbose_name=_("berör instrument"), related_name="insight_areas", blank=True
    )
    audiences = models.ManyToManyField(
        Audience, verbose_name=_("målgrupper"), related_name="insight_areas", blank=True
    )
    tags = TaggableManager(_("ämnen"), blank=True, through=TaggedRecord)
    search_vector = search_vector_field(a=["title"], b=["lead"], c=["body"])
    search_text = search_text_field("title", "lead")
    search_result = Searchable(
        pgettext_lazy("result type", "Insikt"),
        "insikt",
        "title",
        "lead",
        order=3,
        counted=npgettext_lazy(
            "result type", "Insikt (%(count)s)", "Insikter (%(count)s)", "count"
        ),
        related=("sub_themes__title", "sub_themes__body", "tags__name"),
    )

    class Meta(SourcedModel.Meta):
        verbose_name = _("insiktsområde")
        verbose_name_plural = _("insiktsområden")
        ordering = ["order", "number"]
        indexes = search_indexes("insightarea")

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("insights:detail", args=[self.slug])


class SubTheme(models.Model):
    """A sub-heading inside an insight area, such as ”Ideologi” in 4.3."""

    insight_area = models.ForeignKey(
        InsightArea, on_delete=models.CASCADE, related_name="sub_themes"
    )
    title = models.CharField(_("rubrik"), max_length=200)
    slug = models.SlugField(_("ankare"), max_length=80)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delområde")
        verbose_name_plural = _("delområden")
        ordering = ["insight_area", "order"]
        constraints = [
            models.UniqueConstraint(fields=["insight_area", "slug"], name="subtheme_unique_slug"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.insight_area.get_absolute_url()}#{self.slug}"


class Activity(SourcedModel):
    """One of the four ideas for further activities (6.1–6.4)."""

    number = models.CharField(_("nummer"), max_length=10, unique=True, help_text="6.1")
    title = models.CharField(_("rubrik"), max_length=200)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=80, unique=True)
    lead = models.TextField(_("ingress"))
    body = models.TextField(_("brödtext"), blank=True, help_text=_("Markdown."))
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    tags = TaggableManager(_("ämnen"), blank=True, through=TaggedRecord)
    search_vector = search_vector_field(a=["title"], b=["lead"], c=["body"])
    search_text = search_text_field("title", "lead")
    search_result = Searchable(
        pgettext_lazy("result type", "Väg framåt"),
        "vag-framat",
        "title",
        "lead",
        order=4,
        counted=npgettext_lazy(
            "result type", "Väg framåt (%(count)s)", "Vägar framåt (%(count)s)", "count"
        ),
        related=("challenges__text", "questions__text", "tags__name"),
    )

    class Meta(SourcedModel.Meta):
        verbose_name = _("idé till vidare aktivitet")
        verbose_name_plural = _("idéer till vidare aktiviteter")
        ordering = ["order", "number"]
        indexes = search_indexes("activity")

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("insights:activities") + f"#{self.slug}"


class ActivityChallenge(models.Model):
    """A line under ”Denna insats skulle möta”, tied to the insight area it meets."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="challenges")
    text = models.CharField(_("skulle möta"), max_length=300)
    insight_area = models.ForeignKey(
        InsightArea,
        verbose_name=_("insiktsområde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenges",
        help_text=_("Det insiktsområde utmaningen hör till, om någon."),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utmaning som insatsen möter")
        verbose_name_plural = _("denna insats skulle möta")
        ordering = ["activity", "order"]

    def __str__(self):
        return self.text


class ActivityQuestion(models.Model):
    """A line under ”Frågor framåt”."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("fråga"), max_length=300)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fråga framåt")
        verbose_name_plural = _("frågor framåt")
        ordering = ["activity", "order"]

    def __str__(self):
        return self.text


class RespondentRole(models.TextChoices):
    """The five respondent roles the report attributes its quotes to."""

    REGION = "region", _("Region")
    INVESTOR = "investerare", _("Investerare")
    CIVIL_SOCIETY = "ideburen-organisation", _("Idéburen organisation")
    PROCURER = "upphandlare", _("Upphandlare")
    DEVELOPMENT_PARTNER = "utvecklingspartner", _("Utvecklingspartner för sociala företag")


class QuoteQuerySet(CuratedQuerySet):
    def published(self):
        """Published quotes whose place on the site is public too: a quote is
        shown on its insight area's, idea's or term's page, and links there."""
        return (
            super()
            .published()
            .filter(
                Q(insight_area=None) | Q(insight_area__status=Status.PUBLISHED),
                Q(activity=None) | Q(activity__status=Status.PUBLISHED),
                Q(term=None) | Q(term__status=Status.PUBLISHED),
            )
        )


class Quote(SourcedModel):
    """A respondent's words, quoted word for word."""

    Role = RespondentRole

    objects = QuoteQuerySet.as_manager()

    text = models.TextField(_("citat"), help_text=_("Ordagrant, utan de yttre citattecknen."))
    role = models.CharField(_("respondentens roll"), max_length=30, choices=RespondentRole.choices)
    section = models.CharField(
        _("avsnitt i rapporten"), max_length=10, help_text=_("Där citatet står, till exempel 4.2.")
    )
    insight_area = models.ForeignKey(
        InsightArea,
        verbose_name=_("insiktsområde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
    )
    sub_theme = models.ForeignKey(
        SubTheme,
        verbose_name=_("delområde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("idé till vidare aktivitet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
    )
    term = models.ForeignKey(
        Term,
        verbose_name=_("handlar om begreppet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
        help_text=_("För citat om begreppen själva, som i avsnitt 1.1."),
    )
    instruments = models.ManyToManyField(
        Instrument, verbose_name=_("berör instrument"), related_name="quotes", blank=True
    )
    order = models.PositiveSmallIntegerField(
        _("ordning"), default=0, help_text=_("Ordningen i rapporten.")
    )
    search_vector = search_vector_field(b=["text"])
    search_text = search_text_field("text")
    search_result = Searchable(
        pgettext_lazy("result type", "Citat"),
        "citat",
        "text",
        "text",
        boost=0.7,
        prefetch=("insight_area", "activity", "term"),
        order=7,
        counted=npgettext_lazy("result type", "Citat (%(count)s)", "Citat (%(count)s)", "count"),
    )

    class Meta(SourcedModel.Meta):
        verbose_name = _("citat")
        verbose_name_plural = _("citat")
        ordering = ["order"]
        indexes = search_indexes("quote")
        constraints = [
            *SourcedModel.Meta.constraints,
            choice_constraint("role", RespondentRole, "quote_role_valid"),
            models.UniqueConstraint(fields=["section", "text"], name="quote_unique_text"),
        ]

    def __str__(self):
        words = self.text.split()
        short = " ".join(words[:10]) + (" …" if len(words) > 10 else "")
        return f"”{short}” /{self.get_role_display()}"

    def get_absolute_url(self):
        anchor = f"#citat-{self.pk}"
        if self.insight_area_id:
            return self.insight_area.get_absolute_url() + anchor
        if self.activity_id:
            return reverse("insights:activities") + anchor
        if self.term_id:
            return self.term.get_absolute_url().replace(f"#{self.term.slug}", anchor)
        return chapter_url(self.section) + anchor


class Recommendation(SourcedModel):
    """One of ESO-rapporten's four main recommendations, as the report lists them."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    text = models.CharField(_("rekommendation"), max_length=300)
    activities = models.ManyToManyField(
        Activity, verbose_name=_("ideer som knyter an"), related_name="recommendations", blank=True
    )

    class Meta(SourcedModel.Meta):
        verbose_name = _("ESO-rekommendation")
        verbose_name_plural = _("ESO-rapportens rekommendationer")
        ordering = ["number"]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse("insights:activities") + f"#rekommendation-{self.number}"


class KeyFigure(SourcedModel):
    """A number worth showing, with what it counts and where it comes from."""

    value = models.CharField(_("värde"), max_length=40, help_text=_("Som det ska visas: ”80 %”."))
    label = models.CharField(_("vad värdet avser"), max_length=300)
    section = models.CharField(_("avsnitt i rapporten"), max_length=10, blank=True)
    insight_area = models.ForeignKey(
        InsightArea,
        verbose_name=_("insiktsområde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_figures",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("idé till vidare aktivitet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_figures",
    )
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_figures",
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta(SourcedModel.Meta):
        verbose_name = _("nyckeltal")
        verbose_name_plural = _("nyckeltal")
        ordering = ["order"]

    def __str__(self):
        return f"{self.value} {self.label}"

    def get_absolute_url(self):
        for parent in (self.instrument, self.insight_area, self.activity):
            if parent is not None:
                return parent.get_absolute_url()
        return chapter_url(self.section)


class Dialogue(SourcedModel):
    """A row of the dialogue log in chapter 9."""

    date = models.DateField(_("datum"))
    audiences_text = models.CharField(
        _("målgrupper"), max_length=200, help_text=_("Som i rapportens tabell.")
    )
    description = models.TextField(_("aktivitet"))
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta(SourcedModel.Meta):
        verbose_name = _("dialog")
        verbose_name_plural = _("dialoger och aktiviteter")
        ordering = ["date", "order"]
        constraints = [
            *SourcedModel.Meta.constraints,
            models.UniqueConstraint(fields=["date", "order"], name="dialogue_unique_row"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.audiences_text}"

    def get_absolute_url(self):
        return reverse("insights:dialogues") + f"#dialog-{self.pk}"
