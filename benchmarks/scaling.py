"""Texts that grow, and the time each extractor takes on them: no extractor may grow faster
than its input (issue 16: a 100 MiB text ran for over 20 minutes).

Used by tests/test_scaling.py (2 and 8 MB, and the hostile shapes at 0.25 and 1 MB) and by
``python benchmarks/scaling.py 2 8 32`` (the README's figures)."""
from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lines that, repeated, make a text of one shape: each kind of fact many times over, and
# texts without the line or sentence ends most extractors look for.
SHAPES = {
    "recurring": "Báo cáo định kỳ trước ngày 20/6 và 20/12 hằng năm, hằng quý vào ngày 15 tháng cuối quý.\n",
    "dashes": "- Sở Tài chính chủ trì, phối hợp với các đơn vị liên quan thực hiện trước ngày 30/6/2025;\n",
    "references": "Căn cứ Quyết định số 490/QĐ-TTg ngày 07/5/2018 của Thủ tướng Chính phủ; Nghị định 15/2020/NĐ-CP;\n",
    "money": "Kinh phí thực hiện: 1.500 triệu đồng (Một tỷ năm trăm triệu đồng), trong đó ngân sách tỉnh 500 triệu đồng.\n",
    "targets": "Phấn đấu đến năm 2025 đạt 100% xã đạt chuẩn nông thôn mới, tối thiểu 30% sản phẩm OCOP 4 sao.\n",
    "one line": "abc def ghi jkl, mno; pqr. ",
    "digits": "1234567890 ",
    "open quotes": "“Điều 1. Trích dẫn\n",
    # each relative deadline counted from the effective date once read the whole text (quadratic)
    "relative deadlines": "Báo cáo trong vòng 15 ngày kể từ ngày Quyết định này có hiệu lực.\n",
}


def corpus() -> str:
    """The development texts and the samples, one after the other."""
    files = sorted((ROOT / "tests/gold/dev/texts").glob("*.txt")) + sorted((ROOT / "data/samples").glob("*.txt"))
    return "\n\n".join(f.read_text(encoding="utf-8") for f in files)


def grown(unit: str, megabytes: float) -> str:
    """``unit`` repeated up to ``megabytes`` MB of UTF-8."""
    size = int(megabytes * 1024 * 1024)
    text = unit * (size // len(unit.encode()) + 1)
    return text[: int(len(text) * size / len(text.encode()))]


def extractor_times(raw: str) -> dict[str, float]:
    """CPU seconds of each extractor on ``raw`` (CPU time: the machine may be shared)."""
    from extractors.deadlines import extract_deadlines
    from extractors.header import extract_header
    from extractors.money import extract_funding
    from extractors.obligations import extract_obligations
    from extractors.readers import source_from_text
    from extractors.references import extract_references, resolve_short_forms
    from extractors.targets import extract_targets

    times: dict[str, float] = {}

    def timed(name: str, run: Callable[[], object]) -> object:
        started = time.process_time()
        out = run()
        times[name] = time.process_time() - started
        return out

    text = timed("normalise", lambda: source_from_text(raw).text)
    header = timed("header", lambda: extract_header(text))
    timed("targets", lambda: extract_targets(text, header.issued_on, header.doc_type))
    refs = timed("references", lambda: extract_references(text, header.number, header.issued_on))
    timed("short forms", lambda: resolve_short_forms(text, refs))
    deadlines = timed("deadlines", lambda: extract_deadlines(text, header.issued_on))
    timed("obligations", lambda: extract_obligations(text, header, deadlines))
    timed("funding", lambda: extract_funding(text, header.issued_on))
    return times


def _peak_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux: ru_maxrss in KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one(mb: float) -> str:
    """The line of one size: CPU seconds per extractor, and the peak memory of the process
    (the corpus, the text and all the extractors' work; the rules loaded before it)."""
    text = corpus()
    extractor_times(text[:20000])                      # rules and vocabularies loaded
    loaded = _peak_mb()
    times = extractor_times(grown(text, mb))
    parts = ", ".join(f"{k} {v:.1f}" for k, v in times.items())
    return (f"{mb:g} MB: {sum(times.values()):.1f} s CPU ({parts}); peak memory "
            f"{_peak_mb():.0f} MB ({loaded:.0f} MB with the rules loaded)")


def main(sizes: list[float]) -> None:
    """Each size in a process of its own, so that each peak memory is its own."""
    import subprocess

    for mb in sizes:
        done = subprocess.run([sys.executable, __file__, "--one", str(mb)], capture_output=True,
                              text=True, check=True)
        print(done.stdout.strip(), flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if sys.argv[1:2] == ["--one"]:
        print(one(float(sys.argv[2])))
    else:
        main([float(x) for x in sys.argv[1:]] or [2, 8, 32])
