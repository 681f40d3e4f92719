"""The public register's pages."""

from django.urls import path

from tohu.register import views

app_name = "register"

urlpatterns = [
    path("", views.search, name="search"),
    path("micro-credentials.csv", views.download_csv, name="download-csv"),
    path("micro-credentials.json", views.download_json, name="download-json"),
    path("open-data/", views.open_data, name="open-data"),
    path("open-data/<str:name>", views.open_data_file, name="open-data-file"),
    path("micro-credentials/<str:listing_number>/", views.detail, name="detail"),
    path(
        "micro-credentials/<str:listing_number>/versions/<int:version>/",
        views.version,
        name="version",
    ),
    path(
        "micro-credentials/<str:listing_number>/versions/<int:version>/ctdl.json",
        views.version_ctdl,
        name="version-ctdl",
    ),
    path(
        "micro-credentials/<str:listing_number>/versions/<int:version>/achievement.json",
        views.version_achievement,
        name="version-achievement",
    ),
]
