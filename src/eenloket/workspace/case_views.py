"""Staff pages for contacts and help requests: parse, fetch through a selector, call a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from eenloket.audit.services import access_log_shown
from eenloket.common.errors import DomainError, NotFound
from eenloket.common.forms import add_domain_error, tell_if_bsn_removed
from eenloket.common.http import id_from
from eenloket.contacts import selectors, services, workflow
from eenloket.contacts.forms import (
    AssignForm,
    CloseForm,
    ConsentForm,
    ContactCloseForm,
    ContactForm,
    DecisionForm,
    FollowUpForm,
    HandOnForm,
    HelpRequestForm,
    LessonForm,
    NoteForm,
    QuestionForm,
    QuestionResolveForm,
    ReasonForm,
)
from eenloket.contacts.models import Channel, HelpRequest
from eenloket.knowledge.selectors import article_get, article_search, articles_for_topics
from eenloket.knowledge.services import lesson_suggest, search_opened, search_record
from eenloket.organisations.access import roles_required
from eenloket.organisations.models import COUNTER_ROLES
from eenloket.organisations.selectors import locations_for, membership_of, role_of
from eenloket.referrals.forms import LineCallForm
from eenloket.referrals.selectors import (
    callbacks_open,
    line_call_lines,
    line_calls_for_help_request,
    lines_for_help_request,
    referral_lines,
    referrals_for_help_request,
    referrals_needing_attention,
)
from eenloket.residents.selectors import consents_for_help_request, resident_get, residents_search
from eenloket.triage.selectors import triage_engine, triage_suggestions

HELP_REQUEST_VIEWERS = COUNTER_ROLES
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
    access_log_shown(user=request.user, shown=selectors.contact_lines(page))
    return render(
        request,
        "contacts/contact_list.html",
        {"page": page, "channels": Channel.choices, "channel": channel, "open_only": open_only},
    )


@roles_required(COUNTER_ROLES)
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest) -> HttpResponse:
    """Register a contact in one screen: find the resident (optional), search the knowledge
    base, record the answer and the article used. Without JavaScript the two search buttons
    post the form back with the results; with htmx the results appear as one types."""
    data = request.POST if request.method == "POST" else None
    resident = None
    resident_id = request.POST.get("resident") or request.GET.get("resident")
    if resident_id and str(resident_id).isdigit():
        resident = resident_get(user=request.user, pk=int(resident_id), purpose="register_contact")
    article = None
    article_id = request.POST.get("article", "")
    form = ContactForm(data)
    if article_id.isdigit():
        try:
            article = article_get(request.user, article_id=int(article_id))
        except NotFound:
            form.add_error(None, _("That knowledge article is not available."))
    action = request.POST.get("action", "save")
    resident_query = request.POST.get("resident_query", "")[:100]
    knowledge_query = request.POST.get("q", "")[:500]
    if request.method == "POST" and action == "save" and form.is_valid():
        try:
            contact = services.contact_register(
                user=request.user, resident=resident, article=article, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if article is not None and (search_id := request.POST.get("zoek", "")).isdigit():
                search_opened(user=request.user, search_id=int(search_id), article=article)
            messages.success(request, _("Contact registered."))
            tell_if_bsn_removed(request, form.cleaned_data)
            return redirect("contacts:detail", pk=contact.pk)
    searching = request.method == "POST" and action != "save"
    results = article_search(request.user, knowledge_query) if action == "find_article" else []
    context = {
        "form": form if not searching else ContactForm(initial=request.POST.dict()),
        "resident": resident,
        "article": article,
        "resident_query": resident_query,
        "resident_results": (
            list(residents_search(user=request.user, query=resident_query, limit=10))
            if action == "find_resident"
            else []
        ),
        "knowledge_query": knowledge_query,
        "results": results,
        "search_log": (
            search_record(user=request.user, query=knowledge_query, results=len(results))
            if action == "find_article"
            else None
        ),
        "picked": article.pk if article else None,
    }
    status = 400 if form.errors and not searching else 200
    return render(request, "contacts/contact_form.html", context, status=status)


@roles_required(COUNTER_ROLES)
@require_http_methods(["GET", "POST"])
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, pk=pk)
    close_form = ContactCloseForm(initial={"answer": contact.answer})
    online = getattr(contact, "online_request", None)
    hand_on_form = HandOnForm(
        initial={
            "story": contact.question,
            # What the resident typed online carries over: nobody starts over.
            "resident_name": online.name if online else "",
            "resident_phone": online.phone if online else "",
        }
    )
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
    access_log_shown(user=request.user, shown=selectors.help_request_lines(page))
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
            tell_if_bsn_removed(request, form.cleaned_data)
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
    counter = role_of(request.user) in COUNTER_ROLES
    triage = triage_suggestions(request.user, help_request.story) if counter else None
    decisions = selectors.suggestion_decisions(help_request) if counter else {}
    allowed = workflow.HELP_REQUEST.allowed(help_request.status)
    context: dict[str, Any] = {
        "help_request": help_request,
        "allowed": allowed,
        "can_edit": counter,
        "triage": triage,
        "decide": counter and "decide" in allowed,
        "open_topics": [
            s for s in (triage.topics if triage else []) if ("topic", s.code) not in decisions
        ],
        "open_life_events": [
            s
            for s in (triage.life_events if triage else [])
            if ("life_event", s.code) not in decisions
        ],
        "decisions": list(decisions.values()),
        # A topic that is already a question counts as accepted.
        "decided": {
            **{
                f"topic|{q.topic.code}": "accepted" for q in help_request.questions.all() if q.topic
            },
            **{f"{kind}|{code}": d.decision for (kind, code), d in decisions.items()},
        },
        "history": selectors.resident_history(
            user=request.user,
            resident_id=help_request.resident_id,
            exclude_help_request=help_request.pk,
        )
        if counter
        else None,
        "consents": consents_for_help_request(user=request.user, help_request=help_request)
        if counter
        else [],
        "articles": articles_for_topics(
            request.user, [q.topic.code for q in help_request.questions.all() if q.topic]
        )
        if counter
        else [],
        "assign_form": AssignForm(colleagues=selectors.colleagues_for(request.user)),
        "follow_up_form": FollowUpForm(
            initial={"at": help_request.follow_up_at, "note": help_request.follow_up_note}
        ),
        "consent_form": ConsentForm(help_request=help_request),
        "lesson_form": LessonForm(),
        "referrals": referrals_for_help_request(help_request) if counter else [],
        "line_calls": line_calls_for_help_request(help_request) if counter else [],
        "suggested_lines": lines_for_help_request(help_request) if counter else [],
        "call_form": LineCallForm(),
        "now": timezone.now(),
        "question_form": QuestionForm(help_request=help_request),
        "resolve_form": QuestionResolveForm(),
        "note_form": NoteForm(),
        "park_form": ReasonForm(),
        "reopen_form": ReasonForm(),
        "close_form": CloseForm(),
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
                tell_if_bsn_removed(request, form.cleaned_data)
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
    lambda r, h, d: services.help_request_close(
        user=r.user,
        help_request=h,
        note=d["note"],
        open_referrals_reason=d["open_referrals_reason"],
    ),
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


def _decide(request: HttpRequest, help_request: HelpRequest, data: dict[str, Any]) -> object:
    choice = data["suggestion"]
    explained = triage_engine().triage(help_request.story).explanations
    because = next(
        (
            " + ".join(e.because)
            for e in explained
            if (e.kind, e.code) == (choice["kind"], choice["code"])
        ),
        "",
    )
    return services.suggestion_decide(
        user=request.user,
        help_request=help_request,
        kind=choice["kind"],
        code=choice["code"],
        accept=choice["decision"] == "accepted",
        because=because,
    )


suggestion_decide = _help_request_action(
    "decision_form", lambda r, h: DecisionForm(r.POST), _decide, gettext_lazy("Saved.")
)
help_request_assign = _help_request_action(
    "assign_form",
    lambda r, h: AssignForm(r.POST, colleagues=selectors.colleagues_for(r.user)),
    lambda r, h, d: services.help_request_assign(
        user=r.user, help_request=h, colleague=d["colleague"]
    ),
    gettext_lazy("Handed to your colleague."),
)
help_request_follow_up = _help_request_action(
    "follow_up_form",
    lambda r, h: FollowUpForm(r.POST),
    lambda r, h, d: services.help_request_follow_up(
        user=r.user, help_request=h, at=d["at"], note=d["note"]
    ),
    gettext_lazy("Follow-up saved."),
)


def _consent(request: HttpRequest, help_request: HelpRequest, data: dict[str, Any]) -> object:
    return services.help_request_consent_record(
        user=request.user, help_request=help_request, **data
    )


consent_record = _help_request_action(
    "consent_form",
    lambda r, h: ConsentForm(r.POST, help_request=h),
    _consent,
    gettext_lazy("Consent recorded."),
)


def _withdraw(request: HttpRequest, help_request: HelpRequest, data: dict[str, Any]) -> object:
    consent = (
        consents_for_help_request(user=request.user, help_request=help_request)
        .filter(pk=id_from(request.POST.get("consent")))
        .first()
    )
    if consent is None:
        raise DomainError("consent_unknown", _("Choose a consent of this resident."))
    return services.help_request_consent_withdraw(
        user=request.user, help_request=help_request, consent=consent
    )


consent_withdraw = _help_request_action(
    "withdraw_form", lambda r, h: _EmptyForm(r.POST), _withdraw, gettext_lazy("Consent withdrawn.")
)
lesson_add = _help_request_action(
    "lesson_form",
    lambda r, h: LessonForm(r.POST),
    lambda r, h, d: lesson_suggest(user=r.user, topic=d["topic"], text=d["text"]),
    gettext_lazy("Thank you: the knowledge managers will look at it."),
)


@roles_required(COUNTER_ROLES)
def worklist(request: HttpRequest) -> HttpResponse:
    """Residents waiting at a location, my help requests, and follow-ups that are due."""
    locations = list(locations_for(request.user))
    location_id: int | None = None
    chosen = request.GET.get("location", "")
    if chosen.isdigit() and any(loc.pk == int(chosen) for loc in locations):
        location_id = int(chosen)
    elif chosen != "all":
        membership = membership_of(request.user)
        location_id = membership.location_id if membership else None
    lists = selectors.worklist(user=request.user, location_id=location_id)
    referrals_late = referrals_needing_attention(user=request.user)
    online = selectors.online_requests_open(user=request.user, location_id=location_id)
    callbacks = list(callbacks_open(user=request.user)[:50])
    access_log_shown(
        user=request.user,
        shown=[
            *selectors.help_request_lines(row for rows in lists.values() for row in rows),
            *referral_lines(referrals_late),
            *selectors.contact_lines(online),
            *line_call_lines(callbacks),
        ],
    )
    return render(
        request,
        "contacts/worklist.html",
        {
            **lists,
            "locations": locations,
            "location_id": location_id,
            "now": timezone.now(),
            "referrals_late": referrals_late,
            "online": online,
            "callbacks": callbacks,
        },
    )
