"""No extractor grows faster than its input (issue 16): the time of each on a text four
times as long is at most MAX_RATIO times its time on the shorter one (a quadratic step
gives 16). Sizes: the development corpus repeated to 2 and 8 MB, and hostile shapes
(benchmarks.scaling.SHAPES: no sentence ends, runs of digits, …) at 0.25 and 1 MB.
The 32 MB figures are measured by ``python benchmarks/scaling.py 2 8 32`` (README)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.scaling import SHAPES, corpus, extractor_times, grown  # noqa: E402

MAX_RATIO = 7.0      # 4 for linear; room for a busy machine, far below a quadratic 16
FLOOR_S = 0.25       # times below this are noise: compared as if they took this long


def _assert_linear(small: str, large: str) -> None:
    short, long_ = extractor_times(small), extractor_times(large)
    slow = {name: (round(short[name], 2), round(long_[name], 2)) for name in short
            if long_[name] > MAX_RATIO * max(short[name], FLOOR_S)}
    assert not slow, f"grows faster than its input (s at 1×, 4×): {slow}"


def test_corpus_2_to_8_mb_is_linear() -> None:
    text = corpus()
    _assert_linear(grown(text, 2), grown(text, 8))


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_hostile_shape_is_linear(shape: str) -> None:
    _assert_linear(grown(SHAPES[shape], 0.25), grown(SHAPES[shape], 1))
