"""HTML → PDF on the server with Chromium's print-to-PDF (issue 14): A4, Chinese in an embedded font.

The document names a CJK font file in ``@font-face`` (WenQuanYi Micro Hei, Noto Sans CJK or
another listed in :data:`FONT_FILES`, or ``CLIENTKIT_PDF_FONT``); Chromium embeds the subset of
glyphs used, so the PDF shows Chinese on a machine without that font and ``pdftotext`` reads it
back. Chromium is ``CLIENTKIT_CHROMIUM`` or the first of :data:`CHROMIUM_NAMES` on the PATH
(Debian's ``chromium`` is already installed for the browser tests and ``./dev``). A missing
browser or font is a Chinese error (``pdf.no_chromium`` / ``pdf.no_font``), never a blank PDF.

Only HTML built here from escaped values is printed; the page loads nothing from the network.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from clientkit.errors import ClientkitError

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
)
TIMEOUT_S = 90
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-extensions",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
         "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw", "--virtual-time-budget=10000")


def chromium() -> str:
    """The Chromium executable; raises ClientkitError ``pdf.no_chromium`` when there is none."""
    named = os.environ.get("CLIENTKIT_CHROMIUM")
    if named:
        if Path(named).is_file() and os.access(named, os.X_OK):
            return named
        raise ClientkitError("pdf.no_chromium")
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ClientkitError("pdf.no_chromium")


def font_file() -> Path:
    """The CJK font file to embed; raises ClientkitError ``pdf.no_font`` when none is installed."""
    named = os.environ.get("CLIENTKIT_PDF_FONT")
    for candidate in ([named] if named else []) + list(FONT_FILES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise ClientkitError("pdf.no_font")


def font_face() -> str:
    """The ``@font-face`` rule of the embedded CJK font (family ``CKCJK``)."""
    return ('@font-face{font-family:"CKCJK";font-display:block;'
            f'src:url("{font_file().resolve().as_uri()}");}}')


def html_to_pdf(document: str, timeout_s: float = TIMEOUT_S) -> bytes:
    """Print an HTML document (A4; the page size comes from its ``@page`` rule) to PDF bytes.

    Raises:
        ClientkitError: ``pdf.no_chromium``, ``pdf.no_font`` or ``pdf.failed`` (Chromium exited without a PDF).
    """
    exe = chromium()
    with tempfile.TemporaryDirectory(prefix="clientkit-pdf-") as tmp:
        source, out = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        source.write_text(document, encoding="utf-8")
        cmd = [exe, *FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={out}", source.as_uri()]
        try:
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout_s,
                           check=False, env={**os.environ, "HOME": tmp})
        except (OSError, subprocess.TimeoutExpired):
            raise ClientkitError("pdf.failed") from None
        if not out.is_file() or out.stat().st_size == 0:
            raise ClientkitError("pdf.failed")
        return out.read_bytes()
