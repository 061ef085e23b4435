"""Turn what a phase read (CMP APIs, cookies, web storage, request URLs) into decoded consent signals."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

from checker.domains import request_host
from checker.models import Request
from checker.signals.consent_mode import decode_consent_mode
from checker.signals.errors import SignalError
from checker.signals.gpp import decode_gpp_string
from checker.signals.model import (
    ConsentCommand,
    ConsentModeHit,
    GppSignal,
    Signals,
    SignalSource,
    TcfSignal,
    UsPrivacySignal,
)
from checker.signals.reads import FrameRead
from checker.signals.tcf import decode_tc_string
from checker.signals.usprivacy import decode_us_privacy

# Cookie and localStorage names CMPs keep their strings under (euconsent-v2 is the usual first-party one).
TCF_NAMES = re.compile(r"^(?:[a-z]+-)?eu(?:pub)?consent-v2$", re.IGNORECASE)
GPP_NAMES = re.compile(r"^(?:__gpp|OTGPPConsent)$")
USP_NAMES = re.compile(r"^us_?privacy$", re.IGNORECASE)
# The same names as one regex source for signals.js (which matches it ignoring case).
STORED_KEYS = "|".join(f"(?:{p.pattern})" for p in (TCF_NAMES, GPP_NAMES, USP_NAMES))
# Query parameters that carry the strings to vendors (TCF "URL-based services", GPP URL macros).
TCF_PARAM, GPP_PARAM, USP_PARAM = "gdpr_consent", "gpp", "us_privacy"
CONSENT_MODE_PARAMS = ("gcs", "gcd", "npa", "dma", "dma_cps")
# Google's measurement and conversion endpoints, whose hits carry Consent Mode parameters when it is in use:
# every path on the Analytics hosts, the collect and conversion paths elsewhere (ad serving and cookie
# matching, e.g. /gampad/ads, carry consent through TCF instead and are not Consent Mode hits).
GOOGLE_ANALYTICS_DOMAINS = ("google-analytics.com", "analytics.google.com")
GOOGLE_ADS_DOMAINS = ("doubleclick.net", "googleadservices.com", "google.com")
GOOGLE_HIT_PATHS = (
    "/g/collect",
    "/collect",
    "/j/collect",
    "/ccm/",
    "/pagead/viewthroughconversion/",
    "/pagead/conversion/",
    "/pagead/1p-conversion/",
    "/pagead/1p-user-list/",
)
# A query value that is an ad server's unfilled macro, not a string: ${GDPR_CONSENT_755}, [GDPR_CONSENT],
# {gdpr_consent}, %%GDPR_CONSENT%% (strings are base64url, with "." and "~" between their parts).
UNFILLED_MACRO = re.compile(r"[^A-Za-z0-9_\-.~]")
# Resource types that load code or documents rather than report a hit (gtag.js carries no consent state).
NOT_HITS = frozenset({"script", "stylesheet", "font", "document", "media", "manifest", "texttrack"})

S = TypeVar("S")


@dataclass(frozen=True)
class JarValue:
    """A cookie as the jar holds it, value included (read before values are hashed)."""

    name: str
    domain: str
    value: str


def build_signals(
    reads: Sequence[FrameRead],
    jar: Iterable[JarValue],
    requests: Sequence[Request],
    since_ms: int | None,
    failures: Sequence[str] = (),
) -> Signals:
    """Every signal of a phase, decoded; requests from `since_ms` on (the choice) are marked after_choice."""
    jar = tuple(jar)
    top = next((r for r in reads if r.top), None)
    return Signals(
        tcf=(
            *_api_tcf(reads),
            *_stored(reads, jar, TCF_NAMES, _tcf),
            *_from_requests(requests, since_ms, TCF_PARAM, _tcf),
        ),
        gpp=(
            *_api_gpp(reads),
            *_stored(reads, jar, GPP_NAMES, _gpp),
            *_from_requests(requests, since_ms, GPP_PARAM, _gpp),
        ),
        us_privacy=(
            *_api_usp(reads),
            *_stored(reads, jar, USP_NAMES, _usp),
            *_from_requests(requests, since_ms, USP_PARAM, _usp),
        ),
        consent_mode=consent_mode_hits(requests, since_ms),
        consent_commands=top.signals.commands if top is not None else (),
        gpc=top.signals.gpc if top is not None else None,
        failures=(*failures, *(f"{r.frame_url[:200]}: {e}" for r in reads for e in r.signals.errors)),
    )


def _decoding(
    signal: Callable[..., S], decode: Callable[[str], object]
) -> Callable[[SignalSource, str, str], S]:
    """A maker of `signal` records that decodes the string, or keeps why it could not."""

    def make(source: SignalSource, where: str, string: str) -> S:
        try:
            return signal(source, where, string, decoded=decode(string))
        except SignalError as exc:
            return signal(source, where, string, error=str(exc))

    return make


_tcf = _decoding(TcfSignal, decode_tc_string)
_gpp = _decoding(GppSignal, decode_gpp_string)
_usp = _decoding(UsPrivacySignal, decode_us_privacy)


def _api_tcf(reads: Sequence[FrameRead]) -> Iterable[TcfSignal]:
    for read in reads:
        data = read.signals.tcf
        if data is None or not data.string:
            continue  # a CMP that has no string yet (no choice made, banner showing) says nothing to decode
        how = "__tcfapi" if data.via == "api" else "__tcfapi through __tcfapiLocator"
        signal = _tcf("api", f"{how} in {read.frame_url}", data.string)
        yield _with(signal, event_status=data.event_status, gdpr_applies=data.gdpr_applies)


def _api_gpp(reads: Sequence[FrameRead]) -> Iterable[GppSignal]:
    for read in reads:
        data = read.signals.gpp
        if data is None or not data.string:
            continue
        signal = _gpp("api", f"__gpp in {read.frame_url}", data.string)
        yield _with(signal, signal_status=data.signal_status, applicable_sections=data.applicable_sections)


def _api_usp(reads: Sequence[FrameRead]) -> Iterable[UsPrivacySignal]:
    for read in reads:
        if read.signals.usp:
            yield _usp("api", f"__uspapi in {read.frame_url}", read.signals.usp)


def _with(signal: S, **changes: object) -> S:
    return replace(signal, **changes)  # type: ignore[type-var]


def _stored(
    reads: Sequence[FrameRead],
    jar: Sequence[JarValue],
    names: re.Pattern[str],
    make: Callable[[SignalSource, str, str], S],
) -> Iterable[S]:
    for cookie in jar:
        if names.search(cookie.name) and cookie.value:
            yield make("cookie", f"cookie {cookie.name} ({cookie.domain})", cookie.value)
    seen: set[tuple[str, str]] = set()
    for read in reads:
        origin = _origin(read.frame_url)
        for item in read.signals.stored:
            if names.search(item.key) and item.value and (origin, item.key) not in seen:
                seen.add((origin, item.key))
                yield make("storage", f"localStorage {item.key} ({origin})", item.value)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _query(url: str) -> Mapping[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def _endpoint(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname or ''}{parts.path}"


def _from_requests(
    requests: Sequence[Request],
    since_ms: int | None,
    param: str,
    make: Callable[[SignalSource, str, str], S],
) -> Iterable[S]:
    """One signal per endpoint, string and side of the choice, with how many requests carried it."""
    groups: dict[tuple[str, str, bool | None], list[Request]] = {}
    for request in requests:
        for value in _query(request.url).get(param, []):
            if value and not UNFILLED_MACRO.search(value):
                after = None if since_ms is None else request.t_ms >= since_ms
                groups.setdefault((_endpoint(request.url), value, after), []).append(request)
    for (where, value, after), group in groups.items():
        signal = make("request", where, value)
        if isinstance(signal, TcfSignal):  # the gdpr flag sent beside the string: 1 applies, 0 does not
            flags = {v for r in group for v in _query(r.url).get("gdpr", [])}
            signal = replace(signal, gdpr_applies=(flags == {"1"}) if flags in ({"0"}, {"1"}) else None)
        yield _with(signal, t_ms=group[0].t_ms, count=len(group), after_choice=after)


def _under(host: str, domains: Sequence[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def is_google_hit(request: Request) -> bool:
    """A measurement or conversion hit to Google Analytics or Ads (not a script load, not ad serving)."""
    if request.resource_type in NOT_HITS:
        return False
    host = request_host(request.url) or ""
    if _under(host, GOOGLE_ANALYTICS_DOMAINS):
        return True
    path = urlsplit(request.url).path
    return _under(host, GOOGLE_ADS_DOMAINS) and any(path.startswith(p) for p in GOOGLE_HIT_PATHS)


def consent_mode_hits(requests: Sequence[Request], since_ms: int | None) -> tuple[ConsentModeHit, ...]:
    """Google hits grouped by endpoint, consent parameters and side of the choice, decoded."""
    groups: dict[tuple[str, tuple[str | None, ...], bool | None], list[Request]] = {}
    for request in requests:
        query = _query(request.url)
        params = tuple(query[p][0] if query.get(p) else None for p in CONSENT_MODE_PARAMS)
        if not is_google_hit(request) and params[0] is None and params[1] is None:
            continue
        after = None if since_ms is None else request.t_ms >= since_ms
        groups.setdefault((_endpoint(request.url), params, after), []).append(request)
    return tuple(
        _hit(where, params, after, group[0].t_ms, len(group))
        for (where, params, after), group in groups.items()
    )


def _hit(
    where: str, params: Sequence[str | None], after: bool | None, t_ms: int, count: int
) -> ConsentModeHit:
    gcs, gcd, npa, dma, dma_cps = params
    hit = ConsentModeHit(where, t_ms, count, gcs, gcd, npa, dma, dma_cps, after_choice=after)
    if gcs is None and gcd is None:
        return hit
    try:
        return _with(hit, decoded=decode_consent_mode(gcs, gcd))
    except SignalError as exc:
        return _with(hit, error=str(exc))


def signals_from_strings(spec: Mapping[str, Any]) -> Signals:
    """Signals from strings as read (a rule example's `signals`, checked by the rule schema), decoded as a
    scan decodes them."""

    def read(make: Callable[[SignalSource, str, str], S], entry: Mapping[str, Any]) -> S:
        rest = {k: v for k, v in entry.items() if k not in ("source", "where", "string")}
        return _with(make(entry["source"], entry.get("where", entry["source"]), entry["string"]), **rest)

    def hit(entry: Mapping[str, Any]) -> ConsentModeHit:
        params = tuple(entry.get(p) for p in CONSENT_MODE_PARAMS)
        return _hit(
            entry["where"], params, entry.get("after_choice"), entry.get("t_ms", 0), entry.get("count", 1)
        )

    return Signals(
        tcf=tuple(read(_tcf, e) for e in spec.get("tcf", [])),
        gpp=tuple(read(_gpp, e) for e in spec.get("gpp", [])),
        us_privacy=tuple(read(_usp, e) for e in spec.get("us_privacy", [])),
        consent_mode=tuple(hit(e) for e in spec.get("consent_mode", [])),
        consent_commands=tuple(
            ConsentCommand(c["command"], dict(c["states"]), tuple(c.get("region", ())))
            for c in spec.get("consent_commands", [])
        ),
        gpc=spec.get("gpc"),
    )
