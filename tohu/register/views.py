"""Public register pages (placeholder until search lands)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from tohu.register.models import MicroCredential


def search(request: HttpRequest) -> HttpResponse:
    micro_credentials = MicroCredential.objects.select_related("current_version")[:20]
    return render(request, "register/search.html", {"micro_credentials": micro_credentials})


def detail(request: HttpRequest, listing_number: str) -> HttpResponse:
    micro_credential = (
        MicroCredential.objects.select_related("current_version")
        .filter(listing_number=listing_number)
        .first()
    )
    if micro_credential is None:
        raise Http404
    return render(request, "register/detail.html", {"micro_credential": micro_credential})
