"""Visitors' tips about cases (/fall/tipsa/), waiting for a curator."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from instruments.models import Instrument


class Suggestion(models.Model):
    """A visitor's tip about a case, waiting in the moderation queue. Never
    public; a curator turns it into a draft case with one action."""

    class State(models.TextChoices):
        NEW = "new", _("Ny")
        CONVERTED = "converted", _("Utkast skapat")
        REJECTED = "rejected", _("Avvisad")

    title = models.CharField(_("exemplets namn"), max_length=200)
    organisations = models.TextField(_("organisationer"), max_length=1000, blank=True)
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    place = models.CharField(_("kommun, region eller plats"), max_length=200, blank=True)
    description = models.TextField(_("beskrivning"), max_length=5000)
    source_links = models.TextField(
        _("länkar till källor"), max_length=2000, blank=True, help_text=_("En länk per rad.")
    )
    contact_email = models.EmailField(_("e-post"), blank=True)
    submitted_at = models.DateTimeField(_("inskickat"), auto_now_add=True)
    state = models.CharField(
        _("hantering"), max_length=10, choices=State.choices, default=State.NEW
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("utkast"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
    )

    class Meta:
        verbose_name = _("tips om exempel")
        verbose_name_plural = _("tips om exempel")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["new", "converted", "rejected"]),
                name="suggestion_state_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def links(self):
        return [line.strip() for line in self.source_links.splitlines() if line.strip()]
