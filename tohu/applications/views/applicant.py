"""The applicant's pages: start, edit with autosave and pre-check, attach, submit, reply."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tohu.applications import documents, selectors, services
from tohu.applications.forms import (
    AttachmentForm,
    DraftForm,
    ReplyForm,
    StartForm,
    WithdrawForm,
    initial_for,
)
from tohu.applications.models import Application
from tohu.applications.views import content
from tohu.applications.views.common import (
    S,
    fee_for,
    page_context,
)
from tohu.applications.views.content import content_context
from tohu.core import clock
from tohu.core.errors import DomainError, InvalidInput
from tohu.core.permissions import Action
from tohu.core.web import (
    domain_pages,
    is_htmx,
    login_required_or_401,
    pdf_download,
    require,
)
from tohu.register.selectors import micro_credential_by_number


@require_GET
@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.APPLICATION_CREATE)
    applications = selectors.applications_for_applicant(request.user)
    page = Paginator(applications, 25).get_page(request.GET.get("page"))
    return render(request, "applications/list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@login_required
@domain_pages
def application_start(request: HttpRequest) -> HttpResponse:
    """Choose the organisation, then one of the types it may make; the others are listed with
    the rule that stops them (APP-who, EQV-who, EQV-window)."""
    require(request.user, Action.APPLICATION_CREATE)
    organisations = selectors.applicant_organisations(request.user)
    chosen = request.POST.get("organisation") or request.GET.get("organisation") or ""
    organisation = next((o for o in organisations if str(o.pk) == chosen), organisations[0])
    offers = selectors.application_offers(organisation)
    form = StartForm(
        request.POST or None,
        organisations=organisations,
        open_types=[(o.application_type, o.label) for o in offers if o.open],
        initial={"organisation": str(organisation.pk)},
    )
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["listing_number"].strip()
        try:
            micro_credential = micro_credential_by_number(request.user, number) if number else None
            application = services.application_create(
                actor=request.user,
                organisation=organisation,
                application_type=form.cleaned_data["application_type"],
                micro_credential=micro_credential,
            )
        except DomainError as error:
            form.add_error(
                "listing_number" if error.field == "listing_number" else "application_type",
                str(error),
            )
        else:
            messages.success(request, f"Draft {application.reference} started.")
            return redirect("applications:edit", pk=application.pk)
    context = {
        "form": form,
        "organisation": organisation,
        "organisations": organisations,
        "offers": offers,
        "closed": [o for o in offers if not o.open],
        "flags": [f for o in offers if o.open for f in o.flags],
    }
    return render(request, "applications/start.html", context)


@require_http_methods(["GET", "POST"])
@login_required_or_401
@domain_pages
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft form. Each save keeps every valid field and leaves invalid input in the form
    with its error beside it: a wrong value never stops the rest being saved."""
    application = selectors.application_for(request.user, pk)
    require(request.user, Action.APPLICATION_EDIT, application)
    if not application.is_open_for_edit:
        if is_htmx(request):
            label = application.get_status_display().lower()
            return HttpResponse(
                f"Not saved: {application.reference} is {label}; it can no longer be edited.",
                status=409,
                content_type="text/plain; charset=utf-8",
            )
        return redirect("applications:detail", pk=pk)
    if request.method == "GET":
        form = DraftForm(initial=initial_for(application), application=application)
        return _render_edit(request, application, form)
    form = DraftForm(request.POST, application=application)
    form.is_valid()
    application, saved, conflict = _save_valid_fields(request, application, form)
    if is_htmx(request):
        context = page_context(request, application)
        context.update(
            form=form,
            conflict=conflict,
            saved=saved,
            saved_at=clock.now(),
            unsaved=_unsaved(form),
        )
        return render(request, "applications/_saved.html", context)
    if not form.errors and conflict is None:
        messages.success(request, "Saved.")
        return redirect("applications:edit", pk=pk)
    # nothing typed is lost: the page comes back with what was sent, valid fields saved
    return _render_edit(
        request, application, form, conflict=conflict, status=409 if conflict else 400
    )


def _save_valid_fields(
    request: HttpRequest, application: Application, form: DraftForm
) -> tuple[Application, list[str], str | None]:
    """Save the fields that are valid; return the application, the fields saved and any conflict
    (someone else saved first, or the application is no longer open)."""
    if "edit_version" in form.errors:
        return application, [], "The page is out of date: reload it to see the latest."
    changes = form.valid_changes()
    for _attempt in range(2):
        try:
            application = services.application_update(
                actor=request.user,
                application=application,
                changes=changes,
                expected_version=form.cleaned_data["edit_version"],
            )
        except InvalidInput as error:
            # a check the service makes and the form does not: keep the rest, name the field
            for problem in error.problems:
                field = problem.field if problem.field in form.fields else None
                form.add_error(field, problem.message)
                changes.pop(problem.field, None)
        except DomainError as error:
            return application, [], error.message
        else:
            return application, sorted(changes), None
    return application, [], None


def _unsaved(form: DraftForm) -> list[dict[str, Any]]:
    """The fields not saved, with their errors, for the status and the pre-check."""
    return [
        {"name": name, "label": form.label_of(name), "id": form[name].id_for_label,
         "errors": list(errors)}
        for name, errors in form.errors.items()
        if name in form.fields
    ]  # fmt: skip


def _render_edit(
    request: HttpRequest,
    application: Application,
    form: DraftForm,
    *,
    conflict: str | None = None,
    status: int = 200,
) -> HttpResponse:
    context = page_context(request, application)
    context.update(form=form, conflict=conflict, attachment_form=AttachmentForm())
    return render(request, "applications/edit.html", context, status=status)


@require_GET
@login_required
@domain_pages
def application_precheck(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for(request.user, pk)
    return render(request, "applications/_precheck.html", page_context(request, application))


@require_POST
@login_required
@domain_pages
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for(request.user, pk)
    try:
        services.application_submit(actor=request.user, application=application)
    except DomainError as error:
        messages.error(request, f"Not submitted. {error.message}")
        return redirect("applications:edit", pk=pk)
    messages.success(request, f"{application.reference} was submitted.")
    return redirect("applications:detail", pk=pk)


@require_POST
@login_required
@domain_pages
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for(request.user, pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.application_withdraw(actor=request.user, application=application, reason=reason)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{application.reference} was withdrawn.")
    return redirect("applications:detail", pk=pk)


@require_POST
@login_required
@domain_pages
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    back = "applications:edit" if application.status == S.DRAFT else "applications:detail"
    if not form.is_valid():
        messages.error(request, "Choose a document and say what it is.")
        return redirect(back, pk=pk)
    upload = form.cleaned_data["file"]
    try:
        services.attachment_add(
            actor=request.user,
            application=application,
            stream=upload,
            name=upload.name,
            size=upload.size,
            purpose=form.cleaned_data["purpose"],
        )
    except DomainError as error:
        messages.error(request, f"Not attached. {error.message}")
    else:
        messages.success(request, f"{upload.name} was attached.")
    return redirect(back, pk=pk)


@require_GET
@login_required
@domain_pages
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    application = selectors.application_for(request.user, pk)
    attachment = application.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
    )


@require_POST
@login_required
@domain_pages
def attachment_delete(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    application = selectors.application_for(request.user, pk)
    attachment = application.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    try:
        services.attachment_remove(actor=request.user, attachment=attachment)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{attachment.original_name} was removed.")
    return redirect("applications:edit", pk=pk)


@require_GET
@login_required
@domain_pages
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for(request.user, pk)
    return _render_detail(request, application, ReplyForm())


def _render_detail(
    request: HttpRequest, application: Application, reply_form: ReplyForm, status: int = 200
) -> HttpResponse:
    context = page_context(request, application)
    context.update(content_context(application))
    context.update(
        history=content.history(application, selectors.history(application)),
        conditions=list(application.conditions.all()),
        reply_form=reply_form,
        withdraw_form=WithdrawForm(),
        attachment_form=AttachmentForm(),
        statement=getattr(application, "statement", None)
        if application.status == S.APPROVED
        else None,
        elapsed_days=selectors.elapsed_days(application),
        lateness=selectors.equivalency_lateness(application),
        fee=fee_for(application),
    )
    return render(request, "applications/detail.html", context, status=status)


@require_POST
@login_required
@domain_pages
def information_reply(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the reply and its document in one step; on any problem nothing typed is lost."""
    application = selectors.application_for(request.user, pk)
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, application, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        if upload is not None:
            services.attachment_add(
                actor=request.user,
                application=application,
                stream=upload,
                name=upload.name,
                size=upload.size,
                purpose=form.cleaned_data["purpose"],
            )
        services.information_reply(
            actor=request.user, application=application, reply=form.cleaned_data["reply"]
        )
    except DomainError as error:
        if upload is not None and error.field != "reply":
            form.add_error("file", f"Not sent. {error!s} Choose the document again.")
        else:
            form.add_error(None, str(error))
        application.refresh_from_db()
        return _render_detail(request, application, form, status=400)
    attached = f" with {upload.name}" if upload is not None else ""
    messages.success(request, f"Your reply was sent{attached}; evaluation resumes.")
    return redirect("applications:detail", pk=pk)


@require_GET
@login_required
@domain_pages
def decision_letter(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for(request.user, pk)
    if application.status not in (S.APPROVED, S.DECLINED):
        raise Http404("There is no decision yet.")
    return pdf_download(
        documents.decision_letter_pdf(application), f"{application.reference}-decision.pdf"
    )
