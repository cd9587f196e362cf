"""Pages of warm referrals (both sides) and professional lines."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from eenloket.audit.services import access_log_shown
from eenloket.common.errors import DomainError
from eenloket.common.forms import add_domain_error, tell_if_bsn_removed
from eenloket.contacts.selectors import help_request_get
from eenloket.knowledge.models import Article
from eenloket.organisations.access import roles_required
from eenloket.organisations.models import COUNTER_ROLES, Role
from eenloket.organisations.selectors import role_of

from . import selectors, services, workflow
from .forms import ActionForm, ConfirmForm, LineCallForm, ReferralForm
from .models import Referral

REFERRAL_VIEWERS = COUNTER_ROLES | {Role.AGENCY_LIAISON}


def _prefill(help_request: Any, question: Any) -> dict[str, Any]:
    documents: list[str] = []
    if question is not None and question.topic_id:
        article = Article.objects.filter(
            topics=question.topic_id, status=Article.Status.PUBLISHED
        ).first()
        documents = article.what_to_bring if article else []
    return {
        "question": question,
        "situation": help_request.story,
        "request": question.text if question else "",
        "documents": "\n".join(documents),
        "reachable": help_request.resident.phone or "",
    }


@roles_required(COUNTER_ROLES)
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    help_request = help_request_get(user=request.user, pk=pk, purpose="warm_referral")
    if request.method == "POST":
        form = ReferralForm(request.POST, help_request=help_request)
    else:
        chosen = request.GET.get("question", "")
        question = (
            help_request.questions.filter(pk=int(chosen)).first() if chosen.isdigit() else None
        )
        form = ReferralForm(initial=_prefill(help_request, question), help_request=help_request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_create(user=request.user, **data)
            if request.POST.get("send") == "1":
                services.referral_act(user=request.user, referral=referral, action="send")
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Referral sent.")
                if request.POST.get("send") == "1"
                else _("Referral saved as a draft."),
            )
            tell_if_bsn_removed(request, data)
            return redirect("referrals:detail", pk=referral.pk)
    return render(
        request,
        "referrals/referral_form.html",
        {"form": form, "help_request": help_request},
        status=400 if form.errors else 200,
    )


@roles_required(REFERRAL_VIEWERS)
def referral_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in Referral.Status.values else ""
    page = Paginator(selectors.referral_list(user=request.user, status=status), 25).get_page(
        request.GET.get("page")
    )
    access_log_shown(user=request.user, shown=selectors.referral_lines(page))
    return render(
        request,
        "referrals/referral_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Referral.Status.choices,
            "now": timezone.now(),
            "is_receiver": role_of(request.user) == Role.AGENCY_LIAISON,
        },
    )


ACTION_LABELS = {
    "send": gettext_lazy("Send"),
    "withdraw": gettext_lazy("Withdraw"),
    "answer": gettext_lazy("Send an answer"),
    "accept": gettext_lazy("Accept"),
    "plan": gettext_lazy("Appointment planned"),
    "resolve": gettext_lazy("Resolved"),
    "return": gettext_lazy("Return to the specialist"),
    "ask": gettext_lazy("Ask a question"),
}


@roles_required(REFERRAL_VIEWERS)
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, selectors.referral_get(user=request.user, pk=pk))


def _render_detail(
    request: HttpRequest, referral: Referral, form: ActionForm | None = None, status: int = 200
) -> HttpResponse:
    side = workflow.RECEIVER if role_of(request.user) == Role.AGENCY_LIAISON else workflow.SENDER
    actions = workflow.REFERRAL.allowed(referral.status, by=side)
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            "events": selectors.referral_events(referral),
            "actions": [
                (a, str(ACTION_LABELS[a]), workflow.REFERRAL[a].needs_note) for a in actions
            ],
            "action_form": form or ActionForm(),
            "confirm_form": ConfirmForm(),
            "is_receiver": role_of(request.user) == Role.AGENCY_LIAISON,
        },
        status=status,
    )


@roles_required(REFERRAL_VIEWERS)
@require_POST
def referral_act(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_get(user=request.user, pk=pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            services.referral_act(
                user=request.user,
                referral=referral,
                action=form.cleaned_data["action"],
                note=form.cleaned_data["note"],
                appointment_at=form.cleaned_data["appointment_at"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("referrals:detail", pk=pk)
    messages.error(request, _("That did not work. See the message below."))
    return _render_detail(request, referral, form=form, status=400)


@roles_required(COUNTER_ROLES)
@require_POST
def referral_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_get(user=request.user, pk=pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.referral_confirm(
                user=request.user, referral=referral, confirmation=form.cleaned_data["confirmation"]
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Confirmation recorded."))
    else:
        messages.error(request, _("Write what the resident said."))
    return redirect("referrals:detail", pk=pk)


@roles_required(COUNTER_ROLES)
def lines(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    directory = selectors.lines_directory()
    return render(
        request,
        "referrals/lines.html",
        {"lines": [(line, line.is_open_at(now)) for line in directory]},
    )


@roles_required(COUNTER_ROLES)
@require_POST
def line_call(request: HttpRequest, pk: int) -> HttpResponse:
    help_request = help_request_get(user=request.user, pk=pk, purpose="professional_line_call")
    form = LineCallForm(request.POST)
    if form.is_valid():
        try:
            services.line_call_log(
                user=request.user, help_request=help_request, **form.cleaned_data
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Call logged."))
    else:
        messages.error(request, _("Choose the line and the outcome."))
    return redirect("contacts:help_request_detail", pk=pk)


@roles_required(COUNTER_ROLES)
@require_POST
def callback_received(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.callbacks_open(user=request.user).filter(pk=pk).first()
    if call is None:
        messages.error(request, _("There is no open callback for this call."))
        return redirect("contacts:worklist")
    try:
        services.line_call_callback_received(
            user=request.user, call=call, note=request.POST.get("note", "")[:300]
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Callback recorded."))
    return redirect("contacts:help_request_detail", pk=call.help_request_id)
