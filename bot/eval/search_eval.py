"""Search evaluation on the public dev question set: ``python -m bot.eval.search_eval``.

For every answerable question of ``tests/data/dev_questions.yaml`` the search runs with the question's
region and k=3. A question is a hit@k when every one of its facts occurs in the joined text of the top-k
hits (compared after :func:`bot.kb.numerals.normalize_text` on both sides, so 45小时 matches 四十五小时);
hit@1 looks at the first hit alone. A baseline — plain BM25 over the raw lines of the source texts, jieba's
default dictionary, no synonyms, no region filter — is scored the same way for comparison.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.kb.numerals import normalize_text
from bot.settings import PROJECT_ROOT

DEV_SET = PROJECT_ROOT / "tests" / "data" / "dev_questions.yaml"
SOURCES_DIR = PROJECT_ROOT / "knowledge" / "sources"
K = 3

Retriever = Callable[[dict], list[str]]  # question entry → texts of the top hits, best first


def load_questions(path: Path = DEV_SET) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def answerable(questions: Sequence[dict]) -> list[dict]:
    return [q for q in questions if q.get("topic") != "unanswerable" and q.get("facts")]


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def contains_facts(texts: Sequence[str], facts: Sequence[str]) -> bool:
    """Every fact occurs in the joined texts, compared after normalize_text (四十五小时 = 45小时), or
    verbatim apart from whitespace and full/half width (a numeral that normalises differently out of its
    sentence, such as 千人 in 健康站千人以上, still counts)."""
    joined = "\n".join(texts)
    normalized, plain = normalize_text(joined), _plain(joined)
    return all(normalize_text(f) in normalized or _plain(f) in plain for f in facts)


@dataclass
class Result:
    name: str
    total: int = 0
    hit1: int = 0
    hitk: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    misses: list[tuple[dict, list[str], bool]] = field(default_factory=list)  # (question, texts, hit@k)
    by_doc: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))

    @property
    def p1(self) -> float:
        return self.hit1 / self.total if self.total else 0.0

    @property
    def pk(self) -> float:
        return self.hitk / self.total if self.total else 0.0

    @property
    def mean_ms(self) -> float:
        return statistics.fmean(self.latencies_ms) if self.latencies_ms else 0.0

    @property
    def p95_ms(self) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def evaluate(name: str, retrieve: Retriever, questions: Sequence[dict], k: int = K) -> Result:
    result = Result(name)
    for q in questions:
        start = time.perf_counter()
        texts = retrieve(q)[:k]
        result.latencies_ms.append((time.perf_counter() - start) * 1000)
        one = bool(texts) and contains_facts(texts[:1], q["facts"])
        many = contains_facts(texts, q["facts"])
        result.total += 1
        result.hit1 += one
        result.hitk += many
        stats = result.by_doc[q["doc_id"]]
        stats[0] += 1
        stats[1] += one
        stats[2] += many
        if not one:
            result.misses.append((q, texts, many))
    return result


# ---------------------------------------------------------------------------------------------- ours
def ours(k: int = K) -> Retriever:
    from bot.kb.search import get_index, search

    get_index()  # build once, outside the timed queries

    def retrieve(q: dict) -> list[str]:
        return [h.text for h in search(q["question"], region=q.get("region"), k=k)]

    return retrieve


# ---------------------------------------------------------------------------------------------- baseline
def _seed_texts() -> dict[str, str]:
    """Raw document texts: the original seed files when shared/ is there, else knowledge/sources."""
    texts: dict[str, str] = {}
    try:
        from bot.kb.loader import load_kb

        kb = load_kb()
        seeds = PROJECT_ROOT.parent / "shared" / "seeds"
        for doc in kb.documents.values():
            seed = seeds / doc.file
            source = SOURCES_DIR / f"{doc.doc_id}.txt"
            path = seed if seed.exists() else source
            if path.exists():
                texts[doc.doc_id] = path.read_text(encoding="utf-8")
    except Exception:  # noqa: BLE001 - the baseline must run even without a loadable knowledge base
        texts = {}
    if not texts:
        for path in sorted(SOURCES_DIR.glob("*.txt")):
            texts[path.stem] = path.read_text(encoding="utf-8")
    return texts


def baseline(k: int = K) -> Retriever:
    """Plain BM25 over the raw lines (paragraphs) of the texts: jieba default dictionary, no synonyms,
    no normalisation, no region filter."""
    import jieba
    from rank_bm25 import BM25Okapi

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    punct = re.compile(r"^[\W_]+$")

    def tokens(text: str) -> list[str]:
        return [t for t in tokenizer.lcut(text) if t.strip() and not punct.match(t)]

    paragraphs = [line.strip() for text in _seed_texts().values()
                  for line in text.splitlines() if line.strip()]
    bm25 = BM25Okapi([tokens(p) or ["∅"] for p in paragraphs])

    def retrieve(q: dict) -> list[str]:
        return bm25.get_top_n(tokens(q["question"]), paragraphs, n=k)

    return retrieve


# ---------------------------------------------------------------------------------------------- report
def _short(text: str, width: int = 70) -> str:
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= width else text[: width - 1] + "…"


def report(results: Sequence[Result], show_misses: bool = True, out=sys.stdout) -> None:
    ours_result = results[0]
    print(f"answerable questions: {ours_result.total}", file=out)
    print(f"{'retriever':<10} {'hit@1':>8} {'hit@3':>8} {'mean ms':>9} {'p95 ms':>8}", file=out)
    for r in results:
        print(f"{r.name:<10} {r.p1:>8.1%} {r.pk:>8.1%} {r.mean_ms:>9.2f} {r.p95_ms:>8.2f}", file=out)
    print("\nper document (ours): hit@1 / hit@3 of n", file=out)
    for doc_id, (n, one, many) in sorted(ours_result.by_doc.items()):
        print(f"  {doc_id:<20} {one / n:>6.1%} {many / n:>6.1%}  n={n}", file=out)
    if show_misses:
        print(f"\nmisses at 1 (ours): {len(ours_result.misses)}", file=out)
        for q, texts, many in ours_result.misses:
            mark = "hit@3" if many else "MISS "
            print(f"  [{mark}] {q['id']} ({q.get('region')}) {q['question']}  facts={q['facts']}", file=out)
            for i, text in enumerate(texts[:3], 1):
                print(f"           {i}. {_short(text)}", file=out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.eval.search_eval",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--dev-set", type=Path, default=DEV_SET)
    parser.add_argument("--no-baseline", action="store_true", help="score our search only")
    parser.add_argument("--quiet", action="store_true", help="do not list the misses")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    questions = answerable(load_questions(args.dev_set))
    results = [evaluate("ours", ours(), questions)]
    if not args.no_baseline:
        results.append(evaluate("baseline", baseline(), questions))
    if args.json:
        print(json.dumps({r.name: {"hit@1": round(r.p1, 4), "hit@3": round(r.pk, 4),
                                   "mean_ms": round(r.mean_ms, 2), "p95_ms": round(r.p95_ms, 2), "n": r.total}
                          for r in results}, ensure_ascii=False))
    else:
        report(results, show_misses=not args.quiet)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
