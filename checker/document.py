"""What a phase's page really was: the main document's response, redirects, content, and what it opened."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from playwright.async_api import Error as PlaywrightError

from checker.challenges import HTML_LIMIT, TEXT_LIMIT, PageFacts, Signature, match_challenge
from checker.datafiles import one_line
from checker.launch import first_line
from checker.models import Document, Redirect

if TYPE_CHECKING:
    from playwright.async_api import Dialog, Download, Page, Response

# A page stuck in a script must not hold the snapshot: reading the document's facts gives up after this.
# Generous, so that a loaded 2-core runner never turns a good page into an unreadable one.
FACTS_TIMEOUT_S = 10.0
# Dialog and popup texts kept in the evidence are cut to this many characters.
NOTE_LIMIT = 200

FACTS_JS = f"""() => {{
  const root = document.documentElement;
  const body = document.body;
  const text = body ? (body.innerText || body.textContent || "") : "";
  const collapsed = text.replace(/\\s+/g, " ").trim();
  return {{
    title: String(document.title || ""),
    text: collapsed.slice(0, {TEXT_LIMIT}),
    text_chars: collapsed.length,
    html: root ? root.outerHTML.slice(0, {HTML_LIMIT}) : "",
    media: document.querySelectorAll("img, iframe, video, canvas, object, embed").length,
    content_type: String(document.contentType || ""),
  }};
}}"""


class FactsJS(TypedDict):
    """The shape FACTS_JS returns."""

    title: str
    text: str
    text_chars: int
    html: str
    media: int
    content_type: str


@dataclass
class DocumentWatch:
    """Follows one page: its main-frame document responses, and the popups, downloads and dialogs it
    tries (popups are closed, downloads refused, dialogs dismissed; each is recorded)."""

    page: Page
    responses: list[Response] = field(default_factory=list)
    popups: list[str] = field(default_factory=list)
    downloads: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # a pop-up or dialog that could not be dealt with, and why
    tasks: set[asyncio.Future[None]] = field(default_factory=set)  # popup closes and dialog answers

    def attach(self) -> None:
        """Listen on the page (call once, before the first navigation)."""
        self.page.on("response", self._on_response)
        self.page.on("popup", self._on_popup)
        self.page.on("download", self._on_download)
        self.page.on("dialog", self._on_dialog)

    def _on_response(self, response: Response) -> None:
        request = response.request
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self.responses.append(response)

    def _on_popup(self, popup: Page) -> None:
        self.popups.append(popup.url or "about:blank")
        self._spawn(self._close(popup))

    def _on_download(self, download: Download) -> None:
        self.downloads.append(download.url)

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(one_line(f"{dialog.type}: {dialog.message}", NOTE_LIMIT))
        self._spawn(self._answer(dialog))

    async def _close(self, popup: Page) -> None:
        try:
            await popup.close()
        except PlaywrightError as exc:
            self.notes.append(
                one_line(f"pop-up {popup.url or 'about:blank'} not closed: {first_line(exc)}", NOTE_LIMIT)
            )

    async def _answer(self, dialog: Dialog) -> None:
        try:
            # Leaving a page must stay possible (a consent click may navigate); every other dialog is
            # dismissed.
            if dialog.type == "beforeunload":
                await dialog.accept()
            else:
                await dialog.dismiss()
        except PlaywrightError as exc:
            self.notes.append(one_line(f"{dialog.type} dialog not answered: {first_line(exc)}", NOTE_LIMIT))

    def _spawn(self, work: Coroutine[None, None, None]) -> None:
        task = asyncio.ensure_future(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def final_response(self) -> Response | None:
        """The last main-frame response that was not a redirect."""
        finals = [r for r in self.responses if r.request.redirected_to is None]
        return finals[-1] if finals else None


async def _redirects(response: Response) -> tuple[Redirect, ...]:
    hops: list[Redirect] = []
    previous = response.request.redirected_from
    while previous is not None:
        answer = await previous.response()
        hops.append(Redirect(url=previous.url, status=answer.status if answer is not None else 0))
        previous = previous.redirected_from
    return tuple(reversed(hops))


async def _facts(page: Page, timeout_s: float) -> FactsJS:
    data: FactsJS = await asyncio.wait_for(page.evaluate(FACTS_JS), timeout=timeout_s)
    return data


async def read_document(
    page: Page,
    watch: DocumentWatch,
    cookie_names: Sequence[str],
    signatures: Sequence[Signature],
    timeout_s: float = FACTS_TIMEOUT_S,
) -> Document:
    """The main document the page ended on, its redirect chain and content, matched against the
    challenge signatures; a page that does not answer within `timeout_s` is recorded as such."""
    response = watch.final_response()
    status = response.status if response is not None else None
    headers: dict[str, str] = {}
    redirects: tuple[Redirect, ...] = ()
    headers_error: str | None = None
    if response is not None:
        try:
            headers = await response.all_headers()
            redirects = await _redirects(response)
        except PlaywrightError as exc:  # the response is gone with its page; the status is still known
            headers_error = first_line(exc)
    try:
        facts = await _facts(page, timeout_s)
    except (PlaywrightError, TimeoutError) as exc:
        timed_out = isinstance(exc, TimeoutError)
        reason = f"the page did not answer within {timeout_s:g} s" if timed_out else first_line(exc)
        return Document(
            status=status, url=page.url, redirects=redirects, facts_error=reason, headers_error=headers_error
        )
    page_facts = PageFacts(
        status=status,
        headers=headers,
        title=facts["title"],
        text=facts["text"],
        html=facts["html"],
        cookies=tuple(cookie_names),
    )
    return Document(
        status=status,
        url=page.url,
        redirects=redirects,
        content_type=facts["content_type"] or headers.get("content-type"),
        title=one_line(facts["title"], NOTE_LIMIT),
        text_chars=int(facts["text_chars"]),
        media=int(facts["media"]),
        challenge=match_challenge(page_facts, signatures),
        headers_error=headers_error,
    )
