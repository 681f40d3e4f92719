"""What every page shares: who is signed in, objects for the person asking, errors on the page,
and the files pages hand out (CSV and PDF).

- `signed_in(request)`: the person, in a view behind `login_required` (or
  `login_required_or_401` for a page's background saves).
- Objects for the person: a selector raises `NotFound` when the object does not exist or the
  person may not know it exists; `domain_pages` turns that into the 404 page and `NotAllowed`
  into 403. A view that found the object asks `require(user, action, obj)`: the person knows it
  exists but may not do this (403). Both go through `can()`.
- `show_error(request, error, form)`: a service's `DomainError` beside the field it names, or
  as a message at the top of the page; its text carries the rule id.
- `csv_download` streams a CSV file through the one CSV writer (`tohu.core.csv_files`);
  `pdf_download` answers with a PDF drawn by the one PDF renderer
  (`tohu.core.documents.render_pdf`).
- The admin's read-only rule is `tohu.core.admin.ReadOnlyAdmin` (and `NoChangeAdmin`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import wraps
from typing import TYPE_CHECKING, Any, Literal, ParamSpec, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from tohu.core import csv_files
from tohu.core.errors import DomainError, InvalidInput, NotAllowed, NotFound
from tohu.core.permissions import Action, can, linked_learner

if TYPE_CHECKING:
    from tohu.learners.models import Learner

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)
View = Callable[..., HttpResponseBase]


def signed_in(request: HttpRequest) -> AbstractBaseUser:
    """The signed-in person (the view is behind `login_required`); anyone else gets 403."""
    if not isinstance(request.user, AbstractBaseUser) or not request.user.is_authenticated:
        raise PermissionDenied
    return request.user


def signed_in_learner(request: HttpRequest) -> Learner:
    """The learner (NSN) the signed-in person's account is linked to; 404 when none is (and
    for anyone not signed in, so a learner's address says nothing to others)."""
    learner = linked_learner(request.user)
    if learner is None:
        raise Http404("Your account is not linked to a learner (NSN).")
    return learner


def is_htmx(request: HttpRequest) -> bool:
    """Whether the page itself asked (htmx), rather than the browser navigating."""
    return request.headers.get("HX-Request") == "true"


def login_required_or_401(view: View) -> View:
    """Like login_required, but a background save from a page whose session has ended gets
    401, not the sign-in page: the page keeps what was typed and says so."""
    redirecting = login_required(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated and is_htmx(request):
            return HttpResponse(
                "Not saved: you are signed out.",
                status=401,
                content_type="text/plain; charset=utf-8",
            )
        return redirecting(request, *args, **kwargs)

    return wrapped


def domain_pages(view: Callable[P, R]) -> Callable[P, R]:
    """Answer a selector's or service's NotFound with the 404 page and NotAllowed with 403."""

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return view(*args, **kwargs)
        except NotFound as error:
            raise Http404(error.message) from None
        except NotAllowed as error:
            raise PermissionDenied(error.message) from None

    return wrapped


def require(user: Any, action: Action, obj: Any = None, *, message: str = "") -> None:
    """Refuse with 403 (and `message`) unless `can(user, action, obj)`."""
    if not can(user, action, obj):
        raise PermissionDenied(message)


def show_error(request: HttpRequest, error: DomainError, form: Any = None) -> None:
    """Show a service's error: beside each field it names when the form has that field, else
    at the top of the form, else as a message on the page."""
    fields = getattr(form, "fields", {})
    if form is not None and isinstance(error, InvalidInput) and error.problems:
        for problem in error.problems:
            text = f"[{problem.rule_id}] {problem.message}" if problem.rule_id else problem.message
            form.add_error(problem.field if problem.field in fields else None, text)
        return
    if form is not None:
        form.add_error(error.field if error.field in fields else None, str(error))
        return
    messages.error(request, str(error))


def csv_download(
    filename: str,
    header: Sequence[str],
    rows: Iterable[Iterable[Any]],
    *,
    bom: bool = False,
) -> StreamingHttpResponse:
    """Stream a CSV file (every cell made safe for spreadsheets) as a download."""
    response = StreamingHttpResponse(
        csv_files.stream_csv(header, rows, bom=bom), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def pdf_download(
    content: bytes, filename: str, *, disposition: Literal["inline", "attachment"] = "inline"
) -> HttpResponse:
    """Answer with a PDF drawn by `tohu.core.documents.render_pdf`."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
