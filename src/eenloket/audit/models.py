"""The personal-data access log, in the structure of Logius' "Logboek Dataverwerkingen".

One `AccessLogEntry` per action and per data subject: the processing activity (a code from the
register, `register.py`), time, status, trace and span ids, what was processed. The staff
identity is not on the line itself but in the linked `AuditRecord`, one per action, so the lines
about a resident can be handed to that resident (an inzageverzoek) without naming colleagues.

The log is append-only (`common.models.AppendOnlyModel`, and on PostgreSQL a trigger per table):
only the retention task deletes lines past their period, inside `history_purge()`."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eenloket.common.models import AppendOnlyModel


def new_span_id() -> str:
    return secrets.token_hex(8)


class AuditRecord(AppendOnlyModel):
    """Who acted: the staff member, or an agency's system (`agent`), or nobody (the resident or
    the system) behind the lines of one action."""

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    trace_id = models.CharField(_("trace id"), max_length=32, db_index=True)
    # An agency's own system reads without a staff account: its organisation is named here.
    agent = models.CharField(_("acting system"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user or self.agent or '-'}"


class AccessLogEntry(AppendOnlyModel):
    """One processing of one resident's personal data (a "verwerking" in the Logboek).

    The resident is kept as a plain id so the log outlives the record it describes."""

    class Action(models.TextChoices):
        READ = "read", _("Read")
        CREATE = "create", _("Create")
        UPDATE = "update", _("Update")
        DELETE = "delete", _("Delete")
        SEARCH = "search", _("Search")
        EXPORT = "export", _("Export")

    class Status(models.TextChoices):
        OK = "ok", _("Done")
        ERROR = "error", _("Failed")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    audit = models.ForeignKey(
        AuditRecord,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("audit record"),
    )
    resident_id = models.BigIntegerField(_("resident"), db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # The processing activity: a code from the register of processing activities.
    purpose = models.CharField(_("processing activity"), max_length=100)
    status = models.CharField(_("status"), max_length=5, choices=Status.choices, default=Status.OK)
    object_type = models.CharField(_("object type"), max_length=50)
    object_id = models.CharField(_("object id"), max_length=50)
    trace_id = models.CharField(_("trace id"), max_length=32, blank=True)
    span_id = models.CharField(_("span id"), max_length=16, default=new_span_id)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} resident {self.resident_id}"

    @property
    def operation(self) -> str:
        """The operation's name as the Logboek has it, e.g. `read contacts.helprequest`."""
        return f"{self.action} {self.object_type}"
