"""Staff pages of triage: suggestions while a situation is typed, and the rules for knowledge managers."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from eenloket.common.errors import DomainError
from eenloket.common.forms import add_domain_error
from eenloket.organisations.access import roles_required
from eenloket.organisations.models import COUNTER_ROLES, KNOWLEDGE_EDITORS, Role

from . import selectors, services
from .forms import RuleForm

TRIAGE_USERS = COUNTER_ROLES | {Role.KNOWLEDGE_MANAGER}
EDITORS = KNOWLEDGE_EDITORS


@roles_required(TRIAGE_USERS)
@require_http_methods(["GET", "POST"])
def suggest(request: HttpRequest) -> HttpResponse:
    """The suggestions for a situation. The text comes by POST: it is personal, never in a URL."""
    text = ""
    answers: dict[str, str] = {}
    if request.method == "POST":
        text = request.POST.get("story") or request.POST.get("text") or ""
        answers = {
            key.removeprefix("answer_"): str(value)
            for key, value in request.POST.items()
            if key.startswith("answer_") and value
        }
    suggestions = (
        selectors.triage_suggestions(request.user, text, answers) if text.strip() else None
    )
    template = (
        "triage/_suggestions.html"
        if request.headers.get("HX-Request") == "true"
        else "triage/try.html"
    )
    return render(request, template, {"suggestions": suggestions, "text": text})


@roles_required(EDITORS)
def rule_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "triage/rule_list.html",
        {"rules": selectors.rules_all(), "questions": selectors.questions_all()},
    )


@roles_required(EDITORS)
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    rule = selectors.rule_get(rule_id=pk) if pk is not None else None
    if request.method == "POST":
        form = RuleForm(request.POST)
    else:
        form = RuleForm(initial=RuleForm.initial_for(rule) if rule else None)
    if rule is not None:
        form.fields["code"].disabled = True
        form.fields["code"].initial = rule.code
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.triage_rule_save(
                user=request.user,
                rule=rule,
                code=rule.code if rule else data["code"],
                label=data["label"],
                phrases=data["phrases"],
                requires=data["requires"],
                unless=data["unless"],
                topics=data["topics"],
                life_events=data["life_events"],
                questions=data["questions"],
                is_active=data["is_active"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Rule saved. It applies from the next triage."))
            return redirect("triage:rules")
    return render(
        request,
        "triage/rule_form.html",
        {"form": form, "rule": rule},
        status=400 if form.errors else 200,
    )
