"""The public form for suggesting a case."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from instruments.models import Instrument

from .models import Suggestion

MAX_LINKS = 10


class SuggestionForm(forms.ModelForm):
    # Left empty by people; filled in by bots, whose submissions are dropped.
    website = forms.CharField(required=False, label=_("Lämna det här fältet tomt"))

    class Meta:
        model = Suggestion
        fields = [
            "title",
            "organisations",
            "instrument",
            "place",
            "description",
            "source_links",
            "contact_email",
        ]
        labels = {
            "title": _("Vad heter exemplet?"),
            "organisations": _("Vilka organisationer deltar?"),
            "instrument": _("Vilken form används?"),
            "place": _("Var? Kommun, region eller plats"),
            "description": _("Beskriv exemplet"),
            "source_links": _("Länkar till källor"),
            "contact_email": _("Din e-postadress (frivillig)"),
        }
        help_texts = {
            "organisations": _("Till exempel kommunen, utföraren och finansiären."),
            "description": _("Vad görs, för vilka, och vad har det gett? Högst 5 000 tecken."),
            "source_links": _("En webbadress per rad, högst tio."),
            "contact_email": _("Om vi vill fråga dig något om exemplet."),
        }
        widgets = {
            "organisations": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
            "description": forms.Textarea(attrs={"rows": 8, "maxlength": 5000}),
            "source_links": forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instrument = self.fields["instrument"]
        instrument.queryset = Instrument.objects.published()
        instrument.empty_label = _("Vet inte, eller en annan form")
        instrument.to_field_name = "slug"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def is_spam(self):
        return bool(self.data.get("website"))

    def clean_source_links(self):
        links = [line.strip() for line in self.cleaned_data["source_links"].splitlines()]
        links = [link for link in links if link]
        if len(links) > MAX_LINKS:
            raise ValidationError(_("Ange högst tio länkar."))
        validate = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                validate(link)
            except ValidationError:
                raise ValidationError(
                    _("”%(link)s” är inte en webbadress. Börja med https://."),
                    params={"link": link[:80]},
                ) from None
        return "\n".join(links)
