"""The public register's pages."""

from django.urls import path

from tohu.register import views

app_name = "register"

urlpatterns = [
    path("", views.search, name="search"),
    path("micro-credentials.csv", views.download_csv, name="download-csv"),
    path("micro-credentials.json", views.download_json, name="download-json"),
    path("micro-credentials/<str:listing_number>/", views.detail, name="detail"),
]
