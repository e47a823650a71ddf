"""The site's URLs: Swedish and unprefixed, English under /en/. Partners link
to these, so they never change; a renamed slug redirects from the old one."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from . import views


def page(template_name):
    return TemplateView.as_view(template_name=template_name)


hub_patterns = (
    [
        path("", views.HomeView.as_view(), name="home"),
        path("for/<slug:slug>/", views.AudienceDetailView.as_view(), name="audience"),
        path("amnen/", views.TagListView.as_view(), name="tags"),
        path("amnen/<slug:slug>/", views.TagDetailView.as_view(), name="tag"),
        path("sok/", views.SearchView.as_view(), name="search"),
        path("om/", page("hub/about.html"), name="about"),
        path("tillganglighet/", page("hub/accessibility.html"), name="accessibility"),
        path("kakor-och-personuppgifter/", page("hub/cookies.html"), name="cookies"),
        path("data/", page("hub/open_data.html"), name="open_data"),
    ],
    "hub",
)

urlpatterns = [
    path("admin/", admin.site.urls),
    # Password reset for curators (create_curator prints a one-time link here).
    path("konto/", include("django.contrib.auth.urls")),
]

urlpatterns += i18n_patterns(
    path("", include(hub_patterns)),
    path("", include("instruments.urls")),
    path("", include("insights.urls")),
    path("", include("cases.urls")),
    prefix_default_language=False,
)
