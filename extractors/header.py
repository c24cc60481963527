"""Header extraction (placeholder; the real one lands next)."""
from __future__ import annotations
from dataclasses import dataclass, field


@dataclass
class Header:
    doc_type: str = "other"
    number: str | None = None
    issuer: str | None = None
    parent_issuer: str | None = None
    place: str | None = None
    issued_on: str | None = None
    subject: str | None = None
    recipients: list = field(default_factory=list)
    cc: list = field(default_factory=list)
    signer: dict = field(default_factory=lambda: {"name": None, "title": None, "authority": None})
    urgency: str | None = None
    secrecy: str | None = None
    _spans: dict = field(default_factory=dict)

    def contract(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    def spans(self) -> dict:
        return dict(self._spans)


def extract_header(text: str) -> Header:
    return Header()
