"""/find, plain text and inline mode: customer files from a few typed words."""

from __future__ import annotations

from typing import Any

from telegram import (
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)

from bot.domain.lookup import QUERY_MAX, Found, clean_query, find_records
from bot.handlers.cards import show_card, show_site
from bot.handlers.context import Context
from bot.handlers.keyboards import button, column, is_id, parse_ids
from bot.handlers.replies import esc, refuse_button, say, show
from bot.i18n import N_
from bot.search import Hit
from storage.database import unit_of_work

# What each list of results or suggestions stands for, by message id, so that a button of an
# older list still acts on that list. Only the latest few are kept.
SEARCHES = "searches"
SUGGESTIONS = "search_suggestions"
KEPT_LISTS = 20
# "More results" stops after this many pages: past 100 results, a better word finds faster.
MAX_PAGES = 20
INLINE_RESULTS = 10
INLINE_MAX = 50
# Inline answers are personal and short-lived: what a user may see is theirs alone.
INLINE_CACHE_SECONDS = 5

KIND_ICONS = {"customer": "🏢", "contact": "👤", "site": "🏗"}
# A list of results as remembered for its "More" button: the query, the (kind, id) of every
# record shown so far, and the page it shows.
Listed = dict[str, Any]
FIELD_NAMES = {
    "street": N_("street"),
    "postcode": N_("postcode"),
    "city": N_("city"),
    "phone": N_("phone"),
    "email": N_("e-mail"),
}


async def find_command(update: Update, context: Context) -> None:
    """Search for the words after /find."""
    text = " ".join(context.args or [])
    if not clean_query(text):
        await say(
            update,
            context,
            context._(
                "Type /find and part of a name, a street, a city or a phone number. "
                "Example: /find dupont lyon"
            ),
        )
        return
    await search(update, context, text)


async def text_message(update: Update, context: Context) -> None:
    """Plain text that is not a command is a search."""
    await search(update, context, update.message.text or "" if update.message else "")


async def search(
    update: Update, context: Context, text: str, earlier: Listed | None = None
) -> None:
    """Answer with the best matches as buttons, or open the one clear match.

    `earlier` is the list whose "More results" was pressed: the next page skips its records.
    """
    _ = context._
    query = " ".join(text.split())
    if len(query) < 2:
        await say(update, context, _("Type at least two letters of a customer's name."))
        return
    if len(query) > QUERY_MAX:
        await say(update, context, _("That is too long to search. Type part of a name."))
        return

    shown = [tuple(record) for record in earlier["shown"]] if earlier else []
    found = await _find(context, query, shown)
    if earlier is None and (winner := found.clear_winner()) is not None:
        await _open(update, context, winner)
        return
    if not found.hits and earlier is not None:
        # Every record left to show was deleted since the list was made.
        await refuse_button(update, context)
        return
    if not found.hits:
        await _nothing_found(update, context, query)
        return
    page = earlier["page"] + 1 if earlier else 0
    title = _("Results for “{text}”:").format(text=esc(query))
    message = await show(update, context, title, _result_buttons(context, found, page))
    shown += [(hit.kind, hit.id) for hit in found.hits]
    _remember(context, SEARCHES, message, {"query": query, "shown": shown, "page": page})


async def more_button(update: Update, context: Context) -> None:
    """Show the next page of the search whose list holds the button."""
    ids = parse_ids(update.callback_query.data if update.callback_query else None, "fm")
    listed = _recall(update, context, SEARCHES)
    if ids is None or not isinstance(listed, dict) or ids[0] != listed["page"] + 1:
        await refuse_button(update, context)
        return
    await search(update, context, listed["query"], earlier=listed)


async def suggestion_button(update: Update, context: Context) -> None:
    """Search again with a spelling the bot offered in the message that holds the button."""
    ids = parse_ids(update.callback_query.data if update.callback_query else None, "fw")
    offered = _recall(update, context, SUGGESTIONS)
    if ids is None or not isinstance(offered, list) or ids[0] >= len(offered):
        await refuse_button(update, context)
        return
    await search(update, context, offered[ids[0]])


def _remember(context: Context, key: str, message_id: int | None, value: object) -> None:
    if message_id is None:
        return
    kept: dict[int, object] = context.user_data.setdefault(key, {})
    kept.pop(message_id, None)
    kept[message_id] = value
    while len(kept) > KEPT_LISTS:
        del kept[next(iter(kept))]


def _recall(update: Update, context: Context, key: str) -> object:
    query = update.callback_query
    if query is None or query.message is None:
        return None
    return context.user_data.get(key, {}).get(query.message.message_id)


async def inline_query(update: Update, context: Context) -> None:
    """Answer "@bot dupont" in any chat with matches personal to this user."""
    query = update.inline_query
    assert query is not None  # this handler only receives inline queries
    text = clean_query(query.query)
    # Telegram asks for more with the offset the last answer gave: the results already shown.
    offset = int(query.offset) if is_id(query.offset) and int(query.offset) < INLINE_MAX else 0
    found = await _find(context, text, [], offset + INLINE_RESULTS) if len(text) >= 2 else None
    hits = found.hits[offset:] if found else []
    more = found is not None and found.more and offset + INLINE_RESULTS < INLINE_MAX
    await query.answer(
        [_article(context, hit) for hit in hits],
        cache_time=INLINE_CACHE_SECONDS,
        is_personal=True,
        next_offset=str(offset + INLINE_RESULTS) if more else None,
    )


async def _find(
    context: Context, query: str, shown: list[tuple[str, int]], size: int = 5
) -> Found:
    index = context.services.index
    async with unit_of_work(context.services.sessions) as session:
        return await find_records(
            session, index, context.me, query, shown=set(shown), page_size=size
        )


async def _open(update: Update, context: Context, hit: Hit) -> None:
    if hit.kind == "site":
        await show_site(update, context, hit.id)
    elif hit.customer_id is not None:
        await show_card(update, context, hit.customer_id)


async def _nothing_found(update: Update, context: Context, query: str) -> None:
    _ = context._
    words = context.services.index.suggest(query)
    text = _("Nothing found for “{text}”.").format(text=esc(query))
    if not words:
        await show(update, context, text + " " + _("Try a street, a city or a phone number."))
        return
    buttons = [button(f"🔎 {word}"[:60], f"fw:{n}") for n, word in enumerate(words)]
    shown = await show(update, context, text + " " + _("Did you mean:"), column(buttons))
    _remember(context, SUGGESTIONS, shown, words)


def _result_buttons(context: Context, found: Found, page: int) -> InlineKeyboardMarkup:
    buttons = [button(_label(context, hit), _target(hit)) for hit in found.hits]
    if found.more and page + 1 < MAX_PAGES:
        buttons.append(button(context._("More results »"), f"fm:{page + 1}"))
    return column(buttons)


def _label(context: Context, hit: Hit) -> str:
    """Icon, name and city: enough to tell two "Martin" apart on a small screen."""
    parts = [f"{KIND_ICONS.get(hit.kind, '•')} {hit.name}"]
    if hit.kind != "customer" and hit.customer_name:
        parts.append(hit.customer_name)
    if hit.city:
        parts.append(hit.city)
    label = " · ".join(parts)
    if hit.field in FIELD_NAMES:
        label += f" ({context._(FIELD_NAMES[hit.field])})"
    return label[:64]


def _target(hit: Hit) -> str:
    if hit.kind == "site":
        return f"st:{hit.id}"
    return f"c:{hit.customer_id}"


def _article(context: Context, hit: Hit) -> InlineQueryResultArticle:
    title = f"{KIND_ICONS.get(hit.kind, '•')} {hit.name}"
    where = " · ".join(
        p for p in (hit.customer_name if hit.kind != "customer" else "", hit.city) if p
    )
    return InlineQueryResultArticle(
        id=f"{hit.kind}:{hit.id}",
        title=title[:100],
        description=where[:100] or None,
        input_message_content=InputTextMessageContent(
            f"<b>{esc(hit.name)}</b>" + (f"\n{esc(where)}" if where else ""), parse_mode="HTML"
        ),
    )
