"""The site's URLs: Swedish and unprefixed, English under /en/. Partners link
to these, so they never change; a renamed slug redirects from the old one."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views

hub_patterns = (
    [
        path("", views.HomeView.as_view(), name="home"),
        path("for/<slug:slug>/", views.AudienceDetailView.as_view(), name="audience"),
        path("om/", views.AboutView.as_view(), name="about"),
    ],
    "hub",
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", include(hub_patterns)),
    path("", include("instruments.urls")),
    path("", include("insights.urls")),
    path("", include("cases.urls")),
    prefix_default_language=False,
)
