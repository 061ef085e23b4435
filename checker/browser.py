"""Collect evidence: one shared browser, a fresh context per phase (before, accept, reject)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playwright.async_api import Error as PlaywrightError

from checker.challenges import Signature
from checker.consent import detect_banner, give_consent
from checker.cookie_join import build_cookies, cookie_timeline, request_records, sha256_text
from checker.document import DocumentWatch, read_document
from checker.launch import first_line
from checker.models import (
    PHASES,
    Banner,
    ConsentAction,
    Document,
    PhaseSnapshot,
    Screenshot,
    Settle,
    SiteEvidence,
    StorageItem,
)
from checker.recorder import Recorder, settle
from checker.scan_options import ScanOptions
from checker.screenshots import screenshot_path

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext, CDPSession, Frame, Page

    from checker.recipes import Recipe

CAPTURE_JS = Path(__file__).with_name("capture.js")
SCHEMA_VERSION = "1"
LOAD_WAIT_MS = 5000


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


async def _storage(page: Page, keep_values: bool) -> tuple[StorageItem, ...]:
    items: dict[tuple[str, str, str], StorageItem] = {}
    for frame in page.frames:
        try:
            # A frame stuck in a script would otherwise hold the snapshot forever.
            data = await asyncio.wait_for(frame.evaluate(STORAGE_JS), timeout=5)
        except (PlaywrightError, TimeoutError):
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
                    value_sha256=sha256_text(value),
                    value=value if keep_values else None,
                )
    return tuple(items[k] for k in sorted(items))


async def _jar(context: BrowserContext, cdp: CDPSession | None) -> list[dict[str, Any]]:
    if cdp is not None:
        with contextlib.suppress(PlaywrightError):
            result = await cdp.send("Network.getAllCookies")
            return list(result.get("cookies", []))
    return [dict(c) for c in await context.cookies()]


async def _attach_frame(context: BrowserContext, frame: Frame, rec: Recorder, seen: set[int]) -> None:
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
class ScanInputs:
    """What a scan runs with besides its options: CMP recipes, challenge signatures, the output folder."""

    recipes: tuple[Recipe, ...]
    signatures: tuple[Signature, ...]
    out_dir: Path


@dataclass(frozen=True)
class _PhaseJob:
    browser: Browser
    url: str
    phase: str
    options: ScanOptions
    inputs: ScanInputs
    user_agent: str


# Of a site's time budget, this much is kept for taking the phases' snapshots once the budget runs out.
SNAPSHOT_RESERVE_S = 20.0


@dataclass
class _PhaseState:
    """What a phase has gathered so far; kept when the phase is cut short by the site's time budget."""

    rec: Recorder
    settles: list[Settle]
    banner: Banner | None = None
    action: ConsentAction | None = None
    page: Page | None = None
    cdp: CDPSession | None = None
    context: BrowserContext | None = None
    watch: DocumentWatch | None = None


async def _run_phase(job: _PhaseJob) -> PhaseSnapshot:
    started_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    state = _PhaseState(Recorder(), [])
    error: str | None = None
    budget_s = max(1.0, job.options.site_timeout_s - SNAPSHOT_RESERVE_S)
    try:
        await asyncio.wait_for(_drive_phase(job, state), timeout=budget_s)
    except asyncio.CancelledError:
        # The run stopped (a signal) or the site was cut off: leave no context open behind it.
        if state.context is not None:
            await asyncio.shield(_close_quietly(state.context))
        raise
    except PhaseFailed as exc:
        error = str(exc)
    except TimeoutError:
        error = f"{job.phase} phase exceeded the site time budget ({job.options.site_timeout_s:g} s)"
    except Exception as exc:  # a broken page or browser must not cost what was collected
        error = f"{job.phase} phase broke: {first_line(exc)}"
    if state.context is None:
        return _empty_snapshot(job, started_at, state.rec, error or "no browser context")
    return await _snapshot(job, state, started_at, error)


async def _open_page(job: _PhaseJob, state: _PhaseState) -> Page:
    """A fresh context (downloads refused) with every recorder attached, and its one page."""
    rec = state.rec
    context = await job.browser.new_context(
        ignore_https_errors=job.options.ignore_https_errors,
        locale=job.options.locale,
        viewport={"width": 1280, "height": 800},
        user_agent=job.user_agent or None,
        accept_downloads=False,
    )
    state.context = context
    await context.expose_binding("__ccReport", rec.on_report)
    await context.add_init_script(path=str(CAPTURE_JS))
    context.on("request", rec.on_request)
    context.on("requestfinished", rec.on_request_done)
    context.on("requestfailed", rec.on_request_done)
    context.on("response", rec.on_response)
    page = await context.new_page()
    state.page = page
    state.watch = DocumentWatch(page)
    state.watch.attach()
    cdp = await context.new_cdp_session(page)
    state.cdp = cdp
    cdp.on("Network.requestWillBeSent", rec.on_will_be_sent)
    cdp.on("Network.responseReceivedExtraInfo", rec.on_extra_info)
    await cdp.send("Network.enable")
    attached: set[int] = set()
    page.on("framenavigated", lambda frame: rec.spawn(_attach_frame(context, frame, rec, attached)))
    return page


async def _drive_phase(job: _PhaseJob, state: _PhaseState) -> None:
    """Load the page, settle, find the banner and (but before) make the choice."""
    options = job.options
    rec = state.rec
    page = await _open_page(job, state)
    rec.t0 = time.time()
    rec.touch()
    try:
        await page.goto(job.url, wait_until="domcontentloaded", timeout=options.timeout_s * 1000)
    except PlaywrightError as exc:
        raise PhaseFailed(f"could not load {job.url}: {first_line(exc)}") from exc
    load_started = time.time()
    with contextlib.suppress(PlaywrightError):
        # A hanging subresource can hold the load event forever; settling watches the rest.
        await page.wait_for_load_state("load", timeout=min(options.settle_max_ms, LOAD_WAIT_MS))
    spent = int((time.time() - load_started) * 1000)
    quiet = await settle(rec, "load", options.quiet_ms, max(0, options.settle_max_ms - spent))
    state.settles.append(replace(quiet, waited_ms=quiet.waited_ms + spent))
    state.banner = await detect_banner(page, job.inputs.recipes)
    if job.phase == "before":
        return
    state.action = await give_consent(page, job.phase, job.inputs.recipes, rec.now_ms)  # type: ignore[arg-type]
    if state.action.clicks:
        # Tags a click starts may fire after a pause: watch a full quiet window from here.
        rec.touch()
        state.settles.append(await settle(rec, "after_click", options.quiet_ms, options.click_settle_max_ms))


async def _close_quietly(context: BrowserContext) -> None:
    with contextlib.suppress(PlaywrightError):  # the browser may be gone already: nothing to close then
        await context.close()


def _empty_snapshot(job: _PhaseJob, started_at: str, rec: Recorder, error: str) -> PhaseSnapshot:
    return PhaseSnapshot(
        phase=job.phase,  # type: ignore[arg-type]
        url=job.url,
        final_url=job.url,
        started_at=started_at,
        duration_ms=rec.now_ms(),
        error=error,
    )


async def _snapshot(job: _PhaseJob, state: _PhaseState, started_at: str, error: str | None) -> PhaseSnapshot:
    """Take whatever can still be read, even from a broken page, then close the context."""
    assert state.context is not None
    page, rec = state.page, state.rec
    screenshot: Screenshot | None = None
    storage: tuple[StorageItem, ...] = ()
    document: Document | None = None
    final_url = job.url
    try:
        if page is not None and not page.is_closed():
            final_url = page.url
            if error is None:
                screenshot = await _screenshot(job, page)
            storage = await _storage(page, job.options.keep_values)
        if rec.tasks:
            await asyncio.wait(list(rec.tasks), timeout=2)
        jar = await _jar(state.context, state.cdp)
        if page is not None and state.watch is not None and not page.is_closed():
            names = [str(c.get("name", "")) for c in jar]
            document = await read_document(page, state.watch, names, job.inputs.signatures)
    except Exception as exc:  # keep the rest of the phase
        jar = []
        error = error or f"{job.phase} phase broke while taking the snapshot: {first_line(exc)}"
    snapshot_epoch = time.time()
    cookies, refused = build_cookies(rec, jar, job.options.keep_values, snapshot_epoch)
    await _close_quietly(state.context)
    watch = state.watch
    return PhaseSnapshot(
        phase=job.phase,  # type: ignore[arg-type]
        url=job.url,
        final_url=final_url,
        started_at=started_at,
        duration_ms=int((snapshot_epoch - rec.t0) * 1000),
        settle=tuple(state.settles),
        banner=state.banner,
        action=state.action,
        cookies=cookies,
        cookie_writes=cookie_timeline(rec, refused),
        refused_cookies=refused,
        storage=storage,
        requests=request_records(rec),
        screenshot=screenshot,
        error=error,
        document=document,
        popups=tuple(watch.popups) if watch else (),
        downloads=tuple(watch.downloads) if watch else (),
        dialogs=tuple(watch.dialogs) if watch else (),
    )


async def _screenshot(job: _PhaseJob, page: Page) -> Screenshot | None:
    rel = screenshot_path(job.url, job.phase)
    target = job.inputs.out_dir / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        data = await page.screenshot(path=str(target), timeout=10000)
    except PlaywrightError:
        return None  # a page that cannot be painted (busy, gone) has no screenshot; the rest is kept
    return Screenshot(rel.as_posix(), hashlib.sha256(data).hexdigest())


async def scan_site(
    browser: Browser, url: str, options: ScanOptions, inputs: ScanInputs, user_agent: str
) -> SiteEvidence:
    """Run the three phases of one URL, each in its own fresh context, concurrently."""
    jobs = [_PhaseJob(browser, url, phase, options, inputs, user_agent) for phase in PHASES]
    snapshots = await asyncio.gather(*(_run_phase(job) for job in jobs))
    errors = list(dict.fromkeys(s.error for s in snapshots if s.error))
    return SiteEvidence(
        url=url,
        status="error" if errors else "ok",
        error="; ".join(errors) if errors else None,
        phases={s.phase: s for s in snapshots},
    )
