"""Measure one engine in a fresh process: ready time, memory, answers and latency.

Run by search.py as `python benchmarks/measure.py ENGINE DB QUERIES SPAWNED_AT SECONDS`; prints
JSON. A fresh process makes the start-up time and the memory figures honest. SECONDS bounds
the time spent answering queries (FTS5 takes seconds a query at a million customers).
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

TOP = 5
FTS_SEARCH = "SELECT kind, rid FROM records WHERE records MATCH ? ORDER BY bm25(records) LIMIT ?"
# Each record as one FTS5 row: its text columns, then its phone (matched on digits).
FTS_SOURCES = {
    "customer": "SELECT id, name, address, postcode, city, email, phone FROM customers",
    "contact": "SELECT id, name, email, phone FROM contacts",
    "site": "SELECT id, name, address, postcode, city, '' FROM sites",
}


def rss_mb(field: str = "VmRSS") -> float:
    """Return this process's resident memory (or its peak, VmHWM) in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure_engine(
    db: str, texts: list[str], spawned_at: float, budget: float
) -> dict[str, object]:
    """Build the index from the database, then answer every query."""
    from bot.search.build import build_index
    from storage.database import create_engine

    before = rss_mb()
    started = time.perf_counter()
    engine = create_engine(f"sqlite+aiosqlite:///{db}")
    index = asyncio.run(build_index(engine))
    build_seconds = time.perf_counter() - started
    index.search(texts[0])
    ready = time.time() - spawned_at
    after = rss_mb()

    def search(text: str) -> list[list[object]]:
        return [[hit.kind, hit.id] for hit in index.search(text, limit=TOP)]

    answers, latencies = answer_all(search, texts, budget)
    return {
        "build_seconds": build_seconds,
        "ready_seconds": ready,
        "memory_mb": after - before,
        "peak_mb": rss_mb("VmHWM") - before,
        "answers": answers,
        "latencies": latencies,
    }


def measure_fts(db: str, texts: list[str], spawned_at: float, budget: float) -> dict[str, object]:
    """Answer every query with SQLite FTS5 (trigram tokenizer, bm25), built beside the db."""
    from bot.search.normalize import looks_like_phone, normalize_text, phone_digits

    before = rss_mb()
    fts_path = db.removesuffix(".db") + ".fts5.db"
    built_before = Path(fts_path).exists()
    connection, build_seconds = _fts_database(db, fts_path)

    def search(text: str) -> list[list[object]]:
        typed = phone_digits(text) if looks_like_phone(text) else normalize_text(text)
        match = _trigram_query(typed)
        rows = connection.execute(FTS_SEARCH, (match, TOP)).fetchall() if match else []
        return [[kind, rid] for kind, rid in rows]

    search(texts[0])
    # A table built in an earlier run is only opened: count its build as part of the start.
    ready = time.time() - spawned_at + (build_seconds if built_before else 0.0)
    answers, latencies = answer_all(search, texts, budget)
    return {
        "build_seconds": build_seconds,
        "ready_seconds": ready,
        "memory_mb": rss_mb() - before,
        "peak_mb": rss_mb("VmHWM") - before,
        "answers": answers,
        "latencies": latencies,
    }


def answer_all(
    search: Callable[[str], list[list[object]]], texts: list[str], budget: float
) -> tuple[list[list[list[object]]], list[float]]:
    """Answer the queries in order until the time budget runs out; time each one."""
    answers, latencies = [], []
    started = time.perf_counter()
    for text in texts:
        if time.perf_counter() - started > budget:
            break
        begun = time.perf_counter()
        answers.append(search(text))
        latencies.append(time.perf_counter() - begun)
    return answers, latencies


def _trigram_query(text: str) -> str:
    """OR every trigram of every word, so typos still share most of them."""
    grams = {word[i : i + 3] for word in text.split() for i in range(len(word) - 2)}
    return " OR ".join(f'"{gram}"' for gram in sorted(grams))


def _fts_database(db: str, fts_path: str) -> tuple[sqlite3.Connection, float]:
    """Open the FTS5 copy, building it on first use; return it and its build time."""
    timing = Path(fts_path + ".json")
    if Path(fts_path).exists() and timing.exists():
        return sqlite3.connect(fts_path), json.loads(timing.read_text())["build_seconds"]
    Path(fts_path).unlink(missing_ok=True)
    started = time.perf_counter()
    connection = sqlite3.connect(fts_path)
    connection.execute(
        "CREATE VIRTUAL TABLE records USING fts5(kind UNINDEXED, rid UNINDEXED, body, "
        "tokenize='trigram')"
    )
    source = sqlite3.connect(db)
    for kind, query in FTS_SOURCES.items():
        rows = ((kind, row[0], _fts_text(row[1:-1], row[-1])) for row in source.execute(query))
        connection.executemany("INSERT INTO records VALUES (?, ?, ?)", rows)
    connection.commit()
    build_seconds = time.perf_counter() - started
    timing.write_text(json.dumps({"build_seconds": build_seconds}))
    return connection, build_seconds


def _fts_text(texts: tuple[str, ...], phone: str) -> str:
    from bot.search.normalize import normalize_text, phone_digits

    return normalize_text(" ".join(texts)) + " " + phone_digits(phone)


def main() -> None:
    engine, db, queries_path, spawned_at, budget = sys.argv[1:6]
    texts = json.loads(Path(queries_path).read_text())
    measure = measure_engine if engine == "engine" else measure_fts
    print(json.dumps(measure(db, texts, float(spawned_at), float(budget))))


if __name__ == "__main__":
    main()
