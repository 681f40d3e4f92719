"""Tohu's URLs: public register, sign-in, portals, the API and the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from tohu.accounts import views as accounts_views
from tohu.api import api
from tohu.core import translation_views
from tohu.core import views as core_views

# the admin's own sign-in page would skip second factors: it sends people to Tohu's
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]


def page_not_found(request: HttpRequest) -> HttpResponse:
    """Answer 404 for django-allauth pages Tohu does not offer (it has its own, or none)."""
    raise Http404("Tohu does not offer this page.")


urlpatterns = [
    path("", include("tohu.register.urls")),
    path("sign-in/", core_views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="sign-out"),
    # the language switch posts here (Django's set_language: a cookie, then back to `next`;
    # a signed-in person's choice is also remembered with their account)
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("translation/", core_views.translation_status, name="translation-status"),
    path(
        "translation/review/", translation_views.translation_review_list, name="translation-review"
    ),
    path(
        "translation/review/<str:key>/",
        translation_views.translation_review_edit,
        name="translation-edit",
    ),
    path("dashboard/", core_views.dashboard, name="dashboard"),
    path("", include("tohu.accounts.urls")),
    # django-allauth's second factors; its own sign-in, password and email pages are Tohu's
    path("accounts/login/", RedirectView.as_view(pattern_name="sign-in", query_string=True)),
    re_path(r"^accounts/(?:password|email|signup|confirm-email|login/code)/", page_not_found),
    # the linked-accounts page: sign-in through an organisation's provider links a person itself
    re_path(r"^accounts/3rdparty/$", page_not_found),
    path("accounts/", include("allauth.urls")),
    path("organisations/", include("tohu.organisations.urls")),
    path("organisations/", include("tohu.webhooks.urls")),
    path("organisations/", include("tohu.accounts.provider_urls")),
    path("applications/", include("tohu.applications.urls")),
    path("achievements/", include("tohu.achievements.urls")),
    path("reviews/", include("tohu.reviews.urls")),
    path("", include("tohu.credentials.urls")),
    path("audit/", core_views.audit_log, name="audit-log"),
    path("audit/checkpoints.json", core_views.audit_checkpoints, name="audit-checkpoints"),
    path("healthz", core_views.healthz, name="healthz"),
    path("health/live", core_views.health_live, name="health-live"),
    path("health/ready", core_views.health_ready, name="health-ready"),
    path("operations/", core_views.operations, name="operations"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

# the error page shows the request's id (the default 500 page renders without the request)
handler500 = "tohu.core.views.server_error"
