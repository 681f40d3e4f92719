"""The achievement pages: the learner's Record of Achievement and share links, the provider's
reporting portal, and the quality assurer's search and figures.

Who may see what is decided by the selectors and `can()`: someone who may not see a record
gets 404, as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tohu.achievements import documents, selectors
from tohu.achievements.charts import bar_chart
from tohu.achievements.forms import (
    CompletionReportForm,
    CompletionSearchForm,
    CorrectionForm,
    FiguresForm,
    ShareLinkForm,
    UploadForm,
    WithdrawalForm,
)
from tohu.achievements.models import Completion, CompletionStatus, ImportBatch, ShareLink
from tohu.achievements.results_file import COLUMNS
from tohu.achievements.services import records, uploads
from tohu.core import clock, policy
from tohu.core.dates import DateProblem, parse_date
from tohu.core.errors import DomainError, NotFound
from tohu.core.permissions import Action, can
from tohu.core.web import (
    csv_download,
    pdf_download,
    require,
    show_error,
    signed_in,
    signed_in_learner,
)
from tohu.learners.index import learner_index
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation
from tohu.rulebook import Fee, add_months, check_nsn, reporting_fee, unknown_nsn_message

PAGE_SIZE = 50
BATCHES_SHOWN = 20


# --- the learner -------------------------------------------------------------------------


@login_required
@require_GET
def record(request: HttpRequest) -> HttpResponse:
    """The learner's New Zealand Record of Achievement."""
    learner = signed_in_learner(request)
    context = {"record": selectors.record_of_achievement(user=request.user, learner=learner)}
    return render(request, "achievements/record.html", context)


@login_required
@require_GET
def record_pdf(request: HttpRequest) -> HttpResponse:
    """The record as a PDF, from the same data as the page."""
    learner = signed_in_learner(request)
    record = selectors.record_of_achievement(user=request.user, learner=learner)
    return pdf_download(
        documents.record_pdf(record, clock.today(), request),
        f"record-of-achievement-{learner.nsn}.pdf",
        disposition="attachment",
    )


def _share_page(
    request: HttpRequest, learner: Learner, form: ShareLinkForm, status: int = 200, **extra: Any
) -> HttpResponse:
    links = ShareLink.objects.filter(learner=learner)
    context = {"form": form, "links": links, "now": clock.now(), **extra}
    return render(request, "achievements/share_links.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def share_links(request: HttpRequest) -> HttpResponse:
    """The learner's share links: make one for an employer, see and revoke the others."""
    learner = signed_in_learner(request)
    if request.method == "GET":
        return _share_page(request, learner, ShareLinkForm())
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        return _share_page(request, learner, form, status=400)
    try:
        issued = records.share_link_create(
            actor=signed_in(request),
            learner=learner,
            label=form.cleaned_data["label"],
            days=form.cleaned_data["days"],
        )
    except DomainError as error:
        show_error(request, error, form)
        return _share_page(request, learner, form, status=400)
    url = request.build_absolute_uri(reverse("achievements:shared", args=[issued.token]))
    response = _share_page(request, learner, ShareLinkForm(), status=201, issued=issued, url=url)
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def share_link_revoke(request: HttpRequest, link_id: int) -> HttpResponse:
    learner = signed_in_learner(request)
    link = ShareLink.objects.filter(learner=learner, pk=link_id).first()
    if link is None:
        raise Http404("No such link.")
    try:
        records.share_link_revoke(actor=signed_in(request), link=link)
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(
            request, gettext("The link for “%(label)s” no longer works.") % {"label": link.label}
        )
    return redirect("achievements:share-links")


@require_GET
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """What an employer sees through a share link: a verified view, or that the link is dead."""
    try:
        link = records.share_link_open(token)
    except NotFound as error:
        response = render(
            request, "achievements/shared_invalid.html", {"message": error.message}, status=404
        )
    else:
        context = {
            "record": selectors.shared_record(link.learner),
            "link": link,
            "checked_at": clock.now(),
        }
        response = render(request, "achievements/shared.html", context)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    add_never_cache_headers(response)
    return response


@require_GET
def record_verify(request: HttpRequest, token: str) -> HttpResponse:
    """What a Record of Achievement PDF's QR code opens: the record as Tohu holds it today."""
    found = documents.read_record_token(token)
    learner = Learner.objects.filter(pk=found[0]).first() if found is not None else None
    if found is None or learner is None:
        raise Http404("This is not the address of a Record of Achievement.")
    context = {
        "record": selectors.shared_record(learner, achieved_by=found[1]),
        "doc": documents.record_parts(learner, found[1]),
    }
    response = render(request, "achievements/record_verify.html", context)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    add_never_cache_headers(response)
    return response


# --- the provider ------------------------------------------------------------------------


@login_required
@require_GET
def provider_home(request: HttpRequest) -> HttpResponse:
    """Send a results officer to their provider's page, or let them choose one."""
    providers = selectors.providers_reporting_for(signed_in(request))
    if not providers:
        raise PermissionDenied("Only members of a provider report completions.")
    if len(providers) == 1:
        return redirect("achievements:provider", slug=providers[0].slug)
    return render(request, "achievements/provider_choose.html", {"providers": providers})


def _reporting_fee() -> dict[str, Any] | None:
    """ROA-fee, when the policy turns it on: the fee for one credit and the day it starts."""
    configured = policy.current()
    per_credit: Fee | None = reporting_fee(1, configured.reporting_fee_from, configured)
    if per_credit is None:
        return None
    return {"per_credit": per_credit, "from": configured.reporting_fee_from}


@login_required
@require_GET
def provider(request: HttpRequest, slug: str) -> HttpResponse:
    """The provider's reporting page: upload a file, report one, recent batches."""
    user = signed_in(request)
    organisation = selectors.provider_for(user, slug)
    context = {
        "provider": organisation,
        "may_report": can(user, Action.ACHIEVEMENT_REPORT, organisation),
        "form": UploadForm(),
        "batches": list(selectors.batches_of(user=user, provider=organisation)[:BATCHES_SHOWN]),
        "reporting_fee": _reporting_fee(),
    }
    return render(request, "achievements/provider.html", context)


@login_required
@require_POST
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    """Take a results file and queue it; the batch page shows its progress."""
    user = signed_in(request)
    organisation = selectors.provider_for(user, slug, report=True)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_refused(request, organisation, form, 400)
    upload_file = form.cleaned_data["file"]
    try:
        batch = uploads.upload_queue(
            reporter=user,
            provider=organisation,
            upload=upload_file,
            file_name=upload_file.name or "results.csv",
            partial=form.cleaned_data["partial"],
        )
    except DomainError as error:
        show_error(request, error, form)
        return _upload_refused(request, organisation, form, error.status)
    return redirect("achievements:batch", slug=organisation.slug, batch_id=batch.pk)


def _upload_refused(
    request: HttpRequest, organisation: Organisation, form: UploadForm, status: int
) -> HttpResponse:
    """Show the provider's page again with the upload form and what is wrong with it."""
    user = signed_in(request)
    context = {
        "provider": organisation,
        "may_report": True,
        "form": form,
        "batches": list(selectors.batches_of(user=user, provider=organisation)[:BATCHES_SHOWN]),
        "reporting_fee": _reporting_fee(),
    }
    return render(request, "achievements/provider.html", context, status=status)


def _batch_context(request: HttpRequest, slug: str, batch_id: int) -> dict[str, Any]:
    user = signed_in(request)
    organisation = selectors.provider_for(user, slug)
    batch = selectors.batch_of(user=user, provider=organisation, batch_id=batch_id)
    keep_days = settings.TOHU_RESULTS_FILES_KEEP_DAYS
    return {
        "provider": organisation,
        "batch": batch,
        "keep_days": keep_days,
        "reporting_fee": _reporting_fee(),
    }


@login_required
@require_GET
def batch(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    """One report's result: progress while it runs, then what was recorded and what was not."""
    return render(request, "achievements/batch.html", _batch_context(request, slug, batch_id))


@login_required
@require_GET
def batch_progress(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    """The part of the batch page htmx polls every second until the batch is finished."""
    return render(
        request, "achievements/_batch_status.html", _batch_context(request, slug, batch_id)
    )


@login_required
@require_GET
def batch_errors(request: HttpRequest, slug: str, batch_id: int) -> HttpResponseBase:
    """The batch's full error report as CSV."""
    context = _batch_context(request, slug, batch_id)
    found: ImportBatch = context["batch"]
    if found.files_removed_at is not None:
        # gone, not missing: the batch page says when and why
        return render(request, "achievements/batch.html", context, status=410)
    if not found.error_report or not default_storage.exists(found.error_report):
        raise Http404("This batch has no error report.")
    return FileResponse(
        default_storage.open(found.error_report, "rb"),
        as_attachment=True,
        filename=f"errors-batch-{found.pk}.csv",
        content_type="text/csv; charset=utf-8",
    )


def _report_day(raw: str) -> date | None:
    try:
        return parse_date(raw.strip()) if raw.strip() else None
    except DateProblem:
        return None


def _report_page(
    request: HttpRequest,
    organisation: Organisation,
    form: CompletionReportForm,
    day: date | None,
    status: int = 200,
) -> HttpResponse:
    nsn = str(form["nsn"].value() or "").strip()
    context = {
        "provider": organisation,
        "form": form,
        "day": day,
        "reporting_fee": _reporting_fee(),
        "learner": _learner_lookup(nsn) if nsn else None,
    }
    return render(request, "achievements/report.html", context, status=status)


def _report_form(
    organisation: Organisation, data: Any = None, *, day: date | None
) -> CompletionReportForm:
    offered = selectors.micro_credentials_awardable(organisation, day) if day else []
    choices = [(a.listing_number, a.label) for a in offered]
    return CompletionReportForm(data, choices=choices)


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """Report one completion through the same checks as a results file.

    The picker offers the micro-credentials for the date (today, or ?date_of_achievement=);
    the page's date field asks for the list again when the date changes. Without JavaScript the
    form's "Show what may be awarded" button asks for this page again with the new date and
    everything typed so far, which comes back filled in.
    """
    user = signed_in(request)
    organisation = selectors.provider_for(user, slug, report=True)
    if request.method == "GET":
        given = request.GET.get("date_of_achievement", "")
        day = _report_day(given) if given else clock.today()
        form = _report_form(organisation, day=day)
        typed = {name: request.GET[name] for name in form.fields if name in request.GET}
        form.initial = {**typed, "date_of_achievement": day.isoformat() if day else given}
        return _report_page(request, organisation, form, day)
    day = _report_day(request.POST.get("date_of_achievement", ""))
    form = _report_form(organisation, request.POST, day=day)
    if not form.is_valid():
        return _report_page(request, organisation, form, day, status=400)
    outcome = records.completion_report(reporter=user, provider=organisation, values=form.values())
    if not outcome.ok:
        for problem in outcome.problems_preview:
            field = problem.field if problem.field in form.fields else None
            form.add_error(field, f"{problem.message} ({problem.rule_id})")
        return _report_page(request, organisation, form, day, status=400)
    messages.success(request, outcome.summary)
    return redirect("achievements:report", slug=organisation.slug)


@dataclass(frozen=True)
class LearnerFound:
    """What the report form shows beside the NSN: the learner's name, or why there is none."""

    nsn: str
    name: str = ""
    born: date | None = None
    problem: str = ""


def _learner_lookup(nsn: str) -> LearnerFound:
    for finding in check_nsn(nsn):
        return LearnerFound(nsn, problem=finding.message)
    record = learner_index().lookup(nsn)
    if record is None:
        return LearnerFound(nsn, problem=unknown_nsn_message(nsn))
    return LearnerFound(nsn, f"{record.given_names} {record.family_name}", record.date_of_birth)


@login_required
@require_GET
def report_learner(request: HttpRequest, slug: str) -> HttpResponse:
    """The learner an NSN names, for the person reporting to confirm (the form's NSN lookup)."""
    user = signed_in(request)
    selectors.provider_for(user, slug, report=True)
    nsn = request.GET.get("nsn", "").strip()
    context = {"learner": _learner_lookup(nsn) if nsn else None}
    return render(request, "achievements/_report_learner.html", context)


@login_required
@require_GET
def report_choices(request: HttpRequest, slug: str) -> HttpResponse:
    """The micro-credential picker for the date chosen (the form's date field asks for it)."""
    user = signed_in(request)
    organisation = selectors.provider_for(user, slug, report=True)
    day = _report_day(request.GET.get("date_of_achievement", ""))
    form = _report_form(organisation, day=day)
    form.initial = {"listing_number": request.GET.get("listing_number", "")}
    context = {"form": form, "day": day, "provider": organisation}
    return render(request, "achievements/_report_choices.html", context)


@require_GET
def results_template(request: HttpRequest) -> HttpResponse:
    """A results file with the header and no rows, to fill in a spreadsheet."""
    response = HttpResponse(",".join(COLUMNS) + "\r\n", content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="results-file-template.csv"'
    return response


def _search_form(request: HttpRequest) -> CompletionSearchForm:
    return CompletionSearchForm(request.GET or None)


@login_required
@require_GET
def completions(request: HttpRequest, slug: str) -> HttpResponse:
    """What the provider reported, with search."""
    user = signed_in(request)
    organisation = selectors.provider_for(user, slug)
    form = _search_form(request)
    criteria = form.criteria() if form.is_bound else selectors.CompletionFilter()
    found = selectors.completions_reported(user=user, provider=organisation, criteria=criteria)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"provider": organisation, "form": form, "page": page, "query": query.urlencode()}
    return render(request, "achievements/completions.html", context)


EXPORT_COLUMNS = (
    "nsn",
    "listing_number",
    "version",
    "title",
    "level",
    "credits",
    "date_of_achievement",
    "provider_reference",
    "reported_on",
    "late",
    "status",
    "provider",
)


def _csv_rows(found: Any) -> Iterator[list[Any]]:
    for completion in found.iterator(chunk_size=2000):
        yield (
            [
                completion.nsn,
                completion.micro_credential.listing_number,
                completion.version.number,
                completion.version.title,
                completion.version.level,
                completion.version.credits,
                completion.date_of_achievement.isoformat(),
                completion.provider_reference,
                completion.reported_on.isoformat(),
                "yes" if completion.late else "no",
                completion.status,
                completion.provider.name,
            ]
        )


@login_required
@require_GET
def completions_export(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """The provider's reported completions (as searched) as CSV, streamed."""
    user = signed_in(request)
    organisation = selectors.provider_for(user, slug)
    form = _search_form(request)
    criteria = form.criteria() if form.is_bound else selectors.CompletionFilter()
    found = selectors.completions_reported(user=user, provider=organisation, criteria=criteria)
    return csv_download(
        f"completions-{organisation.slug}.csv", EXPORT_COLUMNS, _csv_rows(found), bom=True
    )


def _completion_page(
    request: HttpRequest, completion: Completion, status: int = 200, **forms: Any
) -> HttpResponse:
    user = signed_in(request)
    may_change = completion.status == CompletionStatus.RECORDED and can(
        user, Action.ACHIEVEMENT_REPORT, completion.provider
    )
    context = {
        "completion": completion,
        "history": selectors.completion_history(completion),
        "may_change": may_change,
        "correction_form": forms.get("correction_form") or CorrectionForm(),
        "withdrawal_form": forms.get("withdrawal_form") or WithdrawalForm(),
        "learner": Learner.objects.filter(nsn=completion.nsn).first(),
        # the quality assurer may suspend the credential while it investigates
        "may_suspend": completion.status == CompletionStatus.RECORDED
        and can(user, Action.COMPLETION_SUSPEND, completion),
    }
    return render(request, "achievements/completion.html", context, status=status)


@login_required
@require_GET
def completion(request: HttpRequest, completion_id: int) -> HttpResponse:
    """One completion with its history of corrections (provider and quality assurer)."""
    found = selectors.completion_for(user=signed_in(request), completion_id=completion_id)
    return _completion_page(request, found)


@login_required
@require_POST
def completion_correct(request: HttpRequest, completion_id: int) -> HttpResponse:
    user = signed_in(request)
    found = selectors.completion_for(user=user, completion_id=completion_id)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            new = records.completion_correct(
                actor=user,
                completion=found,
                date_of_achievement=form.cleaned_data["date_of_achievement"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(
                request, gettext("The completion was corrected; the earlier record is kept.")
            )
            return redirect("achievements:completion", completion_id=new.pk)
    return _completion_page(request, found, status=400, correction_form=form)


@login_required
@require_POST
def completion_withdraw(request: HttpRequest, completion_id: int) -> HttpResponse:
    user = signed_in(request)
    found = selectors.completion_for(user=user, completion_id=completion_id)
    form = WithdrawalForm(request.POST)
    if form.is_valid():
        try:
            records.completion_withdraw(
                actor=user, completion=found, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(
                request,
                gettext("The completion was withdrawn; the record is kept with your reason."),
            )
            return redirect("achievements:completion", completion_id=found.pk)
    return _completion_page(request, found, status=400, withdrawal_form=form)


# --- the quality assurer -----------------------------------------------------------------


@login_required
@require_GET
def qa_search(request: HttpRequest) -> HttpResponse:
    """Search every completion by NSN, provider or micro-credential."""
    user = signed_in(request)
    require(
        user,
        Action.ACHIEVEMENT_SEARCH,
        message="Only the quality assurer searches every completion.",
    )
    form = _search_form(request)
    criteria = form.criteria() if form.is_bound else selectors.CompletionFilter()
    found = selectors.completions_search(user=user, criteria=criteria)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "searched": not criteria.is_empty,
        "query": query.urlencode(),
    }
    return render(request, "achievements/qa_search.html", context)


@login_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    """Monthly figures of completions by provider, level and field, with charts."""
    user = signed_in(request)
    require(
        user,
        Action.ACHIEVEMENT_SEARCH,
        message="Only the quality assurer sees the national figures.",
    )
    form = FiguresForm(request.GET or None)
    today = clock.today()
    end = today
    start = add_months(date(today.year, today.month, 1), -11)
    if form.is_bound and form.is_valid():
        end = form.cleaned_data["end"] or end
        start = form.cleaned_data["start"] or start
    if start > end or (end - start) > timedelta(days=366 * 5):
        start = add_months(date(end.year, end.month, 1), -11)
    found = selectors.monthly_figures(user=user, start=start, end=end)
    assert found is not None
    charts = [
        ("months", "Completions by month of achievement", found.months),
        ("providers", "By provider (top 20)", found.by_provider),
        ("levels", "By level", found.by_level),
        ("fields", "By field of study (NZSCED broad field)", found.by_field),
    ]
    context = {
        "form": form,
        "figures": found,
        "charts": [(key, bar_chart(title, rows), rows) for key, title, rows in charts],
    }
    return render(request, "achievements/figures.html", context)
