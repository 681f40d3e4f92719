"""An organisation's webhooks pages: its endpoints, each one's delivery log, and the actions on
them (add, edit, delete, disable, enable, rotate the secret, redeliver), through the same
services as the API. Someone who may not see the
organisation gets 404; a member who may not manage its webhooks gets 403."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from tohu.core.errors import DomainError
from tohu.core.permissions import Action, can
from tohu.core.web import show_error, signed_in
from tohu.organisations.models import Organisation
from tohu.organisations.views import organisation_for
from tohu.webhooks import selectors, services
from tohu.webhooks.forms import EndpointForm
from tohu.webhooks.models import Endpoint

DELIVERIES_PAGE_SIZE = 25


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    user = signed_in(request)
    organisation = organisation_for(user, slug)
    if not can(user, Action.ORGANISATION_MANAGE_WEBHOOKS, organisation):
        raise PermissionDenied("Only the organisation's administrators manage its webhooks.")
    return organisation


def _endpoint(request: HttpRequest, slug: str, endpoint_id: int) -> Endpoint:
    organisation = _organisation(request, slug)
    found = selectors.endpoints_for(signed_in(request), organisation).filter(pk=endpoint_id)
    endpoint = found.first()
    if endpoint is None:
        raise Http404("No such webhook endpoint.")
    return endpoint


def _list_page(
    request: HttpRequest, organisation: Organisation, form: EndpointForm, status: int = 200
) -> HttpResponse:
    endpoints = selectors.endpoints_for(signed_in(request), organisation)
    context = {"organisation": organisation, "form": form, "endpoints": endpoints}
    return render(request, "webhooks/endpoints.html", context, status=status)


def _secret_page(request: HttpRequest, issued: services.IssuedSecret, status: int) -> HttpResponse:
    context: dict[str, Any] = {"organisation": issued.endpoint.organisation, "issued": issued}
    response = render(request, "webhooks/secret.html", context, status=status)
    # the secret is on this one response only: no browser or proxy may keep a copy
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def endpoints(request: HttpRequest, slug: str) -> HttpResponse:
    """List the organisation's webhook endpoints and add one (administrators only)."""
    organisation = _organisation(request, slug)
    if request.method == "GET":
        return _list_page(request, organisation, EndpointForm())
    form = EndpointForm(request.POST)
    if not form.is_valid():
        return _list_page(request, organisation, form, status=400)
    try:
        issued = services.endpoint_create(
            actor=signed_in(request),
            organisation=organisation,
            url=form.cleaned_data["url"],
            event_types=form.cleaned_data["event_types"],
            description=form.cleaned_data["description"],
        )
    except DomainError as error:
        known = error.field in ("url", "event_types", "description")
        form.add_error(error.field if known else None, error.message)
        return _list_page(request, organisation, form, status=400)
    return _secret_page(request, issued, status=201)


@login_required
def endpoint_detail(request: HttpRequest, slug: str, endpoint_id: int) -> HttpResponse:
    """An endpoint, its events and its delivery log (each delivery's attempts)."""
    endpoint = _endpoint(request, slug, endpoint_id)
    deliveries = selectors.deliveries_for(signed_in(request), endpoint)
    page = Paginator(deliveries, DELIVERIES_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"organisation": endpoint.organisation, "endpoint": endpoint, "page": page}
    return render(request, "webhooks/endpoint.html", context)


def _act(request: HttpRequest, endpoint: Endpoint, done: str, action: Any) -> HttpResponse:
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("webhooks:endpoint", slug=endpoint.organisation.slug, endpoint_id=endpoint.pk)


@login_required
@require_POST
def endpoint_disable(request: HttpRequest, slug: str, endpoint_id: int) -> HttpResponse:
    """Stop sending to the endpoint; what waits for it keeps."""
    endpoint = _endpoint(request, slug, endpoint_id)
    user = signed_in(request)
    return _act(
        request,
        endpoint,
        "The endpoint is disabled: Tohu sends it nothing until it is enabled again.",
        lambda: services.endpoint_disable(actor=user, endpoint=endpoint),
    )


@login_required
@require_POST
def endpoint_enable(request: HttpRequest, slug: str, endpoint_id: int) -> HttpResponse:
    """Send to the endpoint again, starting with what waited, in order."""
    endpoint = _endpoint(request, slug, endpoint_id)
    user = signed_in(request)
    return _act(
        request,
        endpoint,
        "The endpoint is enabled: what waited for it is being sent, in order.",
        lambda: services.endpoint_enable(actor=user, endpoint=endpoint),
    )


@login_required
@require_POST
def endpoint_rotate(request: HttpRequest, slug: str, endpoint_id: int) -> HttpResponse:
    """Give the endpoint a new signing secret, shown once."""
    endpoint = _endpoint(request, slug, endpoint_id)
    issued = services.endpoint_rotate_secret(actor=signed_in(request), endpoint=endpoint)
    return _secret_page(request, issued, status=200)


@login_required
@require_POST
def delivery_redeliver(
    request: HttpRequest, slug: str, endpoint_id: int, delivery_id: int
) -> HttpResponse:
    """Send one delivery again."""
    endpoint = _endpoint(request, slug, endpoint_id)
    user = signed_in(request)
    delivery = selectors.deliveries_for(user, endpoint).filter(pk=delivery_id).first()
    if delivery is None:
        raise Http404("No such delivery.")
    return _act(
        request,
        endpoint,
        f"Message {delivery.message.msg_id} is being sent again.",
        lambda: services.delivery_redeliver(actor=user, delivery=delivery),
    )


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_edit(request: HttpRequest, slug: str, endpoint_id: int) -> HttpResponse:
    """Change an endpoint's address, description or events (its secret stays)."""
    endpoint = _endpoint(request, slug, endpoint_id)
    context: dict[str, Any] = {"organisation": endpoint.organisation, "endpoint": endpoint}
    if request.method == "GET":
        initial = {
            "url": endpoint.url,
            "description": endpoint.description,
            "event_types": endpoint.event_types,
        }
        context["form"] = EndpointForm(initial=initial)
        return render(request, "webhooks/endpoint_edit.html", context)
    form = EndpointForm(request.POST)
    context["form"] = form
    if not form.is_valid():
        return render(request, "webhooks/endpoint_edit.html", context, status=400)
    try:
        services.endpoint_change(
            actor=signed_in(request),
            endpoint=endpoint,
            url=form.cleaned_data["url"],
            event_types=form.cleaned_data["event_types"],
            description=form.cleaned_data["description"],
        )
    except DomainError as error:
        show_error(request, error, form)
        return render(request, "webhooks/endpoint_edit.html", context, status=400)
    messages.success(request, gettext("The endpoint is changed; its secret stays the same."))
    return redirect("webhooks:endpoint", slug=endpoint.organisation.slug, endpoint_id=endpoint.pk)


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_delete(request: HttpRequest, slug: str, endpoint_id: int) -> HttpResponse:
    """Ask to confirm, then remove an endpoint with its deliveries."""
    endpoint = _endpoint(request, slug, endpoint_id)
    organisation = endpoint.organisation
    if request.method == "GET":
        context = {"organisation": organisation, "endpoint": endpoint}
        return render(request, "webhooks/endpoint_delete.html", context)
    try:
        services.endpoint_delete(actor=signed_in(request), endpoint=endpoint)
    except DomainError as error:
        show_error(request, error)
        return redirect("webhooks:endpoint", slug=organisation.slug, endpoint_id=endpoint_id)
    messages.success(
        request,
        gettext("The endpoint %(url)s is deleted, with its deliveries.") % {"url": endpoint.url},
    )
    return redirect("webhooks:endpoints", slug=organisation.slug)
