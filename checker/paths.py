"""Where the shipped rules folder lives, in a wheel and in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def rules_dir() -> Path:
    """Return the shipped `rules` folder: inside the package (wheel), else the repository's."""
    packaged = _PACKAGE_DIR / "bundled_rules"  # the wheel force-includes rules/ here
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent / "rules"
