"""The demo accounts' usernames, importable from settings (no models): in the demo they log in
with their password alone. `demo.ACCOUNTS` must name exactly these (a test checks)."""

USERNAMES = (
    "frontoffice",
    "specialist",
    "manager",
    "liaison-uwv",
    "knowledge",
    "coordinator",
    "admin",
    "specialist-amersfoort",
)
