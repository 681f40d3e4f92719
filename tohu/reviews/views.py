"""Review pages: the lists, the online review report, decisions, escalation, the review period,
the calendar feed, and the 2025 transition review. Views read the request and call a selector
or a service; none repeats their logic."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tohu.core import clock
from tohu.core.errors import DomainError, InvalidInput
from tohu.core.permissions import Action, can
from tohu.core.web import csv_download, domain_pages, require, show_error, signed_in
from tohu.organisations.models import Organisation
from tohu.organisations.selectors import organisations_of
from tohu.register.selectors import micro_credential_by_number
from tohu.reviews import calendar, selectors, services
from tohu.reviews.forms import (
    ConvertForm,
    DecisionForm,
    EscalationForm,
    PeriodForm,
    ReportForm,
    SchemeImportForm,
    ScopeDecisionForm,
)
from tohu.reviews.models import ReviewKind, SchemeStatus
from tohu.rulebook import SCOPE_LABELS, Problem, Scope, is_overdue

CSV_COLUMNS = [
    "reference",
    "title",
    "kind",
    "organisation",
    "due_on",
    "status",
    "overdue",
    "outcome",
    "submitted_at",
    "decided_on",
]


def _may_list(user: AbstractBaseUser) -> None:
    if not (can(user, Action.REVIEWS_VIEW_ALL) or can(user, Action.REVIEWS_VIEW_OWN)):
        raise PermissionDenied("Reviews are for developers, providers and the quality assurer.")


@login_required
@domain_pages
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    """List reviews: every review for the quality assurer, the organisation's own otherwise."""
    user = signed_in(request)
    _may_list(user)
    today = clock.today()
    try:
        filters = selectors.review_filters_from(request.GET)
    except InvalidInput as error:
        filters, problems = selectors.ReviewFilters(), error.problems
    else:
        problems = []
    reviews = selectors.reviews_for(user, filters, today)
    page = Paginator(reviews, selectors.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "problems": problems,
        "today": today,
        "status_choices": selectors.STATUS_CHOICES,
        "kind_choices": ReviewKind.choices,
        "sees_all": can(user, Action.REVIEWS_VIEW_ALL),
        "query": "&".join(f"{k}={v}" for k, v in filters.query_items()),
        "feeds": _feeds(request, user),
    }
    return render(request, "reviews/list.html", context)


def _feeds(request: HttpRequest, user: AbstractBaseUser) -> list[dict[str, Any]]:
    active = selectors.calendar_feeds_of(user)
    return [
        {"organisation": organisation, "feed": active.get(organisation.pk)}
        for organisation in organisations_of(user)
    ]


def _csv_rows(reviews: Any, today: Any) -> Iterator[list[Any]]:
    for review in reviews.iterator(chunk_size=500):
        yield (
            [
                review.reference,
                review.title,
                review.get_kind_display(),
                review.organisation.name,
                review.due_on.isoformat(),
                review.get_status_display(),
                "yes"
                if is_overdue(due_on=review.due_on, today=today, answered=not review.is_open)
                else "no",
                review.get_outcome_display() if review.outcome else "",
                review.submitted_at.isoformat() if review.submitted_at else "",
                review.decided_on.isoformat() if review.decided_on else "",
            ]
        )


@login_required
@domain_pages
@require_GET
def review_export(request: HttpRequest) -> HttpResponseBase:
    """Export the filtered list as CSV (UTF-8), streamed so a long list costs no memory."""
    user = signed_in(request)
    _may_list(user)
    today = clock.today()
    try:
        filters = selectors.review_filters_from(request.GET)
    except InvalidInput as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    reviews = selectors.reviews_for(user, filters, today)
    return csv_download(f"reviews-{today.isoformat()}.csv", CSV_COLUMNS, _csv_rows(reviews, today))


def _detail_context(user: AbstractBaseUser, review: Any) -> dict[str, Any]:
    today = clock.today()
    return {
        "review": review,
        "today": today,
        "overdue": is_overdue(due_on=review.due_on, today=today, answered=not review.is_open),
        "prompts": list(selectors.prompts_of(review)),
        "decisions": list(
            review.decisions.select_related("decided_by").order_by("created_at", "pk")
        ),
        "escalations": list(
            review.escalations.select_related("recorded_by").order_by("occurred_on", "pk")
        ),
        "change_application": review.change_application,
        "may_file": can(user, Action.REVIEW_FILE, review) and review.is_open,
        "may_decide": can(user, Action.REVIEW_DECIDE, review),
        "decision_form": DecisionForm(),
        "escalation_form": EscalationForm(initial={"occurred_on": today}),
        "report_form": ReportForm(instance=review),
    }


@login_required
@domain_pages
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a review: its report, prompts, decisions, escalation and the change it opened."""
    user = signed_in(request)
    review = selectors.review_for(user, pk)
    return render(request, "reviews/detail.html", _detail_context(user, review))


@login_required
@domain_pages
@require_http_methods(["GET", "POST"])
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill in the online review report: save a draft, or submit it (REV-form)."""
    user = signed_in(request)
    review = selectors.review_for(user, pk)
    require(
        user,
        Action.REVIEW_FILE,
        review,
        message="Only the organisation asked for this review files its report.",
    )
    if not review.is_open:
        messages.info(
            request,
            gettext("This report is %(lower)s.") % {"lower": review.get_status_display().lower()},
        )
        return redirect("reviews:detail", pk=review.pk)
    if (
        request.method == "GET"
        and review.kind == ReviewKind.PROVIDER
        and review.completions is None
    ):
        review.completions = selectors.completions_prefill(review)
        review.figures_prefilled = review.completions is not None
    form = ReportForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        submitting = "submit" in request.POST
        service = services.review_submit if submitting else services.review_report_save
        try:
            service(actor=user, review=review, answers=form.answers())
        except DomainError as error:
            show_error(request, error, form)
        else:
            text = "Report submitted to NZQA." if submitting else "Draft saved."
            messages.success(request, text)
            target = "reviews:detail" if submitting else "reviews:report"
            return redirect(target, pk=review.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "reviews/report.html", {"review": review, "form": form}, status=status)


@login_required
@domain_pages
@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The quality assurer accepts or returns a submitted report."""
    user = signed_in(request)
    review = selectors.review_for(user, pk)
    require(
        user, Action.REVIEW_DECIDE, review, message="Only the quality assurer decides on a review."
    )
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                services.review_accept(
                    actor=user, review=review, reasons=form.cleaned_data["reasons"]
                )
                messages.success(request, gettext("Report accepted; its outcome has taken effect."))
            else:
                services.review_return(
                    actor=user, review=review, reasons=form.cleaned_data["reasons"]
                )
                messages.success(request, gettext("Report returned for more work."))
            return redirect("reviews:detail", pk=review.pk)
        except DomainError as error:
            show_error(request, error, form)
    context = _detail_context(user, review) | {"decision_form": form}
    return render(request, "reviews/detail.html", context, status=400)


@login_required
@domain_pages
@require_POST
def review_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a rule 17 or rule 16 step against a review."""
    user = signed_in(request)
    review = selectors.review_for(user, pk)
    require(
        user,
        Action.REVIEW_DECIDE,
        review,
        message="Only the quality assurer records escalation steps.",
    )
    form = EscalationForm(request.POST)
    if form.is_valid():
        try:
            services.review_escalate(actor=user, review=review, **form.cleaned_data)
            messages.success(request, gettext("Step recorded."))
            return redirect("reviews:detail", pk=review.pk)
        except DomainError as error:
            show_error(request, error, form)
    context = _detail_context(user, review) | {"escalation_form": form}
    return render(request, "reviews/detail.html", context, status=400)


@login_required
@domain_pages
@require_GET
def overdue(request: HttpRequest) -> HttpResponse:
    """The quality assurer's overdue reviews, oldest first, with their age (REV-remind)."""
    user = signed_in(request)
    require(user, Action.REVIEWS_VIEW_ALL)
    today = clock.today()
    rows = selectors.overdue_reviews(user, today=today, limit=200)
    follow_ups = selectors.change_follow_ups(user, today=today)
    return render(request, "reviews/overdue.html", {"rows": rows, "follow_ups": follow_ups})


@login_required
@domain_pages
@require_http_methods(["GET", "POST"])
def period_set(request: HttpRequest, listing_number: str) -> HttpResponse:
    """The quality assurer sets a micro-credential's review period, with a reason."""
    user = signed_in(request)
    require(user, Action.REVIEW_SET_PERIOD, message="Only the quality assurer sets review periods.")
    micro_credential = micro_credential_by_number(user, listing_number)
    require(
        user,
        Action.REVIEW_SET_PERIOD,
        micro_credential,
        message="The other quality assurer sets this micro-credential's period.",
    )
    period = services.period_of(micro_credential)
    form = PeriodForm(request.POST or None, initial={"years": period.years})
    if request.method == "POST" and form.is_valid():
        try:
            services.review_period_set(
                actor=user, micro_credential=micro_credential, **form.cleaned_data
            )
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(
                request, gettext("Review period set; the next review date moved with it.")
            )
            return redirect(
                f"{reverse('reviews:list')}?reference={micro_credential.listing_number}"
            )
    context = {"micro_credential": micro_credential, "period": period, "form": form}
    return render(request, "reviews/period.html", context, status=400 if form.errors else 200)


# ---------------------------------------------------------------------------------------------
# The calendar feed


def _ics(organisation: Organisation) -> HttpResponse:
    body = calendar.feed(organisation, selectors.reviews_of_organisation(organisation))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="reviews-{organisation.slug}.ics"'
    return response


@login_required
@domain_pages
@require_GET
def calendar_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's review due dates as iCalendar, for its members and the quality assurer."""
    user = signed_in(request)
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not can(user, Action.ORGANISATION_VIEW, organisation):
        raise Http404("No such organisation.")
    return _ics(organisation)


@require_GET
def calendar_subscription(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The same feed for calendar programs, which cannot sign in: the person's link is the key."""
    feed = calendar.feed_for_token(slug, token)
    if feed is None:
        raise Http404("No such calendar, or the link was revoked.")
    return _ics(feed.organisation)


@login_required
@domain_pages
@require_POST
def calendar_link(request: HttpRequest, slug: str) -> HttpResponse:
    """Give the person a new calendar link (the old one stops), or revoke theirs."""
    user = signed_in(request)
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not can(user, Action.ORGANISATION_VIEW, organisation):
        raise Http404("No such organisation.")
    if request.POST.get("action") == "revoke":
        try:
            services.calendar_feed_revoke(actor=user, organisation=organisation)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                gettext("Your calendar link for %(name)s is revoked.")
                % {"name": organisation.name},
            )
        return redirect(f"{reverse('reviews:list')}#calendar")
    issued = services.calendar_feed_renew(actor=user, organisation=organisation)
    url = request.build_absolute_uri(calendar.feed_path(organisation, issued.token))
    context = {"organisation": organisation, "url": url}
    response = render(request, "reviews/calendar_link.html", context, status=201)
    # the link is on this one response only: no browser or proxy may keep a copy
    add_never_cache_headers(response)
    return response


# ---------------------------------------------------------------------------------------------
# The 2025 transition review


def _require_transition_view(user: AbstractBaseUser) -> None:
    require(
        user,
        Action.REVIEWS_VIEW_ALL,
        message="The transition review's progress is for the quality assurer.",
    )


@login_required
@domain_pages
@require_GET
def transition(request: HttpRequest) -> HttpResponse:
    """Progress of the whole 2025 transition on one page, with a chart and its data table."""
    user = signed_in(request)
    _require_transition_view(user)
    progress = selectors.transition_progress(user, today=clock.today())
    legacy = selectors.legacy_micro_credentials(user)[:100]
    context = {
        "progress": progress,
        "legacy": legacy,
        "may_manage": can(user, Action.TRANSITION_MANAGE),
    }
    return render(request, "reviews/transition.html", context)


@login_required
@domain_pages
@require_GET
def scheme_list(request: HttpRequest) -> HttpResponse:
    """Former training schemes with the classifier's scope and reason (TRANS-2025)."""
    user = signed_in(request)
    if not (can(user, Action.REVIEWS_VIEW_ALL) or can(user, Action.DASHBOARD_PROVIDER)):
        raise PermissionDenied
    scope = request.GET.get("scope", "")
    scope = scope if scope in Scope.__members__.values() else ""
    status = request.GET.get("status", "")
    status = status if status in SchemeStatus.values else ""
    schemes = selectors.schemes_for(user, scope=scope, status=status)
    page = Paginator(schemes, selectors.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "scope": scope,
        "status": status,
        "scope_labels": SCOPE_LABELS,
        "scope_choices": [
            (s.value, SCOPE_LABELS[s]) for s in Scope if s is not Scope.NOT_IN_REVIEW
        ],
        "status_choices": SchemeStatus.choices,
        "may_manage": can(user, Action.TRANSITION_MANAGE),
    }
    return render(request, "reviews/schemes.html", context)


@login_required
@domain_pages
@require_http_methods(["GET", "POST"])
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A former training scheme: its classification, review, and (for flagged ones) the decision."""
    user = signed_in(request)
    scheme = selectors.scheme_for(user, pk)
    may_manage = can(user, Action.TRANSITION_MANAGE, scheme)
    scope_form = ScopeDecisionForm(request.POST if "decide_scope" in request.POST else None)
    convert_form = ConvertForm(request.POST if "convert" in request.POST else None)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied("Only the quality assurer decides on schemes.")
        done = _scheme_action(request, user, scheme, scope_form, convert_form)
        if done:
            return redirect("reviews:scheme", pk=scheme.pk)
    context = {
        "scheme": scheme,
        "scope_label": SCOPE_LABELS[Scope(scheme.scope)],
        "reviews": list(selectors.reviews_visible_to(user).filter(training_scheme=scheme)),
        "may_manage": may_manage,
        "scope_form": scope_form,
        "convert_form": convert_form,
    }
    return render(
        request, "reviews/scheme.html", context, status=400 if request.method == "POST" else 200
    )


def _scheme_action(
    request: HttpRequest,
    user: AbstractBaseUser,
    scheme: Any,
    scope_form: ScopeDecisionForm,
    convert_form: ConvertForm,
) -> bool:
    try:
        if "decide_scope" in request.POST and scope_form.is_valid():
            services.scheme_scope_decide(actor=user, scheme=scheme, **scope_form.cleaned_data)
            messages.success(request, gettext("Decision recorded."))
            return True
        if "convert" in request.POST and convert_form.is_valid():
            number = convert_form.cleaned_data["listing_number"]
            listing = micro_credential_by_number(user, number)
            services.scheme_convert(actor=user, scheme=scheme, micro_credential=listing)
            messages.success(request, gettext("Scheme recorded as converted."))
            return True
    except DomainError as error:
        show_error(request, error, scope_form if "decide_scope" in request.POST else convert_form)
    return False


@login_required
@domain_pages
@require_http_methods(["GET", "POST"])
def scheme_import(request: HttpRequest) -> HttpResponse:
    """Import former training schemes from CSV, all or nothing, with a row-by-row report."""
    user = signed_in(request)
    require(
        user, Action.TRANSITION_MANAGE, message="Only the quality assurer imports training schemes."
    )
    form = SchemeImportForm(request.POST or None, request.FILES or None)
    problems: Sequence[Problem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.schemes_import(actor=user, stream=upload.file, source=upload.name)
        except services.SchemeFileRejected as rejected:
            problems = rejected.problems
        else:
            messages.success(
                request,
                gettext("Imported %(imported)s scheme(s); %(reviews)s to review now.")
                % {"imported": result.imported, "reviews": result.reviews},
            )
            return redirect("reviews:schemes")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "reviews/scheme_import.html", {"form": form, "problems": problems}, status=status
    )
