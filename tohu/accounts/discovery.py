"""Check an identity provider's OpenID Connect discovery document before people sign in with it.

The document is fetched through the careful fetcher the credential verifier and webhooks use
(`tohu.credentials.verification.fetch.Fetcher`: https only, never an address inside a network,
a time and size limit, no redirects). Nothing is written: this only tells the administrator
whether sign-in can work.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext

from tohu.credentials.verification.fetch import Fetcher, FetchRefused

WELL_KNOWN = "/.well-known/openid-configuration"
REQUIRED = ("authorization_endpoint", "token_endpoint", "jwks_uri")
TIMEOUT_SECONDS = 5.0
MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class Discovery:
    """What the check found: whether sign-in can work, and why not."""

    url: str
    ok: bool
    problem: str = ""
    authorization_endpoint: str = ""
    token_endpoint: str = ""


def fetcher() -> Fetcher:
    return Fetcher(
        timeout=TIMEOUT_SECONDS,
        max_bytes=MAX_BYTES,
        allow_loopback=settings.TOHU_IDENTITY_PROVIDERS_ALLOW_LOOPBACK,
    )


def discover(issuer: str) -> Discovery:
    """Fetch `<issuer>/.well-known/openid-configuration` and check what sign-in needs of it:
    the same issuer, and https endpoints to sign in at, exchange codes and fetch keys."""
    url = issuer.rstrip("/") + WELL_KNOWN
    try:
        document = fetcher().json(url)
    except FetchRefused as refused:
        return Discovery(
            url,
            ok=False,
            problem=gettext("Tohu could not read the discovery document: %(why)s.")
            % {"why": refused},
        )
    if not isinstance(document, dict):
        return Discovery(
            url, ok=False, problem=gettext("The discovery document is not a JSON object.")
        )
    if str(document.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        return Discovery(
            url,
            ok=False,
            problem=gettext(
                "The discovery document names another issuer (%(named)s): give the issuer "
                "exactly as the provider writes it."
            )
            % {"named": str(document.get("issuer", ""))[:200] or "–"},
        )
    missing = [name for name in REQUIRED if not isinstance(document.get(name), str)]
    if missing:
        return Discovery(
            url,
            ok=False,
            problem=gettext("The discovery document does not give %(missing)s.")
            % {"missing": ", ".join(missing)},
        )
    return Discovery(
        url,
        ok=True,
        authorization_endpoint=document["authorization_endpoint"],
        token_endpoint=document["token_endpoint"],
    )
