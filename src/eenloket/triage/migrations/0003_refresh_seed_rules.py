"""Refresh the seeded triage rules nobody has edited (the seed grew); edited rules stay."""

from django.db import migrations

from eenloket.triage.services import seed_rules_load


def load(apps, schema_editor):
    seed_rules_load(
        rule_model=apps.get_model("triage", "TriageRule"),
        question_model=apps.get_model("triage", "FollowUpQuestion"),
    )


class Migration(migrations.Migration):
    dependencies = [("triage", "0002_seed_rules")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
