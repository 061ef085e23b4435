"""Collect evidence: one shared browser, a fresh context per phase (before, accept, reject, withdraw)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playwright.async_api import Error as PlaywrightError

from checker.challenges import Signature
from checker.consent import ConsentKit, Detection, detect_banner, give_consent, withdraw_consent
from checker.cookie_join import build_cookies, cookie_timeline, request_records, sha256_text
from checker.document import FACTS_TIMEOUT_S, DocumentWatch, read_document
from checker.evaluate import NO_CLICK_PHASES, consent_click_ms
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
from checker.screenshots import har_path, screenshot_path
from checker.signals.extract import STORED_KEYS, JarValue, build_signals
from checker.signals.reads import FRAME_READ_TIMEOUT_S, FrameRead, read_signals

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext, CDPSession, FloatRect, Frame, Page, ViewportSize

CAPTURE_JS = Path(__file__).with_name("capture.js")
# The gpc phase: the Global Privacy Control as a browser that supports it sends it (header and DOM property).
GPC_HEADERS = {"Sec-GPC": "1"}
GPC_JS = """Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {
  get: () => true, configurable: true, enumerable: true,
});"""
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


# One frame's storage read gives up after this (a frame stuck in a script must not hold the snapshot).
FRAME_STORAGE_TIMEOUT_S = 5.0
SCREENSHOT_TIMEOUT_S = 10.0
# Below this much time left in the snapshot, the CMP APIs are not asked (cookies and requests still are).
MIN_SIGNAL_READ_S = 0.5


async def _storage(
    page: Page, keep_values: bool, deadline: float, notes: list[str]
) -> tuple[StorageItem, ...]:
    """Every frame's localStorage and sessionStorage, as far as `deadline` (loop time) allows; a frame
    that could not be read is noted with why, and the others are still read."""
    items: dict[tuple[str, str, str], StorageItem] = {}
    loop = asyncio.get_running_loop()
    for frame in page.frames:
        left = min(FRAME_STORAGE_TIMEOUT_S, deadline - loop.time())
        if left <= 0:
            notes.append(f"storage of frame {frame.url} not read: the snapshot's time was up")
            continue
        try:
            data = await asyncio.wait_for(frame.evaluate(STORAGE_JS), timeout=left)
        except (PlaywrightError, TimeoutError) as exc:
            why = f"no answer within {left:.1f} s" if isinstance(exc, TimeoutError) else first_line(exc)
            notes.append(f"storage of frame {frame.url} not read: {why}")
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
    """What a scan runs with besides its options: consent recipes and lexicons, challenge signatures, the
    output folder."""

    consent: ConsentKit
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
# Within the snapshot: how long to wait for the recorder's pending reads (Set-Cookie headers), and what
# is left over when the page's facts are read, for the jar and the record itself.
TASKS_WAIT_S = 2.0
SNAPSHOT_MARGIN_S = 1.0


@dataclass
class _PhaseState:
    """What a phase has gathered so far; kept when the phase is cut short by the site's time budget."""

    rec: Recorder
    settles: list[Settle]
    banner: Banner | None = None
    action: ConsentAction | None = None
    prior_action: ConsentAction | None = None
    notes: list[str] = field(default_factory=list)
    page: Page | None = None
    cdp: CDPSession | None = None
    context: BrowserContext | None = None
    watch: DocumentWatch | None = None


def snapshot_reserve_s(site_timeout_s: float) -> float:
    """Of a site's time budget, the part kept for the phases' snapshots (a quarter, at most 20 s)."""
    return min(SNAPSHOT_RESERVE_S, site_timeout_s / 4)


async def _run_phase(job: _PhaseJob) -> PhaseSnapshot:
    started_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    state = _PhaseState(Recorder(), [])
    reserve_s = snapshot_reserve_s(job.options.site_timeout_s)
    try:
        error = await _drive_within(job, state, job.options.site_timeout_s - reserve_s)
        if state.context is None:
            return _empty_snapshot(job, started_at, state.rec, error or "no browser context")
        return await _snapshot(job, state, started_at, error, reserve_s)
    finally:
        # Cut off or not, a phase leaves no context behind it: a hostile page must not run on.
        if state.context is not None:
            await asyncio.shield(_close_quietly(state.context))


async def _drive_within(job: _PhaseJob, state: _PhaseState, budget_s: float) -> str | None:
    """Drive the phase within its budget; the reason it stopped early, or None."""
    try:
        await asyncio.wait_for(_drive_phase(job, state), timeout=budget_s)
    except PhaseFailed as exc:
        return str(exc)
    except TimeoutError:
        return f"{job.phase} phase exceeded the site time budget ({job.options.site_timeout_s:g} s)"
    except Exception as exc:  # a broken page or browser must not cost what was collected
        return f"{job.phase} phase broke: {first_line(exc)}"
    return None


async def _open_page(job: _PhaseJob, state: _PhaseState) -> Page:
    """A fresh context (downloads refused) with every recorder attached, and its one page."""
    rec = state.rec
    har = job.inputs.out_dir / har_path(job.url, job.phase) if job.options.har else None
    if har is not None:
        har.parent.mkdir(parents=True, exist_ok=True)
    context = await job.browser.new_context(
        ignore_https_errors=job.options.ignore_https_errors,
        locale=job.options.locale,
        viewport={"width": 1280, "height": 800},
        user_agent=job.user_agent or None,
        accept_downloads=False,
        extra_http_headers=GPC_HEADERS if job.phase == "gpc" else None,
        # Written when the context closes; bodies are left out (headers, cookies and timings are kept).
        record_har_path=str(har) if har is not None else None,
        record_har_content="omit",
    )
    state.context = context
    await context.expose_binding("__ccReport", rec.on_report)
    await context.add_init_script(path=str(CAPTURE_JS))
    if job.phase == "gpc":
        await context.add_init_script(GPC_JS)
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
    kit = job.inputs.consent
    detection = await detect_banner(page, kit)
    state.banner = replace(detection.banner, screenshot=await _banner_crop(job, detection, state.notes))
    if job.phase in NO_CLICK_PHASES:
        return  # no click: what the page does on its own (with the Global Privacy Control on, in gpc)
    intent = "accept" if job.phase == "withdraw" else job.phase
    action = await give_consent(page, intent, kit, rec.now_ms, detection)  # type: ignore[arg-type]
    action = await _after_choice(
        job, state, action, f"{intent}-choice" if job.phase == "withdraw" else "choice"
    )
    if job.phase == "withdraw":
        state.prior_action = action
        await _withdraw(job, state, action)
        return
    # Recorded before the reload: a phase cut short by its time budget keeps the choice it made.
    state.action = action
    if job.phase == "reject" and action.done and not action.navigated:
        state.action = replace(action, reprompted=await _reprompted(job, state))


async def _after_choice(
    job: _PhaseJob, state: _PhaseState, action: ConsentAction, shot: str
) -> ConsentAction:
    """Let the tags a click starts fire (they may wait a pause), then picture the page."""
    if not action.clicks:
        return action
    state.rec.touch()
    options = job.options
    state.settles.append(
        await settle(state.rec, "after_click", options.quiet_ms, options.click_settle_max_ms)
    )
    assert state.page is not None
    notes: list[str] = []
    picture = await _screenshot(job, state.page, notes, shot)
    return replace(action, screenshot=picture, failures=(*action.failures, *notes))


async def _reload(job: _PhaseJob, state: _PhaseState) -> Detection:
    """Reload the page as a returning reader would, settle, and look for the banner again."""
    page, rec, options = state.page, state.rec, job.options
    assert page is not None
    rec.touch()
    await page.reload(wait_until="domcontentloaded", timeout=options.timeout_s * 1000)
    with contextlib.suppress(PlaywrightError):  # a hanging subresource: settling watches the rest
        await page.wait_for_load_state("load", timeout=min(options.settle_max_ms, LOAD_WAIT_MS))
    state.settles.append(await settle(rec, "reload", options.quiet_ms, options.settle_max_ms))
    return await detect_banner(page, job.inputs.consent)


async def _reprompted(job: _PhaseJob, state: _PhaseState) -> bool | None:
    """After a refusal, does the banner come back on the next page view? None when the reload failed."""
    try:
        return (await _reload(job, state)).found is not None
    except PlaywrightError as exc:
        state.notes.append(f"reload after the choice failed: {first_line(exc)}")
        return None


async def _withdraw(job: _PhaseJob, state: _PhaseState, accepted: ConsentAction) -> None:
    """Withdraw phase: after the accept, find the way back, refuse there, then reload and keep watching.
    Without an accept there is nothing to withdraw: the phase then has no withdraw action to judge."""
    if not accepted.done:
        state.notes.append(
            f"withdrawal not tried: accept could not be done first ({accepted.note or 'no banner'})"
        )
        return
    assert state.page is not None
    action = await withdraw_consent(state.page, job.inputs.consent, state.rec.now_ms, accepted)
    state.action = action = await _after_choice(job, state, action, "choice")
    if not action.done or action.navigated:
        return
    try:
        again = await _reload(job, state)
    except PlaywrightError as exc:
        why = f"reload after withdrawing failed: {first_line(exc)}"
        state.action = replace(action, failures=(*action.failures, why))
        return
    state.action = replace(action, reprompted=again.found is not None)


async def _banner_crop(job: _PhaseJob, detection: Detection, notes: list[str]) -> Screenshot | None:
    """The banner itself, cropped from the page (None when there is none, or it cannot be painted)."""
    if detection.found is None:
        return None
    rel = screenshot_path(job.url, f"{job.phase}-banner")
    target = job.inputs.out_dir / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    page = detection.found.frame.page
    try:
        # Clipped from the viewport, never scrolled into view: scrolling may count as consent on some
        # sites, and the choice must be made on the page as it loaded.
        box = await detection.found.locator().bounding_box(timeout=SCREENSHOT_TIMEOUT_S * 1000)
        clip = _in_viewport(box, page.viewport_size)
        if clip is None:
            notes.append("no banner screenshot: the banner is outside the viewport")
            return None
        data = await page.screenshot(path=str(target), clip=clip, timeout=SCREENSHOT_TIMEOUT_S * 1000)
    except PlaywrightError as exc:  # closed or moved meanwhile: the phase screenshot still shows the page
        notes.append(f"no banner screenshot: {first_line(exc)}")
        return None
    return Screenshot(rel.as_posix(), hashlib.sha256(data).hexdigest())


def _in_viewport(box: FloatRect | None, viewport: ViewportSize | None) -> FloatRect | None:
    """The part of `box` inside the viewport, or None when nothing of it is."""
    if box is None or viewport is None:
        return None
    x0, y0 = max(0.0, box["x"]), max(0.0, box["y"])
    x1 = min(float(viewport["width"]), box["x"] + box["width"])
    y1 = min(float(viewport["height"]), box["y"] + box["height"])
    if x1 - x0 < 1 or y1 - y0 < 1:
        return None
    return {"x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0}


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


@dataclass
class _Reads:
    """What the snapshot read from the page so far; kept when it runs out of time."""

    final_url: str
    screenshot: Screenshot | None = None
    storage: tuple[StorageItem, ...] = ()
    jar: list[dict[str, Any]] = field(default_factory=list)
    document: Document | None = None
    notes: list[str] = field(default_factory=list)
    signals: tuple[FrameRead, ...] = ()
    signal_failures: tuple[str, ...] = ()


async def _read_page(
    job: _PhaseJob, state: _PhaseState, error: str | None, reads: _Reads, budget_s: float
) -> None:
    """Read the page for the snapshot, the cheapest and surest first: the cookie jar (the browser
    answers even when the page does not), the document, then, if the page answers, the screenshot and
    the storage, all within `budget_s`."""
    page, rec = state.page, state.rec
    assert state.context is not None
    loop = asyncio.get_running_loop()
    deadline = loop.time() + budget_s
    alive = page is not None and not page.is_closed()
    if page is not None and alive:
        reads.final_url = page.url
    reads.jar = await _jar(state.context, state.cdp)
    if rec.tasks:
        await asyncio.wait(list(rec.tasks), timeout=min(TASKS_WAIT_S, max(0.0, deadline - loop.time())))
    if page is None or not alive or page.is_closed() or state.watch is None:
        return
    names = [str(c.get("name", "")) for c in reads.jar]
    # From the budget, not the clock: the same budget gives the same limit (and the same evidence).
    facts_s = max(0.5, min(FACTS_TIMEOUT_S, budget_s - TASKS_WAIT_S - SNAPSHOT_MARGIN_S))
    reads.document = await read_document(page, state.watch, names, job.inputs.signatures, facts_s)
    if reads.document.facts_error is not None:
        return  # a page that does not answer cannot be painted or read either: don't wait for it twice
    if error is None:
        reads.screenshot = await _screenshot(job, page, reads.notes)
    reads.storage = await _storage(page, job.options.keep_values, deadline, reads.notes)
    # Within the snapshot's own deadline, with its margin: a read still waiting must not cost the snapshot.
    left_s = min(FRAME_READ_TIMEOUT_S, deadline - loop.time() - SNAPSHOT_MARGIN_S)
    if left_s < MIN_SIGNAL_READ_S:
        reads.signal_failures = ("consent signals not read from the page: the snapshot's time was up",)
        return
    reads.signals, reads.signal_failures = await read_signals(page, STORED_KEYS, left_s)


async def _snapshot(
    job: _PhaseJob, state: _PhaseState, started_at: str, error: str | None, budget_s: float
) -> PhaseSnapshot:
    """Take whatever can still be read within `budget_s`, even from a broken page."""
    rec = state.rec
    reads = _Reads(final_url=job.url)
    try:
        await asyncio.wait_for(_read_page(job, state, error, reads, budget_s), timeout=budget_s)
    except TimeoutError:
        error = (
            error or f"{job.phase} phase: the snapshot ran out of time ({budget_s:g} s); kept what it read"
        )
    except Exception as exc:  # keep the rest of the phase
        error = error or f"{job.phase} phase broke while taking the snapshot: {first_line(exc)}"
    snapshot_epoch = time.time()
    cookies, refused = build_cookies(rec, reads.jar, job.options.keep_values, snapshot_epoch)
    watch = state.watch
    snapshot = PhaseSnapshot(
        phase=job.phase,  # type: ignore[arg-type]
        url=job.url,
        final_url=reads.final_url,
        started_at=started_at,
        duration_ms=int((snapshot_epoch - rec.t0) * 1000),
        settle=tuple(state.settles),
        banner=state.banner,
        action=state.action,
        prior_action=state.prior_action,
        cookies=cookies,
        cookie_writes=cookie_timeline(rec, refused),
        refused_cookies=refused,
        storage=reads.storage,
        requests=request_records(rec),
        screenshot=reads.screenshot,
        error=error,
        document=reads.document,
        popups=tuple(watch.popups) if watch else (),
        downloads=tuple(watch.downloads) if watch else (),
        dialogs=tuple(watch.dialogs) if watch else (),
        notes=(*state.notes, *reads.notes, *(watch.notes if watch else ())),
    )
    jar = (
        JarValue(str(c.get("name", "")), str(c.get("domain", "")), str(c.get("value", ""))) for c in reads.jar
    )
    signals = build_signals(
        reads.signals, jar, snapshot.requests, consent_click_ms(snapshot), reads.signal_failures
    )
    return replace(snapshot, signals=signals)


async def _screenshot(job: _PhaseJob, page: Page, notes: list[str], shot: str = "") -> Screenshot | None:
    """The viewport as a PNG beside the evidence; a page that cannot be painted (busy, gone) has none,
    and the note says why."""
    rel = screenshot_path(job.url, f"{job.phase}-{shot}" if shot else job.phase)
    target = job.inputs.out_dir / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        data = await page.screenshot(path=str(target), timeout=SCREENSHOT_TIMEOUT_S * 1000)
    except PlaywrightError as exc:
        notes.append(f"no screenshot: {first_line(exc)}")
        return None
    return Screenshot(rel.as_posix(), hashlib.sha256(data).hexdigest())


# Beyond its time budget a site gets this long for its phases to hand in their snapshots; a phase still
# running then is cut off (its context closed) and recorded as such.
SITE_GRACE_S = 10.0


async def scan_site(
    browser: Browser, url: str, options: ScanOptions, inputs: ScanInputs, user_agent: str
) -> SiteEvidence:
    """Run the five phases of one URL, each in its own fresh context, concurrently, within the site's
    time budget; phases that finished are kept whatever happens to the others."""
    jobs = {phase: _PhaseJob(browser, url, phase, options, inputs, user_agent) for phase in PHASES}
    tasks = {phase: asyncio.ensure_future(_run_phase(job)) for phase, job in jobs.items()}
    _done, late = await asyncio.wait(tasks.values(), timeout=options.site_timeout_s + SITE_GRACE_S)
    for task in late:
        task.cancel()
    await asyncio.gather(*late, return_exceptions=True)
    snapshots = [
        task.result()
        if task not in late and task.exception() is None
        else _cut_off(jobs[phase], task, options.site_timeout_s + SITE_GRACE_S)
        for phase, task in tasks.items()
    ]
    errors = list(dict.fromkeys(s.error for s in snapshots if s.error))
    return SiteEvidence(
        url=url,
        status="error" if errors else "ok",
        error="; ".join(errors) if errors else None,
        phases={s.phase: s for s in snapshots},
    )


def _cut_off(job: _PhaseJob, task: asyncio.Future[PhaseSnapshot], limit_s: float) -> PhaseSnapshot:
    """The record of a phase that did not end in time (or broke outside its own guards)."""
    if task.cancelled():
        why = f"{job.phase} phase was cut off after {limit_s:g} s (the site's time budget and its grace)"
    else:
        why = f"{job.phase} phase broke: {first_line(task.exception() or RuntimeError('unknown'))}"
    return PhaseSnapshot(
        phase=job.phase,  # type: ignore[arg-type]
        url=job.url,
        final_url=job.url,
        started_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        duration_ms=int(limit_s * 1000),
        error=why,
    )
