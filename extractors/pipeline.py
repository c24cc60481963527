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

import sys
from functools import lru_cache
from typing import TYPE_CHECKING

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

from . import components

if TYPE_CHECKING:
    from .readers import Source

# The order the components run in: the header first (the others read its date, number,
# type and issuer), then as extract() ran them before the document model.
COMPONENTS = ("vanthu_header", "vanthu_targets", "vanthu_references", "vanthu_deadlines",
              "vanthu_obligations", "vanthu_funding")


def whitespace_tokenizer(vocab: Vocab) -> Tokenizer:
    """Tokens split at whitespace only: spaCy's own tokenizer with no prefix, suffix, infix or
    exception rules (a run of spaces or a line break is a token of its own, so ``doc.text`` is
    the text unchanged). Over the corpus 14 M characters/s against 0.6 for spaCy's blank
    Vietnamese tokenizer without pyvi (benchmarks/bench_extract.py --tokenizers), and 3× as
    fast as the same split made in Python; the stages need no finer tokens (they read
    characters)."""
    return Tokenizer(vocab)


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The extraction pipeline: a blank Vietnamese spaCy language (no pyvi), the whitespace
    tokenizer and :data:`COMPONENTS`. Built once per process."""
    components.register_extensions()
    language = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    language.tokenizer = whitespace_tokenizer(language.vocab)
    # spaCy refuses texts over a million characters (its parser's memory); ours are bounded
    # by VANTHU_MAX_CHARS (extractors.limits, checked when a file is read) and linear.
    language.max_length = sys.maxsize
    for name in COMPONENTS:
        language.add_pipe(name)
    return language


def read_document(source: Source) -> Doc:
    """The Doc of a read file, every component run over its normalised text."""
    pipeline = nlp()
    doc = pipeline.make_doc(source.text)
    doc._.file = source
    return pipeline(doc)
