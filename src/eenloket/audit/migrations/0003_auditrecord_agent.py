"""The acting system of an audit record: an agency's key reads without a staff account."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_logboek_structure"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditrecord",
            name="agent",
            field=models.CharField(
                blank=True, default="", max_length=200, verbose_name="acting system"
            ),
            preserve_default=False,
        ),
    ]
