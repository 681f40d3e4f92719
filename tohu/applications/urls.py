"""Application pages under /applications/."""

from django.urls import path

from tohu.applications import views

app_name = "applications"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/", views.application_start, name="start"),
    path("queue/", views.queue, name="queue"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path("equivalency/statements/", views.statements, name="statements"),
    path("equivalency/statements/<str:number>.pdf", views.statement_pdf, name="statement-pdf"),
    path("equivalency/statements/<str:number>/", views.statement_detail, name="statement"),
    path("letters/<str:token>/", views.letter_verify, name="letter-verify"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/edit/", views.application_edit, name="edit"),
    path("<int:pk>/precheck/", views.application_precheck, name="precheck"),
    path("<int:pk>/submit/", views.application_submit, name="submit"),
    path("<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment-upload"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment-download",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_id>/remove/",
        views.attachment_delete,
        name="attachment-remove",
    ),
    path("<int:pk>/reply/", views.information_reply, name="reply"),
    path("<int:pk>/letter.pdf", views.decision_letter, name="letter"),
    path("<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("<int:pk>/evaluate/<str:action>/", views.evaluate_action, name="evaluate-action"),
]
