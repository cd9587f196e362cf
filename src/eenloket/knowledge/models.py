from django.db import models
from django.utils.translation import gettext_lazy as _


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
