"""Publish the team's seed articles, so every installation starts with a knowledge base."""

from django.db import migrations

from eenloket.knowledge.services import seed_articles_load


def load(apps, schema_editor):
    seed_articles_load(
        article_model=apps.get_model("knowledge", "Article"),
        version_model=apps.get_model("knowledge", "ArticleVersion"),
        topic_model=apps.get_model("knowledge", "Topic"),
        life_event_model=apps.get_model("knowledge", "LifeEvent"),
    )


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0003_articles")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
