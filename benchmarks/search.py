"""Benchmark the fuzzy search index against SQLite FTS5 (trigram) on synthetic data.

    python benchmarks/search.py [--sizes 10000,100000,1000000] [--queries 1000]

Per size: seed a SQLite database once (kept in --data-dir for the next runs; delete it after
changing bot/synthetic.py), draw field-style queries with known targets, then measure each
engine in a fresh process. FTS5 answers queries for --fts-seconds at most (about 100 at a
million customers); its n column says how many.
Prints recall@1/@5 beside the oracle: a query is answerable at k when at most k records
share the value it aims at (the same name, street or phone), so no engine can do better
than pick among them; or@k counts those queries, ex@5 also credits the chance of picking
right among more than 5. Then latency percentiles, build and ready times (ready: from
process start to the first answer), memory (RSS growth over the build, and its peak).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from queries import QUERY_KINDS, Query, generate, read_records

from bot.synthetic import seed
from storage.database import create_engine
from storage.migrate import upgrade

HERE = Path(__file__).parent


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="customer counts, comma-separated")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument(
        "--fts-seconds", type=float, default=180.0, help="time FTS5 may spend on queries"
    )
    parser.add_argument("--no-fts", action="store_true", help="skip the FTS5 baseline")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", default=str(Path(tempfile.gettempdir()) / "fieldbot-bench"))
    return parser.parse_args()


def ensure_database(size: int, seed_value: int, data_dir: Path) -> Path:
    """Return the seeded database for this size, creating it on first use."""
    path = data_dir / f"customers-{size}-seed{seed_value}.db"
    if path.exists():
        return path
    data_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    asyncio.run(_seed(partial, size, seed_value))
    partial.rename(path)
    print(f"seeded {size} customers in {time.perf_counter() - started:.1f} s", flush=True)
    return path


async def _seed(path: Path, size: int, seed_value: int) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    await upgrade(engine)
    await seed(engine, customers=size, seed=seed_value)
    await engine.dispose()


def run_engine(
    engine: str, db: Path, texts: list[str], budget: float = float("inf")
) -> dict[str, object]:
    """Measure one engine in a fresh Python process and return its figures."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(texts, handle)
    command = [sys.executable, str(HERE / "measure.py"), engine, str(db), handle.name]
    command += [str(time.time()), str(budget)]
    output = subprocess.run(command, capture_output=True, text=True)
    Path(handle.name).unlink()
    if output.returncode:
        raise RuntimeError(f"{engine} measurement failed:\n{output.stderr}")
    return json.loads(output.stdout)


def summarise(queries: list[Query], result: dict[str, object]) -> dict[str, float]:
    """Return recall and oracle at 1 and 5, and latency percentiles in milliseconds."""
    answers = result["answers"]
    found = [_rank(q, a) for q, a in zip(queries, answers, strict=False)]
    latencies = np.array(result["latencies"]) * 1000
    return {
        "r1": np.mean([rank == 1 for rank in found]),
        "r5": np.mean([0 < rank <= 5 for rank in found]),
        "o1": np.mean([q.equals <= 1 for q in queries[: len(found)]]),
        "o5": np.mean([q.equals <= 5 for q in queries[: len(found)]]),
        # What an ideal engine gets by luck when it must pick among more than 5 equals.
        "e5": np.mean([min(1.0, 5 / max(q.equals, 1)) for q in queries[: len(found)]]),
        "p50": np.percentile(latencies, 50),
        "p95": np.percentile(latencies, 95),
        "p99": np.percentile(latencies, 99),
    }


def _rank(query: Query, answer: list[list[object]]) -> int:
    for position, (kind, record_id) in enumerate(answer, start=1):
        if kind == query.target_kind and record_id == query.target_id:
            return position
    return 0


def print_table(rows: list[tuple[int, str, dict[str, float], dict[str, object]]]) -> None:
    header = (
        f"{'customers':>9} {'engine':<7} {'n':>5} {'r@1':>5} {'r@5':>5} {'or@1':>5} {'or@5':>5} "
        f"{'r5/or':>5} {'ex@5':>5} {'r5/ex':>5} {'p50ms':>7} {'p95ms':>7} {'p99ms':>7} "
        f"{'build s':>7} {'ready s':>7} {'mem MB':>7} {'peak MB':>7}"
    )
    print(header)
    for size, engine, stats, result in rows:
        print(
            f"{size:>9} {engine:<7} {len(result['answers']):>5} {stats['r1']:>5.3f} "
            f"{stats['r5']:>5.3f} {stats['o1']:>5.3f} {stats['o5']:>5.3f} "
            f"{stats['r5'] / stats['o5']:>5.3f} {stats['e5']:>5.3f} "
            f"{stats['r5'] / stats['e5']:>5.3f} {stats['p50']:>7.2f} {stats['p95']:>7.2f} "
            f"{stats['p99']:>7.2f} {result['build_seconds']:>7.1f} "
            f"{result['ready_seconds']:>7.1f} {result['memory_mb']:>7.0f} "
            f"{result['peak_mb']:>7.0f}"
        )


def print_kinds(size: int, queries: list[Query], results: dict[str, dict[str, object]]) -> None:
    """Print recall@5 per query kind, beside its oracle."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for position, query in enumerate(queries):
        by_kind[query.kind].append(position)
    print(f"\nrecall@5 by query kind at {size} customers")
    print(f"{'kind':<8} {'n':>4} {'or@5':>5} " + " ".join(f"{e:>7}" for e in results))
    for kind in QUERY_KINDS:
        positions = by_kind[kind]
        oracle = np.mean([queries[p].equals <= 5 for p in positions])
        cells = []
        for result in results.values():
            answers = result["answers"]
            hits = [0 < _rank(queries[p], answers[p]) <= 5 for p in positions if p < len(answers)]
            cells.append(f"{np.mean(hits) if hits else float('nan'):>7.3f}")
        print(f"{kind:<8} {len(positions):>4} {oracle:>5.3f} " + " ".join(cells))
    prefixes = [q.prefix_matches for q in queries if q.prefix_matches is not None]
    if prefixes:
        print(
            "prefix: or@5 counts the records that share the whole name; the typed prefixes "
            f"match a median of {np.median(prefixes):.0f} names,\nand counting those as equals "
            f"gives or@5 {np.mean([n <= 5 for n in prefixes]):.3f} for prefix queries."
        )


def main() -> None:
    arguments = parse_arguments()
    rows = []
    for size in [int(s) for s in arguments.sizes.split(",")]:
        db = ensure_database(size, arguments.seed, Path(arguments.data_dir))
        queries = generate(read_records(str(db)), arguments.queries, arguments.seed)
        texts = [query.text for query in queries]
        results = {"engine": run_engine("engine", db, texts)}
        if not arguments.no_fts:
            results["fts5"] = run_engine("fts", db, texts, arguments.fts_seconds)
        for name, result in results.items():
            rows.append((size, name, summarise(queries, result), result))
        print_kinds(size, queries, results)
    print()
    print_table(rows)


if __name__ == "__main__":
    main()
