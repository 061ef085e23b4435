"""The one error a renderer may raise: its format could not be produced (one line), the others still can."""


class RenderError(Exception):
    """A format that could not be produced; the message is one line naming the file and why."""
