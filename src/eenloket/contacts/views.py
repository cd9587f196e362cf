"""Staff pages for contacts and help requests: parse, fetch through a selector, call a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from eenloket.common.errors import DomainError
from eenloket.common.views import add_domain_error, roles_required
from eenloket.organisations.models import COUNTER_ROLES, Role
from eenloket.organisations.selectors import role_of
from eenloket.residents.selectors import resident_get
from eenloket.triage.selectors import triage_suggestions

from . import selectors, services
from .forms import (
    CloseForm,
    ContactCloseForm,
    ContactForm,
    HandOnForm,
    HelpRequestForm,
    NoteForm,
    QuestionForm,
    QuestionResolveForm,
    ReasonForm,
)
from .models import Channel, HelpRequest

HELP_REQUEST_VIEWERS = COUNTER_ROLES | {Role.AGENCY_LIAISON}
PAGE_SIZE = 25


def _page(request: HttpRequest, qs: Any) -> Any:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


@roles_required(COUNTER_ROLES)
def contact_list(request: HttpRequest) -> HttpResponse:
    channel = request.GET.get("channel", "")
    channel = channel if channel in Channel.values else ""
    open_only = request.GET.get("open") == "1"
    page = _page(
        request, selectors.contact_list(user=request.user, channel=channel, open_only=open_only)
    )
    return render(
        request,
        "contacts/contact_list.html",
        {"page": page, "channels": Channel.choices, "channel": channel, "open_only": open_only},
    )


@roles_required(COUNTER_ROLES)
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest) -> HttpResponse:
    resident = None
    resident_id = request.POST.get("resident") or request.GET.get("resident")
    if resident_id and str(resident_id).isdigit():
        resident = resident_get(user=request.user, pk=int(resident_id), purpose="register_contact")
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_register(
                user=request.user, resident=resident, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Contact registered."))
            return redirect("contacts:detail", pk=contact.pk)
    status = 400 if form.errors else 200
    return render(
        request, "contacts/contact_form.html", {"form": form, "resident": resident}, status=status
    )


@roles_required(COUNTER_ROLES)
@require_http_methods(["GET", "POST"])
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, pk=pk)
    close_form = ContactCloseForm(initial={"answer": contact.answer})
    hand_on_form = HandOnForm(initial={"story": contact.question})
    status = 200
    if request.method == "POST" and contact.is_open:
        action = request.POST.get("action")
        if action == "close":
            close_form = ContactCloseForm(request.POST)
            if close_form.is_valid():
                try:
                    services.contact_close(
                        user=request.user, contact=contact, **close_form.cleaned_data
                    )
                except DomainError as exc:
                    add_domain_error(close_form, exc)
                else:
                    messages.success(request, _("Contact closed."))
                    return redirect("contacts:detail", pk=contact.pk)
        elif action == "hand_on":
            hand_on_form = HandOnForm(request.POST)
            if hand_on_form.is_valid():
                try:
                    help_request = services.contact_hand_on(
                        user=request.user, contact=contact, **hand_on_form.cleaned_data
                    )
                except DomainError as exc:
                    add_domain_error(hand_on_form, exc)
                else:
                    messages.success(
                        request,
                        _("Handed on to a specialist: the resident does not have to start over."),
                    )
                    return redirect("contacts:help_request_detail", pk=help_request.pk)
        status = 400
    return render(
        request,
        "contacts/contact_detail.html",
        {"contact": contact, "close_form": close_form, "hand_on_form": hand_on_form},
        status=status,
    )


@roles_required(HELP_REQUEST_VIEWERS)
def help_request_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in HelpRequest.Status.values else ""
    mine = request.GET.get("mine") == "1"
    page = _page(request, selectors.help_request_list(user=request.user, status=status, mine=mine))
    return render(
        request,
        "contacts/help_request_list.html",
        {"page": page, "statuses": HelpRequest.Status.choices, "status": status, "mine": mine},
    )


@roles_required(COUNTER_ROLES)
@require_http_methods(["GET", "POST"])
def help_request_create(request: HttpRequest) -> HttpResponse:
    resident_id = request.POST.get("resident") or request.GET.get("resident") or ""
    if not resident_id.isdigit():
        messages.info(request, _("Find or register the resident first."))
        return redirect("residents:search")
    resident = resident_get(user=request.user, pk=int(resident_id), purpose="handle_help_request")
    form = HelpRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            help_request = services.help_request_open(
                user=request.user, resident=resident, story=form.cleaned_data["story"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Help request opened."))
            return redirect("contacts:help_request_detail", pk=help_request.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "contacts/help_request_form.html",
        {"form": form, "resident": resident},
        status=status,
    )


@roles_required(HELP_REQUEST_VIEWERS)
def help_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    help_request = selectors.help_request_get(user=request.user, pk=pk)
    return _render_help_request(request, help_request)


def _render_help_request(
    request: HttpRequest, help_request: HelpRequest, *, status: int = 200, **forms_: forms.Form
) -> HttpResponse:
    context: dict[str, Any] = {
        "help_request": help_request,
        "can_edit": role_of(request.user) in COUNTER_ROLES,
        "question_form": QuestionForm(help_request=help_request),
        "resolve_form": QuestionResolveForm(),
        "note_form": NoteForm(),
        "park_form": ReasonForm(),
        "reopen_form": ReasonForm(),
        "close_form": CloseForm(),
        "triage": triage_suggestions(request.user, help_request.story)
        if role_of(request.user) in COUNTER_ROLES
        else None,
    }
    context.update(forms_)
    return render(request, "contacts/help_request_detail.html", context, status=status)


def _help_request_action(
    form_name: str,
    form_factory: Callable[[HttpRequest, HelpRequest], forms.Form],
    perform: Callable[[HttpRequest, HelpRequest, dict[str, Any]], object],
    success: Any,
) -> Callable[..., HttpResponse]:
    """A POST action on a help request: validate, call the service, or show the page with errors."""

    @roles_required(COUNTER_ROLES)
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        help_request = selectors.help_request_get(user=request.user, pk=pk)
        form = form_factory(request, help_request)
        if form.is_valid():
            try:
                perform(request, help_request, form.cleaned_data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, str(success))
                return redirect("contacts:help_request_detail", pk=help_request.pk)
        messages.error(request, _("That did not work. See the message below."))
        return _render_help_request(request, help_request, status=400, **{form_name: form})

    return view


class _EmptyForm(forms.Form):
    pass


help_request_take = _help_request_action(
    "take_form",
    lambda r, h: _EmptyForm(r.POST),
    lambda r, h, d: services.help_request_take(user=r.user, help_request=h),
    gettext_lazy("You are now handling this help request."),
)
help_request_park = _help_request_action(
    "park_form",
    lambda r, h: ReasonForm(r.POST),
    lambda r, h, d: services.help_request_park(user=r.user, help_request=h, reason=d["reason"]),
    gettext_lazy("Help request parked."),
)
help_request_close = _help_request_action(
    "close_form",
    lambda r, h: CloseForm(r.POST),
    lambda r, h, d: services.help_request_close(user=r.user, help_request=h, note=d["note"]),
    gettext_lazy("Help request closed."),
)
help_request_reopen = _help_request_action(
    "reopen_form",
    lambda r, h: ReasonForm(r.POST),
    lambda r, h, d: services.help_request_reopen(user=r.user, help_request=h, reason=d["reason"]),
    gettext_lazy("Help request reopened."),
)
question_add = _help_request_action(
    "question_form",
    lambda r, h: QuestionForm(r.POST, help_request=h),
    lambda r, h, d: services.question_add(user=r.user, help_request=h, **d),
    gettext_lazy("Question added."),
)
note_add = _help_request_action(
    "note_form",
    lambda r, h: NoteForm(r.POST),
    lambda r, h, d: services.help_request_note_add(user=r.user, help_request=h, text=d["text"]),
    gettext_lazy("Note added."),
)


def _resolve(request: HttpRequest, help_request: HelpRequest, data: dict[str, Any]) -> object:
    question_id = request.POST.get("question", "")
    question = next((q for q in help_request.questions.all() if str(q.pk) == question_id), None)
    if question is None:
        raise DomainError("question_unknown", _("Choose a question of this help request."))
    return services.question_resolve(user=request.user, question=question, **data)


question_resolve = _help_request_action(
    "resolve_form",
    lambda r, h: QuestionResolveForm(r.POST),
    _resolve,
    gettext_lazy("Outcome recorded."),
)
