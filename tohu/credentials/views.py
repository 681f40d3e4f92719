"""The credential pages and documents: issuers' DID documents and pages, status lists, and a
learner's credential downloads. Anyone may read what a verifier needs; a credential itself is
the learner's (or the quality assurer's)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec
from uuid import UUID

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from tohu.core.errors import NotFound
from tohu.core.permissions import linked_learner
from tohu.credentials import selectors
from tohu.credentials.dids import issuer_did
from tohu.credentials.publishing import (
    STATUS_LIST_MAX_AGE,
    organisation_did_document,
    signed_status_list,
)
from tohu.credentials.services.issuing import credential_signed

P = ParamSpec("P")


def not_found_as_404(view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        try:
            return view(*args, **kwargs)
        except NotFound as error:
            raise Http404(error.message) from None

    return wrapped


def json_response(document: Any, content_type: str = "application/json") -> HttpResponse:
    body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type=f"{content_type}; charset=utf-8")


@require_GET
@not_found_as_404
def did_json(request: HttpRequest, slug: str) -> HttpResponse:
    """The issuer's DID document (did:web)."""
    organisation = selectors.issuer(user=request.user, slug=slug)
    response = json_response(organisation_did_document(organisation), "application/did+json")
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_GET
@not_found_as_404
def status_list(request: HttpRequest, slug: str, purpose: str, number: int) -> HttpResponse:
    """A signed BitstringStatusListCredential."""
    organisation = selectors.issuer(user=request.user, slug=slug)
    found = selectors.status_list(
        user=request.user, organisation=organisation, purpose=purpose, number=number
    )
    response = json_response(signed_status_list(found, organisation), "application/vc+ld+json")
    patch_cache_control(response, public=True, max_age=STATUS_LIST_MAX_AGE)
    return response


@require_GET
@not_found_as_404
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    """The issuer's public page: who it is, its DID and keys (the OB 3.0 Profile's url)."""
    found = selectors.issuer(user=request.user, slug=slug)
    context = {
        "organisation": found,
        "did": issuer_did(found),
        "keys": selectors.issuer_keys(found),
    }
    return render(request, "credentials/organisation.html", context)


@require_GET
@not_found_as_404
def credential_json(request: HttpRequest, credential_uuid: UUID) -> HttpResponse:
    """Download one of the signed-in learner's credentials (signed now if not yet)."""
    learner = linked_learner(request.user)
    if learner is None:
        raise NotFound("No credential has that address.")
    found = selectors.learner_credential(
        user=request.user, learner=learner, credential_uuid=credential_uuid
    )
    signed = credential_signed(found)
    response = json_response(signed.document, "application/vc+ld+json")
    response["Content-Disposition"] = f'attachment; filename="credential-{found.uuid}.json"'
    patch_cache_control(response, private=True, no_store=True)
    return response
