"""What one phase observes while its page runs: cookie writes, requests, refusals, timers; and settling."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from playwright.async_api import Error as PlaywrightError

from checker.cookie_line import CookieLine, cookie_domain, parse_cookie_line
from checker.models import RefusedCookie, Settle

if TYPE_CHECKING:
    from playwright.async_api import Request as PwRequest
    from playwright.async_api import Response as PwResponse

# Requests open longer than this (long polling, streams) do not keep the page "busy".
LONG_REQUEST_S = 3.0
# A setTimeout delay seen this many times in one frame is a loop, not a one-off late tag.
TIMER_LOOP_COUNT = 3


@dataclass
class Write:
    """A cookie write as first recorded (mutable recorder state, not evidence)."""

    t_ms: int
    epoch: float
    name: str
    domain: str
    path: str
    via: str
    source: str
    deletes: bool
    declared_expires: float | None
    value: str
    secure: bool = False
    http_only: bool = False
    same_site: str | None = None


@dataclass
class Recorder:
    """Everything one phase observes while the page runs."""

    t0: float = field(default_factory=time.time)
    last_activity: float = field(default_factory=time.time)
    inflight: dict[int, float] = field(default_factory=dict)
    timers: dict[tuple[str, str], float] = field(default_factory=dict)
    timer_counts: dict[tuple[str, int], int] = field(default_factory=dict)
    writes: list[Write] = field(default_factory=list)
    requests: dict[int, dict[str, Any]] = field(default_factory=dict)
    initiators: dict[str, str] = field(default_factory=dict)
    cdp_urls: dict[str, str] = field(default_factory=dict)
    refused: list[RefusedCookie] = field(default_factory=list)
    tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def now_ms(self) -> int:
        return int((time.time() - self.t0) * 1000)

    def touch(self) -> None:
        self.last_activity = time.time()

    def spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    # --- in-page reports (document.cookie, Cookie Store API, timers) ---
    def on_report(self, _source: Any, payload: str) -> None:
        data = json.loads(payload)
        kind = data["kind"]
        epoch = data["t"] / 1000
        if kind == "cookie":
            line = parse_cookie_line(data["line"], data["frame"], epoch)
            if line is not None:
                self.add_write(epoch, line, "js", data.get("script") or data["frame"])
            self.touch()
        elif kind == "cookiestore":
            expires = data["expires"] / 1000 if data.get("expires") is not None else None
            line = CookieLine(
                name=data["name"],
                value="",
                domain=cookie_domain(data.get("domain"), data["frame"]),
                path="/",
                declared_expires=expires,
                deletes=data["op"] == "delete" or (expires is not None and expires <= epoch),
                same_site=None,
                secure=False,
                http_only=False,
            )
            self.add_write(epoch, line, "js", data.get("script") or data["frame"])
            self.touch()
        elif kind == "timer":
            loop_key = (data["token"], int(data["delay"]))
            seen = self.timer_counts.get(loop_key, 0)
            self.timer_counts[loop_key] = seen + 1
            if seen < TIMER_LOOP_COUNT:
                self.timers[(data["token"], str(data["id"]))] = data["due"] / 1000
        elif kind == "timer_done" and self.timers.pop((data["token"], str(data["id"])), None) is not None:
            self.touch()

    def add_write(self, epoch: float, line: CookieLine, via: str, source: str) -> None:
        """Record one cookie write; scripts cannot set HttpOnly, whatever the line says."""
        self.writes.append(
            Write(
                t_ms=int((epoch - self.t0) * 1000),
                epoch=epoch,
                name=line.name,
                domain=line.domain,
                path=line.path,
                via=via,
                source=source,
                deletes=line.deletes,
                declared_expires=line.declared_expires,
                value=line.value,
                secure=line.secure,
                http_only=line.http_only and via == "http",
                same_site=line.same_site,
            )
        )

    # --- network (Playwright events, all frames of the context) ---
    def on_request(self, request: PwRequest) -> None:
        if request.url.startswith(("data:", "blob:")):
            return
        self.touch()
        self.inflight[id(request)] = time.time()
        try:
            # A navigation request's frame still shows its previous URL (about:blank or "").
            frame_url: str | None = request.url if request.is_navigation_request() else request.frame.url
        except PlaywrightError:
            frame_url = None
        self.requests[id(request)] = {
            "url": request.url,
            "method": request.method,
            "resource_type": request.resource_type,
            "status": None,
            "frame_url": frame_url,
            "t_ms": self.now_ms(),
            "failure": None,
        }

    def on_request_done(self, request: PwRequest) -> None:
        self.inflight.pop(id(request), None)
        self.touch()
        entry = self.requests.get(id(request))
        if entry is not None and request.failure:
            entry["failure"] = request.failure

    def on_response(self, response: PwResponse) -> None:
        self.touch()
        entry = self.requests.get(id(response.request))
        if entry is not None:
            entry["status"] = response.status
        self.spawn(self._read_set_cookies(response, time.time()))

    async def _read_set_cookies(self, response: PwResponse, epoch: float) -> None:
        try:
            headers = await response.headers_array()
        except PlaywrightError:
            return
        lines = [h["value"] for h in headers if h["name"].lower() == "set-cookie"]
        lines = [part for line in lines for part in line.split("\n") if part.strip()]
        if not lines:
            return
        for raw in lines:
            line = parse_cookie_line(raw, response.url, epoch)
            if line is not None:
                self.add_write(epoch, line, "http", response.url)
        self.touch()

    # --- CDP: initiators and refused cookies (reasons only the browser knows) ---
    def on_will_be_sent(self, event: dict[str, Any]) -> None:
        request = event.get("request", {})
        url = request.get("url", "")
        self.cdp_urls[event.get("requestId", "")] = url
        initiator = event.get("initiator", {})
        source = initiator.get("url")
        if not source:
            frames = initiator.get("stack", {}).get("callFrames", [])
            source = next((f.get("url") for f in frames if f.get("url")), None)
        if source and url:
            self.initiators.setdefault(url, source)

    def on_extra_info(self, event: dict[str, Any]) -> None:
        url = self.cdp_urls.get(event.get("requestId", ""), "")
        for blocked in event.get("blockedCookies", []):
            cookie = blocked.get("cookie") or {}
            # Chromium omits the parsed cookie for some refusals (InvalidDomain): read the line.
            parsed = parse_cookie_line(blocked.get("cookieLine", ""), url, time.time())
            self.refused.append(
                RefusedCookie(
                    name=cookie.get("name") or (parsed.name if parsed else ""),
                    url=url,
                    reasons=tuple(blocked.get("blockedReasons", [])),
                    domain=cookie.get("domain") or (parsed.domain if parsed else None),
                    t_ms=self.now_ms(),
                )
            )

    # --- settling ---
    def busy_until(self) -> float:
        now = time.time()
        until = self.last_activity
        if any(now - started < LONG_REQUEST_S for started in self.inflight.values()):
            until = now
        pending = [due for due in self.timers.values() if due >= now - 1]
        if pending:
            until = max(until, max(pending))
        return until


async def settle(rec: Recorder, stage: str, quiet_ms: int, max_ms: int) -> Settle:
    start = time.time()
    quiet_s = quiet_ms / 1000
    while True:
        now = time.time()
        if now >= rec.busy_until() + quiet_s:
            return Settle(stage, int((now - start) * 1000), True)  # type: ignore[arg-type]
        if now - start >= max_ms / 1000:
            return Settle(stage, int((now - start) * 1000), False)  # type: ignore[arg-type]
        await asyncio.sleep(0.05)
