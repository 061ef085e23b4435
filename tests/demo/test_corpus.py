"""The consent corpus end to end: every CMP replica, consent library and banner-free page, scanned in real
Chromium; each choice must take effect (judged by the cookies it leaves and the CMP's own record)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from checker.demo.corpus import CorpusPage, corpus_pages
from checker.demo.corpus.outcome import PageOutcome, page_outcome
from checker.demo.server import DemoServer
from checker.launch import BrowserNotFound, find_browser
from checker.models import Evidence
from checker.pipeline import scan_urls
from checker.scan_options import ScanOptions

pytestmark = pytest.mark.browser
PAGES = corpus_pages()
LOAD_TIMEOUT_S = 20.0  # generous: a loaded 2-core runner must not turn a slow page into a timeout


@pytest.fixture(scope="module")
def evidence(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Evidence]:
    try:
        find_browser(None)
    except BrowserNotFound as exc:
        pytest.skip(str(exc))
    with DemoServer() as srv:
        options = ScanOptions(
            host_map=tuple(srv.host_rules()),
            ignore_https_errors=True,
            concurrency=2,
            timeout_s=LOAD_TIMEOUT_S,
            site_timeout_s=90.0,
        )
        yield scan_urls([p.url for p in PAGES], options, tmp_path_factory.mktemp("corpus"))


def outcome(evidence: Evidence, page: CorpusPage) -> PageOutcome:
    [site] = [s for s in evidence.sites if s.url == page.url]
    return page_outcome(page, site)


def test_the_corpus_covers_twelve_cmps_two_libraries_and_banner_free_pages() -> None:
    replicas = {p.expect.cmp for p in PAGES if p.kind == "replica" and p.expect.cmp != "generic"}
    assert len(replicas) >= 12
    assert len([p for p in PAGES if p.kind == "library"]) >= 2
    assert len([p for p in PAGES if p.kind == "no-banner"]) >= 2


@pytest.mark.parametrize("page", PAGES, ids=[p.id for p in PAGES])
def test_each_page_gets_its_banner_and_choices(evidence: Evidence, page: CorpusPage) -> None:
    got = outcome(evidence, page)
    assert got.problems == ()
    assert got.detected is page.expect.banner
    if page.expect.banner:
        assert (got.cmp, got.accept_ok, got.reject_ok) == (page.expect.cmp, True, True)
        assert got.reject_layers == page.expect.reject_layers
        assert got.withdraw_ok is page.expect.withdraw
