"""The command line: exit codes, one-line errors, real scans of the demo sites through `python -m checker`."""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from rule_samples import GOOD_RULE

from checker import cli
from checker.demo.server import DemoServer
from checker.models import BrowserInfo, Evidence, PhaseSnapshot, Screenshot, SiteEvidence
from checker.serialize import to_dict

REPO = Path(__file__).resolve().parent.parent
EU_CORE = REPO / "rules" / "eu-core"
REPORT_SCHEMA = REPO / "checker" / "schemas" / "report.schema.json"

GOOD = "https://www.meridian-news.com/world/shoigu-iran-talks"
PRE_CONSENT = "https://www.harbour-times.co.uk/politics/shoigu-iran-security-talks"
AFTER_REJECT = "https://www.dailyledger.de/politik/schoigu-iran-sicherheitsgespraeche"
SECOND_LAYER = "https://www.gazette-ville.fr/monde/choigou-iran-discussions-securite"
TCF_SITE = "https://www.corriere-valle.it/esteri/shoigu-iran-colloqui-sicurezza"
CONSENT_MODE_SITE = "https://www.post-amsterdam.nl/buitenland/sjojgoe-iran-veiligheidsoverleg"
DEMO_URLS = [GOOD, PRE_CONSENT, AFTER_REJECT, SECOND_LAYER, TCF_SITE, CONSENT_MODE_SITE]
UNREACHABLE = "https://www.unreachable-news.test/world/article"

# (rule id, severity) of eu-core, in the order `rules list` prints them (file-name order)
EU_CORE_RULES = [
    ("eu-core/accept-possible", "info"),
    ("eu-core/consent-cookie-lifetime", "medium"),
    ("eu-core/no-banner-but-tracking-cookies", "high"),
    ("eu-core/no-tracker-requests-after-reject", "high"),
    ("eu-core/no-tracker-requests-after-withdraw", "high"),
    ("eu-core/no-tracker-requests-before-consent", "high"),
    ("eu-core/no-tracking-cookie-attempts-before-consent", "low"),
    ("eu-core/no-tracking-cookies-after-reject", "high"),
    ("eu-core/no-tracking-cookies-after-withdraw", "high"),
    ("eu-core/no-tracking-cookies-before-consent", "high"),
    ("eu-core/no-tracking-storage-after-reject", "high"),
    ("eu-core/no-tracking-storage-before-consent", "high"),
    ("eu-core/reject-on-first-layer", "high"),
    ("eu-core/reject-possible", "high"),
    ("eu-core/reject-stays-on-page", "low"),
    ("eu-core/review-identifier-cookies-before-consent", "medium"),
    ("eu-core/review-unclassified-third-party-cookies", "low"),
    ("eu-core/withdraw-possible", "high"),
]

# What eu-core must find on each demo site (checker/demo/FIXTURES.md): (rule, phase, what) per finding,
# "what" being the cookie name and domain, the request host, or the banner's CMP.
TRACKING_COOKIES_PRE_CONSENT = [
    ("_ga", ".harbour-times.co.uk"),
    ("_gid", ".harbour-times.co.uk"),
    ("_fbp", ".harbour-times.co.uk"),
    ("fr", ".facebook.com"),
]
# Loading gtag.js from www.googletagmanager.com is no finding (a tag manager is infrastructure): the
# hits it sends are. The reject and withdraw phases end with a reload, as a returning reader's next page
# view: the harbour's tags in <head> fire again then, after the choice.
TRACKER_HOSTS_PRE_CONSENT = [
    "www.google-analytics.com",
    "connect.facebook.net",
    "www.facebook.com",
]
LEDGER_COOKIES = [
    "__gads .dailyledger.de",
    "_fbp .dailyledger.de",
    "IDE .doubleclick.net",
    "fr .facebook.com",
]
LEDGER_HOSTS = ["securepubads.g.doubleclick.net", "connect.facebook.net", "www.facebook.com"]
EXPECTED_FINDINGS: dict[str, list[tuple[str, str, str]]] = {
    GOOD: [],
    PRE_CONSENT: sorted(
        [
            # gtag runs without Consent Mode while the banner waits: its hit carries no gcs or gcd.
            (
                "consent-mode/present-while-pending",
                "before",
                "consent_mode www.google-analytics.com/g/collect",
            ),
            *(
                (f"eu-core/no-tracking-cookies-{when}", phase, f"{name} {domain}")
                for when, phase in (
                    ("before-consent", "before"),
                    ("after-reject", "reject"),
                    ("after-withdraw", "withdraw"),
                )
                for name, domain in TRACKING_COOKIES_PRE_CONSENT
            ),
            *(
                (f"eu-core/no-tracker-requests-{when}", phase, host)
                for when, phase in (
                    ("before-consent", "before"),
                    ("after-reject", "reject"),
                    ("after-withdraw", "withdraw"),
                )
                for host in TRACKER_HOSTS_PRE_CONSENT
            ),
            ("eu-core/consent-cookie-lifetime", "accept", "_ga .harbour-times.co.uk"),
        ]
    ),
    AFTER_REJECT: sorted(
        [
            *(("eu-core/no-tracking-cookies-after-reject", "reject", c) for c in LEDGER_COOKIES),
            *(("eu-core/no-tracker-requests-after-reject", "reject", h) for h in LEDGER_HOSTS),
            # withdrawing leaves what accept stored, analytics included
            *(
                ("eu-core/no-tracking-cookies-after-withdraw", "withdraw", c)
                for c in [*LEDGER_COOKIES, "_ga .dailyledger.de", "_gid .dailyledger.de"]
            ),
            *(("eu-core/no-tracker-requests-after-withdraw", "withdraw", h) for h in LEDGER_HOSTS),
            ("eu-core/consent-cookie-lifetime", "accept", "_ga .dailyledger.de"),
        ]
    ),
    SECOND_LAYER: sorted(
        [
            ("eu-core/reject-on-first-layer", "before", "cookiebot"),
            ("eu-core/consent-cookie-lifetime", "accept", "_ga .gazette-ville.fr"),
            ("eu-core/consent-cookie-lifetime", "accept", "cto_bundle .gazette-ville.fr"),
            *(
                ("eu-core/no-tracking-cookies-after-withdraw", "withdraw", c)
                for c in ["_ga .gazette-ville.fr", "_gid .gazette-ville.fr", "cto_bundle .gazette-ville.fr"]
            ),
            ("edpb-banner/reject-not-harder-than-accept", "reject", "reject"),
        ]
    ),
    # Cookies follow the choice, but after reject-all the TC string records consent (one finding per phase:
    # the API, the cookie, the GPP section and the ad requests carry the same string); the ad server is
    # called with it after the refusal.
    TCF_SITE: sorted(
        [
            *(
                (f"eu-core/no-tracker-requests-after-{phase}", phase, "ads.adtech-demo.net")
                for phase in ("reject", "withdraw")
            ),
            *(
                (
                    "tcf/no-consent-after-refusal",
                    phase,
                    "tcf __tcfapi in https://www.corriere-valle.it/esteri/shoigu-iran-colloqui-sicurezza",
                )
                for phase in ("reject", "withdraw")
            ),
        ]
    ),
    # Consent Mode grants everything by default, so gtag stores _ga/_gid and reports G111 before any choice;
    # after a refusal the tag keeps sending cookieless pings.
    CONSENT_MODE_SITE: sorted(
        [
            *(
                (f"eu-core/no-tracker-requests-{when}", phase, host)
                for when, phase in (
                    ("before-consent", "before"),
                    ("after-reject", "reject"),
                    ("after-withdraw", "withdraw"),
                )
                for host in ("region1.google-analytics.com", "googleads.g.doubleclick.net")
            ),
            *(
                ("eu-core/no-tracking-cookies-before-consent", "before", f"{name} .post-amsterdam.nl")
                for name in ("_ga", "_gid")
            ),
            *(
                ("consent-mode/no-granted-before-choice", "before", f"consent_mode {where}")
                for where in (
                    "region1.google-analytics.com/g/collect",
                    "googleads.g.doubleclick.net/pagead/viewthroughconversion/123/",
                )
            ),
        ]
    ),
}

PACK_HEADER = {"name": "house", "version": "1.0.0", "title": "House rules"}
BAD_SEVERITY_LINE = (
    "bad-severity.yaml: at $.rules[0].severity: 'urgent' is not one of "
    "['info', 'low', 'medium', 'high', 'critical']"
)


# --- helpers ---------------------------------------------------------------------------------------------


def run(*args: str, cwd: Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """`python -m checker ARGS` in a real subprocess."""
    env = {k: v for k, v in os.environ.items() if k != "CONSENT_CHECKER_DEBUG"}
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def one_line(stderr: str) -> str:
    """The single stderr line of a failed command (and no traceback)."""
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def write_pack(path: Path, *rules: dict[str, Any]) -> Path:
    """A single-file pack holding `rules`."""
    path.write_text(yaml.safe_dump({"pack": PACK_HEADER, "rules": list(rules)}, sort_keys=False))
    return path


def rule_with(**changes: Any) -> dict[str, Any]:
    rule = json.loads(json.dumps(GOOD_RULE))
    rule.update(changes)
    return rule


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def minimal_evidence() -> Evidence:
    """Evidence of one site that had nothing to report (enough for `evaluate`)."""
    return Evidence(
        schema_version="1",
        tool={"name": "consent-checker", "version": "0"},
        browser=BrowserInfo("chromium", "156", "/usr/lib/chromium/chromium", True, "allowed", "test"),
        started_at="2026-11-27T10:00:00Z",
        options={},
        sites=(
            SiteEvidence(
                url="https://www.example.com/",
                status="ok",
                phases={
                    p: PhaseSnapshot(p, EXAMPLE, EXAMPLE, "2026-11-27T10:00:00Z", 900)  # type: ignore[arg-type]
                    for p in ("before", "accept", "reject")
                },
            ),
        ),
    )


EXAMPLE = "https://www.example.com/"


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def run_files(sites: int) -> set[str]:
    """What a scan keeps besides its reports: the plan, the browser, one evidence file per site."""
    return {"run.json", "browser.json", *(f"sites/{i:05d}.json" for i in range(sites))}


def screenshots(url: str) -> set[str]:
    """The screenshot files a scan of `url` writes (slug of host and path, 8 hex of the URL's sha256)."""
    host_path = url.removeprefix("https://").strip("/")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", host_path).strip("-")[:60]
    digest = hashlib.sha256(url.encode()).hexdigest()[:8]
    # Each phase's page (gpc: with the Global Privacy Control on); the banner, cropped, in each phase; the
    # page after each choice (the withdraw phase also after its accept). Every demo site shows a banner and
    # every choice is made.
    shots = ("before", "accept", "reject", "withdraw", "gpc")
    shots += tuple(f"{p}-banner" for p in ("before", "accept", "reject", "withdraw", "gpc"))
    shots += ("accept-choice", "reject-choice", "withdraw-accept-choice", "withdraw-choice")
    return {f"screenshots/{slug}-{digest}-{shot}.png" for shot in shots}


def finding_keys(site: dict[str, Any]) -> list[tuple[str, str, str]]:
    keys = []
    for f in site["findings"]:
        subject = f["subject"]
        if "cookie" in subject:
            what = f"{subject['cookie']} {subject['domain']}"
        elif "host" in subject:
            what = subject["host"]
        elif "action" in subject:
            what = subject["action"]
        elif "signal" in subject:
            what = f"{subject['signal']} {subject['where']}"
        else:
            what = subject["banner"]
        keys.append((f["rule"], f["phase"], what))
    return sorted(keys)


def load_report(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "report.json").read_text())
    return data


def assert_valid_report(report: dict[str, Any]) -> None:
    schema = json.loads(REPORT_SCHEMA.read_text())
    errors = [f"{e.json_path}: {e.message}" for e in Draft202012Validator(schema).iter_errors(report)]
    assert errors == []


def printed_verdicts(stdout: str, urls: list[str]) -> list[str]:
    """The verdict of each site line of the console summary, whose sites must be `urls` in this order."""
    rows = re.findall(r"^(pass|fail|inconclusive|error) +(\S+)  \(banner: ", stdout, flags=re.MULTILINE)
    assert [url for _verdict, url in rows] == urls, stdout  # each URL whole on its line, never wrapped
    return [verdict for verdict, _url in rows]


# --- rules list / validate ---------------------------------------------------------------------------------


def test_rules_list_prints_the_eu_core_pack_and_its_rules(tmp_path: Path) -> None:
    proc = run("rules", "list", cwd=tmp_path)

    assert proc.returncode == 0
    assert proc.stderr == ""
    lines = proc.stdout.splitlines()
    headers = [line for line in lines if not line.startswith(" ")]
    assert headers == [
        "consent-mode 1.0.0  (4 rules)",
        "edpb-banner 1.0.0  (6 rules)",
        "eu-core 1.4.0  (18 rules)",
        "gpc 1.0.0  (3 rules)",
        "tcf 1.0.0  (6 rules)",
    ]
    eu_core = lines.index("eu-core 1.4.0  (18 rules)")
    assert [tuple(line.split()[:2]) for line in lines[eu_core + 1 : eu_core + 19]] == EU_CORE_RULES
    assert lines[eu_core + 18] == (
        "  eu-core/withdraw-possible                            high     "
        "Consent can be withdrawn after accepting"
    )


def test_rules_validate_the_shipped_pack(tmp_path: Path) -> None:
    proc = run("rules", "validate", str(EU_CORE), str(EU_CORE / "reject-on-first-layer.yaml"), cwd=tmp_path)

    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "2 file(s) valid\n", "")


def test_rules_validate_takes_builtin_pack_names_as_rules_does(tmp_path: Path) -> None:
    proc = run("rules", "validate", "eu-core", "tcf", cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "2 file(s) valid\n", "")

    proc = run("rules", "validate", "eu-cor", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "eu-cor: no such file, folder or builtin pack "
        "(builtin packs: consent-mode, edpb-banner, eu-core, gpc, tcf)\n"
    )


def test_rules_validate_a_lone_rule_file_reports_its_own_error(tmp_path: Path) -> None:
    rule = (EU_CORE / "reject-possible.yaml").read_text()
    (tmp_path / "good.yaml").write_text(rule)
    (tmp_path / "bad.yaml").write_text(rule.replace("severity: high", "severity: urgent"))

    assert run("rules", "validate", "good.yaml", cwd=tmp_path).stdout == "1 file(s) valid\n"
    proc = run("rules", "validate", "bad.yaml", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "bad.yaml: at $.severity: 'urgent' is not one of ['info', 'low', 'medium', 'high', 'critical']\n"
    )


def _bad_severity(d: Path) -> str:
    write_pack(d / "bad-severity.yaml", rule_with(severity="urgent"))
    return "bad-severity.yaml"


def _unknown_key(d: Path) -> str:
    write_pack(d / "unknown-key.yaml", rule_with(severty="high"))
    return "unknown-key.yaml"


def _bad_regex(d: Path) -> str:
    write_pack(d / "bad-regex.yaml", rule_with(where={"name": "(_ga"}))
    return "bad-regex.yaml"


def _yaml_syntax(d: Path) -> str:
    (d / "syntax.yaml").write_text("pack: {name: house\nrules: [\n")
    return "syntax.yaml"


def _missing(d: Path) -> str:
    return "missing.yaml"


def _folder_rule(d: Path) -> str:
    (d / "house").mkdir()
    (d / "house" / "pack.yaml").write_text(yaml.safe_dump({"pack": PACK_HEADER}))
    (d / "house" / "no-ga.yaml").write_text(yaml.safe_dump(rule_with(phases=["before", "later"])))
    return "house/no-ga.yaml"


def _wrong_example(d: Path) -> str:
    examples = json.loads(json.dumps(GOOD_RULE["examples"]))
    # the "pass" example holds the very cookie the rule forbids
    examples[0]["evidence"]["phases"]["before"] = {"cookies": [{"name": "_ga", "domain": ".x.com"}]}
    write_pack(d / "wrong-example.yaml", rule_with(examples=examples))
    return "wrong-example.yaml"


INVALID_RULE_FILES = {
    "bad-severity": (_bad_severity, BAD_SEVERITY_LINE),
    "unknown-key": (
        _unknown_key,
        "unknown-key.yaml: at $.rules[0].severty: unknown key 'severty' (allowed: id, title, severity, "
        "phases, subject, when, where, expect, message, references, description, fix, examples)",
    ),
    "bad-regex": (
        _bad_regex,
        "bad-regex.yaml: at $.rules[0].where.name: invalid regular expression '(_ga': "
        "missing ), unterminated subpattern at position 0",
    ),
    "yaml-syntax": (
        _yaml_syntax,
        "syntax.yaml: at $: invalid YAML at line 2, column 6: expected ',' or '}', but got ':'",
    ),
    "missing-file": (_missing, "missing.yaml: no such file or directory"),
    "folder-pack-rule": (
        _folder_rule,
        "house/no-ga.yaml: at $.phases[1]: "
        "'later' is not one of ['before', 'accept', 'reject', 'withdraw', 'gpc']",
    ),
    "example-disagrees": (
        _wrong_example,
        "wrong-example.yaml: at $.rules[0].examples[0]: expected pass, got 1 finding(s): "
        "Cookie _ga before consent.",
    ),
}


@pytest.mark.parametrize("case", list(INVALID_RULE_FILES))
def test_rules_validate_an_invalid_file_is_one_line_and_exit_2(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make, expected = INVALID_RULE_FILES[case]
    name = make(tmp_path)
    monkeypatch.chdir(tmp_path)

    code = cli.main(["rules", "validate", name])

    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert one_line(err) == expected


def test_rules_validate_reports_only_the_invalid_file_of_several(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_pack(tmp_path / "good.yaml", GOOD_RULE)
    _bad_severity(tmp_path)
    monkeypatch.chdir(tmp_path)

    assert cli.main(["rules", "validate", "good.yaml"]) == 0
    assert capsys.readouterr() == ("1 file(s) valid\n", "")
    assert cli.main(["rules", "validate", "good.yaml", "bad-severity.yaml"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert one_line(err) == BAD_SEVERITY_LINE


def test_rules_validate_an_invalid_file_in_a_subprocess(tmp_path: Path) -> None:
    _bad_severity(tmp_path)

    proc = run("rules", "validate", "bad-severity.yaml", cwd=tmp_path)

    assert (proc.returncode, proc.stdout) == (2, "")
    assert one_line(proc.stderr) == BAD_SEVERITY_LINE


# --- scan: errors found before any browser starts -----------------------------------------------------------


@pytest.fixture
def fake_browser(tmp_path: Path) -> tuple[Path, Path]:
    """An executable that records that it was started, then fails (so a scan would stop at once)."""
    marker = tmp_path / "browser-started"
    script = tmp_path / "fake-browser"
    script.write_text(f'#!/bin/sh\ntouch "{marker}"\nexit 1\n')
    script.chmod(0o755)
    return script, marker


def test_scan_with_an_invalid_rule_file_stops_before_the_browser(
    tmp_path: Path, fake_browser: tuple[Path, Path]
) -> None:
    script, marker = fake_browser
    _bad_severity(tmp_path)

    proc = run(
        "scan",
        "--rules",
        "bad-severity.yaml",
        "--browser",
        str(script),
        "--out",
        "out",
        PRE_CONSENT,
        cwd=tmp_path,
    )

    assert (proc.returncode, proc.stdout) == (2, "")
    assert one_line(proc.stderr) == f"consent-checker: error: {BAD_SEVERITY_LINE}"
    assert not marker.exists()
    assert not (tmp_path / "out").exists()


def test_scan_with_valid_rules_does_start_the_browser(
    tmp_path: Path, fake_browser: tuple[Path, Path]
) -> None:
    """The control of the test above: the same command with a valid pack reaches the browser."""
    script, marker = fake_browser
    write_pack(tmp_path / "good.yaml", GOOD_RULE)

    proc = run(
        "scan", "--rules", "good.yaml", "--browser", str(script), "--out", "out", PRE_CONSENT, cwd=tmp_path
    )

    assert marker.exists()
    assert (proc.returncode, proc.stdout) == (2, "")
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [
        f"consent-checker: error: --browser {script}: does not start (exit code 1)",
    ]


def test_scan_runs_the_browser_script_it_is_given(tmp_path: Path) -> None:
    marker = tmp_path / "browser-started"
    script = tmp_path / "my-chromium"
    script.write_text(f'#!/bin/sh\ntouch "{marker}"\nexit 1\n')
    script.chmod(0o755)

    proc = run("scan", "--browser", str(script), "--out", "out", "https://www.example.invalid/", cwd=tmp_path)

    assert marker.exists()
    assert proc.returncode == 2
    assert (
        proc.stderr.splitlines()[-1]
        == f"consent-checker: error: --browser {script}: does not start (exit code 1)"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "scan: give at least one URL (or --urls FILE)"),
        (["ftp://www.example.com/"], "scan: 'ftp://www.example.com/' cannot be scanned: not an http(s) URL"),
        (
            ["www.example.com/news"],
            "scan: 'www.example.com/news' cannot be scanned: no scheme (write https://...)",
        ),
        (["http://"], "scan: 'http://' cannot be scanned: no host"),
        (["https://exa mple.com/"], "scan: 'https://exa mple.com/' cannot be scanned: contains a space"),
        (
            ["https://x.example:99999/"],
            "scan: 'https://x.example:99999/' cannot be scanned: not a valid port",
        ),
        (["javascript:alert(1)"], "scan: 'javascript:alert(1)' cannot be scanned: not an http(s) URL"),
        (
            ["--urls", "list.txt"],
            "--urls list.txt:3: 'https://-bad.example/' cannot be scanned: "
            "not a valid host name: '-bad.example'",
        ),
        (["--urls", "no-such-list.txt"], "--urls no-such-list.txt: No such file or directory"),
        (["--urls", "latin1.txt"], "--urls latin1.txt: not a UTF-8 text file"),
        (
            ["--format", "foo", GOOD],
            "argument --format: unknown format 'foo' (choose from json, html, pdf, junit, sarif, md)",
        ),
        (
            ["--format", "json,docx", GOOD],
            "argument --format: unknown format 'docx' (choose from json, html, pdf, junit, sarif, md)",
        ),
        (
            ["--fail-on", "bogus", GOOD],
            "argument --fail-on: invalid choice: 'bogus' "
            "(choose from 'info', 'low', 'medium', 'high', 'critical')",
        ),
        (["--host-map", "nonsense", GOOD], "--host-map 'nonsense': expected PATTERN=ADDR[:PORT]"),
        (["--host-map", "*=", GOOD], "--host-map '*=': expected PATTERN=ADDR[:PORT]"),
        (["--browser", "/nonexistent", GOOD], "--browser /nonexistent: not an executable file"),
        (["--concurrency", "0", GOOD], "argument --concurrency: expected a positive whole number, got '0'"),
        (
            ["--site-timeout", "10", GOOD],
            "argument --site-timeout: expected a positive number of seconds of at least 30, got '10'",
        ),
        (
            ["--settle-max", "inf", GOOD],
            "argument --settle-max: expected a positive number of seconds, got 'inf'",
        ),
        (
            ["--site-timeout", "nan", GOOD],
            "argument --site-timeout: expected a positive number of seconds of at least 30, got 'nan'",
        ),
    ],
    ids=[
        "no-url",
        "ftp-url",
        "no-scheme",
        "no-host",
        "space-in-host",
        "bad-port",
        "javascript-url",
        "bad-host-in-url-file",
        "missing-url-file",
        "url-file-not-utf8",
        "format-foo",
        "format-one-bad",
        "fail-on-bogus",
        "host-map-nonsense",
        "host-map-empty-target",
        "browser-missing",
        "concurrency-zero",
        "site-timeout-short",
        "settle-max-infinite",
        "site-timeout-nan",
    ],
)
def test_scan_usage_errors_exit_2_with_one_line(args: list[str], message: str, tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes("https://www.caf\xe9.example/\n".encode("latin-1"))
    (tmp_path / "list.txt").write_text("# sites\nhttps://www.example.com/\nhttps://-bad.example/\n")
    proc = run("scan", "--out", "out", *args, cwd=tmp_path)

    assert (proc.returncode, proc.stdout) == (2, "")
    assert one_line(proc.stderr) == f"consent-checker: error: {message}"
    assert not (tmp_path / "out").exists()


# --- evaluate: bad input ---------------------------------------------------------------------------------


def test_evaluate_missing_file(tmp_path: Path) -> None:
    proc = run("evaluate", "nothing-here.json", cwd=tmp_path)

    assert (proc.returncode, proc.stdout) == (2, "")
    assert one_line(proc.stderr) == "consent-checker: error: nothing-here.json: no such file"


def test_evaluate_a_file_that_is_not_json(tmp_path: Path) -> None:
    (tmp_path / "evidence.json").write_text("<html>not json</html>\n")

    proc = run("evaluate", "evidence.json", cwd=tmp_path)

    assert (proc.returncode, proc.stdout) == (2, "")
    assert one_line(proc.stderr) == (
        "consent-checker: error: evidence.json: not a JSON evidence file "
        "(Expecting value: line 1 column 1 (char 0))"
    )
    assert files_under(tmp_path) == {"evidence.json"}


NOT_EVIDENCE = "consent-checker: error: report.json: not a consent-checker evidence file: at "


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('{"sites": []}\n', "$: 'schema_version' is a required property"),
        ("[1, 2, 3]\n", "$: [1, 2, 3] is not of type 'object'"),
        ('"evidence"\n', "$: 'evidence' is not of type 'object'"),
        ("null\n", "$: None is not of type 'object'"),
    ],
    ids=["object-without-fields", "list", "string", "null"],
)
def test_evaluate_a_json_file_that_is_not_evidence(content: str, problem: str, tmp_path: Path) -> None:
    (tmp_path / "report.json").write_text(content)

    proc = run("evaluate", "report.json", "--out", "out", cwd=tmp_path)

    assert (proc.returncode, proc.stdout) == (2, "")
    assert one_line(proc.stderr) == NOT_EVIDENCE + problem
    assert not (tmp_path / "out").exists()


def test_evaluate_evidence_with_a_null_phase(tmp_path: Path) -> None:
    evidence = {
        "schema_version": "1",
        "tool": {"name": "consent-checker", "version": "0.1.0"},
        "browser": {
            "name": "chromium",
            "version": "156",
            "executable": "/usr/bin/chromium",
            "headless": True,
            "third_party_cookies": "allowed",
            "cookie_policy": "default",
        },
        "started_at": "2026-05-01T10:00:00Z",
        "options": {},
        "sites": [{"url": GOOD, "status": "ok", "error": None, "phases": {"before": None}}],
    }
    (tmp_path / "report.json").write_text(json.dumps(evidence))

    proc = run("evaluate", "report.json", "--out", "out", cwd=tmp_path)

    assert (proc.returncode, proc.stdout) == (2, "")
    assert one_line(proc.stderr) == NOT_EVIDENCE + "$.sites[0].phases.before: None is not of type 'object'"
    assert not (tmp_path / "out").exists()


def test_evaluate_a_directory(tmp_path: Path) -> None:
    (tmp_path / "scan").mkdir()

    proc = run("evaluate", "scan", cwd=tmp_path)

    assert (proc.returncode, proc.stdout) == (2, "")
    assert one_line(proc.stderr) == "consent-checker: error: scan: is a folder, not an evidence file"


# --- real scans of the demo sites (browser) ------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer() as srv:
        yield srv


@pytest.fixture(scope="module")
def pre_consent_scan(
    server: DemoServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """One CLI scan of the pre-consent-tracker site, every format; shared by the tests that read it."""
    work = tmp_path_factory.mktemp("pre-consent")
    proc = run(
        "scan",
        server.sites["pre-consent-tracker"],
        "--host-map",
        server.host_rules()[0],
        "--ignore-https-errors",
        "--out",
        "scan",
        "--format",
        "json,html,junit,sarif,md",
        cwd=work,
    )
    return proc, work / "scan"


@pytest.mark.browser
def test_scan_pre_consent_tracker_fails_and_writes_every_format(
    pre_consent_scan: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    proc, out = pre_consent_scan

    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [
        "Scanning 1 site(s): before, accept, reject, withdraw and gpc phases",
        f"  scanned {PRE_CONSENT} (ok)",
    ]
    assert printed_verdicts(proc.stdout, [PRE_CONSENT]) == ["fail"]
    assert proc.stdout.splitlines()[-3:] == [
        "1 site: 0 passed, 1 failed, 0 inconclusive, 0 errors",
        "",
        f"Report: {(out / 'report.html').resolve()}",
    ]
    assert files_under(out) == {
        "evidence.json",
        "manifest.json",
        "report.json",
        "report.html",
        "report.junit.xml",
        "report.sarif",
        "report.md",
    } | screenshots(PRE_CONSENT) | run_files(1)

    report = load_report(out)
    assert_valid_report(report)
    (site,) = report["sites"]
    assert (site["url"], site["status"], site["error"], site["verdict"]) == (PRE_CONSENT, "ok", None, "fail")
    assert (site["banner"]["detected"], site["banner"]["cmp"], site["banner"]["reject_on_first_layer"]) == (
        True,
        "onetrust",
        True,
    )
    assert finding_keys(site) == EXPECTED_FINDINGS[PRE_CONSENT]
    assert site["summary"]["findings"] == {"info": 0, "low": 0, "medium": 2, "high": 21, "critical": 0}
    ga_before = next(
        f
        for f in site["findings"]
        if f["rule"] == "eu-core/no-tracking-cookies-before-consent" and f["subject"]["cookie"] == "_ga"
    )
    assert ga_before["message"] == (
        "Cookie _ga on .harbour-times.co.uk (analytics, Google Analytics) was stored before consent; "
        "set by https://www.googletagmanager.com/gtag/js?id=G-HARBOUR77."
    )
    assert ga_before["severity"] == "high"
    # the report lists the SHA-256 of the evidence file and of every screenshot, and they match
    assert set(report["evidence"]) == {"evidence.json"} | screenshots(PRE_CONSENT)
    assert report["evidence"] == {name: sha256(out / name) for name in report["evidence"]}

    # the other formats carry the same findings
    sarif = json.loads((out / "report.sarif").read_text())
    assert Counter(r["ruleId"] for r in sarif["runs"][0]["results"]) == Counter(
        f["rule"] for f in site["findings"]
    )
    junit = ET.parse(out / "report.junit.xml").getroot()
    # One case per rule evaluated; the rules with a high finding fail (--fail-on high), medium ones are notes.
    failing_rules = {f["rule"] for f in site["findings"] if f["severity"] == "high"}
    assert (sum(len(p["rules"]) for p in report["rules"]), len(failing_rules)) == (37, 6)
    assert (junit.tag, junit.get("tests"), junit.get("failures"), junit.get("errors")) == (
        "testsuites",
        "37",
        "6",
        "0",
    )
    assert "### ❌ fail `https://www.harbour-times.co.uk/politics/shoigu-iran-security-talks`" in (
        (out / "report.md").read_text()
    )
    html = (out / "report.html").read_text()
    assert html.startswith("<!doctype html>")
    assert "eu-core/no-tracking-cookies-before-consent" in html


@pytest.mark.browser
def test_evaluate_with_fail_on_critical_passes_the_same_evidence(
    pre_consent_scan: tuple[subprocess.CompletedProcess[str], Path], tmp_path: Path
) -> None:
    _, scan_out = pre_consent_scan

    proc = run(
        "evaluate",
        str(scan_out / "evidence.json"),
        "--fail-on",
        "critical",
        "--out",
        "critical",
        cwd=tmp_path,
    )

    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.splitlines()[-3:] == [
        "1 site: 0 passed, 1 failed, 0 inconclusive, 0 errors",
        "",
        f"Report: {(tmp_path / 'critical' / 'report.html').resolve()}",
    ]
    # the screenshots come along, so the report's pictures and hashes still resolve
    expected = {"evidence.json", "manifest.json", "report.json", "report.html"} | screenshots(PRE_CONSENT)
    assert files_under(tmp_path / "critical") == expected


@pytest.mark.browser
def test_evaluate_rejudges_saved_evidence_without_a_browser(
    pre_consent_scan: tuple[subprocess.CompletedProcess[str], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, scan_out = pre_consent_scan

    def no_browser(*args: object, **kwargs: object) -> None:
        raise AssertionError("evaluate must not start a browser")

    for target in (
        "checker.pipeline.scan",
        "checker.batch.run.find_browser",
        "checker.batch.run.async_playwright",
    ):
        monkeypatch.setattr(target, no_browser)
    other = tmp_path / "other"

    code = cli.main(["evaluate", str(scan_out / "evidence.json"), "--out", str(other), "--format", "json,md"])

    out, err = capsys.readouterr()
    assert (code, err) == (1, "")
    assert out.splitlines()[-1] == f"Report: {other}"  # no report.html was asked for
    assert files_under(other) == {
        "evidence.json",
        "manifest.json",
        "report.json",
        "report.md",
    } | screenshots(PRE_CONSENT)
    scanned, rejudged = load_report(scan_out), load_report(other)
    assert_valid_report(rejudged)
    assert rejudged["sites"][0]["findings"] == scanned["sites"][0]["findings"]
    assert rejudged["sites"][0]["verdict"] == scanned["sites"][0]["verdict"] == "fail"
    assert rejudged["summary"] == scanned["summary"]
    # the evidence is written again, classified the same way; it and the copied screenshots are hashed
    assert json.loads((other / "evidence.json").read_text()) == json.loads(
        (scan_out / "evidence.json").read_text()
    )
    assert rejudged["evidence"] == {
        name: sha256(other / name)
        for name in files_under(other) - {"report.json", "report.md", "manifest.json"}
    }


def test_evaluate_never_overwrites_the_evidence_it_judges(tmp_path: Path) -> None:
    evidence = tmp_path / "evidence.json"
    evidence.write_text(json.dumps(to_dict(minimal_evidence())))
    before = evidence.read_bytes()

    same = run("evaluate", str(evidence), "--out", str(tmp_path), cwd=tmp_path)
    default = run("evaluate", str(evidence), cwd=tmp_path)

    assert (same.returncode, same.stderr) == (
        2,
        f"consent-checker: error: --out {tmp_path}: would overwrite the evidence it judges; "
        "choose another folder\n",
    )
    assert default.returncode == 0, default.stderr
    assert evidence.read_bytes() == before
    assert files_under(tmp_path / "evaluated") == {
        "evidence.json",
        "manifest.json",
        "report.json",
        "report.html",
    }


@pytest.mark.browser
def test_scan_good_site_passes(server: DemoServer, tmp_path: Path) -> None:
    proc = run(
        "scan",
        server.sites["good"],
        "--host-map",
        server.host_rules()[0],
        "--ignore-https-errors",
        "--out",
        "out",
        cwd=tmp_path,
    )

    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == [
        "Scanning 1 site(s): before, accept, reject, withdraw and gpc phases",
        f"  scanned {GOOD} (ok)",
    ]
    assert printed_verdicts(proc.stdout, [GOOD]) == ["pass"]
    assert proc.stdout.splitlines()[-3] == "1 site: 1 passed, 0 failed, 0 inconclusive, 0 errors"
    out = tmp_path / "out"
    assert files_under(out) == {"evidence.json", "manifest.json", "report.json", "report.html"} | screenshots(
        GOOD
    ) | run_files(1)
    report = load_report(out)
    assert_valid_report(report)
    (site,) = report["sites"]
    assert (site["url"], site["status"], site["verdict"], site["findings"]) == (GOOD, "ok", "pass", [])


def _cookie_names(phase: dict[str, Any]) -> list[str]:
    return sorted(c["name"] for c in phase["cookies"])


@pytest.mark.browser
def test_scan_unreachable_site_exits_3_and_still_reports_the_good_site(
    server: DemoServer, tmp_path: Path
) -> None:
    closed = socket.socket()  # bound, never listening: connections to it are refused
    closed.bind(("127.0.0.1", 0))
    try:
        port = closed.getsockname()[1]
        proc = run(
            "scan",
            UNREACHABLE,
            server.sites["good"],
            "--host-map",
            f"www.unreachable-news.test=127.0.0.1:{port}",  # the first matching rule wins
            "--host-map",
            server.host_rules()[0],
            "--ignore-https-errors",
            "--out",
            "out",
            cwd=tmp_path,
        )
    finally:
        closed.close()

    error = f"could not load {UNREACHABLE}: Page.goto: net::ERR_CONNECTION_REFUSED at {UNREACHABLE}"
    assert proc.returncode == 3, proc.stderr
    assert "Traceback" not in proc.stderr
    assert sorted(proc.stderr.splitlines()) == sorted(
        [
            "Scanning 2 site(s): before, accept, reject, withdraw and gpc phases",
            f"  scanned {UNREACHABLE} (error: {error})",
            f"  scanned {GOOD} (ok)",
        ]
    )
    assert printed_verdicts(proc.stdout, [UNREACHABLE, GOOD]) == ["error", "pass"]
    assert proc.stdout.splitlines()[-3] == "2 sites: 1 passed, 0 failed, 0 inconclusive, 1 error"
    out = tmp_path / "out"
    assert files_under(out) == {"evidence.json", "manifest.json", "report.json", "report.html"} | screenshots(
        GOOD
    ) | run_files(2)

    report = load_report(out)
    assert_valid_report(report)
    down, good = report["sites"]
    assert (down["url"], down["status"], down["verdict"], down["error"], down["findings"]) == (
        UNREACHABLE,
        "error",
        "error",
        error,
        [],
    )
    assert (good["url"], good["status"], good["verdict"], good["error"], good["findings"]) == (
        GOOD,
        "ok",
        "pass",
        None,
        [],
    )
    assert list(good["phases"]) == ["before", "accept", "reject", "withdraw", "gpc"]
    assert [_cookie_names(good["phases"][p]) for p in ("before", "accept", "reject")] == [
        ["news_session"],
        ["_ga", "_gid", "news_consent", "news_session"],
        ["news_consent", "news_session"],
    ]
    assert (good["banner"]["detected"], good["banner"]["cmp"], good["banner"]["reject_layers"]) == (
        True,
        "generic",
        1,
    )
    assert report["summary"] == {
        "sites": 2,
        "passed": 1,
        "failed": 0,
        "inconclusive": 0,
        "errors": 1,
        "findings": {"info": 0, "low": 0, "medium": 0, "high": 0, "critical": 0},
    }


# --- the demo command ----------------------------------------------------------------------------------


@pytest.mark.browser
def test_demo_command_prints_the_six_verdicts(tmp_path: Path) -> None:
    proc = run("demo", "--out", "demo", cwd=tmp_path)

    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stdout.splitlines()
    assert re.fullmatch(
        r"Demo news sites served on https://127\.0\.0\.1:\d+ under their own hostnames:", lines[0]
    )
    assert lines[1:7] == [
        f"  {GOOD}  (pass: nothing before consent, nothing after reject)",
        f"  {PRE_CONSENT}  (fail: Google Analytics and the Meta pixel load before any choice)",
        f"  {AFTER_REJECT}  (fail: DoubleClick and the Meta pixel keep tracking after reject)",
        f"  {SECOND_LAYER}  (fail: reject only on the second layer; a cookie declared for 3 years)",
        f"  {TCF_SITE}  (fail: after reject-all the TCF string tells ad vendors the user consented)",
        f"  {CONSENT_MODE_SITE}  (fail: Consent Mode grants Google storage while the banner is open)",
    ]
    assert printed_verdicts(proc.stdout, DEMO_URLS) == ["pass", "fail", "fail", "fail", "fail", "fail"]
    out = tmp_path / "demo"
    written = "evidence.json, report.json, report.html, report.pdf, report.junit.xml, report.sarif, report.md"
    assert lines[-4:] == [
        "6 sites: 1 passed, 5 failed, 0 inconclusive, 0 errors",
        "",
        f"Written to {out.resolve()}: {written}, manifest.json",
        f"HTML report: {(out / 'report.html').resolve()}",
    ]
    assert files_under(out) == {
        "evidence.json",
        "manifest.json",
        "report.json",
        "report.html",
        "report.pdf",
        "report.md",
        "report.junit.xml",
        "report.sarif",
    } | set().union(*(screenshots(url) for url in DEMO_URLS)) | run_files(6)

    report = load_report(out)
    assert_valid_report(report)
    assert [(s["url"], s["status"], s["verdict"]) for s in report["sites"]] == [
        (GOOD, "ok", "pass"),
        (PRE_CONSENT, "ok", "fail"),
        (AFTER_REJECT, "ok", "fail"),
        (SECOND_LAYER, "ok", "fail"),
        (TCF_SITE, "ok", "fail"),
        (CONSENT_MODE_SITE, "ok", "fail"),
    ]
    assert {s["url"]: finding_keys(s) for s in report["sites"]} == EXPECTED_FINDINGS
    assert report["summary"] == {
        "sites": 6,
        "passed": 1,
        "failed": 5,
        "inconclusive": 0,
        "errors": 0,
        "findings": {"info": 0, "low": 0, "medium": 6, "high": 55, "critical": 0},
    }


def test_demo_with_a_browser_that_is_not_there_is_a_usage_error(tmp_path: Path) -> None:
    proc = run("demo", "--browser", "/nonexistent/chromium", "--out", "demo", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "consent-checker: error: --browser /nonexistent/chromium: not an executable file\n"
    assert not (tmp_path / "demo").exists()


@pytest.mark.parametrize(
    ("shot", "problem"),
    [
        ("../secret.png", "evidence names a file outside its folder: '../secret.png'; refused"),
        ("/etc/passwd", "evidence names a file outside its folder: '/etc/passwd'; refused"),
        (
            "screenshots/link.png",
            "evidence names a file that leads outside its folder: 'screenshots/link.png'; refused",
        ),
        (
            "screenshots/a\x00b.png",
            "evidence names a file that cannot be a file here: 'screenshots/a\\x00b.png'; refused",
        ),
        # the file is there, but not the one the evidence recorded
        (
            "screenshots/real.png",
            "screenshots/real.png: does not match the SHA-256 its evidence records; refused",
        ),
    ],
)
def test_evaluate_refuses_evidence_that_names_files_outside_its_folder(
    tmp_path: Path, shot: str, problem: str
) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "screenshots").mkdir(parents=True)
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not yours")
    (inbox / "screenshots" / "link.png").symlink_to(secret)
    (inbox / "screenshots" / "real.png").write_bytes(b"changed after the scan")
    evidence = minimal_evidence()
    before = evidence.sites[0].phases["before"]
    phases = {"before": replace(before, screenshot=Screenshot(shot, "0" * 64))}
    evidence = replace(evidence, sites=(replace(evidence.sites[0], phases=phases),))
    (inbox / "evidence.json").write_text(json.dumps(to_dict(evidence)))

    proc = run("evaluate", str(inbox / "evidence.json"), "--out", str(tmp_path / "out"), cwd=tmp_path)

    assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", f"consent-checker: error: {problem}\n")
    assert not (tmp_path / "out").exists()
