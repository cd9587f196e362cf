"""A whole counter day in a real browser against the product as deployed (production settings,
gunicorn, the background worker, SMTP), over HTTP.

    python tests/production/walk.py --base-url http://127.0.0.1:8123 --world world.json \
        --mailbox /tmp/mail [--screenshots DIR]

Each person has their own browser context; staff log in with their password, type the enrolment
code the administrator issued (`eenloket enrolment_code`, in world.json) and set up their
authenticator app from the key on the page, as real staff do at their first login. Every HTTP
response is recorded: any status of 400 or more, a page that does not end in 200, a static file
that is not 200, a console error (CSP violations included) or a script error fails the walk.
Exits 0 with a one-line summary, or 1 with what went wrong (and a screenshot of that page).

Needs Playwright (the development venv; the production install has none) and Chromium:
$CHROMIUM_PATH or /usr/bin/chromium. No Django import: the walk sees the product only through
HTTP and the mailbox. Every request carries X-Forwarded-Proto: https (and an X-Forwarded-For), as
the TLS proxy adds them; the browser's Origin stays http://host:port, so the app needs that exact
origin in CSRF_TRUSTED_ORIGINS (an https:// entry does not match and every form answers 403).
Chromium keeps the Secure __Host- cookies on http://127.0.0.1 and http://localhost.
"""

from __future__ import annotations

import argparse
import base64
import email
import hashlib
import hmac
import json
import re
import secrets
import struct
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
    expect,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

# Run as a script from the repository: the shared Chromium settings are in tests/chromium.py.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.chromium import CHROMIUM_ARGS, find_chromium

# What the TLS-terminating proxy in front of the app adds to every request.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
# A slow step should fail the walk well before CI's own timeout.
STEP_TIMEOUT_MS = 15_000
MAIL_TIMEOUT_S = 15.0


class WalkFailed(Exception):
    pass


def totp(key: bytes, at: float | None = None) -> str:
    """The six-digit code an authenticator app shows now (RFC 6238: HMAC-SHA1, 30 seconds)."""
    counter = int((time.time() if at is None else at) // 30)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


class Recorder:
    """Every response, console message and script error of every context, checked after each
    step so that a failure names the step it happened in."""

    def __init__(self, base_url: str) -> None:
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
        self.responses: list[Response] = []
        self.checked = 0
        self.problems: list[str] = []
        self.pages = 0
        self.static: set[str] = set()
        self.static_loads = 0

    def watch(self, page: Page, who: str) -> None:
        def console(message: ConsoleMessage) -> None:
            # CSP violations, refused styles and failed loads all arrive as console errors.
            if message.type == "error":
                self.problems.append(f"{who}: console error on {page.url}: {message.text}")

        def script_error(error: PlaywrightError) -> None:
            self.problems.append(f"{who}: script error on {page.url}: {error}")

        def failed(request: Request) -> None:
            self.problems.append(
                f"{who}: request failed: {request.method} {request.url}: {request.failure}"
            )

        page.on("response", lambda response: self.responses.append(response))
        page.on("console", console)
        page.on("pageerror", script_error)
        page.on("requestfailed", failed)

    def collect(self) -> list[str]:
        for response in self.responses[self.checked :]:
            self._check_response(response)
        self.checked = len(self.responses)
        return self.problems

    def check(self) -> None:
        if self.collect():
            raise WalkFailed("\n  ".join(self.problems))

    def _check_response(self, response: Response) -> None:
        request = response.request
        url, status = response.url, response.status
        path = urlsplit(url).path
        if not url.startswith(self.origin + "/"):
            if not url.startswith("data:"):
                self.problems.append(f"request outside the site: {request.method} {url}")
            return
        if status >= 400:
            self.problems.append(f"HTTP {status} for {request.method} {url}")
            return
        if path.startswith("/static/"):
            self.static_loads += 1
            self.static.add(path)
            if status != 200:
                self.problems.append(f"static file answered {status}: {url}")
            return
        if request.resource_type == "document" and request.frame.parent_frame is None:
            if 300 <= status < 400:
                target = response.headers.get("location", "")
                if target.startswith(("http://", "https://")) and not target.startswith(
                    self.origin + "/"
                ):
                    self.problems.append(f"{url} redirects away to {target} ({status})")
            elif status != 200:
                self.problems.append(f"page {request.method} {url} ended with {status}")
            else:
                self.pages += 1
                headers = response.headers
                if "content-security-policy" not in headers:
                    self.problems.append(f"page {url} has no Content-Security-Policy header")
                if "strict-transport-security" not in headers:
                    self.problems.append(f"page {url} has no Strict-Transport-Security header")


class Mailbox:
    """The .eml files the SMTP sink writes (each written whole, then renamed into place)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.seen: set[str] = set()

    def all(self) -> list[EmailMessage]:
        files = sorted(self.directory.glob("*.eml"), key=lambda p: int(p.stem))
        return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in files]

    def wait_for(self, *, to: str, subject: str) -> EmailMessage:
        """The next message to `to` whose subject contains `subject`. The app sends its mail
        before it answers the request, so it is normally here already."""
        deadline = time.monotonic() + MAIL_TIMEOUT_S
        while True:
            for message in self.all():
                key = str(message["Message-ID"])
                if key in self.seen or to not in str(message["To"]):
                    continue
                if subject in str(message["Subject"]):
                    self.seen.add(key)
                    return message
            if time.monotonic() > deadline:
                got = [f"{m['To']}: {m['Subject']}" for m in self.all()]
                raise WalkFailed(
                    f"no mail to {to} with {subject!r} within {MAIL_TIMEOUT_S:.0f} s "
                    f"in {self.directory} (there are: {got or 'none'})"
                )
            time.sleep(0.1)

    def count(self) -> int:
        return len(list(self.directory.glob("*.eml")))


def mail_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    if body is None:
        raise WalkFailed(f"mail {message['Subject']!r} has no text part")
    return str(body.get_content())


def mail_ics(message: EmailMessage) -> str:
    for part in message.iter_attachments():
        if part.get_content_type() == "text/calendar" or str(part.get_filename()).endswith(".ics"):
            content = part.get_content()
            text = content.decode() if isinstance(content, bytes) else str(content)
            if "BEGIN:VEVENT" not in text:
                raise WalkFailed(f"the .ics in {message['Subject']!r} has no event")
            return text
    raise WalkFailed(f"mail {message['Subject']!r} has no .ics attachment")


def appointment_path(text: str) -> str:
    found = re.search(r"https?://[^\s/]+(/afspraak/[\w-]+/)", text)
    if found is None:
        raise WalkFailed(f"no /afspraak/<token>/ link in the mail:\n{text}")
    return found.group(1)


def ics_start(ics: str) -> str:
    found = re.search(r"^DTSTART[^:]*:(\S+)", ics, re.MULTILINE)
    if found is None:
        raise WalkFailed(f"the .ics has no DTSTART:\n{ics}")
    return found.group(1)


def require(condition: bool, message: str) -> None:
    if not condition:
        raise WalkFailed(message)


class Walk:
    def __init__(
        self, browser: Browser, base_url: str, world: dict[str, Any], mailbox: Mailbox
    ) -> None:
        self.browser = browser
        self.base_url = base_url.rstrip("/")
        self.world = world
        self.mailbox = mailbox
        self.recorder = Recorder(self.base_url)
        self.contexts: list[BrowserContext] = []
        self.current: Page | None = None
        self.step_name = ""

    def person(self, who: str) -> Page:
        # Each person comes from their own address, as the proxy reports it (TRUSTED_PROXIES=1);
        # lock-outs and rate limits count per address.
        address = f"203.0.113.{len(self.contexts) + 10}"
        context = self.browser.new_context(
            base_url=self.base_url,
            extra_http_headers={**PROXY_HEADERS, "X-Forwarded-For": address},
            locale="nl-NL",
        )
        context.set_default_timeout(STEP_TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        self.recorder.watch(page, who)
        return page

    @contextmanager
    def step(self, name: str, page: Page) -> Iterator[Page]:
        self.step_name, self.current = name, page
        started = time.monotonic()
        yield page
        page.wait_for_load_state()
        self.recorder.check()
        print(f"walk: {time.monotonic() - started:5.1f} s  {name}", flush=True)

    def close(self) -> None:
        for context in self.contexts:
            context.close()

    def login(self, page: Page, role: str) -> None:
        """Password, the enrolment code, then the first-login set-up of the authenticator app
        with the key shown."""
        account = self.world["staff"][role]
        page.goto("/")
        page.get_by_role("link", name="Inloggen voor medewerkers").click()
        page.get_by_label("Gebruikersnaam").fill(account["username"])
        page.get_by_label("Wachtwoord").fill(account["password"])
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url("**/login/mfa/enrol/**")
        page.get_by_label("Activeringscode").fill(account["enrolment_code"])
        page.get_by_role("button", name="Verder").click()
        page.wait_for_url("**/login/mfa/setup/**")
        key = base64.b32decode(page.locator(".el-key").inner_text().replace(" ", ""))
        page.get_by_label("Code").fill(totp(key))
        page.get_by_role("button", name="Bevestigen").click()
        page.get_by_role("heading", name="Uw herstelcodes").wait_for()
        require(page.locator(".el-codes code").count() > 0, "no recovery codes shown")
        page.get_by_role("link", name="Ik heb ze bewaard: verder").click()
        page.wait_for_url("**/workspace/")
        # The session lives in the production cookie: __Host- prefix, Secure, HttpOnly.
        cookies = {c["name"]: c for c in page.context.cookies()}
        session = cookies.get("__Host-sessionid")
        require(
            session is not None and session["secure"] and session["httpOnly"],
            f"no Secure HttpOnly __Host-sessionid cookie after login (cookies: {sorted(cookies)})",
        )

    def run(self) -> None:
        location = self.world["location"]
        service = self.world["service"]
        run_id = secrets.token_hex(3)
        resident_email = f"inwoner.{run_id}@example.org"

        resident = self.person("resident asking")
        with self.step("a resident asks a question online", resident) as page:
            page.goto("/")
            page.get_by_role("link", name="Stel een vraag of vraag of wij u terugbellen").click()
            page.wait_for_url("**/vraag/")
            page.get_by_label("Welk loket?").select_option(
                label=f"{location['name']} ({location['city']})"
            )
            page.get_by_label("Ik heb een vraag").check()
            page.get_by_label("Wat is er aan de hand?").fill(
                "Ik heb een brief gekregen over mijn toeslag en begrijp niet wat ik moet doen."
            )
            page.get_by_label("Uw naam").fill("Noor Visser")
            page.get_by_label("Per e-mail").check()
            page.get_by_label("E-mailadres").fill(f"noor.{run_id}@example.org")
            page.get_by_role("button", name="Versturen").click()
            page.get_by_role("heading", name="Bedankt, wij hebben uw vraag ontvangen").wait_for()
            follow = page.get_by_role("link", name="Mijn vraag volgen").get_attribute("href") or ""
            require(
                re.fullmatch(r"/volgen/[\w-]{40,}/", follow) is not None,
                f"unexpected follow link {follow!r}",
            )
        with self.step("the resident follows the question", resident) as page:
            page.get_by_role("link", name="Mijn vraag volgen").click()
            page.wait_for_url(f"**{follow}")
            require("Ontvangen" in page.locator("main").inner_text(), "status 'Ontvangen' missing")

        booker = self.person("resident booking")
        with self.step("a resident books an appointment online", booker) as page:
            page.goto("/")
            page.get_by_role("link", name="Afspraak maken").first.click()
            page.wait_for_url("**/afspraak-maken/")
            section = page.locator(
                "section", has=page.get_by_role("heading", name=location["name"])
            )
            section.get_by_role("link", name=service, exact=True).click()
            page.wait_for_url(re.compile(r".*/afspraak-maken/\d+/$"))
            # A day a few days ahead: clear of the minimum notice and of tomorrow's reminders.
            days = page.locator(".el-days__list a")
            require(days.count() >= 4, f"only {days.count()} bookable days shown")
            days.nth(2).click()
            page.wait_for_url(re.compile(r".*\?dag=\d{4}-\d{2}-\d{2}.*"))
            page.get_by_label("10:00", exact=True).check()
            page.get_by_label("Uw naam").fill("Daan de Wit")
            page.get_by_label("E-mailadres").fill(resident_email)
            page.get_by_role("button", name="Deze afspraak maken").click()
            page.wait_for_url("**/afspraak-maken/bevestiging/")
            page.get_by_role("heading", name="Uw afspraak is gemaakt").wait_for()
            shown = page.get_by_role("link", name="mijn afspraak verzetten of afzeggen")
            link_on_page = shown.get_attribute("href") or ""
        with self.step("the confirmation mail arrives with the link and the .ics", booker) as page:
            booked = self.mailbox.wait_for(to=resident_email, subject="Uw afspraak is gemaakt")
            link = appointment_path(mail_text(booked))
            require(link == link_on_page, f"mail link {link} is not the page's {link_on_page}")
            first_start = ics_start(mail_ics(booked))
            page.goto(link)
            page.get_by_role("heading", name="Uw afspraak", exact=True).wait_for()
        with self.step("the resident moves the appointment", booker) as page:
            page.locator(".el-days__list a").nth(3).click()
            page.wait_for_url(re.compile(r".*\?dag=\d{4}-\d{2}-\d{2}.*"))
            page.get_by_label("14:00", exact=True).check()
            page.get_by_role("button", name="Mijn afspraak verzetten").click()
            page.get_by_role("heading", name="Uw afspraak is verzet").wait_for()
            moved = self.mailbox.wait_for(to=resident_email, subject="Uw afspraak is verzet")
            new_link = appointment_path(mail_text(moved))
            require(new_link != link, "the moved appointment kept its old link")
            require(ics_start(mail_ics(moved)) != first_start, "the moved .ics has the old time")
        with self.step("the resident cancels with the link from the new mail", booker) as page:
            page.goto(new_link)
            page.get_by_role("button", name="Mijn afspraak afzeggen").click()
            page.get_by_role("heading", name="Uw afspraak is afgezegd").wait_for()

        front = self.person("front office")
        with self.step("the front office worker logs in", front) as page:
            self.login(page, "front_office")
        with self.step("a resident at the counter gets a number and is called", front) as page:
            page.get_by_role("link", name="Wachtrij").first.click()
            page.get_by_label("Balie", exact=True).select_option(label="Balie 1")
            page.get_by_role("button", name="Deze balie gebruiken").click()
            page.get_by_label("Wachtrij", exact=True).select_option(label="Balie (A)")
            page.get_by_label("Vraag in een paar woorden").fill("Ontslagen, vragen over WW")
            page.get_by_role("button", name="Nummer uitgeven").click()
            page.get_by_role("button", name="Volgende oproepen").click()
            page.get_by_role("heading", name=re.compile(r"^Aan uw balie: A\d+$")).wait_for()
        with self.step("the front office registers the walk-in contact", front) as page:
            page.get_by_role("link", name="Start", exact=True).click()
            page.get_by_role("link", name="Klantcontact registreren").first.click()
            page.get_by_label("Vraag", exact=True).fill(
                "Ik ben ontslagen en weet niet of ik WW kan krijgen en hoe ik mijn huur betaal."
            )
            page.get_by_role("button", name="Klantcontact opslaan").click()
            page.get_by_text("Klantcontact geregistreerd.").wait_for()
        with self.step("the front office hands the resident on to a specialist", front) as page:
            page.get_by_label("Naam van de inwoner").fill("Jan Smit")
            page.get_by_label("Telefoon (niet verplicht)").fill("06 12345678")
            page.get_by_role("button", name="Doorzetten naar een specialist").click()
            heading = page.get_by_role("heading", level=1)
            heading.filter(has_text="Hulpvraag").wait_for()
            reference = heading.inner_text().split()[-1]
        with self.step("the front office sends the ticket to the specialist queue", front) as page:
            page.get_by_role("link", name="Wachtrij").first.click()
            page.get_by_label("Doorzetten naar").select_option(label="Specialist")
            page.get_by_role("button", name="Doorzetten", exact=True).click()
            transferred = page.get_by_text(re.compile(r"^Nu B\d+ in Specialist\.$"))
            ticket = transferred.inner_text().split()[1]

        specialist = self.person("specialist")
        with self.step("the specialist logs in", specialist) as page:
            self.login(page, "specialist")
        with self.step(
            "the specialist calls the resident to the consulting room", specialist
        ) as page:
            page.get_by_role("link", name="Wachtrij").first.click()
            page.get_by_label("Balie", exact=True).select_option(label="Spreekkamer 1")
            page.get_by_role("button", name="Deze balie gebruiken").click()
            page.get_by_role("button", name="Volgende oproepen").click()
            page.get_by_role("heading", name=f"Aan uw balie: {ticket}").wait_for()
        with self.step("the specialist takes the help request", specialist) as page:
            page.get_by_role("link", name="Werklijst").click()
            waiting = page.locator("section", has=page.locator("#h-waiting"))
            waiting.get_by_role("link", name=reference).click()
            page.get_by_role("button", name="Deze hulpvraag oppakken").click()
            page.get_by_text("U behandelt deze hulpvraag nu.").wait_for()
        with self.step("the specialist adds a question for UWV", specialist) as page:
            form = page.locator("form", has=page.get_by_role("button", name="Vraag toevoegen"))
            form.get_by_label("Organisatie").select_option(label="UWV")
            form.get_by_label(re.compile(r"^Vraag\b")).fill("WW aanvragen na ontslag")
            form.get_by_role("button", name="Vraag toevoegen").click()
            page.get_by_text("Vraag toegevoegd.").wait_for()
        with self.step("the specialist records consent for sharing with UWV", specialist) as page:
            page.get_by_text("Toestemming vastleggen", exact=True).first.click()
            page.get_by_label("Gedeeld met").select_option(label="UWV")
            page.get_by_label("Wat mag gedeeld worden").fill("Zijn vraag over de WW")
            page.get_by_label("Met welk doel").fill("Zodat UWV meneer terugbelt over de WW")
            page.get_by_role("button", name="Toestemming vastleggen").click()
            page.get_by_text("Toestemming vastgelegd.").first.wait_for()
        with self.step("the specialist refers the question to UWV", specialist) as page:
            page.get_by_role("link", name="Doorverwijzen naar UWV").click()
            page.get_by_label("Toestemming voor dit delen").select_option(index=1)
            page.get_by_label("Wat vraagt u van hen?").fill("Wilt u meneer bellen over de WW?")
            page.get_by_label("Hoe en wanneer is de inwoner bereikbaar?").fill(
                "06 12345678, ochtend"
            )
            page.get_by_role("button", name="Doorverwijzing versturen").click()
            page.get_by_role("heading", name="Doorverwijzing naar UWV", level=1).wait_for()
            referral_url = page.url

        liaison = self.person("UWV liaison")
        with self.step("the UWV liaison logs in", liaison) as page:
            self.login(page, "uwv_liaison")
        with self.step("the UWV liaison accepts and resolves the referral", liaison) as page:
            page.get_by_role("link", name="WW aanvragen na ontslag").first.click()
            main = page.locator("main")
            require("Wilt u meneer bellen" in main.inner_text(), "the handover text is missing")
            status = page.locator("main .utrecht-status-badge").first
            page.get_by_role("button", name="Overnemen").click()
            expect(status).to_have_text("Overgenomen")
            page.get_by_role("button", name="Opgelost").click()
            expect(status).to_have_text("Opgelost")

        with self.step("the specialist confirms with the resident", specialist) as page:
            page.goto(referral_url)
            page.get_by_label("Wat zei de inwoner?").fill("Meneer is gebeld, de WW is aangevraagd.")
            page.get_by_role("button", name="Bevestiging vastleggen").click()
            page.get_by_text("Bevestiging vastgelegd.").wait_for()
        with self.step("the specialist closes the help request", specialist) as page:
            page.get_by_role("link", name=reference).first.click()
            page.get_by_role("button", name="Hulpvraag afsluiten").click()
            page.get_by_text("Hulpvraag afgesloten.").wait_for()
            timeline = page.locator(".el-timeline").inner_text()
            require("Toestemming" in timeline, "the timeline does not show the consent")

        self.current = None
        static = self.recorder.static
        require(self.recorder.pages > 0, "no pages were loaded")
        require(
            any(p.startswith("/static/vendor/") and p.endswith(".css") for p in static)
            and any(p.startswith("/static/vendor/") and p.endswith(".js") for p in static),
            f"the vendor CSS and JS were not loaded (static files: {sorted(static)})",
        )


def screenshot(page: Page | None, directory: Path | None, name: str) -> str:
    if page is None or directory is None:
        return ""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / ((re.sub(r"[^\w]+", "-", name).strip("-") or "failure") + ".png")
    try:
        page.screenshot(path=str(path), full_page=True)
    except PlaywrightError as exc:
        return f" (no screenshot: {exc.message.splitlines()[0]})"
    return f" (screenshot: {path})"


def main() -> int:
    parser = argparse.ArgumentParser(description="Walk a counter day in Chromium.")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--world", required=True, type=Path)
    parser.add_argument("--mailbox", required=True, type=Path)
    parser.add_argument("--screenshots", type=Path)
    args = parser.parse_args()

    chromium = find_chromium() or "/usr/bin/chromium"
    world = json.loads(args.world.read_text())
    started = time.monotonic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        walk = Walk(browser, args.base_url, world, Mailbox(args.mailbox))
        try:
            walk.run()
            walk.recorder.check()
        except (WalkFailed, PlaywrightError, AssertionError) as exc:
            shot = screenshot(walk.current, args.screenshots, walk.step_name)
            detail = exc.message if isinstance(exc, PlaywrightError) else str(exc)
            seen = walk.recorder.collect()
            if seen and not isinstance(exc, WalkFailed):
                # A 500 or a CSP violation usually explains why the page did not come.
                detail = "\n  ".join([*seen, detail])
            where = walk.current.url if walk.current is not None else "-"
            print(
                f"walk: FAILED at step '{walk.step_name}' on {where}{shot}\n  {detail}",
                file=sys.stderr,
            )
            return 1
        finally:
            walk.close()
            browser.close()
    recorder = walk.recorder
    print(
        f"walk: OK in {time.monotonic() - started:.1f} s: {recorder.pages} pages loaded, "
        f"{recorder.static_loads} static file loads ({len(recorder.static)} different), "
        f"{walk.mailbox.count()} mails received"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
