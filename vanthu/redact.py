"""Secrets never shown: database URLs and errors are printed with their passwords hidden.

Every registered password (the ones met in URLs and the SMTP settings) is replaced by ***
in any text passed through :func:`scrub`, so an error message that quotes a URL or a
connection string does not print it either."""
from __future__ import annotations

import os
import re

_SECRETS: set[str] = set()
_URL_PASSWORD = re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<pw>[^@\s]+)(?=@)", re.I)


def remember(secret: str | None) -> None:
    """Hide ``secret`` from every message from now on."""
    if secret and len(secret) >= 2:
        _SECRETS.add(secret)


def hide_url(url: str) -> str:
    """``url`` with its password shown as ***; the password is remembered and scrubbed."""
    try:
        from sqlalchemy import make_url

        parsed = make_url(url)
        remember(parsed.password if isinstance(parsed.password, str) else None)
        return parsed.render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - not a URL SQLAlchemy reads: hide what looks like one
        return scrub(url)


def scrub(text: str) -> str:
    """``text`` with URL passwords and every remembered secret replaced by ***."""
    for m in _URL_PASSWORD.finditer(text):
        remember(m.group("pw"))
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + "***", text)
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, "***")
    for name in ("VANTHU_SMTP_PASSWORD", "PGPASSWORD"):
        remember(os.environ.get(name))
    return text
