"""Referral states are stored in English, like every other choice: on the referral and in the
from/to columns of its history. The history says the same afterwards, only in other words, so its
append-only trigger (common migration 0001) is switched off for this one rewrite, inside the
migration's transaction."""

from django.db import migrations, models
from django.db.models import Case, F, Q, Value, When

OLD_TO_NEW = {
    "concept": "draft",
    "verstuurd": "sent",
    "geaccepteerd": "accepted",
    "afspraak_gepland": "appointment_planned",
    "opgelost": "resolved",
    "teruggestuurd": "returned",
    "ingetrokken": "withdrawn",
}
NEW_TO_OLD = {new: old for old, new in OLD_TO_NEW.items()}

CHOICES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("accepted", "Accepted"),
    ("appointment_planned", "Appointment planned"),
    ("resolved", "Resolved"),
    ("returned", "Returned"),
    ("withdrawn", "Withdrawn"),
]


def _rename(queryset, fields, mapping):  # type: ignore[no-untyped-def]
    """One UPDATE for all `fields`: a row changed twice in one transaction would leave a
    deferred foreign key check pending, and PostgreSQL alters no table with one pending."""
    renamed = {
        field: Case(
            *[When(**{field: old}, then=Value(new)) for old, new in mapping.items()],
            default=F(field),
        )
        for field in fields
    }
    touched = Q()
    for field in fields:
        touched |= Q(**{f"{field}__in": list(mapping)})
    queryset.filter(touched).update(**renamed)


def rename_states(apps, schema_editor, mapping):  # type: ignore[no-untyped-def]
    """Every stored referral state, on referrals and in their history, through `mapping`."""
    Referral = apps.get_model("referrals", "Referral")
    ReferralEvent = apps.get_model("referrals", "ReferralEvent")
    alias = schema_editor.connection.alias
    _rename(Referral.objects.using(alias), ["status"], mapping)
    history = schema_editor.quote_name(ReferralEvent._meta.db_table)
    trigger = schema_editor.quote_name(ReferralEvent._meta.db_table + "_append_only")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(f"ALTER TABLE {history} DISABLE TRIGGER {trigger}")
    _rename(ReferralEvent.objects.using(alias), ["from_status", "to_status"], mapping)
    if postgres:
        schema_editor.connection.check_constraints()  # no deferred check left pending
        schema_editor.execute(f"ALTER TABLE {history} ENABLE TRIGGER {trigger}")


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    rename_states(apps, schema_editor, OLD_TO_NEW)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    rename_states(apps, schema_editor, NEW_TO_OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0003_reminders"),
        # The history's append-only trigger, switched off around the rewrite.
        ("common", "0001_history_append_only"),
    ]

    operations = [
        # The check names the states; it cannot hold while they are renamed.
        migrations.RemoveConstraint(model_name="referral", name="referral_sent_has_sent_at"),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="referral",
            name="status",
            field=models.CharField(
                choices=CHOICES,
                db_index=True,
                default="draft",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="referralevent",
            name="from_status",
            field=models.CharField(blank=True, choices=CHOICES, max_length=20, verbose_name="from"),
        ),
        migrations.AlterField(
            model_name="referralevent",
            name="to_status",
            field=models.CharField(choices=CHOICES, max_length=20, verbose_name="to"),
        ),
        migrations.AddConstraint(
            model_name="referral",
            constraint=models.CheckConstraint(
                condition=models.Q(status__in=["draft", "withdrawn"])
                | models.Q(sent_at__isnull=False),
                name="referral_sent_has_sent_at",
            ),
        ),
    ]
