"""Collect evidence: one shared browser, a fresh context per phase (before, accept, reject)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import async_playwright

from checker import __version__
from checker.consent import detect_banner, give_consent
from checker.cookie_line import days, iso, parse_cookie_line
from checker.domains import is_public_suffix
from checker.launch import Launched, find_browser, host_resolver_rules, launch
from checker.models import (
    PHASES,
    Banner,
    BrowserInfo,
    ConsentAction,
    Cookie,
    CookieWrite,
    Evidence,
    PhaseSnapshot,
    RefusedCookie,
    Request,
    Screenshot,
    Settle,
    SiteEvidence,
    StorageItem,
)

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext, CDPSession, Frame, Page
    from playwright.async_api import Request as PwRequest
    from playwright.async_api import Response as PwResponse

    from checker.recipes import Recipe

CAPTURE_JS = Path(__file__).with_name("capture.js")
SCHEMA_VERSION = "1"
# Requests open longer than this (long polling, streams) do not keep the page "busy".
LONG_REQUEST_S = 3.0
# A setTimeout delay seen this many times in one frame is a loop, not a one-off late tag.
TIMER_LOOP_COUNT = 3


@dataclass(frozen=True)
class ScanOptions:
    """How to collect: browser, network mapping and the settle budget."""

    host_map: tuple[str, ...] = ()
    ignore_https_errors: bool = False
    locale: str = "en-GB"
    timeout_s: float = 30.0
    quiet_ms: int = 500
    settle_max_ms: int = 10000
    click_settle_max_ms: int = 6000
    keep_values: bool = False
    concurrency: int = 1
    browser_path: str | None = None
    screenshots: bool = True


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _slug(url: str) -> str:
    parts = urlsplit(url)
    raw = f"{parts.hostname or 'site'}{parts.path}".strip("/")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", raw).strip("-")[:60]
    return f"{slug}-{_sha256(url)[:8]}"


@dataclass
class _Write:
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
class _Recorder:
    """Everything one phase observes while the page runs."""

    page_url: str
    t0: float = field(default_factory=time.time)
    last_activity: float = field(default_factory=time.time)
    inflight: dict[int, float] = field(default_factory=dict)
    timers: dict[tuple[str, str], float] = field(default_factory=dict)
    timer_counts: dict[tuple[str, int], int] = field(default_factory=dict)
    writes: list[_Write] = field(default_factory=list)
    requests: dict[int, dict[str, Any]] = field(default_factory=dict)
    initiators: dict[str, str] = field(default_factory=dict)
    cdp_urls: dict[str, str] = field(default_factory=dict)
    refused: list[RefusedCookie] = field(default_factory=list)
    cdp_responses: set[str] = field(default_factory=set)
    set_cookie_responses: dict[str, list[str]] = field(default_factory=dict)
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
                self._add_write(
                    epoch,
                    line.name,
                    line.domain,
                    line.path,
                    "js",
                    data.get("script") or data["frame"],
                    line.deletes,
                    line.declared_expires,
                    line.value,
                    line.secure,
                    False,
                    line.same_site,
                )
            self.touch()
        elif kind == "cookiestore":
            host = urlsplit(data["frame"]).hostname or ""
            domain = f".{data['domain'].lstrip('.')}" if data.get("domain") else host
            expires = data["expires"] / 1000 if data.get("expires") is not None else None
            deletes = data["op"] == "delete" or (expires is not None and expires <= epoch)
            self._add_write(
                epoch,
                data["name"],
                domain,
                "/",
                "js",
                data.get("script") or data["frame"],
                deletes,
                expires,
                "",
                False,
                False,
                None,
            )
            self.touch()
        elif kind == "timer":
            loop_key = (data["token"], int(data["delay"]))
            seen = self.timer_counts.get(loop_key, 0)
            self.timer_counts[loop_key] = seen + 1
            if seen < TIMER_LOOP_COUNT:
                self.timers[(data["token"], str(data["id"]))] = data["due"] / 1000
        elif kind == "timer_done" and self.timers.pop((data["token"], str(data["id"])), None) is not None:
            self.touch()

    def _add_write(
        self,
        epoch: float,
        name: str,
        domain: str,
        path: str,
        via: str,
        source: str,
        deletes: bool,
        declared: float | None,
        value: str,
        secure: bool,
        http_only: bool,
        same_site: str | None,
    ) -> None:
        self.writes.append(
            _Write(
                int((epoch - self.t0) * 1000),
                epoch,
                name,
                domain,
                path,
                via,
                source,
                deletes,
                declared,
                value,
                secure,
                http_only,
                same_site,
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
        self.set_cookie_responses.setdefault(response.url, []).extend(lines)
        for raw in lines:
            line = parse_cookie_line(raw, response.url, epoch)
            if line is not None:
                self._add_write(
                    epoch,
                    line.name,
                    line.domain,
                    line.path,
                    "http",
                    response.url,
                    line.deletes,
                    line.declared_expires,
                    line.value,
                    line.secure,
                    line.http_only,
                    line.same_site,
                )
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
        if url:
            self.cdp_responses.add(url)
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


async def _settle(rec: _Recorder, stage: str, quiet_ms: int, max_ms: int) -> Settle:
    start = time.time()
    quiet_s = quiet_ms / 1000
    while True:
        now = time.time()
        if now >= rec.busy_until() + quiet_s:
            return Settle(stage, int((now - start) * 1000), True)  # type: ignore[arg-type]
        if now - start >= max_ms / 1000:
            return Settle(stage, int((now - start) * 1000), False)  # type: ignore[arg-type]
        await asyncio.sleep(0.05)


STORAGE_JS = """() => {
  const read = (store) => {
    const out = [];
    try {
      for (let i = 0; i < store.length; i++) { const k = store.key(i); out.push([k, store.getItem(k)]); }
    }
    catch (e) { /* opaque or sandboxed origin */ }
    return out;
  };
  let local = [], session = [];
  try { local = read(window.localStorage); } catch (e) {}
  try { session = read(window.sessionStorage); } catch (e) {}
  return { origin: location.origin, local, session };
}"""


class PhaseFailed(Exception):
    """The phase could not run (the page did not load); what was collected is kept."""


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _cookie_key(name: str, domain: str, path: str) -> tuple[str, str, str]:
    return name, domain.lower(), path or "/"


def _declared_days(write: _Write) -> float | None:
    return days(write.declared_expires - write.epoch) if write.declared_expires is not None else None


def _build_cookies(
    rec: _Recorder, jar: Sequence[dict[str, Any]], keep_values: bool, snapshot_epoch: float
) -> tuple[tuple[Cookie, ...], tuple[RefusedCookie, ...]]:
    """Join the final jar with the write timeline: provenance, declared expiry, set-then-deleted."""
    writes: dict[tuple[str, str, str], list[_Write]] = {}
    for w in sorted(rec.writes, key=lambda w: w.epoch):
        writes.setdefault(_cookie_key(w.name, w.domain, w.path), []).append(w)
    by_name: dict[tuple[str, str], list[_Write]] = {}
    for (name, domain, _path), ws in writes.items():
        by_name.setdefault((name, domain), []).extend(ws)
    cookies: list[Cookie] = []
    present: set[tuple[str, str, str]] = set()
    for c in jar:
        key = _cookie_key(c["name"], c["domain"], c.get("path", "/"))
        present.add(key)
        # Same name, domain and path first; a write we saw under another path is still the best clue.
        candidates = writes.get(key) or sorted(by_name.get(key[:2], []), key=lambda w: w.epoch)
        present.update(_cookie_key(w.name, w.domain, w.path) for w in candidates)
        sets = [w for w in candidates if not w.deletes]
        last = sets[-1] if sets else None
        expires = float(c.get("expires", -1))
        session = bool(c.get("session", expires < 0)) or expires < 0
        set_epoch = last.epoch if last else snapshot_epoch
        value = str(c.get("value", ""))
        partition = c.get("partitionKey")
        cookies.append(
            Cookie(
                name=c["name"],
                domain=c["domain"],
                path=c.get("path", "/"),
                expires=None if session else iso(expires),
                lifetime_days=None if session else days(expires - set_epoch),
                declared_expires=iso(last.declared_expires) if last else None,
                declared_lifetime_days=_declared_days(last) if last else None,
                secure=bool(c.get("secure", False)),
                http_only=bool(c.get("httpOnly", False)),
                same_site=str(c.get("sameSite") or "Lax"),
                session=session,
                partition_key=(
                    None
                    if not partition
                    else partition
                    if isinstance(partition, str)
                    else json.dumps(partition)
                ),
                size=int(c.get("size", len(c["name"]) + len(value))),
                value_sha256=_sha256(value),
                value=value if keep_values else None,
                set_via=last.via if last else "unknown",  # type: ignore[arg-type]
                set_by=last.source if last else None,
                first_seen_ms=sets[0].t_ms if sets else None,
            )
        )
    refused_known = {(r.name, r.url) for r in rec.refused}
    refused = list(rec.refused)
    for key, ws in writes.items():
        sets = [w for w in ws if not w.deletes]
        if key in present or not sets:
            continue
        last = sets[-1]
        deleted_later = any(w.deletes and w.epoch >= last.epoch for w in ws)
        expired = last.declared_expires is not None and last.declared_expires <= snapshot_epoch
        if not (deleted_later or expired):
            # Written but never in the jar: the browser refused it. Scripts probe for the
            # registrable domain by writing to a public suffix first (gtag does); that is not a refusal.
            if (last.name, last.source) not in refused_known and not is_public_suffix(last.domain):
                refused.append(
                    RefusedCookie(
                        name=last.name,
                        url=last.source,
                        reasons=("NotStored",),
                        domain=last.domain,
                        t_ms=last.t_ms,
                    )
                )
            continue
        cookies.append(
            Cookie(
                name=last.name,
                domain=last.domain,
                path=last.path,
                declared_expires=iso(last.declared_expires),
                declared_lifetime_days=_declared_days(last),
                secure=last.secure,
                http_only=last.http_only,
                same_site=(last.same_site or "Lax").capitalize(),
                session=last.declared_expires is None,
                size=len(last.name) + len(last.value),
                value_sha256=_sha256(last.value),
                value=last.value if keep_values else None,
                set_via=last.via,  # type: ignore[arg-type]
                set_by=last.source,
                first_seen_ms=sets[0].t_ms,
                deleted=True,
            )
        )
    cookies.sort(key=lambda c: (c.domain.lstrip("."), c.name, c.path))
    return tuple(cookies), tuple(refused)


def _timeline(rec: _Recorder, refused: Sequence[RefusedCookie]) -> tuple[CookieWrite, ...]:
    refused_keys = {(r.name, r.url) for r in refused}

    def action(w: _Write) -> Literal["set", "delete", "refused"]:
        if w.deletes:
            return "delete"
        if (w.name, w.source) in refused_keys or is_public_suffix(w.domain):
            return "refused"
        return "set"

    return tuple(
        CookieWrite(
            t_ms=w.t_ms,
            name=w.name,
            domain=w.domain,
            via=w.via,  # type: ignore[arg-type]
            source=w.source,
            action=action(w),
            declared_expires=iso(w.declared_expires),
        )
        for w in sorted(rec.writes, key=lambda w: w.epoch)
    )


def _requests(rec: _Recorder) -> tuple[Request, ...]:
    return tuple(
        Request(
            url=r["url"],
            method=r["method"],
            resource_type=r["resource_type"],
            status=r["status"],
            frame_url=r["frame_url"],
            initiator=rec.initiators.get(r["url"]),
            t_ms=r["t_ms"],
            failure=r["failure"],
        )
        for r in sorted(rec.requests.values(), key=lambda r: int(r["t_ms"]))
    )


async def _storage(page: Page, keep_values: bool) -> tuple[StorageItem, ...]:
    items: dict[tuple[str, str, str], StorageItem] = {}
    for frame in page.frames:
        try:
            data = await frame.evaluate(STORAGE_JS)
        except PlaywrightError:
            continue
        origin = data["origin"]
        for kind in ("local", "session"):
            for key, value in data[kind]:
                value = value or ""
                items[(origin, kind, key)] = StorageItem(
                    origin=origin,
                    kind=kind,
                    key=key,
                    size=len(key) + len(value),
                    value_sha256=_sha256(value),
                    value=value if keep_values else None,
                )
    return tuple(items[k] for k in sorted(items))


async def _jar(context: BrowserContext, cdp: CDPSession | None) -> list[dict[str, Any]]:
    if cdp is not None:
        with contextlib.suppress(PlaywrightError):
            result = await cdp.send("Network.getAllCookies")
            return list(result.get("cookies", []))
    return [dict(c) for c in await context.cookies()]


async def _attach_frame(context: BrowserContext, frame: Frame, rec: _Recorder, seen: set[int]) -> None:
    """Out-of-process iframes have their own network: listen there too, for refused cookies."""
    if frame.parent_frame is None or id(frame) in seen:
        return
    seen.add(id(frame))
    try:
        session = await context.new_cdp_session(frame)
    except PlaywrightError:
        seen.discard(id(frame))  # same-process frame for now; it may move to its own process later
        return
    session.on("Network.requestWillBeSent", rec.on_will_be_sent)
    session.on("Network.responseReceivedExtraInfo", rec.on_extra_info)
    with contextlib.suppress(PlaywrightError):
        await session.send("Network.enable")


@dataclass(frozen=True)
class _PhaseJob:
    browser: Browser
    url: str
    phase: str
    options: ScanOptions
    recipes: Sequence[Recipe]
    user_agent: str
    out_dir: Path


async def _run_phase(job: _PhaseJob) -> PhaseSnapshot:
    options = job.options
    started_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    rec = _Recorder(page_url=job.url)
    settles: list[Settle] = []
    banner: Banner | None = None
    action: ConsentAction | None = None
    error: str | None = None
    page: Page | None = None
    cdp: CDPSession | None = None
    context: BrowserContext | None = None
    try:
        context = await job.browser.new_context(
            ignore_https_errors=options.ignore_https_errors,
            locale=options.locale,
            viewport={"width": 1280, "height": 800},
            user_agent=job.user_agent or None,
        )
        await context.expose_binding("__ccReport", rec.on_report)
        await context.add_init_script(path=str(CAPTURE_JS))
        context.on("request", rec.on_request)
        context.on("requestfinished", rec.on_request_done)
        context.on("requestfailed", rec.on_request_done)
        context.on("response", rec.on_response)
        page = await context.new_page()
        cdp = await context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", rec.on_will_be_sent)
        cdp.on("Network.responseReceivedExtraInfo", rec.on_extra_info)
        await cdp.send("Network.enable")
        attached: set[int] = set()
        ctx = context
        page.on("framenavigated", lambda frame: rec.spawn(_attach_frame(ctx, frame, rec, attached)))
        rec.t0 = time.time()
        rec.touch()
        try:
            await page.goto(job.url, wait_until="domcontentloaded", timeout=options.timeout_s * 1000)
        except PlaywrightError as exc:
            raise PhaseFailed(f"could not load {job.url}: {_short(exc)}") from exc
        with contextlib.suppress(PlaywrightError):
            await page.wait_for_load_state("load", timeout=options.settle_max_ms)
        settles.append(await _settle(rec, "load", options.quiet_ms, options.settle_max_ms))
        banner = await detect_banner(page, job.recipes)
        if job.phase != "before":
            action = await give_consent(page, job.phase, job.recipes, rec.now_ms)  # type: ignore[arg-type]
            if action.clicks:
                # Tags a click starts may fire after a pause: watch a full quiet window from here.
                rec.touch()
                settles.append(
                    await _settle(rec, "after_click", options.quiet_ms, options.click_settle_max_ms)
                )
    except PhaseFailed as exc:
        error = str(exc)
    except Exception as exc:  # a broken page or browser must not cost what was collected
        error = f"{job.phase} phase broke: {_short(exc)}"
    if context is None:
        return _empty_snapshot(job, started_at, rec, error or "no browser context")
    return await _snapshot(job, context, page, cdp, rec, started_at, settles, banner, action, error)


def _empty_snapshot(job: _PhaseJob, started_at: str, rec: _Recorder, error: str) -> PhaseSnapshot:
    return PhaseSnapshot(
        phase=job.phase,  # type: ignore[arg-type]
        url=job.url,
        final_url=job.url,
        started_at=started_at,
        duration_ms=rec.now_ms(),
        error=error,
    )


async def _snapshot(
    job: _PhaseJob,
    context: BrowserContext,
    page: Page | None,
    cdp: CDPSession | None,
    rec: _Recorder,
    started_at: str,
    settles: list[Settle],
    banner: Banner | None,
    action: ConsentAction | None,
    error: str | None,
) -> PhaseSnapshot:
    """Take whatever can still be read, even from a broken page, then close the context."""
    screenshot: Screenshot | None = None
    storage: tuple[StorageItem, ...] = ()
    final_url = job.url
    try:
        if page is not None and not page.is_closed():
            final_url = page.url
            if job.options.screenshots and error is None:
                rel = Path("screenshots") / f"{_slug(job.url)}-{job.phase}.png"
                target = job.out_dir / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                with contextlib.suppress(PlaywrightError):
                    data = await page.screenshot(path=str(target), timeout=10000)
                    screenshot = Screenshot(rel.as_posix(), hashlib.sha256(data).hexdigest())
            storage = await _storage(page, job.options.keep_values)
        if rec.tasks:
            await asyncio.wait(list(rec.tasks), timeout=2)
        jar = await _jar(context, cdp)
    except Exception as exc:  # keep the rest of the phase
        jar = []
        error = error or f"{job.phase} phase broke while taking the snapshot: {_short(exc)}"
    snapshot_epoch = time.time()
    cookies, refused = _build_cookies(rec, jar, job.options.keep_values, snapshot_epoch)
    with contextlib.suppress(Exception):
        await context.close()
    return PhaseSnapshot(
        phase=job.phase,  # type: ignore[arg-type]
        url=job.url,
        final_url=final_url,
        started_at=started_at,
        duration_ms=int((snapshot_epoch - rec.t0) * 1000),
        settle=tuple(settles),
        banner=banner,
        action=action,
        cookies=cookies,
        cookie_writes=_timeline(rec, refused),
        refused_cookies=refused,
        storage=storage,
        requests=_requests(rec),
        screenshot=screenshot,
        error=error,
    )


async def scan_site(
    browser: Browser,
    url: str,
    options: ScanOptions,
    recipes: Sequence[Recipe],
    user_agent: str,
    out_dir: Path,
) -> SiteEvidence:
    """Run the three phases of one URL, each in its own fresh context, concurrently."""
    jobs = [_PhaseJob(browser, url, phase, options, recipes, user_agent, out_dir) for phase in PHASES]
    snapshots = await asyncio.gather(*(_run_phase(job) for job in jobs))
    errors = list(dict.fromkeys(s.error for s in snapshots if s.error))
    return SiteEvidence(
        url=url,
        status="error" if errors else "ok",
        error="; ".join(errors) if errors else None,
        phases={s.phase: s for s in snapshots},
    )


# Chromium's reasons for refusing a cookie because of the third-party cookie policy (CDP).
THIRD_PARTY_BLOCK_REASONS = frozenset(
    {"UserPreferences", "ThirdPartyPhaseout", "ThirdPartyBlockedInFirstPartySet"}
)


def _observed_policy(info: BrowserInfo, sites: Sequence[SiteEvidence]) -> BrowserInfo:
    """The launch set a policy; the refusals show whether the browser kept to it."""
    seen = sorted(
        {
            reason
            for site in sites
            for phase in site.phases.values()
            for refused in phase.refused_cookies
            for reason in refused.reasons
            if reason in THIRD_PARTY_BLOCK_REASONS
        }
    )
    if not seen:
        return info
    policy = f"{info.cookie_policy}; yet the browser refused third-party cookies ({', '.join(seen)})"
    return replace(info, third_party_cookies="blocked", cookie_policy=policy)


def _options_record(options: ScanOptions) -> dict[str, Any]:
    return {
        "host_map": list(options.host_map),
        "ignore_https_errors": options.ignore_https_errors,
        "locale": options.locale,
        "timeout_s": options.timeout_s,
        "quiet_ms": options.quiet_ms,
        "settle_max_ms": options.settle_max_ms,
        "click_settle_max_ms": options.click_settle_max_ms,
        "keep_values": options.keep_values,
        "concurrency": options.concurrency,
    }


async def collect(
    urls: Sequence[str],
    options: ScanOptions,
    recipes: Sequence[Recipe],
    out_dir: Path,
    on_site: Callable[[SiteEvidence], None] | None = None,
) -> Evidence:
    """Scan every URL with one browser and return the evidence (screenshots go under out_dir)."""
    choice = find_browser(options.browser_path)
    args: list[str] = []
    rules = host_resolver_rules(options.host_map)
    if rules:
        args.append(f"--host-resolver-rules={rules}")
    started_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    limit = asyncio.Semaphore(max(1, options.concurrency))
    async with async_playwright() as pw:
        launched: Launched = await launch(pw, choice, args)
        try:

            async def one(url: str) -> SiteEvidence:
                async with limit:
                    try:
                        site = await scan_site(
                            launched.browser, url, options, recipes, launched.info.user_agent, out_dir
                        )
                    except Exception as exc:  # one site's failure must not cost the others
                        site = SiteEvidence(url=url, status="error", error=f"scan broke: {_short(exc)}")
                if on_site is not None:
                    on_site(site)
                return site

            sites = await asyncio.gather(*(one(u) for u in urls))
        finally:
            await launched.close()
    return Evidence(
        schema_version=SCHEMA_VERSION,
        tool={"name": "consent-checker", "version": __version__},
        browser=_observed_policy(launched.info, sites),
        started_at=started_at,
        options=_options_record(options),
        sites=tuple(sites),
    )
