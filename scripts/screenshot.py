"""Take the README screenshot: a specialist's view of a demo help request.

Usage: .venv/bin/python scripts/screenshot.py http://127.0.0.1:8000 docs/screenshot-workspace.png
(with `eenloket serve --demo` running).
"""

import shutil
import sys

from playwright.sync_api import sync_playwright

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]


def main(base_url: str, output: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        page = browser.new_page(
            base_url=base_url, viewport={"width": 1366, "height": 1000}, locale="nl-NL"
        )
        page.goto("/login/")
        page.get_by_label("Gebruikersnaam").fill("specialist")
        page.get_by_label("Wachtwoord").fill("demo")
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url("**/workspace/")
        page.get_by_role("link", name="Werklijst").click()
        page.locator("#h-mine").locator("..").get_by_role("link", name="HV-").first.click()
        page.wait_for_load_state()
        page.screenshot(path=output, full_page=False)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
