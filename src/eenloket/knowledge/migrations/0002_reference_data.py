"""Load the stable agencies, topics and life events (shared/TOPICS.md) on every installation."""

from django.db import migrations

from eenloket.knowledge.services import reference_data_load


def load(apps, schema_editor):
    reference_data_load(
        organisation_model=apps.get_model("organisations", "Organisation"),
        topic_model=apps.get_model("knowledge", "Topic"),
        life_event_model=apps.get_model("knowledge", "LifeEvent"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0001_initial"),
        ("organisations", "0001_initial"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
