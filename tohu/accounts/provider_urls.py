"""An organisation's sign-in pages, under /organisations/<slug>/sign-in/."""

from django.urls import path

from tohu.accounts import views

app_name = "identity-providers"

urlpatterns = [
    path("<slug:slug>/sign-in/", views.identity_providers, name="list"),
    path("<slug:slug>/sign-in/<slug:idp>/", views.identity_provider, name="edit"),
    path(
        "<slug:slug>/sign-in/<slug:idp>/remove/",
        views.identity_provider_remove,
        name="remove",
    ),
]
