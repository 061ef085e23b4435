"""Scan a list of sites with one browser: a pool of workers, a time budget per site, a relaunch when the
browser dies, and a clean stop on SIGTERM or Ctrl-C (finished sites are handed out as they finish)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Playwright, async_playwright

from checker.batch.store import RunEnd
from checker.browser import ScanInputs, scan_site
from checker.launch import BrowserChoice, BrowserNotFound, Launched, find_browser, first_line, launch
from checker.launch import host_resolver_rules as resolver_rules
from checker.models import BrowserInfo, PhaseSnapshot, SiteEvidence
from checker.scan_options import ScanOptions

CRASH_NOTE = "the browser died while scanning this site"
# A site whose browser dies under it is scanned this many times in all (once more after a relaunch).
SITE_ATTEMPTS = 2

SiteDone = Callable[[int, SiteEvidence], None]


@dataclass
class _BrowserSlot:
    """The running browser; relaunched once per crash, whichever worker notices it first."""

    pw: Playwright
    choice: BrowserChoice
    args: list[str]
    on_launch: Callable[[BrowserInfo], None]
    launched: Launched | None = None
    generation: int = 0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def get(self) -> tuple[Launched, int]:
        async with self.lock:
            if self.launched is None:
                await self._start()
            assert self.launched is not None
            return self.launched, self.generation

    async def relaunch(self, generation: int) -> None:
        """Replace the browser of `generation` (a later generation is already fresh)."""
        async with self.lock:
            if generation != self.generation or self.launched is None:
                return
            await self.launched.close()
            self.launched = None
            await self._start()

    async def _start(self) -> None:
        try:
            self.launched = await launch(self.pw, self.choice, self.args)
        except (PlaywrightError, OSError) as exc:
            raise BrowserNotFound(f"could not start {self.choice.executable}: {first_line(exc)}") from exc
        self.generation += 1
        self.on_launch(self.launched.info)

    async def close(self) -> None:
        if self.launched is not None:
            await self.launched.close()


async def _scan_bounded(
    launched: Launched, url: str, options: ScanOptions, inputs: ScanInputs
) -> SiteEvidence:
    """One site, bounded by its time budget (scan_site keeps the phases that finished)."""
    try:
        return await scan_site(launched.browser, url, options, inputs, launched.info.user_agent)
    except Exception as exc:  # one site's failure must not cost the others
        return SiteEvidence(url=url, status="error", error=f"scan broke: {first_line(exc)}")


async def _scan_with_retry(
    slot: _BrowserSlot, url: str, options: ScanOptions, inputs: ScanInputs
) -> SiteEvidence:
    """Scan; if the browser died meanwhile, relaunch it and try once more, then report an error that
    keeps what the last attempt's phases collected."""
    phases: dict[str, PhaseSnapshot] = {}
    for _attempt in range(SITE_ATTEMPTS):
        launched, generation = await slot.get()
        site = await _scan_bounded(launched, url, options, inputs)
        if launched.browser.is_connected():
            return site
        phases = site.phases
        await slot.relaunch(generation)
    return SiteEvidence(url=url, status="error", error=f"{CRASH_NOTE}, {SITE_ATTEMPTS} times", phases=phases)


def _browser_args(options: ScanOptions) -> list[str]:
    rules = resolver_rules(options.host_map)
    return [f"--host-resolver-rules={rules}"] if rules else []


@contextlib.contextmanager
def _stop_on_signals(stop: asyncio.Event) -> Iterator[None]:
    """SIGTERM and Ctrl-C stop the run (no new site starts); the handlers before are put back after."""
    loop = asyncio.get_running_loop()
    installed: list[tuple[signal.Signals, Any]] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        previous = signal.getsignal(sig)
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not the main thread
            loop.add_signal_handler(sig, stop.set)
            installed.append((sig, previous))
    try:
        yield
    finally:
        for sig, previous in installed:
            loop.remove_signal_handler(sig)
            signal.signal(sig, previous)


async def run_sites(
    todo: Sequence[tuple[int, str]],
    options: ScanOptions,
    inputs: ScanInputs,
    on_site: SiteDone,
    on_launch: Callable[[BrowserInfo], None],
) -> RunEnd:
    """Scan every (index, URL) with `options.concurrency` workers; each finished site goes to `on_site`
    at once and is not kept. A signal, or a browser that cannot be started again after it died, ends
    the run early: the sites in flight are dropped (not finished), the finished ones are all handed out."""
    choice = find_browser(options.browser_path)
    stop = asyncio.Event()
    lost: list[str] = []
    queue = list(reversed(todo))
    async with async_playwright() as pw:
        slot = _BrowserSlot(pw, choice, _browser_args(options), on_launch)
        try:
            await slot.get()  # a browser that cannot start fails the run before any site

            async def worker() -> None:
                while queue and not stop.is_set():
                    index, url = queue.pop()
                    try:
                        site = await _scan_with_retry(slot, url, options, inputs)
                    except BrowserNotFound as exc:
                        lost.append(f"the browser died and could not be started again: {exc}")
                        stop.set()
                        return
                    on_site(index, site)

            with _stop_on_signals(stop):
                await _until_done_or_stopped(
                    [asyncio.ensure_future(worker()) for _ in range(max(1, options.concurrency))], stop
                )
        finally:
            await slot.close()
    if lost:
        return RunEnd(False, lost[0])
    return RunEnd(False, "interrupted by a signal") if stop.is_set() else RunEnd(True)


async def _until_done_or_stopped(workers: list[asyncio.Future[None]], stop: asyncio.Event) -> None:
    """Wait for the workers; on a stop, cancel the sites in flight (they are not finished). Whatever ends
    the wait, no worker is left running; a worker's own failure is raised."""
    stopper: asyncio.Future[Any] = asyncio.ensure_future(stop.wait())
    try:
        running: set[asyncio.Future[Any]] = set(workers)
        while running and not stop.is_set():
            done, _ = await asyncio.wait(running | {stopper}, return_when=asyncio.FIRST_COMPLETED)
            running -= done
            for task in done - {stopper}:
                failure = task.exception()
                if failure is not None:
                    raise failure
    finally:
        for task in [*workers, stopper]:
            task.cancel()
        await asyncio.gather(*workers, stopper, return_exceptions=True)
