"""The credential pages and documents: issuers' DID documents and pages, status lists, and a
learner's credential downloads. Anyone may read what a verifier needs; a credential itself is
the learner's (or the quality assurer's)."""

from __future__ import annotations

import base64
import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tohu.achievements.services import records
from tohu.core import clock
from tohu.core.documents import qr_code
from tohu.core.errors import DomainError, NotAllowed, NotFound
from tohu.core.permissions import Action, linked_learner
from tohu.core.site import absolute_url
from tohu.core.web import domain_pages, require, show_error, signed_in_learner
from tohu.credentials import registry, selectors
from tohu.credentials.baking import bake_png
from tohu.credentials.clr import learner_clr
from tohu.credentials.dids import issuer_did
from tohu.credentials.forms import CredentialNameForm, SuspensionForm, VerifyForm
from tohu.credentials.models import Credential
from tohu.credentials.publishing import (
    STATUS_LIST_MAX_AGE,
    organisation_did_document,
    signed_status_list,
)
from tohu.credentials.services.exchanges import (
    ExchangeRefused,
    wallet_exchange_create,
    wallet_exchange_step,
)
from tohu.credentials.services.issuing import (
    credential_reinstate,
    credential_signed,
    credential_suspend,
    credentials_create_missing,
)
from tohu.credentials.services.names import credential_name_choose
from tohu.credentials.verification.verifier import Verification, verify_credential
from tohu.learners.models import Learner


def json_response(document: Any, content_type: str = "application/json") -> HttpResponse:
    body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type=f"{content_type}; charset=utf-8")


@require_GET
@domain_pages
def did_json(request: HttpRequest, slug: str) -> HttpResponse:
    """The issuer's DID document (did:web)."""
    organisation = selectors.issuer(user=request.user, slug=slug)
    response = json_response(organisation_did_document(organisation), "application/did+json")
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_GET
@domain_pages
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
@domain_pages
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    """The issuer's public page: who it is, its DID and keys (the OB 3.0 Profile's url)."""
    found = selectors.issuer(user=request.user, slug=slug)
    context = {
        "organisation": found,
        "did": issuer_did(found),
        "keys": selectors.issuer_keys(found),
        "listings": selectors.organisation_listings(found),
    }
    return render(request, "credentials/organisation.html", context)


@require_GET
@domain_pages
def credential_json(request: HttpRequest, credential_uuid: UUID) -> HttpResponse:
    """Download one of the signed-in learner's credentials (signed now if not yet)."""
    learner = linked_learner(request.user)
    if learner is None:
        raise NotFound(gettext("No credential has that address."))
    found = selectors.learner_credential(
        user=request.user, learner=learner, credential_uuid=credential_uuid
    )
    signed = credential_signed(found)
    response = json_response(signed.document, "application/vc+ld+json")
    response["Content-Disposition"] = f'attachment; filename="credential-{found.uuid}.json"'
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Check a credential, pasted, uploaded, or opened by its Tohu identifier (the QR code)."""
    require(request.user, Action.CREDENTIAL_VERIFY)
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = verify_credential(form.cleaned_data["document"], now=clock.now())
    elif request.method == "GET" and "credential" in request.GET:
        result = _verify_by_id(request.GET["credential"])
    context = {"form": form, "result": result, "verdicts": VERDICT_WORDS}
    response = render(request, "credentials/verify.html", context)
    patch_cache_control(response, private=True, no_store=True)
    return response


VERDICT_WORDS = {
    "verified": "Verified: every check passed.",
    "failed": "Not verified: a check failed.",
    "incomplete": "Not verified: a check could not be made.",
}


def _verify_by_id(reference: str) -> Verification | None:
    try:
        credential_uuid = UUID(reference.removeprefix("urn:uuid:"))
    except ValueError:
        return None
    found = selectors.credential_by_uuid(credential_uuid)
    if found is None:
        return None
    return verify_credential(credential_signed(found).document, now=clock.now())


@require_GET
def trust_registry(request: HttpRequest) -> HttpResponse:
    """The trust registry in the DCC known-issuer format, with accreditations."""
    require(request.user, Action.CREDENTIAL_VERIFY)
    response = json_response(registry.registry_document())
    patch_cache_control(response, public=True, max_age=STATUS_LIST_MAX_AGE)
    return response


@require_GET
@domain_pages
def endorsement(request: HttpRequest, slug: str) -> HttpResponse:
    """The quality assurer's signed EndorsementCredential of one provider's accreditations."""
    organisation = selectors.issuer(user=request.user, slug=slug)
    document = registry.endorsement(organisation)
    if document is None:
        raise NotFound(gettext("That organisation holds no accreditation."))
    response = json_response(document, "application/vc+ld+json")
    patch_cache_control(response, public=True, max_age=STATUS_LIST_MAX_AGE)
    return response


def _verify_url(credential: Credential) -> str:
    return absolute_url(f"{reverse('credentials:verify')}?credential={credential.uuid}")


@login_required
@require_GET
@domain_pages
def mine(request: HttpRequest) -> HttpResponse:
    """The learner's credentials, each to download as JSON, a baked badge or a QR code."""
    learner = signed_in_learner(request)
    name_form = CredentialNameForm(initial={"name": learner.credential_name})
    return _mine_page(request, learner, name_form)


def _mine_page(
    request: HttpRequest, learner: Learner, name_form: CredentialNameForm, status: int = 200
) -> HttpResponse:
    # issued now if the background has not got to them yet (signed when downloaded)
    credentials_create_missing(nsn=learner.nsn)
    found = selectors.learner_credentials(user=request.user, learner=learner)
    # the QR codes go in the page itself: one request, not one more per credential
    context = {
        "credentials": [(credential, _qr_data_uri(credential)) for credential in found],
        "learner": learner,
        "name_form": name_form,
    }
    response = render(request, "credentials/mine.html", context, status=status)
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_POST
@domain_pages
def choose_name(request: HttpRequest) -> HttpResponse:
    """The learner chooses the name their credentials show (blank: their legal name)."""
    learner = signed_in_learner(request)
    form = CredentialNameForm(request.POST)
    if form.is_valid():
        try:
            credential_name_choose(
                actor=request.user, learner=learner, name=form.cleaned_data["name"]
            )
        except DomainError as error:
            # the service names the learner's field, credential_name: here it is "name"
            form.add_error("name", str(error))
        else:
            messages.success(request, gettext("Your credentials now show the name you chose."))
            return redirect("credentials:mine")
    return _mine_page(request, learner, form, status=400)


def _qr_data_uri(credential: Credential) -> str:
    image = qr_code(_verify_url(credential), kind="svg", scale=4)
    return "data:image/svg+xml;base64," + base64.b64encode(image).decode("ascii")


def _own(request: HttpRequest, credential_uuid: UUID) -> Credential:
    return selectors.learner_credential(
        user=request.user, learner=signed_in_learner(request), credential_uuid=credential_uuid
    )


@login_required
@require_GET
@domain_pages
def clr_json(request: HttpRequest) -> HttpResponse:
    """The learner's whole record as one CLR 2.0 credential signed by the quality assurer."""
    learner = signed_in_learner(request)
    credentials_create_missing(nsn=learner.nsn)
    found = selectors.learner_credentials(user=request.user, learner=learner)
    signed = [credential_signed(credential) for credential in found]
    document = learner_clr(learner, signed, now=clock.now())
    response = json_response(document, "application/vc+ld+json")
    response["Content-Disposition"] = 'attachment; filename="record-of-achievement-clr.json"'
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
@domain_pages
def badge_png(request: HttpRequest, credential_uuid: UUID) -> HttpResponse:
    """The credential baked into its badge image (PNG, iTXt openbadgecredential)."""
    signed = credential_signed(_own(request, credential_uuid))
    body = json.dumps(signed.document, ensure_ascii=False, separators=(",", ":"))
    image = bake_png(qr_code(_verify_url(signed), kind="png", scale=8), body)
    response = HttpResponse(image, content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="badge-{signed.uuid}.png"'
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
@domain_pages
def qr_svg(request: HttpRequest, credential_uuid: UUID) -> HttpResponse:
    """The QR code that opens the credential on /verify."""
    found = _own(request, credential_uuid)
    title = "QR code: check this credential at Tohu's verify page"
    image = qr_code(_verify_url(found), kind="svg", scale=5, title=title)
    response = HttpResponse(image, content_type="image/svg+xml")
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
@domain_pages
def shared_list(request: HttpRequest, token: str) -> HttpResponse:
    """The credentials behind a share link, for the employer to download and check."""
    link = records.share_link_open(token)
    context = {
        "credentials": selectors.shared_credentials(link.learner),
        "link": link,
        "token": token,
    }
    response = render(request, "credentials/shared.html", context)
    return _shared_headers(response)


@require_GET
@domain_pages
def shared_json(request: HttpRequest, token: str, credential_uuid: UUID) -> HttpResponse:
    """One credential behind a share link, as JSON."""
    link = records.share_link_open(token)
    found = next(
        (c for c in selectors.shared_credentials(link.learner) if c.uuid == credential_uuid), None
    )
    if found is None:
        raise NotFound(gettext("No credential has that address."))
    signed = credential_signed(found)
    response = json_response(signed.document, "application/vc+ld+json")
    response["Content-Disposition"] = f'attachment; filename="credential-{signed.uuid}.json"'
    return _shared_headers(response)


def _shared_headers(response: HttpResponse) -> HttpResponse:
    # as the shared record: the token is in the address, so it is not passed on or indexed
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    patch_cache_control(response, private=True, no_store=True)
    return response


def _suspension_page(
    request: HttpRequest, credential: Credential, form: SuspensionForm, status: int = 200
) -> HttpResponse:
    context = {"credential": credential, "form": form}
    response = render(request, "credentials/suspension.html", context, status=status)
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_http_methods(["GET", "POST"])
@domain_pages
def suspension(request: HttpRequest, completion_id: int) -> HttpResponse:
    """The quality assurer suspends a completion's credential while it investigates, or lifts
    the suspension."""
    found = selectors.credential_to_suspend(user=request.user, completion_id=completion_id)
    form = SuspensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service = credential_suspend if found.suspended_at is None else credential_reinstate
        try:
            service(actor=request.user, credential=found, reason=form.cleaned_data["reason"])
        except DomainError as error:
            show_error(request, error, form)
        else:
            words = "suspended" if found.suspended_at is None else "reinstated"
            messages.success(
                request,
                gettext("The credential is %(words)s; verifiers see it within a minute.")
                % {"words": words},
            )
            return redirect("credentials:suspension", completion_id)
    return _suspension_page(request, found, form, status=400 if form.errors else 200)


@login_required
@require_GET
@domain_pages
def suspended(request: HttpRequest) -> HttpResponse:
    """Every credential suspended now, for the quality assurer."""
    found = selectors.suspended_credentials(user=request.user)
    response = render(request, "credentials/suspended.html", {"credentials": found})
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_POST
@domain_pages
def wallet(request: HttpRequest) -> HttpResponse:
    """Start a wallet exchange for the learner's credentials (one, or all) and show its QR code."""
    learner = signed_in_learner(request)
    credential = None
    if reference := request.POST.get("credential", ""):
        try:
            credential_uuid = UUID(reference)
        except ValueError:
            raise NotFound(gettext("No credential has that address.")) from None
        credential = selectors.learner_credential(
            user=request.user, learner=learner, credential_uuid=credential_uuid
        )
    try:
        new = wallet_exchange_create(actor=request.user, learner=learner, credential=credential)
    except NotAllowed:
        raise NotFound(gettext("No credential has that address.")) from None
    link = new.deep_link()
    image = qr_code(link, kind="svg", scale=4, title="QR code: scan it with your wallet")
    context = {
        "credential": credential,
        "deep_link": link,
        "app_link": new.deep_link("dccrequest://request"),
        "qr": "data:image/svg+xml;base64," + base64.b64encode(image).decode("ascii"),
        "expires_at": new.exchange.expires_at,
    }
    response = render(request, "credentials/wallet.html", context)
    patch_cache_control(response, private=True, no_store=True)
    return response


MAX_EXCHANGE_BODY = 256 * 1024


@csrf_exempt
@require_POST
def exchange(request: HttpRequest, token: str) -> HttpResponse:
    """The VC-API exchange a wallet POSTs to (JSON in, JSON out); the token is the capability."""
    status, answer = 200, None
    if len(request.body) > MAX_EXCHANGE_BODY:
        status, answer = 413, {"error": "The body is larger than 256 KB."}
    else:
        try:
            body = json.loads(request.body or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            status, answer = 400, {"error": f"The body is not JSON: {error}."}
        else:
            try:
                answer = wallet_exchange_step(token, body, actor=request.user)
            except ExchangeRefused as refused:
                status, answer = refused.status, {"error": refused.message}
    response = json_response(answer)
    response.status_code = status
    patch_cache_control(response, private=True, no_store=True)
    return response
