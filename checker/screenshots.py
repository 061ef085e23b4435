"""Where a phase's screenshot goes, and how a new scan clears an earlier run's screenshots."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from checker.models import PhaseSnapshot, Screenshot

FOLDER = "screenshots"
# <slug of host and path>-<8 hex of the URL's sha256>-<phase>[-banner|-choice|-accept-banner|...].png
_NAME = re.compile(r"-[0-9a-f]{8}-(before|accept|reject|withdraw)(-[a-z]+)*\.png$")


def screenshot_path(url: str, phase: str) -> PurePosixPath:
    """The screenshot's path relative to the output folder: readable, and unique per URL and phase."""
    parts = urlsplit(url)
    raw = f"{parts.hostname or 'site'}{parts.path}".strip("/")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", raw).strip("-")[:60]
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return PurePosixPath(FOLDER) / f"{slug}-{digest}-{phase}.png"


def remove_old_screenshots(out_dir: Path) -> None:
    """A new scan into a used folder must not leave an earlier run's screenshots beside its report."""
    folder = out_dir / FOLDER
    if folder.is_dir():
        for old in folder.iterdir():
            if old.is_file() and _NAME.search(old.name):
                old.unlink()


def phase_screenshots(phase: PhaseSnapshot) -> tuple[Screenshot, ...]:
    """Every screenshot a phase records: the page, the banner crop, the page after each choice."""
    shots = [phase.screenshot, phase.banner.screenshot if phase.banner else None]
    shots += [a.screenshot for a in (phase.prior_action, phase.action) if a is not None]
    return tuple(s for s in shots if s is not None)
