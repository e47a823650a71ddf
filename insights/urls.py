from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("insikter/", views.InsightListView.as_view(), name="list"),
    path("insikter/<slug:slug>/", views.InsightDetailView.as_view(), name="detail"),
    path("vagar-framat/", views.ActivityListView.as_view(), name="activities"),
    path("dialoger/", views.DialogueListView.as_view(), name="dialogues"),
]
