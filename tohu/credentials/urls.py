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
    path("credentials/", views.mine, name="mine"),
    path("credentials/name/", views.choose_name, name="name"),
    path("credentials/record.clr.json", views.clr_json, name="clr"),
    path("credentials/suspended/", views.suspended, name="suspended"),
    path("credentials/wallet/", views.wallet, name="wallet"),
    path("credentials/exchanges/<str:token>", views.exchange, name="exchange"),
    path(
        "credentials/completions/<int:completion_id>/suspension/",
        views.suspension,
        name="suspension",
    ),
    path("credentials/<uuid:credential_uuid>.json", views.credential_json, name="json"),
    path("credentials/<uuid:credential_uuid>.png", views.badge_png, name="badge"),
    path("credentials/<uuid:credential_uuid>/qr.svg", views.qr_svg, name="qr"),
    path("credentials/shared/<str:token>/", views.shared_list, name="shared"),
    path(
        "credentials/shared/<str:token>/<uuid:credential_uuid>.json",
        views.shared_json,
        name="shared-json",
    ),
    path("verify/", views.verify, name="verify"),
    path("trust/registry.json", views.trust_registry, name="registry"),
    path("trust/endorsements/<slug:slug>.json", views.endorsement, name="endorsement"),
]
