"""Front-end files from npm (package-lock.json), served as the packages ship them.

Only the files the pages use are published, not whole `dist/` folders: a package may ship
stylesheets that point at files it does not contain (the Utrecht design tokens'
`background-image-icon.css` refers to icons that are not in the package), and hashed static
files in production refuse such references. The list is in `settings.NPM_STATIC_FILES`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.utils import matches_patterns
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage


class NpmFilesFinder(finders.BaseFinder):
    """Finds the files named in NPM_STATIC_FILES: (prefix, folder in node_modules, file names)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        root = Path(settings.NODE_MODULES)
        self.entries: list[tuple[str, FileSystemStorage, list[str]]] = []
        for prefix, folder, names in settings.NPM_STATIC_FILES:
            storage = FileSystemStorage(location=root / folder)
            storage.prefix = prefix  # type: ignore[attr-defined]
            self.entries.append((prefix, storage, list(names)))

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        missing = [
            f"{storage.location}/{name}"
            for _prefix, storage, names in self.entries
            for name in names
            if not storage.exists(name)
        ]
        if not missing:
            return []
        return [
            Error(
                f"Front-end files are missing: {', '.join(missing)}",
                hint="Run `npm ci` in the project folder (scripts/install.sh does).",
                id="eenloket.E001",
            )
        ]

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        matches = []
        for prefix, storage, names in self.entries:
            name = path.removeprefix(f"{prefix}/")
            if name != path and name in names and storage.exists(name):
                found = storage.path(name)
                if not find_all:
                    return found
                matches.append(found)
        return matches

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for _prefix, storage, names in self.entries:
            for name in names:
                if not matches_patterns(name, ignore_patterns or []):
                    yield name, storage
