"""A real Chromium and a local page server for the consent tests (pages in tests/consent/pages/)."""

from __future__ import annotations

import asyncio
import functools
import http.server
import re
import threading
import time
import urllib.parse
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright import async_api as playwright_api

from checker.consent import ConsentKit, detect_banner, give_consent, load_lexicons
from checker.launch import BrowserNotFound, find_browser
from checker.models import Banner, ConsentAction, Intent
from checker.recipes import load_recipes

PAGES = Path(__file__).parent / "pages"
FRAME_HOST = "frame.test"  # mapped to 127.0.0.1: a cross-site iframe host
KIT = ConsentKit(tuple(load_recipes()), load_lexicons())
T = TypeVar("T")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        """/consent?choice=X is a server-side consent endpoint: it sets the cookie and redirects back."""
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/consent":
            super().do_GET()
            return
        choice = urllib.parse.parse_qs(url.query).get("choice", ["none"])[0]
        self.send_response(303)
        self.send_header("Set-Cookie", f"consent={re.sub(r'[^a-z]', '', choice)}; Path=/")
        self.send_header("Location", self.headers.get("Referer") or "/")
        self.send_header("Content-Length", "0")
        self.end_headers()


@dataclass
class Env:
    loop: asyncio.AbstractEventLoop
    browser: Any
    base: str

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coro)


def browser_env() -> Iterator[Env]:
    # The browser the tool itself would pick. Banner detection and clicks do not depend on the
    # third-party cookie policy, so a plain Playwright launch is enough for either Chromium build.
    try:
        choice = find_browser()
    except BrowserNotFound as exc:
        pytest.skip(str(exc))
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(PAGES))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    loop = asyncio.new_event_loop()
    pw = loop.run_until_complete(playwright_api.async_playwright().start())
    browser = loop.run_until_complete(
        pw.chromium.launch(
            executable_path=choice.executable,
            args=["--no-sandbox", f"--host-resolver-rules=MAP {FRAME_HOST} 127.0.0.1"],
        )
    )
    try:
        yield Env(loop=loop, browser=browser, base=f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        loop.run_until_complete(browser.close())
        loop.run_until_complete(pw.stop())
        loop.close()
        server.shutdown()


@dataclass(frozen=True)
class Visit:
    banner: Banner
    action: ConsentAction
    cookie: str  # document.cookie of the main frame afterwards


async def _visit(env: Env, page_name: str, intent: Intent) -> Visit:
    context = await env.browser.new_context()
    try:
        page = await context.new_page()
        await page.goto(f"{env.base}/{page_name}")
        start = time.monotonic()
        detection = await detect_banner(page, KIT)
        banner = detection.banner
        action = await give_consent(
            page, intent, KIT, lambda: int((time.monotonic() - start) * 1000), detection
        )
        await page.wait_for_load_state()
        cookie = await page.evaluate("document.cookie")
        return Visit(banner=banner, action=action, cookie=cookie)
    finally:
        await context.close()


def visit(env: Env, page_name: str, intent: Intent) -> Visit:
    """Load the page in a fresh context, detect the banner and make the choice."""
    return env.run(_visit(env, page_name, intent))
