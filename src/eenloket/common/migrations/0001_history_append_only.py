"""History is append-only in PostgreSQL itself: one trigger per history table refuses UPDATE and
DELETE, except a DELETE inside `common.models.history_purge()` (retention and erasure), which
sets `eenloket.history_purge` for its transaction. Replaces the access log's own exception
(`eenloket.retention`, audit migration 0002) with that flag. SQLite has no triggers here."""

from django.db import migrations

# The history tables, by model: each model derives from `common.models.AppendOnlyModel`.
HISTORY = [
    ("contacts", "TimelineEvent"),
    ("referrals", "ReferralEvent"),
    ("knowledge", "ArticleVersion"),
    ("audit", "AccessLogEntry"),
    ("audit", "AuditRecord"),
]
# Audit migration 0002 made these; reversing this migration leaves them as they were.
AUDIT_TABLES = {"audit_accesslogentry", "audit_auditrecord"}

APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION eenloket_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('eenloket.history_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: history is never changed', TG_TABLE_NAME;
END
$$ LANGUAGE plpgsql;
"""
# The function as audit migration 0002 made it.
ACCESS_LOG_FUNCTION = """
CREATE OR REPLACE FUNCTION eenloket_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('eenloket.retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the access log is append-only';
END
$$ LANGUAGE plpgsql;
"""


def _tables(apps):  # type: ignore[no-untyped-def]
    return [apps.get_model(app, model)._meta.db_table for app, model in HISTORY]


def append_only(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(APPEND_ONLY_FUNCTION, params=None)  # its `%` is PL/pgSQL's, not ours
    for table in _tables(apps):
        schema_editor.execute(
            f"CREATE OR REPLACE TRIGGER {schema_editor.quote_name(table + '_append_only')} "
            f"BEFORE UPDATE OR DELETE ON {schema_editor.quote_name(table)} "
            "FOR EACH ROW EXECUTE FUNCTION eenloket_append_only()"
        )


def drop_append_only(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in _tables(apps):
        if table not in AUDIT_TABLES:
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS {schema_editor.quote_name(table + '_append_only')} "
                f"ON {schema_editor.quote_name(table)}"
            )
    schema_editor.execute(ACCESS_LOG_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_logboek_structure"),
        ("contacts", "0005_contact_resident_topic_index"),
        ("knowledge", "0006_search_log"),
        ("referrals", "0003_reminders"),
    ]

    operations = [migrations.RunPython(append_only, drop_append_only)]
