"""The buttons of a reminder, delivered or opened from /today: done, snooze, tomorrow, open."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.domain.errors import DomainError, NotFound
from bot.domain.reminders import (
    SNOOZE,
    ReminderClosed,
    ReminderView,
    complete_reminder,
    get_reminder,
    snooze_reminder,
)
from bot.domain.when import days_later
from bot.handlers.context import Context
from bot.handlers.followups import open_record
from bot.handlers.keyboards import button, keyboard, parse_ids
from bot.handlers.replies import esc, refuse_button, say, show
from bot.reminders.render import (
    describe_when,
    record_line,
    reminder_keyboard,
    reminder_text,
    reminder_title,
)
from bot.reminders.service import rearm
from storage.database import unit_of_work


async def done_button(update: Update, context: Context) -> None:
    """Mark a reminder done."""
    await _act(update, context, "rd")


async def snooze_button(update: Update, context: Context) -> None:
    """Remind again in one hour."""
    await _act(update, context, "rs")


async def tomorrow_button(update: Update, context: Context) -> None:
    """Remind again tomorrow at 9:00, in the user's zone."""
    await _act(update, context, "rt")


async def _act(update: Update, context: Context, action: str) -> None:
    _ = context._
    query = update.callback_query
    ids = parse_ids(query.data if query else None, action)
    if query is None or ids is None:
        await refuse_button(update, context)
        return
    try:
        async with unit_of_work(context.services.sessions) as session:
            view = await _apply(session, context, action, ids[0])
    except ReminderClosed:
        await query.answer(_("This reminder is already closed."), show_alert=True)
        return
    except DomainError:
        await refuse_button(update, context)
        return
    await show(update, context, _outcome(context, action, view), _back(context))


async def _apply(
    session: AsyncSession, context: Context, action: str, reminder_id: int
) -> ReminderView:
    now, me = context.now(), context.me
    if action == "rd":
        return await complete_reminder(session, me, reminder_id, now=now)
    until = now + SNOOZE if action == "rs" else days_later(now, context.zone(), 1)
    view = await snooze_reminder(session, me, reminder_id, until, now=now)
    rearm(context.application, view.due_at)
    return view


def _outcome(context: Context, action: str, view: ReminderView) -> str:
    _ = context._
    title = esc(reminder_title(_, view.text, view.reason))
    if action == "rd":
        return _("✅ Done: {title}").format(title=title)
    when = describe_when(_, context.language, context.zone(), view.due_at, now=context.now())
    return _("💤 {title}: I will remind you again {when}.").format(title=title, when=when)


async def item_button(update: Update, context: Context) -> None:
    """Show one reminder from /today, with its buttons."""
    ids = parse_ids(update.callback_query.data if update.callback_query else None, "ri")
    if ids is None:
        await refuse_button(update, context)
        return
    try:
        async with unit_of_work(context.services.sessions) as session:
            view = await get_reminder(session, context.me, ids[0])
    except DomainError:
        await refuse_button(update, context)
        return
    if view.closed:
        await show(update, context, _outcome(context, "rd", view), _back(context))
        return
    await show(update, context, _view_text(context, view), _view_keyboard(context, view))


async def open_button(update: Update, context: Context) -> None:
    """Send the card of the record a reminder is about, as a new message."""
    ids = parse_ids(update.callback_query.data if update.callback_query else None, "ro")
    if ids is None:
        await refuse_button(update, context)
        return
    try:
        async with unit_of_work(context.services.sessions) as session:
            view = await get_reminder(session, context.me, ids[0])
            if view.record is None:
                raise NotFound(f"reminder {view.id} is about no record")
            text, markup = await open_record(session, context, view.record)
    except DomainError:
        await refuse_button(update, context)
        return
    await update.callback_query.answer()  # type: ignore[union-attr]
    await say(update, context, text, markup)


def _view_text(context: Context, view: ReminderView) -> str:
    _ = context._
    when = describe_when(_, context.language, context.zone(), view.due_at, now=context.now())
    title = reminder_title(_, view.text, view.reason)
    record = record_line(view.record.type if view.record else None, view.record_label)
    return reminder_text(_, title, record, when=when)


def _view_keyboard(context: Context, view: ReminderView) -> InlineKeyboardMarkup:
    return reminder_keyboard(context._, view.id, has_record=view.record is not None, back=True)


def _back(context: Context) -> InlineKeyboardMarkup:
    return keyboard([button(context._("« Today"), "td")])


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    """The buttons of a delivered reminder, and of a reminder opened from /today."""
    return [
        CallbackQueryHandler(done_button, pattern=r"^rd:"),
        CallbackQueryHandler(snooze_button, pattern=r"^rs:"),
        CallbackQueryHandler(tomorrow_button, pattern=r"^rt:"),
        CallbackQueryHandler(open_button, pattern=r"^ro:"),
        CallbackQueryHandler(item_button, pattern=r"^ri:"),
    ]
