"""The form every curated record is edited in: it knows which version of the
record it was built on, and refuses to save over a newer one."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from .review import changes_since


class CuratedForm(forms.ModelForm):
    """A record's form with the version it was opened on (a version column:
    the check needs no library, and the history says who made the newer one).

    The check locks the record's row until the save is done, so two saves
    cannot both pass it. When it fails, the curator's input stays in the form
    and the form now carries the newer version: saving again, after reading
    the message, overwrites knowingly.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A restore form is built on an old version's copy: it works on
            # the record as it is now.
            self.initial["base_version"] = self._current_version()

    def _current_version(self, lock=False):
        records = type(self.instance).objects.filter(pk=self.instance.pk)
        if lock:
            records = records.select_for_update()
        return records.values_list("version", flat=True).first()

    def clean(self):
        cleaned = super().clean()
        base = cleaned.get("base_version")
        if not self.instance.pk:
            return cleaned
        if base is None:  # missing or not a number: the hidden field cannot show it
            raise forms.ValidationError(
                _("Formuläret saknar uppgift om version. Ladda om sidan och gör om ändringen."),
                code="no_version",
            )
        current = self._current_version(lock=True)
        if current is not None and base != current:
            data = self.data.copy()
            data[self.add_prefix("base_version")] = current
            self.data = data
            raise forms.ValidationError(
                gettext(
                    "Posten har ändrats sedan du öppnade den: %(changes)s. Inget sparades. Dina "
                    "ändringar finns kvar i formuläret. Öppna posten i en ny flik och jämför; "
                    "sparar du igen skriver du över den nyare versionen."
                )
                % {"changes": changes_since(self.instance, base)},
                code="stale",
            )
        return cleaned


# -- fields a curator types into ---------------------------------------------------

# Spaces people and word processors put between thousands: space, no-break
# space, narrow no-break space, thin space.
_GROUPING = str.maketrans("", "", " \u00a0\u202f\u2009")


class AmountInput(forms.TextInput):
    """A text box that shows an amount grouped as it is read: 12 000 000."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "class": "amount-input", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int):
            return f"{value:,}".replace(",", " ")
        return super().format_value(value)


class AmountField(forms.IntegerField):
    """An amount in kronor as people write it: "12 000 000" or "12 000 000 kr".

    A text box, not a number box: a browser's number box refuses the spaces.
    """

    widget = AmountInput
    default_error_messages = {
        "invalid": _("Skriv beloppet i hela kronor med siffror, till exempel 12 000 000."),
        "min_value": _("Beloppet kan inte vara negativt. Lämna fältet tomt om det inte är känt."),
    }

    def __init__(self, **kwargs):
        kwargs["min_value"] = max(0, kwargs.get("min_value") or 0)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("kr").removesuffix(":-").translate(_GROUPING)
            value = value.replace("\u2212", "-")  # the typographic minus sign
        return super().to_python(value)


class CommaTagField(TagField):
    """Topics as the curator writes them: separated by commas, never by
    spaces, and no quotes ("barn och unga" alone is one topic)."""

    def clean(self, value):
        value = forms.CharField.clean(self, value)
        return sorted({name.strip() for name in value.split(",") if name.strip()})


TAG_HELP = _(
    "Skriv ämnena med kommatecken emellan, till exempel: barn och unga, riskfördelning. "
    "Befintliga ämnen föreslås medan du skriver."
)

MARKDOWN_HELP = _(
    "Formatera med Markdown: ”## Rubrik” ger en rubrik, ”- punkt” en punktlista och "
    "”[länktext](https://exempel.se)” en länk. Tom rad mellan stycken."
)
