"""The credential pages and documents: /issuers/ (DIDs, status lists, pages), /credentials/."""

from django.urls import path

from tohu.credentials import views

app_name = "credentials"

urlpatterns = [
    path("issuers/<slug:slug>/", views.organisation, name="organisation"),
    path("issuers/<slug:slug>/did.json", views.did_json, name="did"),
    path(
        "issuers/<slug:slug>/status/<str:purpose>/<int:number>",
        views.status_list,
        name="status-list",
    ),
    path("credentials/<uuid:credential_uuid>.json", views.credential_json, name="json"),
    path("verify/", views.verify, name="verify"),
    path("trust/registry.json", views.trust_registry, name="registry"),
    path("trust/endorsements/<slug:slug>.json", views.endorsement, name="endorsement"),
]
