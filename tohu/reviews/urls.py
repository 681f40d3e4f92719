from django.urls import path

from tohu.reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.review_list, name="list"),
    path("export.csv", views.review_export, name="export"),
    path("overdue/", views.overdue, name="overdue"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/report/", views.review_report, name="report"),
    path("<int:pk>/decision/", views.review_decide, name="decide"),
    path("<int:pk>/escalation/", views.review_escalate, name="escalate"),
    path("period/<str:listing_number>/", views.period_set, name="period"),
    path("calendar/<slug:slug>.ics", views.calendar_feed, name="calendar"),
    path(
        "calendar/<slug:slug>/<str:token>.ics",
        views.calendar_subscription,
        name="calendar-subscription",
    ),
    path("calendar/<slug:slug>/link/", views.calendar_link, name="calendar-link"),
    path("transition/", views.transition, name="transition"),
    path("transition/schemes/", views.scheme_list, name="schemes"),
    path("transition/schemes/<int:pk>/", views.scheme_detail, name="scheme"),
    path("transition/import/", views.scheme_import, name="scheme-import"),
]
