from django.urls import path

from . import views

app_name = "instruments"

urlpatterns = [
    path("instrument/", views.InstrumentListView.as_view(), name="list"),
    path("instrument/jamfor/", views.InstrumentCompareView.as_view(), name="compare"),
    path("instrument/valj/", views.ChooserView.as_view(), name="chooser"),
    path("instrument/<slug:slug>/", views.InstrumentDetailView.as_view(), name="detail"),
    path("instrument/<slug:slug>/kort/", views.InstrumentCardView.as_view(), name="card"),
    path("begrepp/", views.GlossaryView.as_view(), name="glossary"),
    path("lastips/", views.ReadingListView.as_view(), name="reading_list"),
]
