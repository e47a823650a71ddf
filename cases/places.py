"""Places: SCB's 21 län and 290 kommuner, with their codes."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    """A län, with its SCB code (”01”)."""

    code = models.CharField(_("länskod"), max_length=2, unique=True)
    name = models.CharField(_("namn"), max_length=60, unique=True)
    short_name = models.CharField(_("kort namn"), max_length=40)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("län")
        verbose_name_plural = _("län")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{2}$"), name="county_code"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cases:list") + f"?lan={self.code}"


class Municipality(models.Model):
    """A kommun, with its SCB code (”0581”)."""

    code = models.CharField(_("kommunkod"), max_length=4, unique=True)
    name = models.CharField(_("namn"), max_length=60, help_text=_("Kort namn: ”Norrköping”."))
    official_name = models.CharField(
        _("officiellt namn"),
        max_length=80,
        blank=True,
        help_text=_("Om det är känt: ”Norrköpings kommun”, ”Göteborgs Stad”."),
    )
    county = models.ForeignKey(
        County, verbose_name=_("län"), on_delete=models.PROTECT, related_name="municipalities"
    )
    slug = models.SlugField(_("kortnamn i adressen"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{4}$"), name="municipality_code"
            ),
        ]

    def __str__(self):
        return self.official_name or self.name

    def get_absolute_url(self):
        return reverse("cases:list") + f"?kommun={self.code}"
