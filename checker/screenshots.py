"""Where a phase's screenshots and HAR go, and how a new scan clears an earlier run's files."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from checker.models import PHASES, PhaseSnapshot, Screenshot

FOLDER = "screenshots"
HAR_FOLDER = "har"
# <slug of host and path>-<8 hex of the URL's sha256>-<phase>[-banner|-choice|-accept-banner|...].png
_NAME = re.compile(rf"-[0-9a-f]{{8}}-({'|'.join(PHASES)})(-[a-z]+)*\.png$")
_HAR_NAME = re.compile(rf"-[0-9a-f]{{8}}-({'|'.join(PHASES)})\.har$")


def _stem(url: str, phase: str) -> str:
    """<slug of host and path>-<8 hex of the URL's sha256>-<phase>: readable, unique per URL and phase."""
    parts = urlsplit(url)
    raw = f"{parts.hostname or 'site'}{parts.path}".strip("/")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", raw).strip("-")[:60]
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{slug}-{digest}-{phase}"


def screenshot_path(url: str, phase: str) -> PurePosixPath:
    """The screenshot's path relative to the output folder."""
    return PurePosixPath(FOLDER) / f"{_stem(url, phase)}.png"


def har_path(url: str, phase: str) -> PurePosixPath:
    """The phase's HAR (with --har) relative to the output folder."""
    return PurePosixPath(HAR_FOLDER) / f"{_stem(url, phase)}.har"


def remove_old_screenshots(out_dir: Path) -> None:
    """A new scan into a used folder must not leave an earlier run's screenshots or HARs beside its
    report."""
    for folder, name in ((out_dir / FOLDER, _NAME), (out_dir / HAR_FOLDER, _HAR_NAME)):
        if folder.is_dir():
            for old in folder.iterdir():
                if old.is_file() and name.search(old.name):
                    old.unlink()


def phase_screenshots(phase: PhaseSnapshot) -> tuple[Screenshot, ...]:
    """Every screenshot a phase records: the page, the banner crop, the page after each choice."""
    shots = [phase.screenshot, phase.banner.screenshot if phase.banner else None]
    shots += [a.screenshot for a in (phase.prior_action, phase.action) if a is not None]
    return tuple(s for s in shots if s is not None)
