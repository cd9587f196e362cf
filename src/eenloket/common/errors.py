"""Domain errors: services raise them with a stable code; views and the API turn them into messages."""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A business rule said no. `code` is stable for API clients; `message` is for people."""

    status = 400

    def __init__(self, code: str, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field


class NotFound(DomainError):
    """Unknown and forbidden ids answer the same."""

    status = 404


class Conflict(DomainError):
    status = 409


class PermissionDenied(DomainError):
    status = 403


class AppendOnlyError(Exception):
    """Code tried to change or delete history. Not a `DomainError`: no user action leads here,
    so it must surface as a server error rather than as a message on a form."""
