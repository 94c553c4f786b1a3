"""Errors as RFC 9457 problem details (application/problem+json), each with a detail that
names the problem; one handler per kind of failure the services raise."""

import json
import logging
import math
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as RequestInvalid

from clusterbench.errors import InputInvalid, StepRefused
from clusterbench.interviews.services import AnswerConflict
from clusterbench.numbers import JsonError
from clusterbench.reports.pdf import UndisplayableText

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"


class BadRequest(Exception):
    """A request the API understood but cannot use (a cursor it never gave out)."""


def problem(status: int, detail: str, **members) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **members,
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, default=str), status=status, content_type=PROBLEM_JSON
    )
    response["Cache-Control"] = "no-store"
    return response


def _where(error: dict) -> str:
    # ninja's locations start with where the value came from: ("query", "limit").
    parts = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
    return parts[-1] if parts else "request"


def request_invalid(request, exc: RequestInvalid) -> HttpResponse:
    messages = [f"{_where(error)}: {error.get('msg', 'invalid')}" for error in exc.errors]
    return problem(
        422,
        "The request is not valid: " + "; ".join(messages) + ".",
        errors=[{"field": _where(error), "message": error.get("msg", "")} for error in exc.errors],
    )


def answer_invalid(request, exc: DjangoValidationError) -> HttpResponse:
    return problem(422, " ".join(exc.messages))


def unauthenticated(request, exc: AuthenticationError) -> HttpResponse:
    # A call that acts for no one (no token, or one unknown, revoked or expired) counts
    # against its address like any call without a token: guessing tokens is held back.
    from .security import PER_ADDRESS

    if not PER_ADDRESS.allow_request(request):
        return too_many(request, Throttled(wait=PER_ADDRESS.wait()))
    response = problem(
        401,
        "This operation needs a personal API token: send the header "
        "'Authorization: Bearer <token>'. Make one on your account's API tokens page; "
        "an unknown, revoked or expired token is refused.",
    )
    response["WWW-Authenticate"] = 'Bearer realm="ClusterBench"'
    return response


def not_found(request, exc: Http404) -> HttpResponse:
    return problem(404, str(exc) or "Nothing found here.")


def refused(request, exc: Exception) -> HttpResponse:
    return problem(403, str(exc) or "You may not do this.")


def input_invalid(request, exc: InputInvalid) -> HttpResponse:
    # What was sent is wrong (an empty reason, a line break in it), not the caller's right
    # to the step: 422 like any invalid field, never 403, which would say "not allowed".
    return problem(422, str(exc))


def conflict(request, exc: AnswerConflict) -> HttpResponse:
    from .schemas import AnswerOut

    current = exc.current
    return problem(
        409,
        f"{current.indicator.code} was changed meanwhile (now version {current.version}); "
        "send your answer again with this version to replace it.",
        current=AnswerOut.from_answer(current).model_dump(mode="json"),
    )


def undisplayable(request, exc: UndisplayableText) -> HttpResponse:
    # The report's text has characters none of its fonts can show: what and where.
    return problem(409, str(exc))


def too_many(request, exc: Throttled) -> HttpResponse:
    wait = f" Try again in {int(exc.wait) + 1} seconds." if exc.wait else ""
    response = problem(429, "Too many requests for this token or address." + wait)
    if exc.wait:
        response["Retry-After"] = str(math.ceil(exc.wait))  # as ninja's own throttling
    return response


def bad_request(request, exc: BadRequest) -> HttpResponse:
    return problem(400, str(exc))


def http_error(request, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, JsonError):  # the body could not be read: say why
        return problem(exc.status_code, f"Malformed request: {exc.__cause__}")
    return problem(exc.status_code, str(exc))


def server_error(request, exc: Exception) -> HttpResponse:
    log.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return problem(500, "Something went wrong on our side; it was logged.")


HANDLERS = [
    (RequestInvalid, request_invalid),
    (DjangoValidationError, answer_invalid),
    (AuthenticationError, unauthenticated),
    (Http404, not_found),
    (PermissionDenied, refused),
    (InputInvalid, input_invalid),  # a StepRefused: the most specific handler is used
    (StepRefused, refused),
    (AnswerConflict, conflict),
    (UndisplayableText, undisplayable),
    (Throttled, too_many),
    (BadRequest, bad_request),
    (HttpError, http_error),
    (Exception, server_error),
]
