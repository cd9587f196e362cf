"""Staff pages of the knowledge base: search for everyone at work, editing for knowledge managers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from eenloket.common.errors import DomainError
from eenloket.common.forms import add_domain_error
from eenloket.organisations.access import roles_required
from eenloket.organisations.models import KNOWLEDGE_EDITORS, KNOWLEDGE_READERS

from . import selectors, services, workflow
from .forms import ArticleForm, ReviewForm, SearchForm
from .models import Article

READERS = KNOWLEDGE_READERS
EDITORS = KNOWLEDGE_EDITORS
PAGE_SIZE = 25


@roles_required(READERS)
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results: list[selectors.SearchResult] = []
    query = ""
    search_log = None
    if form.is_valid():
        query = form.cleaned_data["q"]
        results = selectors.article_search(
            request.user,
            query,
            organisation=form.cleaned_data["organisation"],
            topic=form.cleaned_data["topic"],
            audience=form.cleaned_data["audience"],
            partial=request.headers.get("HX-Request") == "true",
        )
        search_log = services.search_record(user=request.user, query=query, results=len(results))
    context = {
        "search_log": search_log,
        "form": form,
        "results": results,
        "query": query,
        "pick": request.GET.get("pick") == "1",
    }
    if request.headers.get("HX-Request") == "true" or context["pick"]:
        return render(request, "knowledge/_results.html", context)
    return render(request, "knowledge/search.html", context, status=400 if form.errors else 200)


@roles_required(READERS)
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_get(request.user, article_id=pk)
    if (search_id := request.GET.get("zoek", "")).isdigit():
        services.search_opened(user=request.user, search_id=int(search_id), article=article)
    editor = selectors.can_edit(request.user)
    return render(
        request,
        "knowledge/article_detail.html",
        {
            "article": article,
            "allowed": workflow.ARTICLE.allowed(article.status),
            "editor": editor,
            "versions": selectors.article_versions(article) if editor else [],
            "overdue": article.is_overdue(timezone.localdate()),
            "review_form": ReviewForm(),
        },
    )


@roles_required(READERS)
def what_to_bring(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable page with one article's what-to-bring list, to hand to a resident."""
    article = selectors.article_get(request.user, article_id=pk)
    return render(request, "knowledge/what_to_bring.html", {"article": article})


@roles_required(EDITORS)
def article_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in Article.Status.values else ""
    overdue = request.GET.get("overdue") == "1"
    articles = selectors.article_list(request.user, status=status, overdue=overdue)
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/article_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Article.Status.choices,
            "overdue": overdue,
            "today": timezone.localdate(),
        },
    )


def _service_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = dict(data)
    fields.pop("note", None)
    fields.pop("version", None)
    fields["topics"] = list(fields["topics"])
    fields["life_events"] = list(fields["life_events"])
    return fields


@roles_required(EDITORS)
@require_http_methods(["GET", "POST"])
def article_create(request: HttpRequest) -> HttpResponse:
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_create(
                user=request.user, **_service_fields(form.cleaned_data)
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Article saved as a draft."))
            return redirect("knowledge:detail", pk=article.pk)
    return render(
        request,
        "knowledge/article_form.html",
        {"form": form, "article": None},
        status=400 if form.errors else 200,
    )


@roles_required(EDITORS)
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_get(request.user, article_id=pk)
    if request.method == "POST":
        form = ArticleForm(request.POST)
    else:
        form = ArticleForm(initial={**ArticleForm.initial_for(article), "version": article.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.article_update(
                user=request.user,
                article=article,
                version=form.cleaned_data["version"] or 0,
                note=form.cleaned_data["note"],
                **_service_fields(form.cleaned_data),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Changes saved as a new version."))
            return redirect("knowledge:detail", pk=article.pk)
    return render(
        request,
        "knowledge/article_form.html",
        {"form": form, "article": article},
        status=400 if form.errors else 200,
    )


def _act(request: HttpRequest, pk: int, action: str, done: str) -> HttpResponse:
    article = selectors.article_get(request.user, article_id=pk)
    try:
        if action == "review":
            form = ReviewForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            services.article_review(user=request.user, article=article, note=note)
        elif action == "publish":
            services.article_publish(user=request.user, article=article)
        else:
            services.article_archive(user=request.user, article=article)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, done)
    return redirect("knowledge:detail", pk=pk)


@roles_required(EDITORS)
@require_POST
def article_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "publish", _("Article published."))


@roles_required(EDITORS)
@require_POST
def article_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "archive", _("Article archived."))


@roles_required(EDITORS)
@require_POST
def article_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "review", _("Review recorded; next review in a year."))


@roles_required(EDITORS)
@require_http_methods(["GET", "POST"])
def lessons(request: HttpRequest) -> HttpResponse:
    """What counter staff learned: use it in the article, or dismiss it with a reason."""
    if request.method == "POST":
        lesson_id = request.POST.get("lesson", "")
        lesson = (
            selectors.lessons_open().filter(pk=lesson_id).first() if lesson_id.isdigit() else None
        )
        if lesson is None:
            messages.error(request, _("That suggestion is not open any more."))
            return redirect("knowledge:lessons")
        applied = request.POST.get("action") == "apply"
        try:
            services.lesson_handle(
                user=request.user, lesson=lesson, applied=applied, note=request.POST.get("note", "")
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect("knowledge:lessons")
        if applied and lesson.article_id:
            messages.success(request, _("Marked as used. Now change the article."))
            return redirect("knowledge:edit", pk=lesson.article_id)
        messages.success(request, _("Suggestion handled."))
        return redirect("knowledge:lessons")
    return render(
        request,
        "knowledge/lessons.html",
        {"open": selectors.lessons_open(), "handled": selectors.lessons_handled()[:20]},
    )
