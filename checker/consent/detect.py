"""Find the consent banner on a page: CMP recipes first (in id order), then the generic detector."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from checker.consent.frames import FrameScan, PageScan, frame_shown, scan_page
from checker.consent.lexicon import Lexicons
from checker.consent.shapes import Candidate, Control
from checker.consent.steps import first_step_visible, visible_text
from checker.models import Banner, ControlLook
from checker.recipes import Recipe

if TYPE_CHECKING:
    from playwright.async_api import Frame, Locator, Page

BANNER_TEXT_LIMIT = 2000
_DOC_TOKENS = itertools.count(1)


@dataclass(frozen=True)
class ConsentKit:
    """What consent interaction runs with: the CMP recipes (tried in this order) and the lexicons."""

    recipes: tuple[Recipe, ...]
    lexicons: Lexicons

    @cached_property
    def _lexicon(self) -> dict[str, list[str]]:
        return self.lexicons.merged()

    def detector_opts(self, *, with_recipes: bool = True) -> dict[str, Any]:
        """The options the in-page detector takes."""
        probes = [r.probe() for r in self.recipes] if with_recipes else []
        return {"recipes": probes, "lexicon": self._lexicon}


@dataclass(frozen=True)
class Found:
    """The banner chosen on the page: a recipe's first layer, or a generic candidate."""

    frame: Frame
    recipe: Recipe | None = None
    first_layer: str | None = None  # the recipe's first_layer selector that is visible
    candidate: Candidate | None = None  # the generic candidate (for a recipe: the one in its frame, if any)

    @property
    def cmp(self) -> str:
        """The recipe id, or "generic"."""
        return self.recipe.id if self.recipe else "generic"

    @property
    def selector(self) -> str:
        """A selector of the banner's container in its frame."""
        if self.first_layer is not None:
            return self.first_layer
        assert self.candidate is not None
        return stamp(self.candidate.id)

    def locator(self) -> Locator:
        """The banner's container, visible."""
        return self.frame.locator(self.selector).filter(visible=True).first


@dataclass(frozen=True)
class Detection:
    """What detect_banner saw, handed explicitly to the consent action that follows on the same page."""

    banner: Banner
    found: Found | None
    url: str  # the main frame's URL just before the scan
    doc: str  # the token the scan stamped on every frame's document (window.__consentCheckerDoc)


def stamp(control_id: int) -> str:
    """The selector of an element the detector stamped."""
    return f'[data-consent-checker-id="{control_id}"]'


def look(control: Control, best: bool) -> ControlLook:
    """The evidence form of a detector control."""
    s = control.style
    return ControlLook(
        best=best,
        kind=control.kind,
        text=control.text,
        tag=control.tag,
        link=control.link,
        w=s.w,
        h=s.h,
        font_px=s.font_px,
        font_weight=s.font_weight,
        color=s.color,
        background=s.background,
        boxed=s.own_background or s.border,
        underline=s.underline,
    )


def _ranked(scans: PageScan) -> list[tuple[Candidate, FrameScan]]:
    pairs = [(c, s) for s in scans.frames for c in s.result.candidates if c.is_banner]
    return sorted(pairs, key=lambda cs: (cs[0].score, cs[1].top), reverse=True)


async def _recipe_found(scans: PageScan, recipe: Recipe) -> Found | None:
    if not any(s.result.probe.get(recipe.id) and s.result.probe[recipe.id].present for s in scans.frames):
        return None
    for scan in scans.frames:
        probe = scan.result.probe.get(recipe.id)
        if probe is not None and probe.first_layer and await frame_shown(scan.frame):
            in_frame = [c for c in scan.result.candidates if c.is_banner]
            return Found(
                frame=scan.frame,
                recipe=recipe,
                first_layer=probe.first_layer,
                candidate=max(in_frame, key=lambda c: c.score, default=None),
            )
    return None


async def choose(scans: PageScan, recipes: tuple[Recipe, ...]) -> Found | None:
    """The first recipe (in order) whose CMP is present with its first layer shown, else the best generic
    candidate in a shown frame."""
    for recipe in recipes:
        found = await _recipe_found(scans, recipe)
        if found is not None:
            return found
    for candidate, scan in _ranked(scans):
        if await frame_shown(scan.frame):
            return Found(frame=scan.frame, candidate=candidate)
    return None


async def detect_banner(page: Page, kit: ConsentKit) -> Detection:
    """Look for a consent banner in every frame; the Detection is what give_consent acts on."""
    url = page.main_frame.url
    doc = f"d{next(_DOC_TOKENS)}"
    scans = await scan_page(page, kit.detector_opts(), doc=doc)
    found = await choose(scans, kit.recipes)
    if found is None:
        return Detection(banner=_no_banner(scans), found=None, url=url, doc=doc)
    return Detection(banner=await banner_of(page, found, scans.failures), found=found, url=url, doc=doc)


def _no_banner(scans: PageScan) -> Banner:
    closed = next((c for s in scans.frames for c in s.result.closed_shadow), None)
    if closed is None:
        return Banner(detected=False, failures=scans.failures)
    return Banner(
        detected=True,
        cmp="generic",
        operable=False,
        text=f"a banner-like element ({closed.selector}) whose content is in a closed shadow root",
        failures=scans.failures,
    )


async def banner_of(page: Page, found: Found, failures: tuple[str, ...] = ()) -> Banner:
    """The Banner evidence of what was found."""
    candidate = found.candidate
    picks = (
        {candidate.best.accept, candidate.best.reject, candidate.best.settings, candidate.best.save}
        if candidate
        else set()
    )
    controls = tuple(look(c, c.id in picks) for c in candidate.controls) if candidate else ()
    if found.recipe is not None:
        recipe = found.recipe
        return Banner(
            detected=True,
            cmp=recipe.id,
            frame_url=found.frame.url,
            text=(await visible_text(found.locator()))[:BANNER_TEXT_LIMIT],
            accept_on_first_layer=await first_step_visible(page, recipe.accept, found.frame),
            reject_on_first_layer=await first_step_visible(page, recipe.reject, found.frame),
            settings_on_first_layer=await first_step_visible(page, recipe.settings, found.frame),
            controls=controls,
            failures=failures,
        )
    assert candidate is not None
    return Banner(
        detected=True,
        cmp="generic",
        frame_url=found.frame.url,
        text=candidate.text[:BANNER_TEXT_LIMIT],
        accept_on_first_layer=candidate.best.accept is not None,
        reject_on_first_layer=candidate.best.reject is not None,
        settings_on_first_layer=candidate.best.settings is not None,
        controls=controls,
        failures=failures,
    )
