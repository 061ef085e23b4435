"""Frozen dataclasses shared by collection, classification, evaluation and reporting."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from checker.signals.model import Signals

Category = Literal["necessary", "functional", "analytics", "marketing", "unclassified"]
CATEGORIES: tuple[str, ...] = get_args(Category)
Party = Literal["first", "third"]
PhaseName = Literal["before", "accept", "reject", "withdraw", "gpc"]
# What a phase saw: the page asked for, something else that answered (an error document, a bot wall),
# or nothing usable (DNS, TLS, timeout, crash).
Observation = Literal["page", "inconclusive", "error"]
ChallengeKind = Literal["challenge", "captcha", "block"]
ValueShape = Literal["empty", "uuid", "hex", "base64", "numeric", "token", "text"]
PHASES: tuple[str, ...] = get_args(PhaseName)
# The phases every scan takes and a pass needs; evidence from before the withdraw phase has only these.
CORE_PHASES: tuple[str, ...] = ("before", "accept", "reject")
Severity = Literal["info", "low", "medium", "high", "critical"]
SEVERITIES: tuple[str, ...] = get_args(Severity)


@dataclass(frozen=True)
class ValueFacts:
    """What can be said of a cookie or storage value without keeping it (computed before hashing)."""

    length: int
    lower: int  # count of a-z
    upper: int  # count of A-Z
    digits: int  # count of 0-9
    other: int  # every other character
    entropy_bits: float  # Shannon entropy per character times length: an upper bound on its information
    shape: ValueShape
    identifier_like: bool  # long and random enough to single out one browser


@dataclass(frozen=True)
class Cookie:
    """One cookie seen during a phase: in the final jar, or set and later deleted."""

    name: str
    domain: str  # as the browser stores it: ".example.com" for a domain cookie, "www.example.com" host-only
    path: str = "/"
    expires: str | None = None  # stored expiry, ISO 8601 UTC; None for a session cookie
    lifetime_days: float | None = None  # stored lifetime from the moment it was seen
    declared_expires: str | None = (
        None  # what Set-Cookie / document.cookie asked for (before the 400-day cap)
    )
    declared_lifetime_days: float | None = None
    secure: bool = False
    http_only: bool = False
    same_site: str = "Lax"  # "Strict" | "Lax" | "None"
    session: bool = True
    partition_key: str | None = None
    size: int = 0  # len(name) + len(value)
    value_sha256: str = ""
    value: str | None = None  # kept only with --keep-values
    set_via: Literal["http", "js", "unknown"] = "unknown"
    set_by: str | None = (
        None  # response URL whose Set-Cookie set it, or script URL that wrote document.cookie
    )
    first_seen_ms: int | None = None  # relative to the phase's page navigation start
    deleted: bool = False  # True: written during the phase, absent from the final jar
    party: Party | None = None
    vendor: str | None = None
    category: Category = "unclassified"
    value_facts: ValueFacts | None = None  # None when the value was never seen (a deleted cookie)
    consent_gated: bool = False  # set by classification: stored after accept only (see consent_gated_reason)
    consent_gated_reason: str | None = None
    purpose: str | None = None  # set by classification: what the catalog entry that named it says it is for


@dataclass(frozen=True)
class CookieWrite:
    """One write to the cookie jar during a phase (timeline entry)."""

    t_ms: int
    name: str
    domain: str
    via: Literal["http", "js"]
    source: str  # response URL or script URL
    action: Literal["set", "delete", "refused"]  # refused: the browser did not store it
    declared_expires: str | None = None


@dataclass(frozen=True)
class RefusedCookie:
    """A cookie a response tried to set that the browser refused."""

    name: str
    url: str  # the response URL
    reasons: tuple[str, ...]
    domain: str | None = None
    t_ms: int | None = None
    party: Party | None = None
    vendor: str | None = None
    category: Category = "unclassified"


@dataclass(frozen=True)
class StorageItem:
    """One localStorage or sessionStorage key of a frame's origin."""

    origin: str
    kind: Literal["local", "session"]
    key: str
    size: int
    value_sha256: str
    value: str | None = None
    party: Party | None = None
    vendor: str | None = None
    category: Category = "unclassified"


@dataclass(frozen=True)
class Request:
    """One network request made during a phase."""

    url: str
    method: str
    resource_type: str
    status: int | None
    frame_url: str | None
    initiator: str | None
    t_ms: int
    failure: str | None = None
    party: Party | None = None
    vendor: str | None = None
    category: Category = "unclassified"


ControlKind = Literal["accept", "reject", "settings", "save", "policy", "other"]
Intent = Literal["accept", "reject", "withdraw"]


@dataclass(frozen=True)
class Click:
    """One click the tool made on a consent control."""

    text: str
    selector: str
    frame_url: str
    t_ms: int
    layer: Literal["first", "settings", "reopen"] = "first"


@dataclass(frozen=True)
class ControlLook:
    """A control on a consent layer as a person sees it: kind, text, size, font and colours."""

    kind: ControlKind
    text: str
    tag: str
    link: bool  # a link that navigates away
    w: int
    h: int
    font_px: float
    font_weight: int
    color: str  # CSS rgb()/rgba()
    background: str  # its own background, else the nearest opaque one behind it
    boxed: bool  # its own background or a border: drawn as a button
    underline: bool
    best: bool = False  # the detector's pick of its kind on this layer


@dataclass(frozen=True)
class ToggleState:
    """A purpose or legitimate-interest switch on a settings layer, as it was when the layer opened."""

    label: str
    checked: bool
    disabled: bool


@dataclass(frozen=True)
class Banner:
    """What the consent-banner detector saw on the first layer."""

    detected: bool
    cmp: str | None = None  # recipe id such as "onetrust", or "generic"
    frame_url: str | None = None
    text: str = ""  # first characters of the banner's visible text
    accept_on_first_layer: bool = False
    reject_on_first_layer: bool = False
    settings_on_first_layer: bool = False
    operable: bool = True  # False: seen (e.g. in a closed shadow root) but nothing in it can be clicked
    controls: tuple[ControlLook, ...] = ()  # the first layer's controls, in document order
    screenshot: Screenshot | None = None  # the banner itself, cropped
    failures: tuple[str, ...] = ()  # frames the detector could not read, and why


@dataclass(frozen=True)
class ConsentAction:
    """What happened when the tool tried to accept or reject."""

    intent: Intent
    done: bool
    cmp: str | None = None
    clicks: tuple[Click, ...] = ()
    layers: int = 0  # 1: first layer; 2: through the settings layer
    banner_gone: bool = False
    navigated: bool = False
    note: str | None = None  # why it could not be done, or how (e.g. "saved with every optional purpose off")
    acted_by: Literal["recipe", "generic", "none"] = "none"
    verified: bool | None = None  # the recipe's check of the CMP's own consent record; None: no check
    verify_note: str | None = None
    toggles: tuple[ToggleState, ...] = ()  # the settings layer's switches as they were when it opened
    failures: tuple[str, ...] = ()  # every step that failed on the way, and why
    reprompted: bool | None = None  # after the choice and a reload, the banner came back
    screenshot: Screenshot | None = None  # the page right after the choice


@dataclass(frozen=True)
class Settle:
    """How long the tool waited for the page to go quiet, and why it stopped."""

    stage: Literal["load", "after_click", "reload"]
    waited_ms: int
    quiet: bool  # True: reached the quiet window; False: stopped at the maximum


@dataclass(frozen=True)
class Screenshot:
    """A viewport screenshot written next to the evidence."""

    path: str  # relative to the evidence file
    sha256: str


@dataclass(frozen=True)
class Redirect:
    """One hop of the main document's redirect chain."""

    url: str  # the URL that answered with a redirect
    status: int


@dataclass(frozen=True)
class Challenge:
    """A bot wall, challenge or block page, recognised by a signature under rules/challenges/."""

    vendor: str  # "Cloudflare", "DataDome", ... or "generic"
    signature: str  # signature id
    kind: ChallengeKind
    matched: str  # what matched, in words


@dataclass(frozen=True)
class Document:
    """The main document a phase ended on: how it answered and whether it was real content."""

    status: int | None  # HTTP status of the final response; None when no response came
    url: str  # final URL after redirects
    redirects: tuple[Redirect, ...] = ()
    content_type: str | None = None
    title: str = ""
    text_chars: int = 0  # visible text in the top frame
    media: int = 0  # images, iframes, videos and canvases in the top frame
    challenge: Challenge | None = None
    facts_error: str | None = None  # why title, text and media could not be read
    headers_error: str | None = None  # why the response headers and redirects could not be read


@dataclass(frozen=True)
class PhaseSnapshot:
    """Everything observed in one phase of one site."""

    phase: PhaseName
    url: str  # the URL that was loaded
    final_url: str  # the main frame's URL when the snapshot was taken
    started_at: str  # ISO 8601 UTC
    duration_ms: int
    settle: tuple[Settle, ...] = ()
    banner: Banner | None = None
    action: ConsentAction | None = None
    prior_action: ConsentAction | None = None  # withdraw phase: the accept made before withdrawing
    cookies: tuple[Cookie, ...] = ()
    cookie_writes: tuple[CookieWrite, ...] = ()
    refused_cookies: tuple[RefusedCookie, ...] = ()
    storage: tuple[StorageItem, ...] = ()
    requests: tuple[Request, ...] = ()
    screenshot: Screenshot | None = None
    error: str | None = None
    document: Document | None = None
    popups: tuple[str, ...] = ()  # URLs of windows the page opened (closed at once)
    downloads: tuple[str, ...] = ()  # URLs of downloads the page started (refused)
    dialogs: tuple[str, ...] = ()  # "alert: text", "confirm: text", ... (dismissed)
    notes: tuple[str, ...] = ()  # what the snapshot could not read or do, and why
    signals: Signals | None = (
        None  # consent signals read in this phase (None: evidence from before they were)
    )


@dataclass(frozen=True)
class SiteEvidence:
    """The phases of one URL (before, accept, reject, withdraw, gpc)."""

    url: str
    status: Literal["ok", "error"]
    error: str | None = None
    phases: dict[str, PhaseSnapshot] = field(default_factory=dict)


@dataclass(frozen=True)
class BrowserInfo:
    """The browser that collected the evidence, and the cookie policy it ran with."""

    name: str
    version: str
    executable: str
    headless: bool
    third_party_cookies: Literal["allowed", "blocked"]
    cookie_policy: str  # how third-party cookies were allowed, in words
    user_agent: str = ""
    sandbox: bool = False  # Chromium's sandbox was on while it ran the scanned pages
    sandbox_note: str = ""  # why it was off, when it was


@dataclass(frozen=True)
class Evidence:
    """All observations of one run: the file between collecting and judging."""

    schema_version: str
    tool: dict[str, str]
    browser: BrowserInfo
    started_at: str
    options: dict[str, Any]
    sites: tuple[SiteEvidence, ...]
    complete: bool = True  # False: the run was interrupted; `pending` lists the URLs not scanned
    pending: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """One declarative rule, loaded from a pack."""

    id: str  # "<pack>/<rule>"
    pack: str
    title: str
    severity: Severity
    phases: tuple[str, ...]
    subject: str  # cookies | refused_cookies | requests | storage | banner | action (rule.schema.json)
    where: dict[str, Any]
    expect: dict[str, Any]
    message: str
    references: tuple[str, ...]
    description: str = ""
    fix: str = ""  # what a site owner changes to pass the rule
    when: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # file the rule came from
    examples: tuple[dict[str, Any], ...] = ()  # as written in the pack; run by tests and `rules validate`


@dataclass(frozen=True)
class RulePack:
    """A folder (or file) of rules sharing a name and version."""

    name: str
    version: str
    rules: tuple[Rule, ...]
    source: str = ""
    title: str = ""
    description: str = ""


@dataclass(frozen=True)
class UrlSource:
    """Where a scanned URL was listed: the --urls file (as given) and its line."""

    path: str
    line: int


TriageStatus = Literal["baselined", "waived"]


@dataclass(frozen=True)
class Triage:
    """Why a finding does not count against the run: it was in the baseline, or a waiver accepts it."""

    status: TriageStatus
    reason: str  # "in the baseline <file>", or the waiver's reason
    owner: str | None = None  # the waiver's owner
    expires: str | None = None  # the waiver's expiry date (YYYY-MM-DD)


@dataclass(frozen=True)
class Waiver:
    """An accepted finding, by fingerprint or by rule and site pattern; it stops applying after `expires`."""

    reason: str
    owner: str
    expires: str  # YYYY-MM-DD, the last day it applies
    fingerprint: str | None = None
    rule: str | None = None
    site: str | None = None  # an fnmatch pattern on the site URL

    def describe(self) -> str:
        """The waiver in a few words: what it matches."""
        if self.fingerprint:
            return f"fingerprint {self.fingerprint}"
        return f"rule {self.rule}" + (f" on {self.site}" if self.site else "")


@dataclass(frozen=True)
class Finding:
    """One rule violation (or item for review) at one site."""

    rule: str
    severity: Severity
    phase: str | None
    message: str
    subject: dict[str, Any]
    references: tuple[str, ...]
    title: str = ""
    fingerprint: str = ""  # the same in every run: rule, site, phase, normalised subject
    triage: Triage | None = None  # None: a finding that counts (not baselined, not waived)
