"""Notifications, the public register of statements of equivalency, and the public pages the
QR codes on statements and decision letters open."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from tohu.applications import documents, selectors, services
from tohu.core import clock, policy
from tohu.core.web import domain_pages, pdf_download
from tohu.rulebook import statements_archived


@require_GET
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "applications/notifications.html", {"page": page})


@require_POST
@login_required
def notifications_read(request: HttpRequest) -> HttpResponse:
    assert request.user.is_authenticated
    services.notifications_mark_all_read(actor=request.user)
    messages.success(request, "All notifications are marked read.")
    return redirect("applications:notifications")


@require_GET
def statements(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.public_statements(query), 50).get_page(request.GET.get("page"))
    archived_from = policy.current().equivalency_archived_from
    return render(
        request,
        "applications/statements.html",
        {
            "page": page,
            "query": query,
            "archived": statements_archived(clock.today(), archived_from=archived_from),
            "archived_from": archived_from,
        },
    )


@require_GET
@domain_pages
def statement_pdf(request: HttpRequest, number: str) -> HttpResponse:
    statement = selectors.public_statement(number)
    return pdf_download(documents.statement_pdf(statement), f"{statement.number}.pdf")


@require_GET
@domain_pages
def statement_detail(request: HttpRequest, number: str) -> HttpResponse:
    """One statement on the public register: what its QR code opens."""
    statement = selectors.public_statement(number)
    parts = documents.statement_parts(statement)
    return render(request, "applications/statement.html", {"statement": statement, "doc": parts})


@require_GET
def letter_verify(request: HttpRequest, token: str) -> HttpResponse:
    """What a decision letter's QR code opens: the decision as Tohu holds it today."""
    application = selectors.decided_application(documents.application_for_letter_token(token))
    if application is None:
        raise Http404("This is not the address of a decision letter.")
    context = {"application": application, "doc": documents.letter_parts(application)}
    return render(request, "applications/letter_verify.html", context)
