"""Whether a phase saw the page: every kind of answer that is not the page, and how phases combine."""

from __future__ import annotations

from dataclasses import replace

import pytest

from checker.models import Challenge, Document, PhaseSnapshot, Redirect, SiteEvidence
from checker.observation import PhaseObservation, phase_observation, site_observation

URL = "https://www.news.example/article"
ARTICLE = Document(status=200, url=URL, title="Talks", text_chars=5400, media=3)
CF = Challenge("Cloudflare", "cloudflare-managed-challenge", "challenge", "header cf-mitigated: challenge")


def snap(phase: str = "before", document: Document | None = ARTICLE, **kw: object) -> PhaseSnapshot:
    return PhaseSnapshot(phase, URL, URL, "2026-12-02T10:00:00Z", 900, document=document, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("snapshot", "expected"),
    [
        (snap(), PhaseObservation("page")),
        # in a scan that records documents, a phase without one did not see the page
        (snap(document=None), PhaseObservation("inconclusive", "the main document could not be read")),
        (
            snap(document=replace(ARTICLE, status=503, text_chars=120)),
            PhaseObservation("inconclusive", "the server answered HTTP 503"),
        ),
        (
            snap(document=replace(ARTICLE, status=404, text_chars=0, media=0)),
            PhaseObservation("inconclusive", "the server answered HTTP 404, empty body"),
        ),
        (
            snap(document=replace(ARTICLE, status=403, challenge=CF)),
            PhaseObservation(
                "inconclusive", "Cloudflare challenge page (cloudflare-managed-challenge), HTTP 403"
            ),
        ),
        (
            snap(document=replace(ARTICLE, challenge=CF)),
            PhaseObservation("inconclusive", "Cloudflare challenge page (cloudflare-managed-challenge)"),
        ),
        (
            snap(document=replace(ARTICLE, text_chars=0, media=0)),
            PhaseObservation("inconclusive", "empty document (HTTP 200, no text, no media)"),
        ),
        # a page of pictures only is still a page
        (snap(document=replace(ARTICLE, text_chars=0, media=2)), PhaseObservation("page")),
        (
            snap(document=replace(ARTICLE, status=None)),
            PhaseObservation("inconclusive", "no response was recorded for the main document"),
        ),
        (
            snap(document=replace(ARTICLE, facts_error="the page did not answer within 10 s")),
            PhaseObservation(
                "inconclusive", "the page could not be read: the page did not answer within 10 s"
            ),
        ),
        (
            snap(document=replace(ARTICLE, url="file:///etc/passwd")),
            PhaseObservation("inconclusive", "the page ended on a file: document, not a web page"),
        ),
        (
            snap(document=None, error="could not load https://x/: net::ERR_NAME_NOT_RESOLVED"),
            PhaseObservation("error", "could not load https://x/: net::ERR_NAME_NOT_RESOLVED"),
        ),
        # an error after an error document answered: something answered, so inconclusive
        (
            snap(document=replace(ARTICLE, status=500), error="before phase broke: Timeout"),
            PhaseObservation("inconclusive", "the server answered HTTP 500"),
        ),
        (
            snap(document=None, error="could not load: Download is starting", downloads=(URL,)),
            PhaseObservation("inconclusive", "the URL answered with a file download, not a page"),
        ),
    ],
)
def test_phase_observation(snapshot: PhaseSnapshot, expected: PhaseObservation) -> None:
    assert phase_observation(snapshot) == expected


def site(**phases: PhaseSnapshot) -> SiteEvidence:
    return SiteEvidence(
        url=URL, status="ok", phases={name: replace(s, phase=name) for name, s in phases.items()}
    )  # type: ignore[arg-type]


def test_every_phase_on_the_page() -> None:
    seen = site_observation(site(before=snap(), accept=snap(), reject=snap()))
    assert (seen.observed, seen.reason, seen.note) == ("page", None, None)


def test_phases_that_disagree_are_named() -> None:
    wall = snap(document=replace(ARTICLE, challenge=CF))
    seen = site_observation(site(before=snap(), accept=wall, reject=wall))
    assert (seen.observed, seen.reason) == (
        "inconclusive",
        "accept, reject: Cloudflare challenge page (cloudflare-managed-challenge); before saw the page",
    )
    assert seen.phases["before"] == PhaseObservation("page")


def test_inconclusive_wins_over_error_and_error_alone_is_error() -> None:
    timeout = snap(document=None, error="reject phase exceeded the site time budget (120 s)")
    wall = snap(document=replace(ARTICLE, status=429))
    mixed = site_observation(site(before=snap(), accept=wall, reject=timeout))
    assert (mixed.observed, mixed.reason) == (
        "inconclusive",
        "accept: the server answered HTTP 429; reject: reject phase exceeded the site time budget (120 s); "
        "before saw the page",
    )
    alone = site_observation(site(before=snap(), accept=snap(), reject=timeout))
    assert (alone.observed, alone.reason) == (
        "error",
        "reject: reject phase exceeded the site time budget (120 s); before, accept saw the page",
    )


def test_evidence_from_before_documents_were_recorded_is_judged_as_then() -> None:
    old = snap(document=None)
    assert phase_observation(old, documents=False) == PhaseObservation("page")
    seen = site_observation(site(before=old, accept=old, reject=old))
    assert (seen.observed, seen.reason) == ("page", None)
    # one phase with a document: the evidence records them, so the others' absence counts
    mixed = site_observation(site(before=snap(), accept=old, reject=old))
    assert (mixed.observed, mixed.reason) == (
        "inconclusive",
        "accept, reject: the main document could not be read; before saw the page",
    )


def test_a_pass_needs_all_three_phases() -> None:
    seen = site_observation(site(before=snap(), accept=snap()))
    assert (seen.observed, seen.reason) == (
        "error",
        "reject: the phase did not run; before, accept saw the page",
    )


def test_a_site_no_phase_ran_for_is_an_error() -> None:
    broken = SiteEvidence(url=URL, status="error", error="scan broke: Target closed")
    assert (site_observation(broken).observed, site_observation(broken).reason) == (
        "error",
        "scan broke: Target closed",
    )


def test_a_redirect_to_another_site_is_judged_and_noted() -> None:
    away = replace(
        ARTICLE,
        url="https://www.elsewhere-news.net/article",
        redirects=(Redirect(URL, 302),),
    )
    seen = site_observation(
        site(before=snap(document=away), accept=snap(document=away), reject=snap(document=away))
    )
    assert (seen.observed, seen.note) == (
        "page",
        "redirected to another site: judged the page reached, https://www.elsewhere-news.net/article",
    )
    same_site = replace(ARTICLE, url="https://news.example/", redirects=(Redirect(URL, 301),))
    here = snap(document=same_site)
    assert site_observation(site(before=here, accept=here, reject=here)).note is None
