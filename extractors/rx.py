"""The ``regex`` module with a cheaper pattern cache, for the extractors' many one-off calls.

``regex.match(pattern, text, flags)`` looks its compiled pattern up in a cache keyed through the
flag enums, which costs about 10 µs a call; the extractors make hundreds of thousands of such calls
(a fifth of extraction time, measured on the corpus). This module is used as ``from . import rx as
re``: the module-level functions below compile each (pattern, flags) once into a plain dict and call
the compiled pattern with the same arguments ``regex`` takes; everything else (``compile``,
``escape``, the flags, ``Pattern``, ``Match``) is ``regex``'s own.
"""
from __future__ import annotations

from typing import Any

import regex
from regex import *  # noqa: F401,F403  (flags, compile, escape, Pattern, Match …)

_CACHE: dict[tuple[Any, int], Any] = {}


def _compiled(pattern: Any, flags: Any) -> Any:
    if isinstance(pattern, regex.Pattern):
        return pattern
    k = (pattern, int(flags))
    c = _CACHE.get(k)
    if c is None:
        if len(_CACHE) > 4096:
            _CACHE.clear()
        c = _CACHE[k] = regex.compile(pattern, flags)
    return c


def match(pattern: Any, string: str, flags: Any = 0, pos: int | None = None, endpos: int | None = None,
          **kw: Any) -> Any:
    return _compiled(pattern, flags).match(string, pos, endpos, **kw)


def fullmatch(pattern: Any, string: str, flags: Any = 0, pos: int | None = None, endpos: int | None = None,
              **kw: Any) -> Any:
    return _compiled(pattern, flags).fullmatch(string, pos, endpos, **kw)


def search(pattern: Any, string: str, flags: Any = 0, pos: int | None = None, endpos: int | None = None,
           **kw: Any) -> Any:
    return _compiled(pattern, flags).search(string, pos, endpos, **kw)


def sub(pattern: Any, repl: Any, string: str, count: int = 0, flags: Any = 0, pos: int | None = None,
        endpos: int | None = None, **kw: Any) -> str:
    return _compiled(pattern, flags).sub(repl, string, count, pos, endpos, **kw)


def subn(pattern: Any, repl: Any, string: str, count: int = 0, flags: Any = 0, pos: int | None = None,
         endpos: int | None = None, **kw: Any) -> tuple[str, int]:
    return _compiled(pattern, flags).subn(repl, string, count, pos, endpos, **kw)


def split(pattern: Any, string: str, maxsplit: int = 0, flags: Any = 0, **kw: Any) -> list[Any]:
    return _compiled(pattern, flags).split(string, maxsplit, **kw)


def findall(pattern: Any, string: str, flags: Any = 0, pos: int | None = None, endpos: int | None = None,
            **kw: Any) -> list[Any]:
    return _compiled(pattern, flags).findall(string, pos, endpos, **kw)


def finditer(pattern: Any, string: str, flags: Any = 0, pos: int | None = None, endpos: int | None = None,
             **kw: Any) -> Any:
    return _compiled(pattern, flags).finditer(string, pos, endpos, **kw)


def finditer_near(pattern: Any, string: str, anchors: Any, before: int, after: int,
                  before_of: Any = None) -> Any:
    """``pattern.finditer(string)`` for a pattern whose every match holds a match of ``anchors``
    that begins at most ``before`` characters after the match does and ends at most ``after``
    characters before it ends: the pattern is tried only in windows around the anchors (a
    pattern with optional words before its required part costs a try at every character).
    ``before_of(anchor_match)``, when given, is the reach before that anchor instead."""
    windows: list[list[int]] = []
    for a in anchors.finditer(string):
        lo, hi = a.start() - (before_of(a) if before_of else before), a.end() + after
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([max(0, lo), hi])
    last = 0
    for lo, hi in windows:
        for m in pattern.finditer(string, max(lo, last), min(len(string), hi + after)):
            if m.start() >= hi:
                break
            last = m.end()
            yield m
