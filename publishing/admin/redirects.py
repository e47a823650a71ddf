"""Redirects of old addresses: the publisher's, and only to the site's own paths."""

from django import forms
from django.contrib import admin
from django.contrib.redirects.admin import RedirectAdmin as DjangoRedirectAdmin
from django.contrib.redirects.models import Redirect
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..permalinks import is_site_path


class RedirectForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ["site", "old_path", "new_path"]

    def clean_old_path(self):
        return self._path(self.cleaned_data["old_path"], required=True)

    def clean_new_path(self):
        return self._path(self.cleaned_data["new_path"], required=False)

    def _path(self, value, required):
        if (value or required) and not is_site_path(value):
            raise ValidationError(
                _("Ange en sökväg på webbplatsen som börjar med /, till exempel /fall/norrkoping/.")
            )
        return value


admin.site.unregister(Redirect)


@admin.register(Redirect)
class RedirectAdmin(DjangoRedirectAdmin):
    form = RedirectForm
