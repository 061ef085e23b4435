"""Screenshots for report.html: read from the output folder, checked against their recorded SHA-256, and
embedded once per site as data: URIs (a picture several moments share is shown once, with each moment)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from checker.report import SiteReport

ShotKind = Literal["banner", "page"]
# The first bytes of the image formats Chromium writes; anything else is not embedded.
IMAGE_TYPES: dict[bytes, str] = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


@dataclass(frozen=True)
class Moment:
    """One moment of a scan a screenshot shows ("reject: after reject")."""

    label: str
    path: str  # as the report records it, relative to the output folder


@dataclass(frozen=True)
class Shot:
    """One picture of a site, shown once in its gallery."""

    anchor: str  # the figure's id
    number: int  # 1-based within the site
    kind: ShotKind
    sha256: str  # as the report records it
    moments: tuple[Moment, ...]
    data_uri: str | None  # None: no file of this picture matched its SHA-256
    problems: tuple[str, ...]  # each file that is missing, altered or unreadable, and why


@dataclass(frozen=True)
class SiteShots:
    """A site's gallery, and which figure shows each screenshot path."""

    shots: tuple[Shot, ...]
    anchors: dict[str, str]  # screenshot path -> anchor of its figure

    def number(self, path: str) -> int:
        """The figure number that shows the screenshot at `path` (0 when there is none)."""
        anchor = self.anchors.get(path)
        return next((s.number for s in self.shots if s.anchor == anchor), 0)


@dataclass(frozen=True)
class _Recorded:
    kind: ShotKind
    label: str
    path: str
    sha256: str


def _recorded(site: SiteReport) -> Iterator[_Recorded]:
    """Every screenshot of a site with what it shows: banner crops first, then pages, in phase order."""
    for name, phase in site.phases.items():
        if phase.banner is not None and phase.banner.screenshot is not None:
            shot = phase.banner.screenshot
            yield _Recorded("banner", f"{name}: the banner", shot.path, shot.sha256)
    for name, phase in site.phases.items():
        if phase.screenshot is not None:
            yield _Recorded("page", f"{name}: the page", phase.screenshot.path, phase.screenshot.sha256)
        for action, when in ((phase.prior_action, " (before withdrawing)"), (phase.action, "")):
            if action is not None and action.screenshot is not None:
                label = f"{name}: after {action.intent}{when}"
                yield _Recorded("page", label, action.screenshot.path, action.screenshot.sha256)


def read_checked(out_dir: Path, path: str, sha256: str) -> tuple[bytes | None, str | None]:
    """The file's bytes when it is in the output folder and matches `sha256`, else None and why not."""
    root = out_dir.resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(root):
        return None, f"{path}: screenshot missing (outside the output folder)"
    try:
        data = target.read_bytes()
    except FileNotFoundError:
        return None, f"{path}: screenshot missing"
    except OSError as exc:
        return None, f"{path}: screenshot missing (cannot read it: {exc.strerror or exc})"
    actual = hashlib.sha256(data).hexdigest()
    if actual != sha256:
        return None, f"{path}: screenshot altered (its SHA-256 is {actual}, the report records {sha256})"
    return data, None


def data_uri(data: bytes) -> str | None:
    """`data` as a data: URI when it is a PNG or JPEG image, else None."""
    mime = next((m for magic, m in IMAGE_TYPES.items() if data.startswith(magic)), None)
    if mime is None:
        return None
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _embed(out_dir: Path | None, paths: list[str], sha256: str) -> tuple[str | None, tuple[str, ...]]:
    """The first file of the picture that matches its SHA-256, and what is wrong with the others."""
    if out_dir is None:
        return None, ("not embedded: the renderer was given no output folder to read it from",)
    uri: str | None = None
    problems: list[str] = []
    for path in dict.fromkeys(paths):
        data, problem = read_checked(out_dir, path, sha256)
        if problem is not None:
            problems.append(problem)
        elif uri is None and data is not None:
            uri = data_uri(data)
            if uri is None:
                problems.append(f"{path}: not embedded (not a PNG or JPEG image)")
    return uri, tuple(problems)


def site_shots(site: SiteReport, site_anchor: str, out_dir: Path | None) -> SiteShots:
    """The site's screenshots, one figure per distinct picture (by recorded SHA-256 and kind)."""
    groups: dict[tuple[ShotKind, str], list[_Recorded]] = {}
    for rec in _recorded(site):
        groups.setdefault((rec.kind, rec.sha256), []).append(rec)
    shots: list[Shot] = []
    anchors: dict[str, str] = {}
    for number, ((kind, sha256), recs) in enumerate(groups.items(), start=1):
        anchor = f"{site_anchor}-shot-{number}"
        uri, problems = _embed(out_dir, [r.path for r in recs], sha256)
        moments = tuple(Moment(r.label, r.path) for r in recs)
        shots.append(Shot(anchor, number, kind, sha256, moments, uri, problems))
        anchors.update(dict.fromkeys((r.path for r in recs), anchor))
    return SiteShots(tuple(shots), anchors)
