"""The finished report of a run: built from evidence and findings, judged into verdicts and an exit code."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from checker import __version__
from checker.evaluate import site_banner
from checker.fingerprint import unique_fingerprints
from checker.models import (
    PHASES,
    SEVERITIES,
    Banner,
    BrowserInfo,
    Click,
    ConsentAction,
    Cookie,
    CookieWrite,
    Document,
    Evidence,
    Finding,
    Observation,
    PhaseSnapshot,
    RefusedCookie,
    Request,
    RulePack,
    Screenshot,
    Settle,
    SiteEvidence,
    StorageItem,
    ToggleState,
    UrlSource,
    Waiver,
)
from checker.observation import PhaseObservation, SiteObservation, site_observation
from checker.serialize import to_dict
from checker.signals.model import Signals

SCHEMA_VERSION = "1"
TOOL_NAME = "consent-checker"

Verdict = Literal["pass", "fail", "inconclusive", "error"]


@dataclass(frozen=True)
class ToolInfo:
    """The tool that wrote the report."""

    name: str
    version: str


@dataclass(frozen=True)
class RuleInfo:
    """One rule of a pack that was evaluated, as listed in the report."""

    id: str
    title: str
    severity: str
    phases: tuple[str, ...]
    subject: str
    references: tuple[str, ...]
    description: str = ""
    fix: str = ""  # what to change, as the rule says it


@dataclass(frozen=True)
class PackInfo:
    """A rule pack that was evaluated."""

    pack: str
    version: str
    source: str
    rules: tuple[RuleInfo, ...]


@dataclass(frozen=True)
class BannerReport:
    """The consent banner of a site as the report tells it."""

    detected: bool
    cmp: str | None
    frame_url: str | None
    text: str
    accept_on_first_layer: bool
    reject_on_first_layer: bool
    settings_on_first_layer: bool
    accept_layers: int | None  # layers the accept took; None when it could not be done
    reject_layers: int | None
    withdraw_layers: int | None = None
    operable: bool = True
    acted_by: str | None = None  # "recipe", "generic" or "none": who carried out the choices


@dataclass(frozen=True)
class ActionReport:
    """A consent action, with the last click flattened into `clicked` and `frame`."""

    intent: str
    done: bool
    cmp: str | None
    clicked: str | None
    frame: str | None
    layers: int
    clicks: tuple[Click, ...]
    banner_gone: bool
    navigated: bool
    note: str | None
    acted_by: str = "none"
    verified: bool | None = None
    verify_note: str | None = None
    reprompted: bool | None = None
    toggles: tuple[ToggleState, ...] = ()
    failures: tuple[str, ...] = ()
    screenshot: Screenshot | None = None


@dataclass(frozen=True)
class PhaseReport:
    """Everything observed in one phase of one site."""

    phase: str
    url: str
    final_url: str
    started_at: str
    duration_ms: int
    error: str | None
    observed: Observation  # page: the phase saw the page; inconclusive or error: it did not (see reason)
    observed_reason: str | None
    document: Document | None
    banner: Banner | None
    action: ActionReport | None
    prior_action: ActionReport | None
    settle: tuple[Settle, ...]
    screenshot: Screenshot | None
    cookies: tuple[Cookie, ...]
    refused_cookies: tuple[RefusedCookie, ...]
    cookie_writes: tuple[CookieWrite, ...]
    storage: tuple[StorageItem, ...]
    requests: tuple[Request, ...]
    popups: tuple[str, ...]
    downloads: tuple[str, ...]
    dialogs: tuple[str, ...]
    notes: tuple[str, ...]
    signals: Signals | None = None  # decoded consent signals (TCF, GPP, US privacy, Consent Mode, GPC)


@dataclass(frozen=True)
class SiteSummary:
    """Counts for one site; the per-phase counts are keyed by phase name."""

    findings: dict[str, int]  # by severity, every severity present
    cookies: dict[str, int]
    third_party_cookies: dict[str, int]
    requests: dict[str, int]
    third_party_requests: dict[str, int]


@dataclass(frozen=True)
class SiteReport:
    """The judged result of one URL."""

    url: str
    status: Literal["ok", "error"]
    error: str | None
    verdict: Verdict
    verdict_reason: str  # the verdict in one sentence
    banner: BannerReport
    phases: dict[str, PhaseReport]
    findings: tuple[Finding, ...]
    summary: SiteSummary


@dataclass(frozen=True)
class ReportSummary:
    """Counts over every site of the run."""

    sites: int
    passed: int
    failed: int
    inconclusive: int
    errors: int
    findings: dict[str, int]  # by severity, every severity present


@dataclass(frozen=True)
class Invocation:
    """How the run was started: what an auditor needs to repeat it and CI annotations to point at."""

    command_line: tuple[str, ...] = ()
    url_sources: dict[str, UrlSource] = field(default_factory=dict)
    sarif_location: str | None = None  # a repository file every SARIF result is located in
    fail_on: str = "high"  # the least severity that sets exit code 1 (JUnit failures follow it)


@dataclass(frozen=True)
class TriageInfo:
    """The baseline and waivers the findings were triaged with, and waivers that no longer apply."""

    baseline: str | None = None
    waivers: str | None = None
    expired_waivers: tuple[Waiver, ...] = ()
    unused_waivers: tuple[Waiver, ...] = ()


@dataclass(frozen=True)
class Report:
    """The finished report of a run (serialised as report.json, see checker/schemas/report.schema.json)."""

    schema_version: str
    tool: ToolInfo
    generated_at: str
    started_at: str
    browser: BrowserInfo
    options: dict[str, Any]
    rules: tuple[PackInfo, ...]
    summary: ReportSummary
    sites: tuple[SiteReport, ...]
    evidence: dict[str, str]  # evidence file path -> sha256
    complete: bool = True  # False: the run was interrupted; `pending` lists the URLs never finished
    pending: tuple[str, ...] = ()
    invocation: Invocation = field(default_factory=Invocation)
    triage: TriageInfo = field(default_factory=TriageInfo)


def severity_rank(severity: str) -> int:
    """Position of `severity` in info < low < medium < high < critical; ValueError if unknown."""
    try:
        return SEVERITIES.index(severity)
    except ValueError:
        raise ValueError(f"unknown severity {severity!r}; expected one of {', '.join(SEVERITIES)}") from None


def _count_by_severity(findings: Sequence[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        counts[f.severity] += 1
    return counts


# The least severity that fails a site's verdict. Low and info findings are listed, as notes for review
# (a cookie no catalog knows, a phase the tool could not judge), but do not fail the site on their own.
VERDICT_FAIL_SEVERITY = "medium"
# How verdicts read, for the legends of the human-readable reports.
VERDICT_LEGEND = (
    "fail: at least one finding of severity medium or higher; "
    "inconclusive: a phase saw something other than the page (an error document, a bot wall, an empty "
    "page) and no finding fails the site; error: a phase got nothing usable (DNS, TLS, timeout, crash) "
    "and no finding fails the site; pass: every phase saw the page and no finding fails it. "
    "Low and info findings are notes for review: listed, but they do not fail a site. "
    "The exit code follows --fail-on."
)


def fails_verdict(severity: str) -> bool:
    """True for a severity that makes the site's verdict `fail` (medium, high, critical)."""
    return severity_rank(severity) >= severity_rank(VERDICT_FAIL_SEVERITY)


def site_verdict(observation: SiteObservation, findings: Sequence[Finding]) -> tuple[Verdict, str]:
    """The verdict and why, in one sentence. `fail` on a finding of severity medium or higher (what was
    judged fails even if a phase did not see the page); else `inconclusive` or `error` when a phase did not
    see the page; else `pass`. A pass is never given to a site some phase did not see."""
    failing = [f for f in findings if fails_verdict(f.severity)]
    if failing:
        rules = len({f.rule for f in failing})
        why = f"{len(failing)} finding{'s' if len(failing) != 1 else ''} of severity medium or higher"
        why += f" ({rules} rule{'s' if rules != 1 else ''})"
        if observation.observed != "page":
            why += f"; not every phase saw the page ({observation.reason})"
        return "fail", why
    if observation.observed != "page":
        return observation.observed, observation.reason or observation.observed
    notes = len(findings)
    why = "every phase saw the page and no finding of severity medium or higher"
    if notes:
        why += f"; {notes} note{'s' if notes != 1 else ''} for review"
    if observation.note:
        why += f"; {observation.note}"
    return "pass", why


def _action_report(action: ConsentAction | None) -> ActionReport | None:
    if action is None:
        return None
    last = action.clicks[-1] if action.clicks else None
    return ActionReport(
        intent=action.intent,
        done=action.done,
        cmp=action.cmp,
        clicked=last.text if last else None,
        frame=last.frame_url if last else None,
        layers=action.layers,
        clicks=action.clicks,
        banner_gone=action.banner_gone,
        navigated=action.navigated,
        note=action.note,
        acted_by=action.acted_by,
        verified=action.verified,
        verify_note=action.verify_note,
        reprompted=action.reprompted,
        toggles=action.toggles,
        failures=action.failures,
        screenshot=action.screenshot,
    )


def _phase_report(snap: PhaseSnapshot, seen: PhaseObservation) -> PhaseReport:
    return PhaseReport(
        phase=snap.phase,
        url=snap.url,
        final_url=snap.final_url,
        started_at=snap.started_at,
        duration_ms=snap.duration_ms,
        error=snap.error,
        observed=seen.observed,
        observed_reason=seen.reason,
        document=snap.document,
        banner=snap.banner,
        action=_action_report(snap.action),
        prior_action=_action_report(snap.prior_action),
        signals=snap.signals,
        settle=snap.settle,
        screenshot=snap.screenshot,
        cookies=snap.cookies,
        refused_cookies=snap.refused_cookies,
        cookie_writes=snap.cookie_writes,
        storage=snap.storage,
        requests=snap.requests,
        popups=snap.popups,
        downloads=snap.downloads,
        dialogs=snap.dialogs,
        notes=snap.notes,
    )


def _ordered_phases(phases: Mapping[str, PhaseSnapshot]) -> list[str]:
    return [p for p in PHASES if p in phases] + sorted(p for p in phases if p not in PHASES)


def _layers(snap: PhaseSnapshot | None) -> int | None:
    if snap is None or snap.action is None or not snap.action.done:
        return None
    return snap.action.layers


def _banner_report(site: SiteEvidence) -> BannerReport:
    order = _ordered_phases(site.phases)
    action_cmp = next((a.cmp for p in order if (a := site.phases[p].action) is not None and a.cmp), None)
    # The first layer is best seen before consent; `site_banner` falls back to whichever phase saw one.
    b = site_banner(site) or Banner(detected=False)
    return BannerReport(
        detected=b.detected,
        cmp=b.cmp or action_cmp,
        frame_url=b.frame_url,
        text=b.text,
        accept_on_first_layer=b.accept_on_first_layer,
        reject_on_first_layer=b.reject_on_first_layer,
        settings_on_first_layer=b.settings_on_first_layer,
        accept_layers=_layers(site.phases.get("accept")),
        reject_layers=_layers(site.phases.get("reject")),
        withdraw_layers=_layers(site.phases.get("withdraw")),
        operable=b.operable,
        acted_by=next(
            (a.acted_by for p in order if (a := site.phases[p].action) is not None and a.done), None
        ),
    )


def banner_label(banner: BannerReport) -> str:
    """A site's banner in a word for summary tables: its CMP, "detected" when unrecognised, or "none"."""
    return (banner.cmp or "detected") if banner.detected else "none"


def summary_line(summary: ReportSummary) -> str:
    """The run in one line: "4 sites: 1 passed, 1 failed, 1 inconclusive, 1 error"."""
    return (
        f"{summary.sites} site{'' if summary.sites == 1 else 's'}: {summary.passed} passed, "
        f"{summary.failed} failed, {summary.inconclusive} inconclusive, "
        f"{summary.errors} error{'' if summary.errors == 1 else 's'}"
    )


def _site_summary(phases: Mapping[str, PhaseReport], findings: Sequence[Finding]) -> SiteSummary:
    return SiteSummary(
        findings=_count_by_severity(findings),
        cookies={n: len(p.cookies) for n, p in phases.items()},
        third_party_cookies={n: sum(c.party == "third" for c in p.cookies) for n, p in phases.items()},
        requests={n: len(p.requests) for n, p in phases.items()},
        third_party_requests={n: sum(r.party == "third" for r in p.requests) for n, p in phases.items()},
    )


def _site_report(site: SiteEvidence, findings: Sequence[Finding]) -> SiteReport:
    # Most severe first; the evaluator's order is kept within a severity.
    by_severity = sorted(findings, key=lambda f: -severity_rank(f.severity))
    ordered = tuple(
        replace(f, fingerprint=fp)
        for f, fp in zip(by_severity, unique_fingerprints(site.url, by_severity), strict=True)
    )
    observation = site_observation(site)
    phases = {
        name: _phase_report(site.phases[name], observation.phases[name])
        for name in _ordered_phases(site.phases)
    }
    verdict, reason = site_verdict(observation, ordered)
    return SiteReport(
        url=site.url,
        status=site.status,
        error=site.error,
        verdict=verdict,
        verdict_reason=reason,
        banner=_banner_report(site),
        phases=phases,
        findings=ordered,
        summary=_site_summary(phases, ordered),
    )


def _pack_info(pack: RulePack) -> PackInfo:
    return PackInfo(
        pack=pack.name,
        version=pack.version,
        source=pack.source,
        rules=tuple(
            RuleInfo(
                id=r.id,
                title=r.title,
                severity=r.severity,
                phases=r.phases,
                subject=r.subject,
                references=r.references,
                description=r.description,
                fix=r.fix,
            )
            for r in pack.rules
        ),
    )


def build_report(
    evidence: Evidence,
    packs: Sequence[RulePack],
    findings: Mapping[str, Sequence[Finding]],
    evidence_files: Mapping[str, str],
    generated_at: str,
) -> Report:
    """Assemble the report of a run; `findings` is keyed by site URL (a site without an entry has none)."""
    unknown = sorted(set(findings) - {s.url for s in evidence.sites})
    if unknown:
        # Dropping them would hide violations; a mismatch is a bug in the caller.
        raise ValueError(f"findings for sites not in the evidence: {', '.join(unknown)}")
    sites = tuple(_site_report(s, findings.get(s.url, ())) for s in evidence.sites)
    verdicts = [s.verdict for s in sites]
    return Report(
        schema_version=SCHEMA_VERSION,
        tool=ToolInfo(name=TOOL_NAME, version=__version__),
        generated_at=generated_at,
        started_at=evidence.started_at,
        browser=evidence.browser,
        options=dict(evidence.options),
        rules=tuple(_pack_info(p) for p in packs),
        summary=ReportSummary(
            sites=len(sites),
            passed=verdicts.count("pass"),
            failed=verdicts.count("fail"),
            inconclusive=verdicts.count("inconclusive"),
            errors=verdicts.count("error"),
            findings=_count_by_severity([f for s in sites for f in s.findings]),
        ),
        sites=sites,
        evidence=dict(sorted(evidence_files.items())),
        complete=evidence.complete,
        pending=evidence.pending,
    )


# Verdicts that leave the run incomplete (exit code 3 when no finding reaches --fail-on).
INCOMPLETE: frozenset[str] = frozenset({"inconclusive", "error"})


def counted(findings: Sequence[Finding]) -> list[Finding]:
    """The findings that count for the exit code: neither baselined nor waived."""
    return [f for f in findings if f.triage is None]


def exit_code(report: Report, fail_on: str = "high") -> int:
    """1 if any finding neither baselined nor waived is at or above `fail_on`; else 3 if the run is
    incomplete (a site could not be scanned, was inconclusive, or was never reached because the run was
    interrupted); else 0."""
    threshold = severity_rank(fail_on)
    if any(severity_rank(f.severity) >= threshold for s in report.sites for f in counted(s.findings)):
        return 1
    if not report.complete or any(s.status == "error" or s.verdict in INCOMPLETE for s in report.sites):
        return 3
    return 0


def report_to_dict(report: Report) -> dict[str, Any]:
    """The JSON-ready form of the report (what report.json holds)."""
    data: dict[str, Any] = to_dict(report)
    return data
