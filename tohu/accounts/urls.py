"""Account pages: passwords and their recovery."""

from django.urls import path

from tohu.accounts import views

urlpatterns = [
    path("account/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("account/password/changed/", views.PasswordChangedView.as_view(), name="password-changed"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
]
