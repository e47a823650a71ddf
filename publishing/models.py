"""What every curated model shares: a publication status and its history.

Only ``published`` records are public. Every public view starts from
``Model.objects.published()`` so that a draft cannot leak by a forgotten
filter. This app is the bottom of the house: every content app imports it,
it imports none of them.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.models import CommonGenericTaggedItemBase, TaggedItemBase


class Status(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    REVIEW = "review", _("Under granskning")
    PUBLISHED = "published", _("Publicerad")
    WITHDRAWN = "withdrawn", _("Tillbakadragen")


# Newest published first: lists, feeds and the case library's default order.
NEWEST = ("-published_at", "-pk")


class CuratedHistory(HistoricalRecords):
    """History of every field a curator writes; generated search columns are left out."""

    def fields_included(self, model):
        return [f for f in super().fields_included(model) if not f.generated]


class CuratedQuerySet(models.QuerySet):
    def published(self):
        """The public records, without their generated search columns: those
        are for the database's own matching and large to carry to pages."""
        generated = [f.name for f in self.model._meta.concrete_fields if f.generated]
        return self.filter(status=Status.PUBLISHED).defer(*generated)

    def newest(self):
        """Newest published first."""
        return self.order_by(*NEWEST)


class CuratedModel(models.Model):
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_("Bara publicerade poster syns på webbplatsen."),
    )
    published_at = models.DateTimeField(
        _("publicerad"),
        null=True,
        blank=True,
        help_text=_("När posten först publicerades. Sätts när den publiceras."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)
    # Raised by every save: a form built on an older version is refused
    # (publishing.forms.CuratedForm), so two curators never overwrite each other.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = CuratedHistory(inherit=True)

    objects = CuratedQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version = (
                type(self).objects.filter(pk=self.pk).values_list("version", flat=True).first() or 0
            ) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    # What must exist before the record is published: relation → Swedish reason.
    required_for_publishing = {}

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


def year_constraint(field, name, *, nullable=True):
    """A check that a year field holds a plausible year (or nothing)."""
    condition = Q(**{f"{field}__gte": 1900, f"{field}__lte": 2100})
    if nullable:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=name)


def choice_constraint(field, choices, name):
    """A check that ``field`` holds one of ``choices`` (a TextChoices class)."""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


def published_prefetch(model, lookup, *, select=(), prefetch=(), newest=None):
    """Prefetch a relation of ``model``, keeping only published related records
    (only the ``newest`` few of them, if given, for relations that grow: those
    land in a list ``newest_<lookup>``).

    The related model is found through the ORM, so a lower app can show what a
    higher app links to it (an instrument's cases) without importing it.
    """
    related = model._meta.get_field(lookup).related_model
    queryset = related.objects.published().select_related(*select).prefetch_related(*prefetch)
    if newest is not None:
        queryset = queryset.newest()[:newest]
        return models.Prefetch(lookup, queryset=queryset, to_attr=f"newest_{lookup}")
    return models.Prefetch(lookup, queryset=queryset)


def count_published(lookup):
    """An annotation: how many published records a relation holds."""
    return models.Count(lookup, filter=Q(**{f"{lookup}__status": Status.PUBLISHED}), distinct=True)


class ReviewState(models.TextChoices):
    PENDING = "pending", _("Väntar på granskning")
    APPROVED = "approved", _("Godkänd")
    REJECTED = "rejected", _("Avvisad")


class PendingChange(models.Model):
    """A curator's change to a published record, kept until the publisher
    approves or rejects it. The public sees the published version meanwhile.

    ``proposed`` is the whole record as the curator left it, with the rows
    edited on its form (publishing.review): approving writes exactly that.
    """

    State = ReviewState

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    base_version = models.PositiveIntegerField(
        _("bygger på version"), help_text=_("Postens version när ändringen gjordes.")
    )
    proposed = models.JSONField(_("föreslaget innehåll"), encoder=DjangoJSONEncoder)
    summary = models.TextField(_("sammanfattning"), blank=True)
    state = models.CharField(
        _("läge"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("föreslagen av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("föreslagen"), auto_now_add=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granskad av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    review_note = models.TextField(
        _("kommentar"), blank=True, help_text=_("Varför ändringen avvisades, till redaktören.")
    )

    class Meta:
        verbose_name = _("ändring som väntar på granskning")
        verbose_name_plural = _("ändringar som väntar på granskning")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "state"])]
        constraints = [
            choice_constraint("state", ReviewState, "publishing_pendingchange_state_valid"),
            models.CheckConstraint(
                condition=Q(state="pending", reviewer__isnull=True, reviewed_at__isnull=True)
                | Q(~Q(state="pending"), reviewer__isnull=False, reviewed_at__isnull=False),
                name="publishing_pendingchange_reviewed_when_decided",
            ),
        ]

    def __str__(self):
        return str(self.record) if self.record is not None else f"#{self.object_id}"

    @property
    def is_stale(self):
        """The record was saved again after this change was made."""
        record = self.record
        return record is not None and record.version != self.base_version


class TaggedRecord(CommonGenericTaggedItemBase, TaggedItemBase):
    """A topic on a record: django-taggit's row, with the records' own id type
    (bigint), so that a join from a record to its topics compares like with
    like and uses the index (taggit's integer ``object_id`` is cast, which
    stops the index: a scan of every row at 100 000 cases)."""

    object_id = models.BigIntegerField(_("postens id"), db_index=True)

    class Meta:
        verbose_name = _("ämne på en post")
        verbose_name_plural = _("ämnen på poster")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "tag"], name="one_tag_per_record"
            )
        ]
