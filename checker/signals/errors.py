"""The one error the signal decoders raise: a signal that cannot be decoded, with a one-line reason."""

from __future__ import annotations


class SignalError(ValueError):
    """A consent signal that cannot be decoded; the message is one human line, e.g.
    "TC string segment 2: not base64url (character '*')"."""
