"""`Idempotency-Key` on the API's POST operations: a repeat with the same key and body gets the
first answer back and changes nothing; the same key with another body is refused.

Two decorators, added once for the whole API (`api.py`): `idempotent_run` wraps the operation's
run in a transaction when a key is sent and keeps the answer; `idempotent_view` runs after
authentication (it needs the caller), claims the key or replays the answer kept for it."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _

from .errors import Conflict, DomainError
from .models import IdempotentRequest

HEADER = "Idempotency-Key"
MAX_LENGTH = 255
OPENAPI_PARAMETER: dict[str, Any] = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_LENGTH},
    "description": "A key of your choosing (a UUID, say). Sending the request again with the same "
    "key and body answers as the first time did and changes nothing; the same key with another "
    "body is refused (422, `idempotency_key_reused`). Answers are kept for a few days; a request "
    "that failed keeps nothing, so it can be retried with its key.",
}


class KeyReused(DomainError):
    status = 422


def _key(request: HttpRequest) -> str | None:
    if request.method != "POST":
        return None
    return request.headers.get(HEADER)


def _caller(request: HttpRequest) -> str:
    auth = getattr(request, "auth", None)
    meta = getattr(auth, "_meta", None)
    if meta is None:
        return "anonymous"
    return f"{meta.label_lower}:{auth.pk}"  # type: ignore[union-attr]


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


def _replay(earlier: IdempotentRequest) -> HttpResponse:
    response = HttpResponse(
        bytes(earlier.body), status=earlier.status, content_type=earlier.content_type or None
    )
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent_run(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """With a key, the claim, the operation and the kept answer commit together or not at all."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if _key(request) is None:
            return run(request, *args, **kwargs)
        with transaction.atomic():
            response = run(request, *args, **kwargs)
            claim: IdempotentRequest | None = getattr(request, "_idempotent_claim", None)
            if claim is not None:
                if 200 <= response.status_code < 300 and isinstance(response, HttpResponse):
                    claim.status = response.status_code
                    claim.content_type = response.get("Content-Type", "")
                    claim.body = response.content
                    claim.save(update_fields=["status", "content_type", "body"])
                else:  # a refusal or failure keeps nothing: the client may retry with its key
                    claim.delete()
        return response

    return wrapper


def idempotent_view(view: Callable[..., Any]) -> Callable[..., Any]:
    """Claims the caller's key before the operation runs, or answers as the first time did."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        key = _key(request)
        if key is None:
            return view(request, *args, **kwargs)
        if not key or len(key) > MAX_LENGTH:
            raise DomainError(
                "idempotency_key_invalid",
                _("The Idempotency-Key must be 1 to 255 characters."),
                field=HEADER,
            )
        caller, fingerprint = _caller(request), _fingerprint(request)
        try:
            with transaction.atomic():
                claim = IdempotentRequest.objects.create(
                    caller=caller,
                    key=key,
                    operation=f"{request.method} {request.path}",
                    fingerprint=fingerprint,
                )
        except IntegrityError:
            earlier = IdempotentRequest.objects.get(caller=caller, key=key)
            if earlier.fingerprint != fingerprint:
                raise KeyReused(
                    "idempotency_key_reused",
                    _(
                        "This Idempotency-Key was already used for another request. "
                        "Nothing was changed; use a new key for a new request."
                    ),
                    field=HEADER,
                ) from None
            if earlier.status is None:
                raise Conflict(
                    "idempotency_key_in_progress",
                    _("A request with this Idempotency-Key is still being handled."),
                    field=HEADER,
                ) from None
            return _replay(earlier)
        request._idempotent_claim = claim  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper
