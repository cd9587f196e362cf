"""`eenloket rotate_data_key`: seal every stored BSN again with the current EENLOKET_DATA_KEY.

Before: set the new key as EENLOKET_DATA_KEY and the old one in EENLOKET_DATA_KEY_RETIRED (and
restart the app). After this command has run, remove the retired key."""

from typing import Any

from django.core.management.base import BaseCommand

from eenloket.residents.services import data_key_rotate


class Command(BaseCommand):
    help = "Re-encrypt every stored BSN with the current data key (after a key change)."

    def handle(self, *args: Any, **options: Any) -> None:
        moved = data_key_rotate()
        self.stdout.write(f"{moved} BSNs sealed again with the current key")
