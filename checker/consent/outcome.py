"""What one accept / reject / withdraw attempt came to, before it becomes a ConsentAction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Outcome:
    """Done or not, through how many layers, how (note), and who acted (a recipe or the generic detector)."""

    done: bool
    layers: int
    note: str | None
    cmp: str
    acted_by: Literal["recipe", "generic", "none"]


def not_done(note: str, cmp: str = "generic", layers: int = 0) -> Outcome:
    """An attempt that could not be carried out, and why."""
    return Outcome(False, layers, note, cmp, "none" if cmp == "generic" else "recipe")
