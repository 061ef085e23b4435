"""Accept or reject by a CMP recipe's steps: first layer, else settings then reject-all or save."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from checker.consent.clicker import SECOND_LAYER_POLL_S, Clicker
from checker.consent.detect import ConsentKit, Found
from checker.consent.generic_flow import generic_second_layer, mark_seen_noting
from checker.consent.outcome import Outcome
from checker.consent.steps import POLL_INTERVAL_S, first_step_visible
from checker.models import Intent
from checker.recipes import Recipe

if TYPE_CHECKING:
    from playwright.async_api import Frame


def _result(recipe: Recipe, layers: int, err: str | None, note: str | None = None) -> Outcome:
    """Done with `note`, or not done with the step error."""
    if err:
        return Outcome(False, layers, f"recipe {recipe.id}: {err}", recipe.id, "recipe")
    return Outcome(True, layers, note, recipe.id, "recipe")


async def act_recipe(clicker: Clicker, found: Found, intent: Intent, kit: ConsentKit) -> Outcome | None:
    """The recipe's path; None when its first step is not there (the caller falls back to generic)."""
    recipe, frame = found.recipe, found.frame
    assert recipe is not None and found.first_layer is not None
    clicker.watch.append((frame, found.first_layer))
    page = clicker.page
    if intent == "accept":
        if not await first_step_visible(page, recipe.accept, frame):
            return None
        return _result(recipe, 1, await clicker.run_steps(recipe.accept, frame, wait_first=False))
    if await first_step_visible(page, recipe.reject, frame):
        return _result(recipe, 1, await clicker.run_steps(recipe.reject, frame, wait_first=False))
    if not recipe.settings or not await first_step_visible(page, recipe.settings, frame):
        return None
    return await through_settings(clicker, recipe, frame, kit)


async def through_settings(clicker: Clicker, recipe: Recipe, frame: Frame, kit: ConsentKit) -> Outcome:
    """Open the settings layer with the recipe's settings steps, then refuse on it (two layers)."""
    seen = await mark_seen_noting(clicker)
    err = await clicker.run_steps(recipe.settings, frame, wait_first=False)
    if err:
        return Outcome(False, 2, f"recipe {recipe.id}: settings {err}", recipe.id, "recipe")
    clicker.layer = "settings"
    return await settings_layer(clicker, recipe, frame, seen, kit, layers=2)


async def settings_layer(
    clicker: Clicker, recipe: Recipe, frame: Frame, seen: str, kit: ConsentKit, *, layers: int
) -> Outcome:
    """On an open settings layer: the recipe's reject-all, else its save with every purpose off, polling;
    when its selectors are stale, the generic detector reads the layer."""
    page = clicker.page
    deadline = time.monotonic() + SECOND_LAYER_POLL_S
    while True:
        if await first_step_visible(page, recipe.reject_second_layer, frame):
            err = await clicker.run_steps(recipe.reject_second_layer, frame, wait_first=False)
            return _result(recipe, layers, err, "second layer: reject all")
        if await first_step_visible(page, recipe.save, frame):
            before = len(clicker.clicks)
            err = await clicker.run_steps(recipe.save, frame, wait_first=False)
            off = len(clicker.clicks) - before - 1
            note = f"second layer: saved with every optional purpose off ({off} switched off)"
            return _result(recipe, layers, err, note)
        if time.monotonic() >= deadline:
            break
        await asyncio.sleep(POLL_INTERVAL_S)
    done, note = await generic_second_layer(clicker, seen, kit)
    return Outcome(
        done, layers, f"recipe {recipe.id} second layer not recognised; {note}", "generic", "generic"
    )


async def reject_on_reopened(
    clicker: Clicker, recipe: Recipe, frame: Frame, seen: str, kit: ConsentKit
) -> Outcome:
    """After the recipe's reopen steps: whichever layer they opened, refuse there (a settings layer
    already open is used as it is; the settings opener is clicked only when neither layer shows)."""
    page = clicker.page
    if await first_step_visible(page, recipe.reject, frame):
        return _result(recipe, 1, await clicker.run_steps(recipe.reject, frame, wait_first=False))
    second = recipe.reject_second_layer, recipe.save
    if any([await first_step_visible(page, steps, frame) for steps in second]) or not recipe.settings:
        clicker.layer = "settings"
        return await settings_layer(clicker, recipe, frame, seen, kit, layers=1)
    if await first_step_visible(page, recipe.settings, frame):
        return await through_settings(clicker, recipe, frame, kit)
    clicker.layer = "settings"
    return await settings_layer(clicker, recipe, frame, seen, kit, layers=2)
