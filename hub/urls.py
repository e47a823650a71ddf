"""The site's URLs: Swedish and unprefixed, English under /en/. Partners link
to these, so they never change; a renamed slug redirects from the old one."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView, TemplateView
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import DefaultRouter

from cases import feeds

from . import accounts, csp, sitemaps, views
from .opendata import api
from .opendata import views as opendata

router = DefaultRouter(trailing_slash=True)
router.APIRootView = api.ApiIndex  # /api/ lists the endpoints
router.register("cases", api.CaseViewSet, basename="case")
router.register("instruments", api.InstrumentsViewSet, basename="instrument")
router.register("insight-areas", api.InsightAreasViewSet, basename="insight-area")
router.register("quotes", api.QuotesViewSet, basename="quote")
router.register("terms", api.GlossaryTermsViewSet, basename="term")
router.register("organisations", api.OrganisationsViewSet, basename="organisation")


def page(template_name):
    return TemplateView.as_view(template_name=template_name)


hub_patterns = (
    [
        path("", views.HomeView.as_view(), name="home"),
        path("for/<slug:slug>/", views.AudienceDetailView.as_view(), name="audience"),
        path("amnen/", views.TagListView.as_view(), name="tags"),
        path("amnen/<slug:slug>/", views.TagDetailView.as_view(), name="tag"),
        path("statistik/", views.StatisticsView.as_view(), name="statistics"),
        path("om/", page("hub/about.html"), name="about"),
        path("tillganglighet/", page("hub/accessibility.html"), name="accessibility"),
        path("kakor-och-personuppgifter/", page("hub/cookies.html"), name="cookies"),
        path("data/", opendata.OpenDataView.as_view(), name="open_data"),
        path("fall/rss/", feeds.CaseFeed(), name="cases_rss"),
        path("fall/atom/", feeds.CaseAtomFeed(), name="cases_atom"),
        path("instrument/<slug:slug>/rss/", feeds.InstrumentCaseFeed(), name="instrument_rss"),
        path(
            "instrument/<slug:slug>/atom/", feeds.InstrumentCaseAtomFeed(), name="instrument_atom"
        ),
        path("amnen/<slug:slug>/rss/", feeds.TagCaseFeed(), name="tag_rss"),
        path("amnen/<slug:slug>/atom/", feeds.TagCaseAtomFeed(), name="tag_atom"),
    ],
    "hub",
)

urlpatterns = [
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<section>.xml", sitemaps.section, name="sitemap-section"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    # Browsers ask for /favicon.ico on their own; the icon is an SVG.
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("img/favicon.svg")),
        name="favicon",
    ),
    # Browsers report Content-Security-Policy violations here (hub.csp).
    path("csp-rapport/", csp.report, name="csp_report"),
    path("api/schema/", SpectacularJSONAPIView.as_view(), name="api-schema"),
    path("api/", include(router.urls)),
    path("data/<slug:table>.<str:fmt>", opendata.DownloadView.as_view(), name="download"),
    path("admin/", admin.site.urls),
    # Curators' accounts: logging in, out and changing a password are the admin's.
    path("konto/login/", accounts.login, name="login"),
    path("konto/password_change/", accounts.password_change, name="password_change"),
    # The admin's login page links to this name ("Har du glömt dina inloggningsuppgifter?").
    path(
        "konto/password_reset/",
        accounts.PasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        "konto/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    # create_curator prints a one-time link here.
    path(
        "konto/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "konto/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns += i18n_patterns(
    path("", include(hub_patterns)),
    path("", include("instruments.urls")),
    path("", include("insights.urls")),
    path("", include("cases.urls")),
    path("", include("search.urls")),
    prefix_default_language=False,
)

handler400 = "hub.views.bad_request"
handler404 = "hub.views.page_not_found"
handler500 = "hub.outages.server_error"
