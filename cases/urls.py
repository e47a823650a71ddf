from django.urls import path

from . import compare, views

app_name = "cases"

urlpatterns = [
    path("fall/", views.CaseListView.as_view(), name="list"),
    path("fall/tipsa/", views.suggestion_view, name="suggest"),
    path("fall/jamfor/", compare.CaseCompareView.as_view(), name="compare"),
    path("rakna/", compare.CalculatorView.as_view(), name="calculator"),
    path("fall/<slug:slug>/", views.CaseDetailView.as_view(), name="detail"),
    path("fall/<slug:slug>/kort/", views.CaseCardView.as_view(), name="card"),
    path("aktorer/", views.OrganisationListView.as_view(), name="organisations"),
    path("aktorer/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation"),
]
