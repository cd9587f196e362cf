"""Line-by-line JSON processing for the engines' command-line interfaces.

Every input line gets exactly one output line: the handler's result, or an error naming what
was wrong with that line. A bad line never stops the run."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import IO, Any

# A line longer than this is refused before it is parsed.
MAX_LINE_BYTES = 64 * 1024


class LineError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _parse(raw: bytes, field: str, max_chars: int) -> tuple[Any, str]:
    if len(raw) > MAX_LINE_BYTES:
        raise LineError("too_long", f"line is {len(raw)} bytes; at most {MAX_LINE_BYTES} allowed")
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LineError("not_text", "line is not UTF-8 text") from None
    if "\x00" in line:
        raise LineError("not_text", "line contains binary data (NUL bytes)")
    if not line.strip():
        raise LineError("empty", "line is empty")
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise LineError("invalid_json", f"line is not valid JSON ({error.msg})") from None
    if not isinstance(data, dict):
        raise LineError("not_an_object", 'line must be a JSON object like {"id": ..., ...}')
    identifier = data.get("id")
    value = data.get(field)
    if not isinstance(value, str):
        raise LineError("missing_field", f'"{field}" must be a string')
    if not value.strip():
        raise LineError("empty_field", f'"{field}" is empty')
    if len(value) > max_chars:
        raise LineError(
            "too_long", f'"{field}" has {len(value)} characters; at most {max_chars} allowed'
        )
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise LineError("not_text", f'"{field}" contains control characters')
    return identifier, value


def process_lines(
    source: IO[bytes],
    write: Callable[[str], Any],
    *,
    field: str,
    max_chars: int,
    handle: Callable[[str], dict[str, Any]],
) -> tuple[int, int]:
    """Run `handle` on every line's field; returns (lines, errors)."""
    count = errors = 0
    for raw in source:
        count += 1
        stripped = raw.rstrip(b"\r\n")
        identifier: Any = None
        try:
            identifier = _peek_id(stripped)
            identifier, value = _parse(stripped, field, max_chars)
            output = {"id": identifier, **handle(value)}
        except LineError as error:
            errors += 1
            output = {
                "id": identifier,
                "line": count,
                "error": {"code": error.code, "message": error.message},
            }
        write(json.dumps(output, ensure_ascii=False) + "\n")
    return count, errors


def _peek_id(raw: bytes) -> Any:
    """The line's id when it can be read at all, so an error can still name it."""
    if len(raw) > MAX_LINE_BYTES * 4:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data.get("id") if isinstance(data, dict) else None
