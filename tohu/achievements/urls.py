"""The achievement pages under /achievements/."""

from django.urls import path

from tohu.achievements import views

app_name = "achievements"

urlpatterns = [
    path("record/", views.record, name="record"),
    path("record/pdf/", views.record_pdf, name="record-pdf"),
    path("record/check/<str:token>/", views.record_verify, name="record-verify"),
    path("record/share/", views.share_links, name="share-links"),
    path("record/share/<int:link_id>/revoke/", views.share_link_revoke, name="share-link-revoke"),
    path("shared/<str:token>/", views.shared, name="shared"),
    path("provider/", views.provider_home, name="provider-home"),
    path("provider/<slug:slug>/", views.provider, name="provider"),
    path("provider/<slug:slug>/upload/", views.upload, name="upload"),
    path("provider/<slug:slug>/report/", views.report, name="report"),
    path("provider/<slug:slug>/report/learner/", views.report_learner, name="report-learner"),
    path("provider/<slug:slug>/report/choices/", views.report_choices, name="report-choices"),
    path("results-file-template.csv", views.results_template, name="results-template"),
    path("provider/<slug:slug>/batches/<int:batch_id>/", views.batch, name="batch"),
    path(
        "provider/<slug:slug>/batches/<int:batch_id>/progress/",
        views.batch_progress,
        name="batch-progress",
    ),
    path(
        "provider/<slug:slug>/batches/<int:batch_id>/errors.csv",
        views.batch_errors,
        name="batch-errors",
    ),
    path("provider/<slug:slug>/completions/", views.completions, name="provider-completions"),
    path(
        "provider/<slug:slug>/completions.csv",
        views.completions_export,
        name="provider-export",
    ),
    path("completions/<int:completion_id>/", views.completion, name="completion"),
    path(
        "completions/<int:completion_id>/correct/",
        views.completion_correct,
        name="completion-correct",
    ),
    path(
        "completions/<int:completion_id>/withdraw/",
        views.completion_withdraw,
        name="completion-withdraw",
    ),
    path("search/", views.qa_search, name="qa-search"),
    path("figures/", views.figures, name="figures"),
]
