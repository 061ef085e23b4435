"""Finding a browser that starts, and turning --host-map into Chromium's resolver rules."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker import launch
from checker.launch import BrowserNotFound, find_browser, host_resolver_rules


def _script(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def no_system_browsers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Hide Debian's browsers and PATH; point Playwright's browser folder at an empty tmp folder."""
    monkeypatch.setattr(launch, "DEBIAN_HEADLESS_SHELL", str(tmp_path / "none" / "headless-shell"))
    monkeypatch.setattr(launch, "DEBIAN_CHROMIUM", str(tmp_path / "none" / "chromium"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    monkeypatch.delenv(launch.BROWSER_ENV, raising=False)
    browsers = tmp_path / "ms-playwright"
    browsers.mkdir()
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(browsers))
    return browsers


def test_playwrights_own_browser_comes_first(no_system_browsers: Path) -> None:
    shell = _script(
        no_system_browsers / "chromium_headless_shell-1200" / "chrome-linux" / "headless_shell",
        'echo "Chromium 150.0"',
    )
    assert find_browser() == launch.BrowserChoice(str(shell), headless_shell=True)


def test_a_browser_that_does_not_start_is_passed_over(no_system_browsers: Path, tmp_path: Path) -> None:
    _script(
        no_system_browsers / "chromium_headless_shell-1200" / "chrome-linux" / "headless_shell", "exit 127"
    )
    chrome = _script(tmp_path / "empty-bin" / "google-chrome", 'echo "Google Chrome 150"')
    assert find_browser() == launch.BrowserChoice(str(chrome), headless_shell=False)


def test_no_browser_that_starts_is_one_clear_error(no_system_browsers: Path) -> None:
    broken = _script(
        no_system_browsers / "chromium-1200" / "chrome-linux" / "chrome", "echo missing lib >&2; exit 127"
    )
    with pytest.raises(BrowserNotFound) as raised:
        find_browser()
    message = str(raised.value)
    assert message.startswith(f"{broken} does not start (exit code 127: missing lib); no Chromium found:")
    assert "\n" not in message


def test_environment_variable_names_the_browser(
    no_system_browsers: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = _script(tmp_path / "bin" / "my-browser", 'echo "Chromium 150"')
    monkeypatch.setenv(launch.BROWSER_ENV, str(mine))
    assert find_browser() == launch.BrowserChoice(str(mine), headless_shell=False)
    monkeypatch.setenv(launch.BROWSER_ENV, str(tmp_path / "nope"))
    with pytest.raises(BrowserNotFound, match=r"^\$CONSENT_CHECKER_BROWSER .*/nope: not an executable file$"):
        find_browser()


def test_explicit_browser_that_does_not_start(tmp_path: Path) -> None:
    stub = _script(tmp_path / "stub-chromium", "exit 3")
    with pytest.raises(BrowserNotFound) as raised:
        find_browser(str(stub))
    assert str(raised.value) == f"--browser {stub}: does not start (exit code 3)"


@pytest.mark.skipif(
    not os.access("/usr/lib/chromium/chromium", os.X_OK), reason="Debian chromium not installed"
)
def test_debian_wrapper_is_followed_to_the_real_binary() -> None:
    assert find_browser("/usr/bin/chromium") == launch.BrowserChoice("/usr/lib/chromium/chromium", False)


def test_host_resolver_rules() -> None:
    assert host_resolver_rules([]) is None
    assert host_resolver_rules(["*=127.0.0.1:8443", "cdn.example.com = 10.0.0.2"]) == (
        "MAP * 127.0.0.1:8443, MAP cdn.example.com 10.0.0.2"
    )
    with pytest.raises(ValueError, match=r"^--host-map 'nonsense': expected PATTERN=ADDR\[:PORT\]$"):
        host_resolver_rules(["nonsense"])


LAUNCH_AND_WAIT = """
import asyncio, sys
from playwright.async_api import async_playwright
from checker.launch import find_browser, launch

async def main() -> None:
    async with async_playwright() as pw:
        launched = await launch(pw, find_browser(sys.argv[1]), ["--user-agent=orphan-probe-" + sys.argv[2]])
        print("up", flush=True)
        await asyncio.sleep(120)

asyncio.run(main())
"""


def _probe_pids(tag: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if proc.name.isdigit() and f"orphan-probe-{tag}".encode() in cmdline:
            found.append(int(proc.name))
    return found


@pytest.mark.browser
@pytest.mark.optional_browser
def test_full_chromium_dies_with_the_tool_even_on_sigkill(tmp_path: Path) -> None:
    if not os.access(launch.DEBIAN_CHROMIUM, os.X_OK):
        pytest.skip(f"{launch.DEBIAN_CHROMIUM} is not installed")
    tag = str(os.getpid())
    tool = subprocess.Popen(
        [sys.executable, "-c", LAUNCH_AND_WAIT, launch.DEBIAN_CHROMIUM, tag],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert tool.stdout is not None and tool.stdout.readline() == "up\n"
    assert _probe_pids(tag), "the browser did not start"
    tool.send_signal(signal.SIGKILL)
    tool.wait(timeout=10)
    deadline = time.time() + 10
    while _probe_pids(tag) and time.time() < deadline:
        time.sleep(0.1)
    assert _probe_pids(tag) == []
