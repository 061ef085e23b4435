"""The consent tests' shared browser and page server (see consent_env.py), one per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from consent_env import Env, browser_env


@pytest.fixture(scope="module")
def env() -> Iterator[Env]:
    yield from browser_env()
