"""The dated events of a case's timeline."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from publishing.models import year_constraint


def month_constraint(field, name):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 1, f"{field}__lte": 12}),
        name=name,
    )


class Milestone(models.Model):
    """A dated event in a case's timeline. Month and day are optional."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="milestones")
    year = models.PositiveSmallIntegerField(_("år"))
    month = models.PositiveSmallIntegerField(_("månad"), null=True, blank=True)
    day = models.PositiveSmallIntegerField(_("dag"), null=True, blank=True)
    when_text = models.CharField(
        _("tidpunkt i ord"),
        max_length=60,
        blank=True,
        help_text=_("Om tidpunkten är ungefärlig: ”hösten 2015”."),
    )
    text = models.CharField(_("händelse"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("händelse")
        verbose_name_plural = _("tidslinje")
        ordering = ["case", "year", "month", "day"]
        constraints = [
            year_constraint("year", "milestone_year_plausible", nullable=False),
            month_constraint("month", "milestone_month_valid"),
            models.CheckConstraint(
                condition=Q(day__isnull=True)
                | (Q(month__isnull=False) & Q(day__gte=1, day__lte=31)),
                name="milestone_day_valid",
            ),
        ]

    def __str__(self):
        return f"{self.when} {self.text}"

    @property
    def when(self):
        if self.when_text:
            return self.when_text
        if self.day:
            return f"{self.year}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year}-{self.month:02d}"
        return str(self.year)
