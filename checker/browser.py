"""Collect evidence: one shared browser, a fresh context per phase (before, accept, reject)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import async_playwright

from checker import __version__
from checker.consent import detect_banner, give_consent
from checker.cookie_join import build_cookies, cookie_timeline, request_records, sha256_text
from checker.launch import BrowserNotFound, Launched, find_browser, first_line, host_resolver_rules, launch
from checker.models import (
    PHASES,
    Banner,
    BrowserInfo,
    ConsentAction,
    Evidence,
    PhaseSnapshot,
    Screenshot,
    Settle,
    SiteEvidence,
    StorageItem,
)
from checker.recorder import Recorder, settle
from checker.screenshots import screenshot_path
from checker.serialize import to_dict

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext, CDPSession, Frame, Page

    from checker.recipes import Recipe

CAPTURE_JS = Path(__file__).with_name("capture.js")
SCHEMA_VERSION = "1"
LOAD_WAIT_MS = 5000


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
    rec = Recorder()
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
            raise PhaseFailed(f"could not load {job.url}: {first_line(exc)}") from exc
        load_started = time.time()
        with contextlib.suppress(PlaywrightError):
            # A hanging subresource can hold the load event forever; settling watches the rest.
            await page.wait_for_load_state("load", timeout=min(options.settle_max_ms, LOAD_WAIT_MS))
        spent = int((time.time() - load_started) * 1000)
        quiet = await settle(rec, "load", options.quiet_ms, max(0, options.settle_max_ms - spent))
        settles.append(replace(quiet, waited_ms=quiet.waited_ms + spent))
        banner = await detect_banner(page, job.recipes)
        if job.phase != "before":
            action = await give_consent(page, job.phase, job.recipes, rec.now_ms)  # type: ignore[arg-type]
            if action.clicks:
                # Tags a click starts may fire after a pause: watch a full quiet window from here.
                rec.touch()
                settles.append(
                    await settle(rec, "after_click", options.quiet_ms, options.click_settle_max_ms)
                )
    except PhaseFailed as exc:
        error = str(exc)
    except Exception as exc:  # a broken page or browser must not cost what was collected
        error = f"{job.phase} phase broke: {first_line(exc)}"
    if context is None:
        return _empty_snapshot(job, started_at, rec, error or "no browser context")
    return await _snapshot(job, context, page, cdp, rec, started_at, settles, banner, action, error)


def _empty_snapshot(job: _PhaseJob, started_at: str, rec: Recorder, error: str) -> PhaseSnapshot:
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
    rec: Recorder,
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
            if error is None:
                rel = screenshot_path(job.url, job.phase)
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
        error = error or f"{job.phase} phase broke while taking the snapshot: {first_line(exc)}"
    snapshot_epoch = time.time()
    cookies, refused = build_cookies(rec, jar, job.options.keep_values, snapshot_epoch)
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
        cookie_writes=cookie_timeline(rec, refused),
        refused_cookies=refused,
        storage=storage,
        requests=request_records(rec),
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


def observed_policy(info: BrowserInfo, sites: Sequence[SiteEvidence]) -> BrowserInfo:
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
        try:
            launched: Launched = await launch(pw, choice, args)
        except (PlaywrightError, OSError) as exc:
            raise BrowserNotFound(f"could not start {choice.executable}: {first_line(exc)}") from exc
        try:

            async def one(url: str) -> SiteEvidence:
                async with limit:
                    try:
                        site = await scan_site(
                            launched.browser, url, options, recipes, launched.info.user_agent, out_dir
                        )
                    except Exception as exc:  # one site's failure must not cost the others
                        site = SiteEvidence(url=url, status="error", error=f"scan broke: {first_line(exc)}")
                if on_site is not None:
                    on_site(site)
                return site

            sites = await asyncio.gather(*(one(u) for u in urls))
        finally:
            await launched.close()
    return Evidence(
        schema_version=SCHEMA_VERSION,
        tool={"name": "consent-checker", "version": __version__},
        browser=observed_policy(launched.info, sites),
        started_at=started_at,
        options=to_dict(options),
        sites=tuple(sites),
    )
