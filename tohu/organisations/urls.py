"""An organisation's pages: its members and its API keys."""

from django.urls import path

from tohu.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/api-keys/", views.api_keys, name="api-keys"),
    path("<slug:slug>/api-keys/<int:key_id>/revoke/", views.api_key_revoke, name="api-key-revoke"),
]
