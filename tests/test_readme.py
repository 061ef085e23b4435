"""Every option of every command is documented in the README, where users read it."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from checker.cli import build_parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[name] = sub
                found |= {f"{name} {k}": v for k, v in _subparsers(sub).items()}
    return found


COMMANDS = _subparsers(build_parser())


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_option_is_in_the_readme(command: str) -> None:
    options = [
        opt
        for action in COMMANDS[command]._actions
        for opt in action.option_strings
        if opt.startswith("--") and opt != "--help"
    ]
    missing = [opt for opt in options if f"`{opt}" not in README]
    assert missing == [], f"{command}: document {missing} in README.md"


def test_every_command_is_in_the_readme() -> None:
    assert [c for c in COMMANDS if f"consent-checker {c}" not in README and f"`{c}" not in README] == []
