"""Load the team's seed triage rules and follow-up questions on every installation."""

from django.db import migrations

from eenloket.triage.services import seed_rules_load


def load(apps, schema_editor):
    seed_rules_load(
        rule_model=apps.get_model("triage", "TriageRule"),
        question_model=apps.get_model("triage", "FollowUpQuestion"),
    )


class Migration(migrations.Migration):
    dependencies = [("triage", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
