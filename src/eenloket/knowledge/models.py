from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eenloket.common.fields import FreeCharField, FreeTextField
from eenloket.common.models import AppendOnlyModel, TimeStampedModel

from .reference import AGENCIES


class Topic(models.Model):
    """What must be arranged, e.g. `toeslagen.huurtoeslag`. Codes are stable across the platform."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    organisation_code = models.CharField(_("organisation code"), max_length=30, db_index=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__contains="."), name="topic_code_has_organisation_prefix"
            )
        ]

    def __str__(self) -> str:
        return self.name


class LifeEvent(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("life event")
        verbose_name_plural = _("life events")

    def __str__(self) -> str:
        return self.name


# The organisations a topic belongs to: "gemeente" stands for every municipality.
ORGANISATION_CHOICES = [
    ("gemeente", _("Municipality")),
    *((code, name) for code, name, _site in AGENCIES),
]


class Audience(models.TextChoices):
    PUBLIC = "public", _("Public")
    STAFF = "staff", _("Staff only")


class Article(TimeStampedModel):
    """A knowledge article: a B1 text for residents, an internal part for staff, what to bring."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    organisation_code = models.CharField(
        _("responsible organisation"), max_length=30, choices=ORGANISATION_CHOICES, db_index=True
    )
    topics = models.ManyToManyField(Topic, related_name="articles", verbose_name=_("topics"))
    life_events = models.ManyToManyField(
        LifeEvent, blank=True, related_name="articles", verbose_name=_("life events")
    )
    summary = models.TextField(_("summary"))
    body = models.TextField(_("text for residents"))
    internal = models.TextField(_("internal notes for staff"), blank=True)
    what_to_bring = models.JSONField(_("what to bring"), default=list, blank=True)
    costs = models.TextField(_("costs"), blank=True)
    keywords = models.JSONField(_("words people use"), default=list, blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    review_by = models.DateField(_("review by"))
    reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["title"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["status", "review_by"])]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date) -> bool:
        return self.review_by < today


class ArticleVersion(AppendOnlyModel):
    """One saved state of an article: who changed what, when. Appended, never edited."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")
        REVIEWED = "reviewed", _("Reviewed")

    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    content = models.JSONField(_("content"))

    class Meta:
        ordering = ["article", "-number", "-changed_at"]
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"


class Lesson(models.Model):
    """Something a specialist learned in a conversation, offered to the knowledge managers as a
    suggestion for the topic's article; they turn it into an article change or dismiss it."""

    class Status(models.TextChoices):
        OPEN = "open", _("To handle")
        APPLIED = "applied", _("Used in the article")
        DISMISSED = "dismissed", _("Dismissed")

    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="lessons", verbose_name=_("topic")
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("article"),
    )
    text = FreeTextField(_("what was learned"))
    # The case it came from is not linked: lessons reach knowledge managers without personal data.
    municipality = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handling_note = FreeCharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")

    def __str__(self) -> str:
        return self.text[:60]


class SearchLog(models.Model):
    """One search in the knowledge base, kept to find what staff look for and do not find.

    Live search sends a query at every pause in typing; `search_record` folds those into one row
    while the words grow or shrink, so a row is what the worker meant to ask. Words only, without
    BSNs; the row counts the results and notes the first article opened from them."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("searched by"),
    )
    terms = FreeCharField(_("search words"), max_length=120)
    results = models.PositiveIntegerField(_("results"))
    opened = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article opened"),
    )
    created_at = models.DateTimeField(_("searched at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last typed at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("search")
        verbose_name_plural = _("searches")
        indexes = [models.Index(fields=["organisation", "created_at"])]

    def __str__(self) -> str:
        return self.terms
