"""The built wheel works on its own: rules, catalogs, CMP recipes, schemas and the HTML template ship in it.

The wheel is installed (not editable) into a fresh venv. Its dependencies are not downloaded again: a
`.pth` file in the new venv points at this interpreter's site-packages (`--system-site-packages` would
not help: the dependencies live in the project's venv, not in the base interpreter). A plain path line
in a `.pth` file adds that folder to `sys.path` without running the `.pth` files inside it, so the
editable install of the repository (itself a `.pth` line) stays out, and `checker` resolves to the
wheel's copy, which the tests assert.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

pytestmark = [pytest.mark.slow]

REPO = Path(__file__).resolve().parent.parent
SITE = "https://www.example-news.com/politics/article"
GTAG = "https://www.googletagmanager.com/gtag/js?id=G-WHEEL01"
COLLECT = "https://www.google-analytics.com/g/collect?v=2&tid=G-WHEEL01"

# Hand-written evidence, nothing classified: a finding needs the shipped catalogs to know _ga and the hosts.
EVIDENCE: dict[str, Any] = {
    "schema_version": "1",
    "tool": {"name": "consent-checker", "version": "0.1.0"},
    "browser": {
        "name": "chromium",
        "version": "156.0.0.0",
        "executable": "/usr/lib/chromium/chromium-headless-shell",
        "headless": True,
        "third_party_cookies": "allowed",
        "cookie_policy": "headless shell default: third-party cookies allowed",
    },
    "started_at": "2026-05-01T10:00:00Z",
    "options": {},
    "sites": [
        {
            "url": SITE,
            "status": "ok",
            "error": None,
            "phases": {
                "before": {
                    "phase": "before",
                    "url": SITE,
                    "final_url": SITE,
                    "started_at": "2026-05-01T10:00:00Z",
                    "duration_ms": 1200,
                    "banner": {"detected": False},
                    "cookies": [{"name": "_ga", "domain": ".example-news.com", "set_by": GTAG}],
                    "requests": [
                        {
                            "url": COLLECT,
                            "method": "GET",
                            "resource_type": "ping",
                            "status": 204,
                            "frame_url": SITE,
                            "initiator": GTAG,
                            "t_ms": 300,
                        }
                    ],
                }
            },
        }
    ],
}
EXPECTED_FINDINGS = [
    (
        "eu-core/no-banner-but-tracking-cookies",
        "Cookie _ga on .example-news.com (analytics, Google Analytics) is stored, but the site shows no "
        "consent banner to ask for it.",
    ),
    (
        "eu-core/no-tracker-requests-before-consent",
        "Request to tracker host www.google-analytics.com (analytics, Google Analytics) before consent: "
        f"1 request(s), first {COLLECT}.",
    ),
]


def _clean_env() -> dict[str, str]:
    drop = {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "CONSENT_CHECKER_DEBUG"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def _run(cmd: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, cwd=cwd, env=_clean_env(), capture_output=True, text=True, timeout=timeout, check=False
    )


class WheelVenv:
    """A fresh venv holding only the built wheel (dependencies reached through a .pth line)."""

    def __init__(self, root: Path, wheel: Path) -> None:
        self.root = root
        self.wheel = wheel
        self.python = root / "venv" / "bin" / "python"
        self.cli = root / "venv" / "bin" / "consent-checker"
        self.work = root / "work"  # the working directory of every command: holds no `checker`

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return _run([str(self.cli), *args], self.work)

    def python_json(self, code: str, *args: str) -> Any:
        proc = _run([str(self.python), "-c", code, *args], self.work)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory) -> WheelVenv:
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)], root)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("consent_checker-*.whl")

    made = _run([sys.executable, "-m", "venv", "--without-pip", str(root / "venv")], root)
    assert made.returncode == 0, made.stderr
    env = WheelVenv(root, wheel)
    env.work.mkdir()
    # Install first: once the .pth below is in place, pip would see the repository's editable install.
    pip = [sys.executable, "-m", "pip", "--python", str(env.python), "install", "--no-deps", "--no-index"]
    installed = _run([*pip, "-q", str(wheel)], root)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    purelib = Path(
        env.python_json("import json, sysconfig; print(json.dumps(sysconfig.get_paths()['purelib']))")
    )
    deps = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (purelib / "_test_wheel_deps.pth").write_text("".join(f"{d}\n" for d in deps))
    return env


def test_the_wheel_holds_the_package_data(wheel_venv: WheelVenv) -> None:
    names = set(zipfile.ZipFile(wheel_venv.wheel).namelist())
    shipped = {
        "checker/bundled_rules/eu-core/pack.yaml",
        "checker/bundled_rules/eu-core/no-tracking-cookies-before-consent.yaml",
        "checker/bundled_rules/catalogs/cookies.yaml",
        "checker/bundled_rules/catalogs/trackers.yaml",
        "checker/bundled_rules/cmp/cookiebot.yaml",
        "checker/bundled_rules/cmp/didomi.yaml",
        "checker/bundled_rules/cmp/onetrust.yaml",
        "checker/schemas/rule.schema.json",
        "checker/schemas/catalog.schema.json",
        "checker/schemas/cmp-recipe.schema.json",
        "checker/schemas/report.schema.json",
        "checker/schemas/evidence.schema.json",
        "checker/render/templates/report.html.j2",
        "checker/capture.js",
        "checker/consent/detector.js",
        "checker/schemas/lexicon.schema.json",
        "checker/bundled_rules/lexicon/en.yaml",
    }
    assert shipped <= names
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)


def test_checker_is_imported_from_the_wheel_not_the_repository(wheel_venv: WheelVenv) -> None:
    info = wheel_venv.python_json(
        "import json, sys, checker, checker.paths, checker.catalog, checker.recipes, checker.rules\n"
        "print(json.dumps({\n"
        "  'file': checker.__file__,\n"
        "  'rules_dir': str(checker.paths.rules_dir()),\n"
        "  'packs': list(checker.rules.builtin_pack_names()),\n"
        "  'catalogs': [str(p) for p in checker.catalog.builtin_catalog_paths()],\n"
        "  'recipes': [[r.id, r.source] for r in checker.recipes.load_recipes()],\n"
        "  'repo_on_path': any(p.rstrip('/') == sys.argv[1] for p in sys.path),\n"
        "}))",
        str(REPO),
    )
    venv = str(wheel_venv.root / "venv") + os.sep
    package = Path(info["file"]).parent
    assert info["file"].startswith(venv)
    assert not info["file"].startswith(str(REPO) + os.sep)
    assert info["repo_on_path"] is False
    assert info["rules_dir"] == str(package / "bundled_rules")
    assert info["packs"] == ["consent-mode", "edpb-banner", "eu-core", "gpc", "tcf"]
    assert info["catalogs"] == [
        str(package / "bundled_rules" / "catalogs" / "cookies.yaml"),
        str(package / "bundled_rules" / "catalogs" / "trackers.yaml"),
    ]
    assert len(info["recipes"]) == 20 and info["recipes"][0][0] == "admiral"
    assert all(r[1].startswith(str(package / "bundled_rules" / "cmp") + os.sep) for r in info["recipes"])


def test_installed_cli_lists_and_validates_the_shipped_pack(wheel_venv: WheelVenv) -> None:
    listed = wheel_venv.run("rules", "list")

    assert (listed.returncode, listed.stderr) == (0, "")
    lines = listed.stdout.splitlines()
    assert [lines[i] for i in (0, 5, 12, 31, 35)] == [
        "consent-mode 1.0.0  (4 rules)",
        "edpb-banner 1.0.0  (6 rules)",
        "eu-core 1.4.0  (18 rules)",
        "gpc 1.0.0  (3 rules)",
        "tcf 1.0.0  (6 rules)",
    ]
    assert len(lines) == 42
    assert lines[22].split()[:2] == ["eu-core/no-tracking-cookies-before-consent", "high"]

    pack = wheel_venv.python_json(
        "import json, checker.paths; print(json.dumps(str(checker.paths.rules_dir())))"
    )
    validated = wheel_venv.run("rules", "validate", f"{pack}/eu-core")

    assert (validated.returncode, validated.stdout, validated.stderr) == (0, "1 file(s) valid\n", "")


def test_installed_cli_evaluates_evidence(wheel_venv: WheelVenv) -> None:
    work = wheel_venv.work
    (work / "evidence.json").write_text(json.dumps(EVIDENCE, indent=1))

    proc = wheel_venv.run("evaluate", "evidence.json", "--out", "out", "--format", "json,html,sarif")

    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.splitlines()[-3:] == [
        "1 site: 0 passed, 1 failed, 0 inconclusive, 0 errors",
        "",
        f"Report: {(work / 'out' / 'report.html').resolve()}",
    ]
    out = work / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        "evidence.json",
        "manifest.json",
        "report.html",
        "report.json",
        "report.sarif",
    ]
    report = json.loads((out / "report.json").read_text())
    schema_path = wheel_venv.python_json(
        "import json, checker, pathlib; "
        "print(json.dumps(str(pathlib.Path(checker.__file__).parent / 'schemas' / 'report.schema.json')))"
    )
    schema = json.loads(Path(schema_path).read_text())
    assert list(Draft202012Validator(schema).iter_errors(report)) == []
    (site,) = report["sites"]
    assert site["verdict"] == "fail"
    assert [(f["rule"], f["message"]) for f in site["findings"]] == EXPECTED_FINDINGS
    html = (out / "report.html").read_text()
    assert html.startswith("<!doctype html>")
    assert "eu-core/no-banner-but-tracking-cookies" in html
