"""A round's PDF report, made once and kept until something it shows changes.

WeasyPrint takes seconds to lay out a report; the HTML it starts from takes milliseconds. So the HTML is
rendered on every request and its SHA-256 decides whether the kept PDF still fits. Anything that appears in
the report (answers and responses, actions and their overdue marks, publication, the round's name, dates and
threshold, the framework's wording, earlier rounds in the trend, the day it was made) changes the HTML and
therefore the digest: there is no list of models and signals to keep in step, and bulk updates, admin edits
and edits in another process are all caught alike.

Kept in Django's default cache rather than a file under var/: the cache needs no clean-up, expiry or
atomic-write code of our own, and an operator who runs several server processes points CACHES["default"] at
a shared backend for the whole site. One entry per round, overwritten when its report changes, so old PDFs
never pile up.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from ..models import Round

# A day: the report carries the date it was made, so a kept PDF is out of date by tomorrow anyway.
KEEP_SECONDS = 24 * 60 * 60


def _key(round: Round) -> str:
    return f"assessments:report-pdf:{round.uuid}"


def cached_pdf(round: Round, html: str) -> bytes:
    """The PDF of the report `html` of `round`, from the cache when the same HTML was rendered before."""
    digest = hashlib.sha256(html.encode()).hexdigest()
    kept = cache.get(_key(round))
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == digest:
        return kept[1]
    # WeasyPrint needs Pango from the system and takes a while to import: only the PDF pages pay for it,
    # and a machine without Pango still serves every other page.
    from . import report

    pdf = report.render_pdf(html)
    cache.set(_key(round), (digest, pdf), KEEP_SECONDS)
    return pdf
