from django.urls import path

from decisions import views

app_name = "decisions"

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<slug:slug>/<str:reference>/", views.decision_detail, name="decision-detail"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
]
