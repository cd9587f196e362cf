"""Load the stable agencies, topics and life events (shared/TOPICS.md) on every installation."""

from django.db import migrations

from eenloket.knowledge.reference import AGENCIES, LIFE_EVENTS, TOPICS


def load(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    Topic = apps.get_model("knowledge", "Topic")
    LifeEvent = apps.get_model("knowledge", "LifeEvent")
    for code, name, website in AGENCIES:
        Organisation.objects.update_or_create(
            code=code, defaults={"name": name, "kind": "agency", "website": website}
        )
    for code, name in TOPICS:
        Topic.objects.update_or_create(
            code=code, defaults={"name": name, "organisation_code": code.split(".")[0]}
        )
    for code, name in LIFE_EVENTS:
        LifeEvent.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0001_initial"),
        ("organisations", "0001_initial"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
