"""BSNs encrypted at rest with a keyed hash for look-up: existing BSNs are encrypted, then the
plain column goes."""

from django.conf import settings
from django.db import migrations, models


def encrypt_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    from eenloket.residents import crypto

    resident_model = apps.get_model("residents", "Resident")
    for resident in resident_model.objects.exclude(bsn=""):
        resident.bsn_encrypted = crypto.encrypt(resident.bsn)
        resident.bsn_hash = crypto.lookup_hash(resident.bsn)
        resident.save(update_fields=["bsn_encrypted", "bsn_hash"])


def decrypt_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    from eenloket.residents import crypto

    resident_model = apps.get_model("residents", "Resident")
    for resident in resident_model.objects.exclude(bsn_encrypted=""):
        resident.bsn = crypto.decrypt(resident.bsn_encrypted)
        resident.save(update_fields=["bsn"])


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0003_hours_exceptions"),
        ("residents", "0002_consent"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="resident",
            name="bsn_encrypted",
            field=models.TextField(blank=True, editable=False, verbose_name="BSN (encrypted)"),
        ),
        migrations.AddField(
            model_name="resident",
            name="bsn_hash",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="BSN lookup hash"
            ),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
        migrations.RemoveConstraint(
            model_name="resident",
            name="resident_bsn_once_per_municipality",
        ),
        migrations.RemoveField(
            model_name="resident",
            name="bsn",
        ),
        migrations.AddConstraint(
            model_name="resident",
            constraint=models.UniqueConstraint(
                condition=models.Q(("bsn_hash", ""), _negated=True),
                fields=("municipality", "bsn_hash"),
                name="resident_bsn_once_per_municipality",
            ),
        ),
    ]
