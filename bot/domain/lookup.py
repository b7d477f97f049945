"""Finding records from a few typed words: the use-case behind /find, plain text and inline."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.reminders import RecordRef
from bot.domain.roles import Actor, Permission, require
from bot.search import Hit, SearchIndex, find_duplicates
from bot.search.documents import CONTACT_NAME, NAME, SITE
from storage.models import AuditEntry

QUERY_MAX = 200
PAGE_SIZE = 5
# How many of the user's last card reads break ties between equal matches.
ACTIVITY_WINDOW = 200
# A single result this good, well ahead of the next, is opened without a list.
CLEAR_SCORE = 90.0
CLEAR_LEAD = 10.0
# A word of a free text names a record when, searched alone, it matches a name this well.
# Shorter words ("les", "du", "9h") name too many records to mean one.
MENTION_WORD_MIN = 4
MENTION_FIELDS = frozenset({NAME, CONTACT_NAME})
MENTIONS = 3


@dataclass(frozen=True)
class Found:
    hits: list[Hit]
    more: bool

    def clear_winner(self) -> Hit | None:
        """Return the one result to open directly, if there is such a result."""
        if not self.hits or self.hits[0].score < CLEAR_SCORE:
            return None
        if len(self.hits) > 1 and self.hits[1].score > self.hits[0].score - CLEAR_LEAD:
            return None
        return self.hits[0]


def clean_query(text: str) -> str:
    """Collapse whitespace and keep a query to a searchable length."""
    return " ".join(text.split())[:QUERY_MAX]


async def find_records(
    session: AsyncSession,
    index: SearchIndex,
    actor: Actor,
    text: str,
    *,
    shown: Collection[tuple[str, int]] = (),
    page_size: int = PAGE_SIZE,
) -> Found:
    """Return the best records matching `text` that the actor may see, past those `shown`.

    Paging skips what the user was shown rather than counting places, so a record deleted or
    added meanwhile neither hides a match nor shows one twice.
    """
    require(actor, Permission.READ_CUSTOMERS)
    activity = await recent_activity(session, actor)
    hits = index.search(clean_query(text), limit=len(shown) + page_size + 1, activity=activity)
    fresh = [hit for hit in hits if (hit.kind, hit.id) not in shown]
    return Found(fresh[:page_size], more=len(fresh) > page_size)


async def recent_activity(session: AsyncSession, actor: Actor) -> dict[tuple[str, int], datetime]:
    """Return when the actor last opened each customer card, from the audit trail."""
    rows = await session.execute(
        select(AuditEntry.record_type, AuditEntry.record_id, func.max(AuditEntry.at))
        .where(AuditEntry.user_id == actor.id, AuditEntry.action == "read")
        .where(AuditEntry.record_id.is_not(None))
        .group_by(AuditEntry.record_type, AuditEntry.record_id)
        .order_by(func.max(AuditEntry.at).desc())
        .limit(ACTIVITY_WINDOW)
    )
    return {(kind, record_id): at for kind, record_id, at in rows}


def possible_duplicates(
    index: SearchIndex, actor: Actor, *, name: str, phone: str = "", city: str = ""
) -> list[Hit]:
    """Return existing customers or contacts that the new one may duplicate."""
    require(actor, Permission.READ_CUSTOMERS)
    return find_duplicates(index, name=name, phone=phone, city=city, limit=3)


@dataclass(frozen=True)
class Mention:
    """A customer or site that a free text names, and how strongly."""

    record: RecordRef
    label: str
    city: str
    score: float


async def records_mentioned(
    session: AsyncSession, index: SearchIndex, actor: Actor, text: str
) -> list[Mention]:
    """Return the customers and sites whose names the words of `text` match, best first.

    "call Dupont about the kitchen" names every Dupont and every kitchen site; a record named
    by more words ranks first, then the files the actor opened last. A contact's name stands
    for its customer.
    """
    require(actor, Permission.READ_CUSTOMERS)
    activity = await recent_activity(session, actor)
    best: dict[RecordRef, Mention] = {}
    for word in dict.fromkeys(text.split()):
        if sum(c.isalpha() for c in word) < MENTION_WORD_MIN:
            continue
        named: dict[RecordRef, Mention] = {}
        for hit in index.search(word, limit=2 * MENTIONS, activity=activity):
            mention = _mention(hit)
            if mention is not None and mention.record not in named:
                named[mention.record] = mention
        for record, mention in named.items():
            known = best.get(record)
            score = mention.score + (known.score if known else 0.0)
            best[record] = Mention(record, mention.label, mention.city, score)
    ranked = sorted(best.values(), key=lambda m: -m.score)
    return ranked[:MENTIONS]


def leading_mention(mentions: list[Mention]) -> Mention | None:
    """Return the mention ahead of all others, which a reminder is taken to be about."""
    if len(mentions) == 1 or (len(mentions) > 1 and mentions[0].score > mentions[1].score):
        return mentions[0]
    return None


def _mention(hit: Hit) -> Mention | None:
    if hit.score < CLEAR_SCORE or hit.field not in MENTION_FIELDS:
        return None
    if hit.kind == SITE:
        return Mention(RecordRef("site", hit.id), hit.name, hit.city, hit.score)
    if hit.customer_id is None:
        return None
    name = hit.customer_name or hit.name
    return Mention(RecordRef("customer", hit.customer_id), name, hit.city, hit.score)
