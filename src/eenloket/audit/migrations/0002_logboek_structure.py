"""The access log in the Logboek Dataverwerkingen structure: staff identity moves to a linked
audit record; status and span id per line; on PostgreSQL a trigger makes the log append-only."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

import eenloket.audit.models

APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION eenloket_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('eenloket.retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the access log is append-only';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_accesslogentry_append_only BEFORE UPDATE OR DELETE ON audit_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION eenloket_append_only();
CREATE TRIGGER audit_auditrecord_append_only BEFORE UPDATE OR DELETE ON audit_auditrecord
    FOR EACH ROW EXECUTE FUNCTION eenloket_append_only();
"""
DROP_SQL = """
DROP TRIGGER IF EXISTS audit_accesslogentry_append_only ON audit_accesslogentry;
DROP TRIGGER IF EXISTS audit_auditrecord_append_only ON audit_auditrecord;
DROP FUNCTION IF EXISTS eenloket_append_only();
"""


def link_audit_records(apps, schema_editor):  # type: ignore[no-untyped-def]
    entry_model = apps.get_model("audit", "AccessLogEntry")
    record_model = apps.get_model("audit", "AuditRecord")
    records: dict[tuple[object, str], object] = {}
    for entry in entry_model.objects.filter(audit__isnull=True).order_by("id"):
        key = (entry.user_id, entry.trace_id)
        if key not in records:
            records[key] = record_model.objects.create(
                user_id=entry.user_id, trace_id=entry.trace_id, at=entry.at or timezone.now()
            )
        entry.audit = records[key]
        entry.save(update_fields=["audit"])


def unlink_audit_records(apps, schema_editor):  # type: ignore[no-untyped-def]
    entry_model = apps.get_model("audit", "AccessLogEntry")
    for entry in entry_model.objects.select_related("audit"):
        entry.user_id = entry.audit.user_id
        entry.save(update_fields=["user"])


def append_only(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL)


def drop_append_only(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "at",
                    models.DateTimeField(db_index=True, default=timezone.now, verbose_name="at"),
                ),
                (
                    "trace_id",
                    models.CharField(db_index=True, max_length=32, verbose_name="trace id"),
                ),
                (
                    "user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="staff member",
                    ),
                ),
            ],
            options={
                "verbose_name": "audit record",
                "verbose_name_plural": "audit records",
                "ordering": ["-at", "-id"],
            },
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="audit",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="entries",
                to="audit.auditrecord",
                verbose_name="audit record",
            ),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="status",
            field=models.CharField(
                choices=[("ok", "Done"), ("error", "Failed")],
                default="ok",
                max_length=5,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="span_id",
            field=models.CharField(
                default=eenloket.audit.models.new_span_id, max_length=16, verbose_name="span id"
            ),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="purpose",
            field=models.CharField(max_length=100, verbose_name="processing activity"),
        ),
        migrations.RunPython(link_audit_records, unlink_audit_records),
        migrations.RemoveField(model_name="accesslogentry", name="user"),
        migrations.AlterField(
            model_name="accesslogentry",
            name="audit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="entries",
                to="audit.auditrecord",
                verbose_name="audit record",
            ),
        ),
        migrations.RunPython(append_only, drop_append_only),
    ]
