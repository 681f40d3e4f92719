"""The quality assurer's pages: the queue, the evaluation workspace and the dashboard."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from tohu.applications import selectors, services
from tohu.applications.forms import (
    ApproveForm,
    AssignForm,
    DeclineForm,
    HoursForm,
    InformationRequestForm,
    JudgementForm,
    QueueFilterForm,
)
from tohu.applications.models import Application, ApplicationStatus, ApplicationType
from tohu.applications.views import content
from tohu.applications.views.common import (
    S,
    fee_for,
    page_context,
)
from tohu.applications.views.content import content_context
from tohu.core import clock
from tohu.core.errors import DomainError, NotAllowed
from tohu.core.permissions import Action
from tohu.core.web import (
    domain_pages,
    require,
)


def _evaluators() -> list[Any]:
    return list(selectors.evaluators())


def _evaluation_context(request: HttpRequest, application: Application) -> dict[str, Any]:
    judgements = {j.criterion: j for j in application.judgements.select_related("judged_by")}
    rows = {
        c.code: {
            "criterion": c,
            "judgement": judgements.get(c.code),
            "form": JudgementForm(
                initial={
                    "verdict": getattr(judgements.get(c.code), "verdict", None),
                    "note": getattr(judgements.get(c.code), "note", ""),
                },
                prefix=c.code,
            ),
        }
        for c in services.application_criteria(application)
    }
    evaluators = _evaluators()
    context = page_context(request, application)
    fee = fee_for(application)
    context.update(content_context(application, rows))
    context.update(
        judging=application.status in (S.IN_EVALUATION, S.INFORMATION_REQUESTED),
        open=application.status in selectors.OPEN_STATUSES,
        decided=application.status in (S.APPROVED, S.DECLINED),
        assign_form=AssignForm(
            evaluators=evaluators, initial={"evaluator": application.assigned_to_id}
        ),
        hours_form=HoursForm(),
        request_form=InformationRequestForm(),
        approve_form=ApproveForm(),
        decline_form=DeclineForm(),
        fee=fee,
        elapsed_days=selectors.elapsed_days(application),
        lateness=selectors.equivalency_lateness(application),
        history=content.history(application, selectors.history(application)),
    )
    return context


@require_GET
@login_required
@domain_pages
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.APPLICATION_EVALUATE)
    application = selectors.application_for(request.user, pk)
    if application.status in (S.DRAFT, S.WITHDRAWN):
        raise Http404
    return render(request, "applications/evaluate.html", _evaluation_context(request, application))


def _user(pk: str) -> Any:
    user = get_user_model().objects.filter(pk=pk).first() if pk.isascii() and pk.isdigit() else None
    if user is None:
        raise DomainError("Choose an evaluator.", field="evaluator")
    return user


def _do(request: HttpRequest, application: Application, action: str) -> str | dict[str, Any]:
    """Run one evaluation action; return the success message, or a dict of forms with errors."""
    actor, post = request.user, request.POST
    assert actor.is_authenticated
    if action == "begin":
        services.application_begin_evaluation(actor=actor, application=application)
        return "Evaluation started; it is assigned to you."
    if action == "assign":
        form = AssignForm(post, evaluators=_evaluators())
        if not form.is_valid():
            return {"assign_form": form}
        evaluator = _user(form.cleaned_data["evaluator"])
        services.application_assign(actor=actor, application=application, evaluator=evaluator)
        return f"Assigned to {evaluator.get_full_name() or evaluator.get_username()}."
    if action == "judge":
        code = post.get("criterion", "")
        judge_form = JudgementForm(post, prefix=code)
        if not judge_form.is_valid():
            raise DomainError("Choose met, not met or met with conditions.", field="verdict")
        services.criterion_judge(
            actor=actor,
            application=application,
            criterion=code,
            verdict=judge_form.cleaned_data["verdict"],
            note=judge_form.cleaned_data["note"],
        )
        return "Judgement recorded."
    if action == "hours":
        hours_form = HoursForm(post)
        if not hours_form.is_valid():
            return {"hours_form": hours_form}
        services.evaluator_hours_record(
            actor=actor, application=application, hours=hours_form.cleaned_data["hours"]
        )
        return "Hours recorded."
    if action == "request":
        request_form = InformationRequestForm(post)
        if not request_form.is_valid():
            return {"request_form": request_form}
        services.information_request(
            actor=actor,
            application=application,
            questions=request_form.cleaned_data["questions"],
            due_on=request_form.cleaned_data["due_on"],
        )
        return "The request for information was sent."
    if action == "approve":
        approve_form = ApproveForm(post)
        if not approve_form.is_valid():
            return {"approve_form": approve_form}
        data = approve_form.cleaned_data
        services.application_approve(
            actor=actor,
            application=application,
            reasons=data["reasons"],
            conditions=approve_form.conditions(),
            review_period_years=data["review_period_years"],
            review_period_reason=data["review_period_reason"],
            statement_level=data["statement_level"],
            statement_credits=data["statement_credits"],
        )
        return "Approved."
    if action == "decline":
        decline_form = DeclineForm(post)
        if not decline_form.is_valid():
            return {"decline_form": decline_form}
        services.application_decline(
            actor=actor, application=application, reasons=decline_form.cleaned_data["reasons"]
        )
        return "Declined."
    raise Http404


@require_POST
@login_required
@domain_pages
def evaluate_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    require(request.user, Action.APPLICATION_EVALUATE)
    application = selectors.application_for(request.user, pk)
    try:
        outcome = _do(request, application, action)
    except DomainError as error:
        if isinstance(error, NotAllowed):
            raise
        messages.error(request, str(error))
        return redirect("applications:evaluate", pk=pk)
    if isinstance(outcome, dict):
        application.refresh_from_db()
        context = _evaluation_context(request, application)
        context.update(outcome)
        messages.error(request, "Check the form below.")
        return render(request, "applications/evaluate.html", context, status=400)
    messages.success(request, outcome)
    return redirect("applications:evaluate", pk=pk)


@require_GET
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.APPLICATION_EVALUATE)
    evaluators = _evaluators()
    form = QueueFilterForm(request.GET or None, evaluators=evaluators)
    filters = selectors.QueueFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.QueueFilters(
            application_type=data["application_type"],
            status=data["status"],
            evaluator=data["evaluator"],
            older_than_days=data["older_than_days"],
        )
    page = Paginator(selectors.queue(request.user, filters), 50).get_page(request.GET.get("page"))
    now = clock.now()
    rows = [
        {
            "application": a,
            "age_days": selectors.elapsed_days(a, now),
            "late": selectors.equivalency_lateness(a),
        }
        for a in page
    ]
    return render(request, "applications/queue.html", {"form": form, "page": page, "rows": rows})


def _chart(by_status: dict[str, int]) -> dict[str, Any]:
    """A horizontal bar chart of applications by status, drawn as SVG on the server."""
    counts = [(ApplicationStatus(s).label, by_status.get(s, 0)) for s in ApplicationStatus.values]
    biggest = max((n for _label, n in counts), default=0) or 1
    bar_height, gap, label_width, bar_space = 22, 8, 170, 300
    bars = [
        {
            "label": label,
            "count": n,
            "y": i * (bar_height + gap),
            "width": round(bar_space * n / biggest),
            "text_y": i * (bar_height + gap) + 15,
            "count_x": label_width + round(bar_space * n / biggest) + 6,
        }
        for i, (label, n) in enumerate(counts)
    ]
    return {
        "bars": bars,
        "height": len(bars) * (bar_height + gap),
        "label_width": label_width,
        "width": label_width + bar_space + 60,
        "bar_height": bar_height,
    }


@require_GET
@login_required
@domain_pages
def dashboard(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.APPLICATION_EVALUATE)
    data = selectors.dashboard(request.user)
    table = [
        {
            "type": label,
            "counts": [data.by_type_and_status.get((kind, s), 0) for s in ApplicationStatus.values],
        }
        for kind, label in ApplicationType.choices
    ]
    context = {
        "data": data,
        "table": table,
        "statuses": ApplicationStatus.labels,
        "chart": _chart(data.by_status),
    }
    return render(request, "applications/dashboard.html", context)
