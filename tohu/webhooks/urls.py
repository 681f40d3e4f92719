"""An organisation's webhooks pages, under /organisations/<slug>/webhooks/."""

from django.urls import path

from tohu.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("<slug:slug>/webhooks/", views.endpoints, name="endpoints"),
    path("<slug:slug>/webhooks/<int:endpoint_id>/", views.endpoint_detail, name="endpoint"),
    path(
        "<slug:slug>/webhooks/<int:endpoint_id>/edit/",
        views.endpoint_edit,
        name="endpoint-edit",
    ),
    path(
        "<slug:slug>/webhooks/<int:endpoint_id>/delete/",
        views.endpoint_delete,
        name="endpoint-delete",
    ),
    path(
        "<slug:slug>/webhooks/<int:endpoint_id>/disable/",
        views.endpoint_disable,
        name="endpoint-disable",
    ),
    path(
        "<slug:slug>/webhooks/<int:endpoint_id>/enable/",
        views.endpoint_enable,
        name="endpoint-enable",
    ),
    path(
        "<slug:slug>/webhooks/<int:endpoint_id>/rotate-secret/",
        views.endpoint_rotate,
        name="endpoint-rotate",
    ),
    path(
        "<slug:slug>/webhooks/<int:endpoint_id>/deliveries/<int:delivery_id>/redeliver/",
        views.delivery_redeliver,
        name="delivery-redeliver",
    ),
]
