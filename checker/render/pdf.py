"""report.pdf: report.html printed to A4 by the Chromium the scans use, with its print styles and no
network (the page is set as content; scripts are off and every request is refused)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from checker.launch import BrowserChoice, BrowserNotFound, find_browser, first_line, launch
from checker.render.errors import RenderError
from checker.render.html import render_html
from checker.report import Report

PRINT_TIMEOUT_MS = 60_000  # a report of many sites with embedded screenshots prints in a few seconds
# A running footer: the page number of the total, so a printed page can be put back in order.
FOOTER_TEMPLATE = (
    '<div style="font-size:7pt;width:100%;text-align:center;color:#444;">'
    'page <span class="pageNumber"></span> of <span class="totalPages"></span></div>'
)


class PdfError(RenderError):
    """The PDF could not be printed; the message is one line."""


def _browser(report: Report) -> BrowserChoice:
    """The browser that ran the scan when it is still there, else the one a scan would pick now."""
    executable = report.browser.executable
    if executable and os.path.isfile(executable) and os.access(executable, os.X_OK):
        try:
            return find_browser(executable)
        except BrowserNotFound:
            pass  # it no longer starts: any browser prints the same page
    return find_browser(None)


async def _print(html: str, choice: BrowserChoice) -> bytes:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        launched = await launch(pw, choice, ())
        try:
            context = await launched.browser.new_context(java_script_enabled=False, offline=True)
            # The report has no external resource; should one slip in, it must not reach the network.
            await context.route("**/*", lambda route: route.abort())
            page = await context.new_page()
            await page.set_content(html, wait_until="load", timeout=PRINT_TIMEOUT_MS)
            printing = page.pdf(
                format="A4",
                print_background=False,  # the print styles must carry every meaning without fills
                prefer_css_page_size=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER_TEMPLATE,
            )
            return await asyncio.wait_for(printing, PRINT_TIMEOUT_MS / 1000)
        finally:
            await launched.close()


def render_pdf(report: Report, out_dir: Path) -> bytes:
    """The report as an A4 PDF: the same page as report.html (screenshots read from `out_dir`), printed
    by Chromium. Raises PdfError with a one-line reason when no browser can print it."""
    # The browser stack loads only when a PDF is made, not with every other format.
    from playwright.async_api import Error as PlaywrightError

    html = render_html(report, out_dir)
    try:
        choice = _browser(report)
        return asyncio.run(_print(html, choice))
    except BrowserNotFound as exc:
        raise PdfError(f"cannot print report.pdf: {exc}") from exc
    except TimeoutError as exc:  # asyncio.wait_for gave up on page.pdf()
        raise PdfError(f"cannot print report.pdf: no PDF within {PRINT_TIMEOUT_MS / 1000:g} s") from exc
    except (PlaywrightError, OSError) as exc:
        # Playwright's errors carry pages of browser log after the first line.
        raise PdfError(f"cannot print report.pdf: {first_line(exc)}") from exc
