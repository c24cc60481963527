"""The document model: one spaCy :class:`~spacy.tokens.Doc` per document, over its
normalised text, filled by the registered components of :mod:`extractors.components`.

    doc = read_document(source)          # the Doc, every component run
    doc._.header, doc._.deadlines, …     # the facts, as the contract lists them
    doc.spans["obligations"]             # the same facts as Spans (span._.value, span._.source)
    nlp().pipe_names                     # the components, in the order they run

The pipeline is built once per process (:func:`nlp` is cached). A new component is a
``@Language.component`` in :mod:`extractors.components` (or a module it imports), named in
:data:`COMPONENTS` after the components whose values it ``requires``.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from . import components, rx as re

if TYPE_CHECKING:
    from .readers import Source

# The order the components run in: the header first (the others read its date, number,
# type and issuer), then as extract() ran them before the document model.
COMPONENTS = ("vanthu_header", "vanthu_targets", "vanthu_references", "vanthu_deadlines",
              "vanthu_obligations", "vanthu_funding")

_PIECES = re.compile(r"\S+ ?|\s+")


class WhitespaceTokenizer:
    """Tokens split at whitespace, a run of more than one space or any line break kept as
    a token of its own, so that ``doc.text`` is the text unchanged. Four times as fast as
    spaCy's blank Vietnamese tokenizer without pyvi (benchmarks/bench_extract.py
    --tokenizers); the stages need no finer tokens (they read characters)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        pieces = _PIECES.findall(text)
        spaces = [len(p) > 1 and p[-1] == " " and not p.isspace() for p in pieces]
        words = [p[:-1] if s else p for p, s in zip(pieces, spaces)]
        return Doc(self.vocab, words=words, spaces=spaces)


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The extraction pipeline: a blank Vietnamese spaCy language (no pyvi), the whitespace
    tokenizer and :data:`COMPONENTS`. Built once per process."""
    components.register_extensions()
    language = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    language.tokenizer = WhitespaceTokenizer(language.vocab)
    for name in COMPONENTS:
        language.add_pipe(name)
    return language


def read_document(source: Source) -> Doc:
    """The Doc of a read file, every component run over its normalised text."""
    pipeline = nlp()
    doc = pipeline.make_doc(source.text)
    doc._.file = source
    return pipeline(doc)
