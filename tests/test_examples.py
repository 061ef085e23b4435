"""The CI examples hold together: valid workflow files, commands the CLI accepts, a valid waiver file, an
image that installs the tool and runs it as a normal user with Chromium's sandbox on."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from fnmatch import fnmatchcase
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import FormatChecker
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from referencing import Registry, Resource

from checker import __version__
from checker.cli import build_parser
from checker.fingerprint import fingerprint
from checker.models import Waiver
from checker.render import FORMAT_BY_NAME
from checker.rules import builtin_pack_names, load_packs
from checker.triage import load_waivers
from checker.urls import url_problem

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
WORKFLOW = EXAMPLES / "github" / "consent-check.yml"
GITLAB = EXAMPLES / "gitlab" / ".gitlab-ci.yml"
URLS = EXAMPLES / "urls.txt"
WAIVERS = EXAMPLES / "waivers.yaml"
WAIVERS_SCHEMA = REPO / "checker" / "schemas" / "waivers.schema.json"
DOCKERFILE = REPO / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"
README = REPO / "README.md"
# The schemas check-jsonschema vendors (SchemaStore's GitHub workflow schema, GitLab's own CI schema).
VENDORED_SCHEMAS = "check_jsonschema.builtin_schemas.vendor"
IMAGE_UID = "10001"
DOCKER_BUILD_TIMEOUT_S = 1800
DOCKER_RUN_TIMEOUT_S = 600


class Yaml12Loader(yaml.SafeLoader):
    """YAML as GitHub and GitLab read it (1.2): `on`, `yes` and `no` are text, not booleans, and a date
    stays text."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag != "tag:yaml.org,2002:timestamp"
        and not (tag == "tag:yaml.org,2002:bool" and first in "yYnNoO")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)


def _validator(schema: dict[str, Any]) -> Validator:
    """A validator of the schema's own draft, its `$ref`s resolved within itself (by its `$id` too)."""
    cls = validator_for(schema)
    cls.check_schema(schema)
    registry: Registry[Any] = Registry().with_resource(schema.get("$id", ""), Resource.from_contents(schema))
    return cls(schema, registry=registry, format_checker=FormatChecker())


def _vendored(name: str) -> Validator:
    text = (resources.files(VENDORED_SCHEMAS) / name).read_text(encoding="utf-8")
    return _validator(json.loads(text))


def _errors(validator: Validator, instance: Any) -> list[str]:
    return sorted(f"{error.json_path}: {error.message[:200]}" for error in validator.iter_errors(instance))


# --- the workflow files against their schemas -------------------------------------------------------------


def test_github_workflow_is_valid() -> None:
    assert _errors(_vendored("github-workflows.json"), _yaml(WORKFLOW)) == []


def test_gitlab_job_is_valid() -> None:
    assert _errors(_vendored("gitlab-ci.json"), _yaml(GITLAB)) == []


def test_the_schemas_have_teeth() -> None:
    """A job without `runs-on`, or a GitLab artifact report of an unknown kind, is refused: the two tests
    above would catch a broken file, not pass anything."""
    workflow = _yaml(WORKFLOW)
    del workflow["jobs"]["scan"]["runs-on"]
    assert _errors(_vendored("github-workflows.json"), workflow) != []
    gitlab = _yaml(GITLAB)
    gitlab["consent-check"]["artifacts"]["reports"] = {"consent": "out/report.json"}
    assert _errors(_vendored("gitlab-ci.json"), gitlab) != []


def test_github_workflow_triggers_permissions_and_uploads() -> None:
    workflow = _yaml(WORKFLOW)
    assert sorted(workflow["on"]) == ["pull_request", "push", "schedule", "workflow_dispatch"]
    assert workflow["permissions"] == {"contents": "read", "security-events": "write", "actions": "read"}
    steps = {step.get("uses", "").split("@")[0]: step for step in workflow["jobs"]["scan"]["steps"]}
    sarif = steps["github/codeql-action/upload-sarif"]
    assert (sarif["uses"], sarif["with"]) == (
        "github/codeql-action/upload-sarif@v3",
        {"sarif_file": "out/report.sarif", "category": "consent-checker"},
    )
    uploads = [s for s in workflow["jobs"]["scan"]["steps"] if s.get("uses") == "actions/upload-artifact@v4"]
    assert [(s["with"]["name"], s["with"]["path"].split()) for s in uploads] == [
        ("consent-report", ["out/report.html", "out/report.pdf"]),
        ("consent-evidence", ["out/"]),
    ]
    assert all(s["if"] == "always()" for s in uploads)


def test_gitlab_job_reports_and_exit_codes() -> None:
    job = _yaml(GITLAB)["consent-check"]
    assert job["artifacts"]["reports"] == {"junit": "out/report.junit.xml"}
    assert (job["artifacts"]["when"], job["artifacts"]["paths"]) == ("always", ["out/"])
    # The image's entrypoint is the tool; GitLab needs it cleared to run the script in a shell.
    assert job["image"]["entrypoint"] == [""]
    # Every non-zero exit fails the job (see the file's comment): no allow_failure.
    assert "allow_failure" not in job


# --- the commands in the examples and the README --------------------------------------------------------

TOOL = "consent-checker"
SHELL_OPERATORS = re.compile(r"^[();<>|&]+$")


def _shell_commands(script: str) -> Iterator[list[str]]:
    """The argv of every `consent-checker` command in a shell script (not `-t consent-checker`, an image
    name). Optional flags are checked too: `${name:+WORDS}` counts as WORDS, and a `$name` the script
    assigns as the longest value it assigns; a GitHub expression becomes a placeholder."""
    script = re.sub(r"\$\{\{.*?\}\}", "EXPRESSION", script.replace("\\\n", " "))
    script = re.sub(r"\$\{\w+:\+([^}]*)\}", r"\1", script)
    assigned: dict[str, str] = {}
    for name, quoted, bare in re.findall(r"(?<![\w-])(\w+)=(?:\"([^\"]*)\"|([^\s;\"']*))", script):
        value = quoted or bare
        if len(value) >= len(assigned.get(name, "")):
            assigned[name] = value
    for line in script.splitlines():
        expanded = re.sub(r"\$(\w+)", lambda m: assigned.get(m.group(1), m.group(0)), line)
        lexer = shlex.shlex(expanded, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        tokens = list(lexer)
        for i, token in enumerate(tokens):
            if Path(token).name == TOOL and (i == 0 or tokens[i - 1] not in ("-t", "--tag")):
                argv = []
                for arg in tokens[i + 1 :]:
                    if SHELL_OPERATORS.match(arg):
                        break
                    argv.append(arg)
                yield argv


def _readme_ci_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## In CI\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def _example_commands() -> list[tuple[str, list[str]]]:
    found: list[tuple[str, list[str]]] = []
    for step in _yaml(WORKFLOW)["jobs"]["scan"]["steps"]:
        found += [("github", argv) for argv in _shell_commands(step.get("run", ""))]
    for line in _yaml(GITLAB)["consent-check"]["script"]:
        found += [("gitlab", argv) for argv in _shell_commands(line)]
    blocks = re.findall(r"```sh\n(.*?)```", _readme_ci_section(), flags=re.S)
    for block in blocks:
        found += [("readme", argv) for argv in _shell_commands(block)]
    return found


EXAMPLE_COMMANDS = _example_commands()


def test_the_examples_hold_the_commands_they_should() -> None:
    assert [(where, argv[0] if argv else "") for where, argv in EXAMPLE_COMMANDS] == [
        ("github", "verify"),
        ("github", "scan"),
        ("github", "diff"),
        ("gitlab", "--version"),
        ("gitlab", "scan"),
        ("readme", "scan"),
        ("readme", "verify"),
        ("readme", "scan"),
    ]


@pytest.mark.parametrize(
    "argv", [argv for _, argv in EXAMPLE_COMMANDS], ids=[f"{w}:{' '.join(a)}" for w, a in EXAMPLE_COMMANDS]
)
def test_example_command_is_accepted_by_the_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    if argv == ["--version"]:
        with pytest.raises(SystemExit) as version:
            build_parser().parse_args(argv)
        assert (version.value.code, capsys.readouterr().out) == (0, f"consent-checker {__version__}\n")
        return
    try:
        build_parser().parse_args(argv)
    except SystemExit as exc:
        pytest.fail(f"consent-checker {shlex.join(argv)}: exit {exc.code}: {capsys.readouterr().err.strip()}")


def test_the_ci_scripts_are_valid_shell() -> None:
    """GitHub runs each `run:` with bash, GitLab each script line with sh: `-n` parses without running."""
    scripts = [("bash", step["run"]) for step in _yaml(WORKFLOW)["jobs"]["scan"]["steps"] if "run" in step]
    scripts += [("sh", line) for line in _yaml(GITLAB)["consent-check"]["script"]]
    problems = [
        (shell, done.stderr)
        for shell, script in scripts
        if (done := subprocess.run([shell, "-n"], input=script, capture_output=True, text=True)).returncode
    ]
    assert (len(scripts), problems) == (7, [])


def _scans(where: str) -> list[Any]:
    return [
        build_parser().parse_args(argv) for w, argv in EXAMPLE_COMMANDS if w == where and argv[0] == "scan"
    ]


def test_the_ci_scans_write_what_the_jobs_upload() -> None:
    """Every out/ file a job uploads or hands to GitLab is written by a format its scan asks for, and the
    --urls and --waivers files it names are the examples."""
    wanted = {
        "github": {"report.sarif", "report.html", "report.pdf", "report.json"},
        "gitlab": {"report.junit.xml"},
    }
    for where, files in wanted.items():
        (scan,) = _scans(where)
        written = {FORMAT_BY_NAME[name].file_name for name in scan.format}
        assert files - written == set(), where
        assert (scan.urls_file, scan.waivers, scan.out, scan.fail_on) == (
            "examples/urls.txt",
            Path("examples/waivers.yaml"),
            Path("out"),
            "high",
        )


def test_the_github_scan_takes_the_baseline_when_there_is_one() -> None:
    (scan,) = _scans("github")
    assert scan.baseline == Path("baseline/report.json")


# --- the --urls and waiver examples -----------------------------------------------------------------------


def test_urls_file_lists_scannable_pages() -> None:
    lines = URLS.read_text(encoding="utf-8").splitlines()
    urls = [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]
    assert urls == ["https://www.example.com/", "https://www.example.org/"]
    assert [url_problem(url) for url in urls] == [None, None]


def test_waiver_file_matches_its_schema() -> None:
    schema = json.loads(WAIVERS_SCHEMA.read_text(encoding="utf-8"))
    assert _errors(_validator(schema), _yaml(WAIVERS)) == []


def test_waiver_file_loads_as_documented() -> None:
    assert load_waivers(WAIVERS).waivers == (
        Waiver(
            fingerprint="1bcb2ac549793936",
            reason="Analytics moves behind the consent banner with the tag manager release of January "
            "(WEB-2211)",
            owner="web-platform@example.com",
            expires="2027-01-31",
        ),
        Waiver(
            rule="edpb-banner/reject-not-much-smaller",
            site="https://www.example.org/*",
            reason="New banner with equal buttons ships in the next release; legal signed off the interim "
            "(PRIV-87)",
            owner="privacy-office@example.org",
            expires="2027-03-31",
        ),
    )


def test_waivers_name_real_findings_of_the_listed_pages() -> None:
    """The fingerprint is the one the comment above it describes, the rule exists, and the site pattern
    matches a page of examples/urls.txt."""
    ga_before_consent = fingerprint(
        "eu-core/no-tracking-cookies-before-consent",
        "https://www.example.com/",
        "before",
        {"cookie": "_ga", "domain": ".example.com", "path": "/"},
    )
    by_fingerprint, by_rule = load_waivers(WAIVERS).waivers
    assert by_fingerprint.fingerprint == ga_before_consent
    rule_ids = {rule.id for pack in load_packs(list(builtin_pack_names())) for rule in pack.rules}
    assert by_rule.rule in rule_ids
    urls = [u for u in URLS.read_text(encoding="utf-8").splitlines() if u and not u.startswith("#")]
    assert [u for u in urls if fnmatchcase(u, by_rule.site or "")] == ["https://www.example.org/"]


# --- the Dockerfile -------------------------------------------------------------------------------------


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined, comments dropped."""
    lines = [
        ln for ln in DOCKERFILE.read_text(encoding="utf-8").splitlines() if not ln.lstrip().startswith("#")
    ]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    return [(ln.split(None, 1)[0].upper(), ln.split(None, 1)[1]) for ln in joined.splitlines() if ln.strip()]


def test_dockerfile_runs_the_tool_as_a_normal_user_with_the_sandbox_on() -> None:
    steps = _instructions()
    final_stage = steps[max(i for i, (op, _) in enumerate(steps) if op == "FROM") :]
    assert [args for op, args in final_stage if op == "USER"] == [f"{IMAGE_UID}:{IMAGE_UID}"]
    assert [args for op, args in final_stage if op == "ENTRYPOINT"] == ['["consent-checker"]']
    assert "--no-sandbox" not in DOCKERFILE.read_text(encoding="utf-8")
    installs = " ".join(args for op, args in final_stage if op == "RUN" and "apt-get install" in args)
    assert {"python3", "chromium-headless-shell", "fonts-liberation"} <= set(installs.split())


def test_dockerignore_lets_in_what_the_dockerfile_copies() -> None:
    """The build context is an allow-list: each COPY source from the context is let in, nothing else."""
    allowed = {
        line.removeprefix("!").rstrip("/")
        for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.startswith("!")
    }
    copied = {
        source
        for op, args in _instructions()
        if op == "COPY" and not args.startswith("--from")
        for source in args.split()[:-1]
    }
    assert copied == allowed == {"pyproject.toml", "README.md", "checker", "rules"}
    rules = [
        ln for ln in DOCKERIGNORE.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")
    ]
    assert rules[0] == "*"


def _docker_problem() -> str | None:
    """Why the image cannot be built here, or None when a Docker daemon answers."""
    if shutil.which("docker") is None:
        return "docker is not installed"
    done = subprocess.run(["docker", "info"], capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0:
        lines = [ln for ln in (done.stderr or done.stdout).splitlines() if ln.strip()]
        return f"no Docker daemon (docker info: {lines[-1].strip() if lines else f'exit {done.returncode}'})"
    return None


@pytest.fixture(scope="module")
def image() -> Iterator[str]:
    problem = _docker_problem()
    if problem is not None:
        pytest.skip(problem)
    tag = f"consent-checker-test:{uuid.uuid4().hex[:12]}"
    built = subprocess.run(
        ["docker", "build", "--quiet", "-t", tag, str(REPO)],
        capture_output=True,
        text=True,
        timeout=DOCKER_BUILD_TIMEOUT_S,
        check=False,
    )
    if built.returncode != 0:
        pytest.fail(f"docker build failed (exit {built.returncode}):\n{built.stderr[-3000:]}")
    try:
        yield tag
    finally:
        subprocess.run(["docker", "image", "rm", "-f", tag], capture_output=True, check=False, timeout=120)


def _docker_run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["docker", "run", "--rm", "--init", *args],
        capture_output=True,
        text=True,
        timeout=DOCKER_RUN_TIMEOUT_S,
        check=False,
    )


@pytest.mark.slow
def test_image_runs_the_tool_as_a_normal_user(image: str) -> None:
    version = _docker_run(image, "--version")
    assert (version.returncode, version.stdout) == (0, f"consent-checker {__version__}\n")
    assert _docker_run("--entrypoint", "id", image, "-u").stdout == f"{IMAGE_UID}\n"
    here = subprocess.run(
        [sys.executable, "-m", "checker", "rules", "list"], capture_output=True, text=True, check=True
    )
    listed = _docker_run(image, "rules", "list")
    assert (listed.returncode, listed.stdout) == (0, here.stdout)


@pytest.mark.slow
def test_image_scans_the_demo_with_the_sandbox_on(image: str) -> None:
    """The demo in the container, with the seccomp profile the Dockerfile documents (Docker's default one
    refuses the user namespaces Chromium's sandbox needs)."""
    script = "consent-checker demo --out /tmp/demo >/dev/null && cat /tmp/demo/evidence.json"
    done = _docker_run("--security-opt", "seccomp=unconfined", "--entrypoint", "sh", image, "-c", script)
    assert done.returncode == 0, done.stderr[-2000:]
    evidence = json.loads(done.stdout)
    browser = evidence["browser"]
    assert (browser["name"], browser["executable"], browser["sandbox"], browser["third_party_cookies"]) == (
        "chromium-headless-shell",
        "/usr/lib/chromium/chromium-headless-shell",
        True,
        "allowed",
    )
    assert len(evidence["sites"]) == 6
