from django.urls import path

from decisions.workflow import packet_sheet, rounds, views

app_name = "workflow"

urlpatterns = [
    path("my/actions/", views.my_actions, name="my-actions"),
    path("my/actions/<int:pk>/report/", views.report, name="report"),
    path("review/", views.review_list, name="review-list"),
    path("review/<int:pk>/", views.review_detail, name="review-detail"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("my/rounds/", rounds.my_rounds, name="my-rounds"),
    path("my/rounds/<int:pk>/", rounds.packet, name="packet"),
    path("my/rounds/<int:pk>/sheet/", packet_sheet.sheet_download, name="packet-sheet"),
    path("my/rounds/<int:pk>/sheet/upload/", packet_sheet.sheet_upload, name="packet-sheet-upload"),
    path("my/rounds/<int:pk>/sheet/confirm/", packet_sheet.sheet_confirm, name="packet-sheet-confirm"),
    path("rounds/", rounds.round_list, name="round-list"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round-detail"),
    path("rounds/<int:pk>/freeze/", rounds.round_freeze_view, name="round-freeze"),
]
