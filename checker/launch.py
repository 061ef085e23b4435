"""Find a Chromium and start it with third-party cookies allowed, as a typical user's browser."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from checker.models import BrowserInfo

if TYPE_CHECKING:
    from playwright.async_api import Browser, Playwright

DEBIAN_HEADLESS_SHELL = "/usr/lib/chromium/chromium-headless-shell"
DEBIAN_CHROMIUM = "/usr/lib/chromium/chromium"
INSTALL_HINT = (
    "no Chromium found: install Debian's package (`sudo apt-get install chromium-headless-shell` "
    "or `chromium`), run `bash scripts/setup.sh`, or name one with --browser PATH or $CONSENT_CHECKER_BROWSER"
)
# Keep Chromium from calling home: this machine (and a CI runner) may have no internet.
QUIET_ARGS = (
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--metrics-recording-only",
    "--mute-audio",
    "--hide-scrollbars",
)
# Look like a reader's browser to the page: consent libraries hide their banner when navigator.webdriver
# is true (vanilla-cookieconsent's hideFromBots default), which would turn a real banner into "none".
READER_ARGS = ("--disable-blink-features=AutomationControlled",)


ROOT_SANDBOX_NOTE = (
    "Chromium's sandbox is off: it cannot run as root; run the scan as a normal user to keep it on"
)


def sandbox_allowed() -> bool:
    """Chromium's sandbox runs for a normal user (user namespaces); as root Chromium refuses it."""
    return os.geteuid() != 0


def first_line(exc: BaseException) -> str:
    """An exception as one line (Playwright errors carry pages of browser log after the first)."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


class BrowserNotFound(Exception):
    """No usable Chromium executable."""


@dataclass(frozen=True)
class BrowserChoice:
    """Which executable to run and how it allows third-party cookies."""

    executable: str
    headless_shell: bool


def _playwright_browsers() -> list[Path]:
    root = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    found: list[Path] = []
    for pattern in (
        "chromium_headless_shell-*/chrome-*/headless_shell",
        "chromium_headless_shell-*/chrome-*/chrome-headless-shell",
        "chromium-*/chrome-linux*/chrome",
    ):
        found.extend(sorted(root.glob(pattern), reverse=True))
    return [p for p in found if os.access(p, os.X_OK)]


# Debian's launchers are shell scripts that add flags; Playwright must run the real binaries.
DEBIAN_WRAPPERS = {
    "/usr/bin/chromium": DEBIAN_CHROMIUM,
    "/usr/bin/chromium-headless-shell": DEBIAN_HEADLESS_SHELL,
}


def _real_binary(path: str) -> str:
    """Follow Debian's wrapper scripts to the binary they start; any other path is used as given."""
    real = DEBIAN_WRAPPERS.get(os.path.realpath(path)) or DEBIAN_WRAPPERS.get(path)
    return real if real and os.access(real, os.X_OK) else path


def _is_headless_shell(path: str) -> bool:
    name = Path(path).name
    return "headless_shell" in name or "headless-shell" in name


# Chromium-based browsers a user may have on PATH (Ubuntu runners ship google-chrome).
PATH_NAMES = (
    "chromium-headless-shell",
    "chromium",
    "chromium-browser",
    "google-chrome-stable",
    "google-chrome",
    "chrome",
)
BROWSER_ENV = "CONSENT_CHECKER_BROWSER"


@functools.cache
def _start_problem(path: str) -> str | None:
    """Why the executable cannot start (a missing library, a stub), or None when `--version` works."""
    try:
        done = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return first_line(exc)
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        return f"exit code {done.returncode}" + (f": {lines[0]}" if lines else "")
    return None


def _choice(path: str) -> BrowserChoice:
    real = _real_binary(path)
    return BrowserChoice(real, _is_headless_shell(real))


def _path_browsers() -> list[str]:
    found = [shutil.which(name) for name in PATH_NAMES]
    # A snap launcher cannot use a profile folder outside the snap's confinement.
    return [p for p in found if p and not os.path.realpath(p).startswith("/snap/")]


def find_browser(explicit: str | None = None) -> BrowserChoice:
    """Pick a browser that starts: --browser, else $CONSENT_CHECKER_BROWSER, else one Playwright
    installed, else Debian's packages, else a Chromium or Chrome on PATH."""
    given, source = (explicit, "--browser") if explicit else (os.environ.get(BROWSER_ENV), f"${BROWSER_ENV}")
    if given:
        resolved = shutil.which(given) or given
        if not (os.path.isfile(resolved) and os.access(resolved, os.X_OK)):
            raise BrowserNotFound(f"{source} {given}: not an executable file")
        choice = _choice(resolved)
        problem = _start_problem(choice.executable)
        if problem:
            raise BrowserNotFound(f"{source} {given}: does not start ({problem})")
        return choice
    candidates = [
        *map(str, _playwright_browsers()),
        DEBIAN_HEADLESS_SHELL,
        DEBIAN_CHROMIUM,
        *_path_browsers(),
    ]
    broken = []
    for candidate in dict.fromkeys(candidates):
        if not os.access(candidate, os.X_OK):
            continue
        choice = _choice(candidate)
        problem = _start_problem(choice.executable)
        if problem is None:
            return choice
        broken.append(f"{choice.executable} does not start ({problem})")
    raise BrowserNotFound("; ".join([*broken, INSTALL_HINT]) if broken else INSTALL_HINT)


def host_resolver_rules(host_map: Sequence[str]) -> str | None:
    """Turn PATTERN=ADDR[:PORT] entries into Chromium's --host-resolver-rules value."""
    rules = []
    for entry in host_map:
        pattern, sep, target = entry.partition("=")
        if not sep or not pattern.strip() or not target.strip():
            raise ValueError(f"--host-map {entry!r}: expected PATTERN=ADDR[:PORT]")
        rules.append(f"MAP {pattern.strip()} {target.strip()}")
    return ", ".join(rules) if rules else None


@dataclass
class Launched:
    """A running browser, what it is, and how to stop it."""

    browser: Browser
    info: BrowserInfo
    _process: subprocess.Popen[bytes] | None = None
    _profile: str | None = None

    async def close(self) -> None:
        """Close the browser and remove its temporary profile."""
        with contextlib.suppress(Exception):  # the browser may already be gone
            await self.browser.close()
        if self._process is not None:
            self._process.terminate()
            try:
                await asyncio.to_thread(self._process.wait, 10)
            except subprocess.TimeoutExpired:
                self._process.kill()
        if self._profile:
            shutil.rmtree(self._profile, ignore_errors=True)


# Full Chromium's stderr goes here, inside its throw-away profile, so a failed start can say why.
STDERR_LOG = "chromium-stderr.log"
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child before exec: Linux kills the browser when the tool dies (even by SIGKILL), so no
    browser is left running a scanned page with nobody watching."""
    # No prctl (not Linux): nothing to arrange, and a child before exec has nowhere to report it.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _last_line(path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return lines[-1][:300] if lines else ""


async def _wait_for_devtools_port(profile: Path, process: subprocess.Popen[bytes]) -> int:
    marker = profile / "DevToolsActivePort"
    for _ in range(600):
        if marker.exists():
            text = marker.read_text().split()
            if text:
                return int(text[0])
        if process.poll() is not None:
            said = _last_line(profile / STDERR_LOG)
            raise BrowserNotFound(
                f"the browser exited at start-up (code {process.returncode})" + (f": {said}" if said else "")
            )
        await asyncio.sleep(0.025)
    raise BrowserNotFound("the browser did not open its DevTools port within 15 s")


async def launch(pw: Playwright, choice: BrowserChoice, extra_args: Sequence[str]) -> Launched:
    """Start the browser so that every context it creates allows third-party cookies."""
    args = [*QUIET_ARGS, *READER_ARGS, *extra_args]
    sandbox = sandbox_allowed()
    if choice.headless_shell:
        # chromium-headless-shell allows third-party cookies by default.
        browser = await pw.chromium.launch(
            executable_path=choice.executable, headless=True, args=args, chromium_sandbox=sandbox
        )
        policy = "headless shell default: third-party cookies allowed"
        launched = Launched(browser, _info(browser, choice, policy, sandbox))
    else:
        # Full Chromium blocks third-party cookies through a profile preference that no switch or
        # CDP call changes; a profile that sets cookie_controls_mode 0 allows them, and every
        # context created from that browser inherits it. Playwright's launch() owns the profile,
        # so start the browser ourselves and connect over CDP.
        profile = Path(tempfile.mkdtemp(prefix="consent-checker-profile-"))
        (profile / "Default").mkdir()
        prefs = {"profile": {"cookie_controls_mode": 0}}
        (profile / "Default" / "Preferences").write_text(json.dumps(prefs))
        log = (profile / STDERR_LOG).open("wb")
        process = subprocess.Popen(
            [
                choice.executable,
                "--headless",
                *([] if sandbox else ["--no-sandbox"]),
                f"--user-data-dir={profile}",
                "--remote-debugging-port=0",
                *args,
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=log,
            preexec_fn=_die_with_parent,
        )
        log.close()  # the child holds its own copy
        try:
            port = await _wait_for_devtools_port(profile, process)
            browser = await pw.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
        except BaseException:
            process.kill()
            shutil.rmtree(profile, ignore_errors=True)
            raise
        policy = "profile preference cookie_controls_mode=0: third-party cookies allowed"
        launched = Launched(browser, _info(browser, choice, policy, sandbox), process, str(profile))
    try:
        session = await launched.browser.new_browser_cdp_session()
        version = await session.send("Browser.getVersion")
        await session.detach()
    except BaseException:
        await launched.close()
        raise
    user_agent = str(version.get("userAgent", "")).replace("HeadlessChrome", "Chrome")
    launched.info = replace(launched.info, user_agent=user_agent)
    return launched


def _info(browser: Browser, choice: BrowserChoice, policy: str, sandbox: bool) -> BrowserInfo:
    return BrowserInfo(
        sandbox=sandbox,
        sandbox_note="" if sandbox else ROOT_SANDBOX_NOTE,
        name="chromium-headless-shell" if choice.headless_shell else "chromium",
        version=browser.version,
        executable=choice.executable,
        headless=True,
        third_party_cookies="allowed",
        cookie_policy=policy,
    )
