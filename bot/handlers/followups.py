"""The "call back in…" buttons of customer and site cards, and opening a reminder's record."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.domain.customers import read_customer
from bot.domain.errors import DomainError
from bot.domain.followups import CALL_BACK_DAYS, drop_call_back, plan_call_back
from bot.domain.reminders import RecordRef, record_label
from bot.domain.sites import read_site
from bot.handlers.cards import card_keyboard, card_text, site_keyboard, site_text
from bot.handlers.context import Context
from bot.handlers.keyboards import button, keyboard, parse_ids, rows
from bot.handlers.replies import esc, refuse_button, show, show_buttons
from bot.i18n import N_
from bot.reminders.render import describe_when
from bot.reminders.service import rearm
from storage.database import unit_of_work

Card = tuple[str, InlineKeyboardMarkup]
Opener = Callable[[AsyncSession, Context, int], Awaitable[Card]]

# The button that shows a record's card, per record type the cards offer "call back" on.
CARD_BUTTONS = {"customer": "c", "site": "st"}
DELAYS = {
    1: N_("Tomorrow"),
    3: N_("In 3 days"),
    7: N_("In 1 week"),
    14: N_("In 2 weeks"),
    30: N_("In 1 month"),
}


async def _customer_card(session: AsyncSession, context: Context, customer_id: int) -> Card:
    card = await read_customer(session, context.me, customer_id, now=context.now())
    return card_text(context, card), card_keyboard(context, card)


async def _site_card(session: AsyncSession, context: Context, site_id: int) -> Card:
    site = await read_site(session, context.me, site_id)
    return site_text(context, site), site_keyboard(context, site)


# How to show the card of each record type a reminder can be about; quotes and tickets add
# theirs when they are built.
OPENERS: dict[str, Opener] = {"customer": _customer_card, "site": _site_card}


async def open_record(session: AsyncSession, context: Context, record: RecordRef) -> Card:
    """Return the text and buttons of a record's card, checking the user may read it."""
    opener = OPENERS.get(record.type)
    if opener is None:
        raise NotImplementedError(f"opening {record.type} records is not built yet")
    return await opener(session, context, record.id)


async def delays_button(update: Update, context: Context) -> None:
    """Offer the call back delays in place of the card's buttons."""
    pressed = _pressed(update, "fu", 1)
    if pressed is None:
        await refuse_button(update, context)
        return
    record, _ids = pressed
    async with unit_of_work(context.services.sessions) as session:
        exists = await record_label(session, record) is not None
    if not exists:
        await refuse_button(update, context)
        return
    _ = context._
    choices = [
        button(_(name), f"fs:{record.type}:{record.id}:{days}") for days, name in DELAYS.items()
    ]
    back = button(_("« Back"), f"{CARD_BUTTONS[record.type]}:{record.id}")
    await show_buttons(update, keyboard(*rows(choices), [back]))


async def delay_picked_button(update: Update, context: Context) -> None:
    """Plan the call back, or move the one already planned, and say when it comes."""
    pressed = _pressed(update, "fs", 2)
    if pressed is None or pressed[1][0] not in CALL_BACK_DAYS:
        await refuse_button(update, context)
        return
    record, (days,) = pressed
    _, now, zone = context._, context.now(), context.zone()
    try:
        async with unit_of_work(context.services.sessions) as session:
            view = await plan_call_back(session, context.me, record, days, now=now, zone=zone)
    except DomainError:
        await refuse_button(update, context)
        return

    rearm(context.application, view.due_at)
    when = describe_when(_, context.language, zone, view.due_at, now=now)
    text = _("📞 Call back {name}: I will remind you {when}.").format(
        name=esc(view.record_label), when=when
    )
    cancel = button(_("✖ No call back needed"), f"fx:{record.type}:{record.id}")
    await show(update, context, text, keyboard([_back_to_card(context, record), cancel]))


async def cancel_button(update: Update, context: Context) -> None:
    """Cancel the call back planned about a record."""
    pressed = _pressed(update, "fx", 1)
    if pressed is None:
        await refuse_button(update, context)
        return
    record, _ids = pressed
    try:
        async with unit_of_work(context.services.sessions) as session:
            await drop_call_back(session, context.me, record, now=context.now())
            name = await record_label(session, record)
    except DomainError:
        await refuse_button(update, context)
        return
    if name is None:
        # The record is gone, and its follow-ups with it: nothing left to show.
        await refuse_button(update, context)
        return
    text = context._("No call back planned for {name}.").format(name=esc(name))
    await show(update, context, text, keyboard([_back_to_card(context, record)]))


def _back_to_card(context: Context, record: RecordRef) -> InlineKeyboardButton:
    return button(context._("« Back"), f"{CARD_BUTTONS[record.type]}:{record.id}")


def _pressed(update: Update, prefix: str, count: int) -> tuple[RecordRef, list[int]] | None:
    """Read "prefix:type:id[:days]" (`count` numbers) from the button; None if forged."""
    data = update.callback_query.data if update.callback_query else None
    parts = (data or "").split(":")
    if len(parts) != count + 2 or parts[0] != prefix or parts[1] not in CARD_BUTTONS:
        return None
    ids = parse_ids(":".join(["n", *parts[2:]]), "n", count)
    return (RecordRef(parts[1], ids[0]), ids[1:]) if ids else None


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    """The call back buttons of the cards."""
    return [
        CallbackQueryHandler(delays_button, pattern=r"^fu:"),
        CallbackQueryHandler(delay_picked_button, pattern=r"^fs:"),
        CallbackQueryHandler(cancel_button, pattern=r"^fx:"),
    ]
