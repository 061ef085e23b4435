"""The CI side of the command line: --baseline, --waivers, --soft-fail, the step summary, verify, diff."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from checker import cli

SITE = "https://www.example-news.com/politics/article"
GTAG = "https://www.googletagmanager.com/gtag/js?id=G-CI01"
PIXEL = "https://connect.facebook.net/en_US/fbevents.js"


def _request(url: str, t_ms: int) -> dict[str, Any]:
    return {"url": url, "method": "GET", "resource_type": "script", "status": 200, "frame_url": SITE,
            "initiator": None, "t_ms": t_ms}  # fmt: skip


def evidence(*, pixel: bool = False, ts: int = 1) -> dict[str, Any]:
    """Hand-written evidence of one site without a banner that stores _ga (and, with `pixel`, loads the
    Meta pixel and stores _fbp); `ts` varies the query values as a second run would."""
    cookies = [{"name": "_ga", "domain": ".example-news.com", "set_by": GTAG}]
    requests = [_request(f"https://www.google-analytics.com/g/collect?v=2&cid={ts}&_p={ts * 7}", 300)]
    if pixel:
        cookies.append({"name": "_fbp", "domain": ".example-news.com", "set_by": PIXEL})
        requests.append(_request(f"{PIXEL}?ts={ts}", 350))
    before = {
        "phase": "before",
        "url": SITE,
        "final_url": SITE,
        "started_at": "2026-12-02T10:00:00Z",
        "duration_ms": 1200,
        "banner": {"detected": False},
        "cookies": cookies,
        "requests": requests,
    }
    browser = {"name": "chromium", "version": "156.0.0.0", "executable": "/usr/lib/chromium/chromium",
               "headless": True, "third_party_cookies": "allowed", "cookie_policy": "test"}  # fmt: skip
    return {
        "schema_version": "1",
        "tool": {"name": "consent-checker", "version": "0"},
        "browser": browser,
        "started_at": "2026-12-02T10:00:00Z",
        "options": {},
        "sites": [{"url": SITE, "status": "ok", "error": None, "phases": {"before": before}}],
    }


def evaluate(tmp_path: Path, name: str, *extra: str, data: dict[str, Any] | None = None) -> tuple[int, Path]:
    """`consent-checker evaluate` of the evidence into tmp_path/name; the exit code and the folder."""
    source = tmp_path / f"{name}-evidence" / "evidence.json"
    source.parent.mkdir()
    source.write_text(json.dumps(data or evidence()))
    out = tmp_path / name
    code = cli.main(["evaluate", str(source), "--out", str(out), "--format", "json,md,html", *extra])
    return code, out


def findings(out: Path) -> list[tuple[str, str | None, Any]]:
    report = json.loads((out / "report.json").read_text())
    return [(f["rule"], f["phase"], f["triage"]) for s in report["sites"] for f in s["findings"]]


RULES = ["eu-core/no-banner-but-tracking-cookies", "eu-core/no-tracker-requests-before-consent"]
PIXEL_RULES = [
    "eu-core/no-banner-but-tracking-cookies",
    "eu-core/no-banner-but-tracking-cookies",
    "eu-core/no-tracker-requests-before-consent",
    "eu-core/no-tracker-requests-before-consent",
]


def test_a_baseline_of_the_same_site_makes_the_run_pass_and_keeps_the_findings_marked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, first = evaluate(tmp_path, "first")
    assert code == 1
    assert [r for r, _p, _t in findings(first)] == RULES

    # A later run: other query values (cid=, _p=) in the tracker requests, the same findings.
    code, second = evaluate(
        tmp_path, "second", "--baseline", str(first / "report.json"), data=evidence(ts=99)
    )

    err = capsys.readouterr().err
    assert code == 0, err
    baselined = {"status": "baselined", "reason": f"in the baseline {first / 'report.json'}", "owner": None,
                 "expires": None}  # fmt: skip
    assert findings(second) == [(RULES[0], "before", baselined), (RULES[1], "before", baselined)]
    assert "triage: 0 finding(s) count, 2 baselined, 0 waived" in err.splitlines()
    assert "(baselined)" in (second / "report.md").read_text()


def test_only_what_is_new_against_the_baseline_fails(tmp_path: Path) -> None:
    _, first = evaluate(tmp_path, "first")
    code, second = evaluate(
        tmp_path, "second", "--baseline", str(first / "report.json"), data=evidence(pixel=True)
    )
    assert code == 1
    assert [(rule, triage is None) for rule, _p, triage in findings(second)] == [
        (PIXEL_RULES[0], False),
        (PIXEL_RULES[1], True),  # _fbp: new
        (PIXEL_RULES[2], False),
        (PIXEL_RULES[3], True),  # connect.facebook.net: new
    ]


def test_waivers_accept_findings_and_an_expired_one_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n"
        f"  - rule: {RULES[0]}\n    site: 'https://www.example-news.com/*'\n"
        "    reason: banner ships next sprint\n    owner: web-team\n    expires: 2999-12-31\n"
        f"  - rule: {RULES[1]}\n    reason: old waiver\n    owner: web-team\n    expires: 2020-01-31\n"
    )
    code, out = evaluate(tmp_path, "waived", "--waivers", str(waivers))
    err = capsys.readouterr().err
    assert code == 1  # the request finding's waiver expired
    waived = {
        "status": "waived",
        "reason": "banner ships next sprint",
        "owner": "web-team",
        "expires": "2999-12-31",
    }
    assert findings(out) == [(RULES[0], "before", waived), (RULES[1], "before", None)]
    assert (
        f"consent-checker: waiver for rule {RULES[1]} expired on 2020-01-31 (owner web-team): "
        "it no longer applies" in err.splitlines()
    )
    report = json.loads((out / "report.json").read_text())
    assert report["triage"]["expired_waivers"] == [
        {
            "reason": "old waiver",
            "owner": "web-team",
            "expires": "2020-01-31",
            "fingerprint": None,
            "rule": RULES[1],
            "site": None,
        }
    ]


def test_soft_fail_exits_0_and_writes_everything(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = evaluate(tmp_path, "soft", "--soft-fail")
    assert code == 0
    assert "consent-checker: --soft-fail: exit 0 instead of 1" in capsys.readouterr().err.splitlines()
    assert sorted(p.name for p in out.iterdir()) == [
        "evidence.json", "manifest.json", "report.html", "report.json", "report.md",
    ]  # fmt: skip


def test_the_markdown_summary_goes_to_the_github_step_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    _, out = evaluate(tmp_path, "summary")
    assert summary.read_text() == "earlier step\n" + (out / "report.md").read_text()


def test_a_bad_waiver_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    waivers = tmp_path / "w.yaml"
    waivers.write_text("waivers:\n  - rule: a/b\n    reason: r\n    owner: o\n")
    code, _ = evaluate(tmp_path, "bad", "--waivers", str(waivers))
    assert code == 2
    assert capsys.readouterr().err == (
        f"consent-checker: error: --waivers {waivers}: at $.waivers[0]: 'expires' is a required property\n"
    )


# --- verify -------------------------------------------------------------------------------------------


def verify(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checker", "verify", str(folder)], capture_output=True, text=True, check=False
    )


def test_verify_names_every_altered_missing_and_added_file(tmp_path: Path) -> None:
    _, out = evaluate(tmp_path, "bundle")
    manifest = json.loads((out / "manifest.json").read_text())
    assert sorted(manifest["files"]) == ["evidence.json", "report.html", "report.json", "report.md"]
    assert manifest["command_line"][:2] == ["consent-checker", "evaluate"]
    assert manifest["tool"]["name"] == "consent-checker"
    intact = verify(out)
    assert (intact.returncode, intact.stdout) == (0, f"{out}: all 4 file(s) match manifest.json\n")

    html = out / "report.html"
    data = bytearray(html.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit of one byte
    html.write_bytes(bytes(data))
    (out / "report.md").unlink()
    (out / "extra.txt").write_text("slipped in")

    changed = verify(out)
    assert changed.returncode == 1
    assert changed.stdout == "altered: report.html\nmissing: report.md\nadded: extra.txt\n"
    assert changed.stderr == f"{out}: 3 file(s) do not match manifest.json\n"


def test_verify_of_a_folder_without_manifest_is_a_usage_error(tmp_path: Path) -> None:
    proc = verify(tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == (
        f"consent-checker: error: {tmp_path}: no manifest.json: not an output folder of consent-checker\n"
    )


# --- diff ---------------------------------------------------------------------------------------------


def test_diff_lists_new_cookies_trackers_and_findings_and_fails_on_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, old = evaluate(tmp_path, "old")
    _, new = evaluate(tmp_path, "new", data=evidence(pixel=True, ts=42))
    new_report = json.loads((new / "report.json").read_text())
    fbp, pixel = (
        f for f in new_report["sites"][0]["findings"] if "_fbp" in f["message"] or "facebook" in f["message"]
    )
    capsys.readouterr()

    code = cli.main(["diff", str(old / "report.json"), str(new / "report.json")])

    assert code == 1
    assert capsys.readouterr().out == (
        "1 of 1 site(s) changed\n\n"
        f"{SITE}\n"
        "  new findings (2):\n"
        f"    high {fbp['rule']} (before) {fbp['fingerprint']}: {fbp['message']}\n"
        f"    high {pixel['rule']} (before) {pixel['fingerprint']}: {pixel['message']}\n"
        "  new cookies (1):\n"
        "    before: _fbp (.example-news.com)\n"
        "  new trackers (1):\n"
        "    before: connect.facebook.net (Meta)\n"
    )
    assert (
        cli.main(["diff", str(old / "report.json"), str(new / "report.json"), "--fail-on", "critical"]) == 0
    )
    capsys.readouterr()
    assert cli.main(["diff", str(new / "report.json"), str(old / "report.json"), "--markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith(f"## Consent check: changes\n\n1 of 1 site(s) changed.\n\n### `{SITE}`\n")
    assert "**gone cookies** (1)\n\n- `before: _fbp (.example-news.com)`" in markdown


def test_diff_of_two_runs_of_the_same_page_is_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, old = evaluate(tmp_path, "old")
    _, new = evaluate(tmp_path, "new", data=evidence(ts=77))
    capsys.readouterr()
    assert cli.main(["diff", str(old / "report.json"), str(new / "report.json")]) == 0
    assert capsys.readouterr().out == "0 of 1 site(s) changed\n"


def test_diff_of_a_file_that_is_not_a_report_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "x.json"
    bad.write_text("[1, 2]")
    assert cli.main(["diff", str(bad), str(bad)]) == 2
    assert capsys.readouterr().err == (
        f"consent-checker: error: diff: {bad}: not a consent-checker report.json: "
        "at $: [1, 2] is not of type 'object'\n"
    )


# --- --har ----------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_har_records_each_phase_and_the_manifest_covers_it(tmp_path: Path) -> None:
    from checker.demo.server import DemoServer

    with DemoServer() as server:
        url = server.sites["good"]
        proc = subprocess.run(
            [sys.executable, "-m", "checker", "scan", url, "--host-map", server.host_rules()[0],
             "--ignore-https-errors", "--har", "--out", str(tmp_path / "out"), "--format", "json"],
            capture_output=True, text=True, check=False, timeout=300,
        )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    hars = sorted((out / "har").iterdir())
    assert [h.name.rsplit("-", 1)[1] for h in hars] == [
        "accept.har", "before.har", "gpc.har", "reject.har", "withdraw.har",
    ]  # fmt: skip
    for har in hars:
        log = json.loads(har.read_text())["log"]
        assert log["creator"]["name"] == "Playwright"
        documents = [e["request"]["url"] for e in log["entries"] if e["request"]["url"] == url]
        assert documents, har.name  # the page itself was recorded
    gpc = json.loads(next(h for h in hars if h.name.endswith("-gpc.har")).read_text())["log"]
    page = next(e for e in gpc["entries"] if e["request"]["url"] == url)
    assert {"name": "Sec-GPC", "value": "1"} in page["request"]["headers"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert {f"har/{h.name}" for h in hars} <= set(manifest["files"])
    assert manifest["command_line"][:3] == ["consent-checker", "scan", url]
    verified = subprocess.run(
        [sys.executable, "-m", "checker", "verify", str(out)], capture_output=True, text=True, check=False
    )
    assert verified.returncode == 0, verified.stdout


def test_a_format_that_cannot_be_made_is_one_line_and_the_rest_is_written(tmp_path: Path) -> None:
    data = evidence()
    data["browser"]["executable"] = "/nonexistent/chromium"
    source = tmp_path / "in" / "evidence.json"
    source.parent.mkdir()
    source.write_text(json.dumps(data))
    env = {**os.environ, "CONSENT_CHECKER_BROWSER": "/nonexistent/chromium"}

    def evaluate_pdf(out: str, *extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "checker", "evaluate", str(source), "--out", str(tmp_path / out),
             "--format", "json,pdf,md", *extra],
            capture_output=True, text=True, check=False, env=env,
        )  # fmt: skip

    proc = evaluate_pdf("out")
    assert proc.returncode == 1  # the findings decide
    assert proc.stderr == (
        "consent-checker: error: cannot print report.pdf: $CONSENT_CHECKER_BROWSER /nonexistent/chromium: "
        "not an executable file\n"
    )
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "evidence.json", "manifest.json", "report.json", "report.md",
    ]  # fmt: skip
    # Without a finding that sets the exit code, the missing format makes the run incomplete.
    assert evaluate_pdf("lenient", "--fail-on", "critical").returncode == 3


def test_scan_reads_waivers_before_any_browser_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "w.yaml"
    bad.write_text("waivers: {}\n")
    out = tmp_path / "out"
    code = cli.main(
        [
            "scan",
            "https://www.example.com/",
            "--waivers",
            str(bad),
            "--out",
            str(out),
            "--browser",
            "/nonexistent",
        ]
    )
    assert code == 2
    assert (
        capsys.readouterr().err
        == f"consent-checker: error: --waivers {bad}: at $.waivers: {{}} is not of type 'array'\n"
    )
    assert not (out / "run.json").exists()


def test_a_resumed_run_asks_for_its_baseline_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dataclasses import replace

    from checker.batch.store import RunStore
    from checker.pipeline import new_plan
    from checker.scan_options import ScanOptions

    baseline = tmp_path / "old" / "report.json"
    out = tmp_path / "run"
    plan = replace(new_plan([SITE], ScanOptions()), baseline=str(baseline), soft_fail=True)
    RunStore(out).start(plan)

    assert cli.main(["scan", "--resume", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"consent-checker: error: the run used {baseline}; "
        "a run folder is not trusted to name files to read: give them again with --baseline\n"
    )


def test_the_manifest_records_symlinks_without_following_them(tmp_path: Path) -> None:
    from checker.manifest import verify_folder, write_manifest

    folder = tmp_path / "bundle"
    (folder / "screenshots").mkdir(parents=True)
    (folder / "report.json").write_text("{}")
    (folder / "dangling").symlink_to(tmp_path / "nowhere")
    (folder / "shots").symlink_to(folder / "screenshots")
    write_manifest(folder, {"name": "consent-checker"}, {"name": "chromium"}, ["consent-checker"], "now")
    assert sorted(json.loads((folder / "manifest.json").read_text())["files"]) == [
        "dangling", "report.json", "shots",
    ]  # fmt: skip
    assert verify_folder(folder).intact
    (folder / "dangling").unlink()
    (folder / "dangling").symlink_to(tmp_path / "elsewhere")
    assert verify_folder(folder).altered == ("dangling",)
