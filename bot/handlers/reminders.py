"""/remind in plain words: read what and when, repeat the time understood, confirm or change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
)

from bot.domain.errors import DomainError, NotFound
from bot.domain.lookup import Mention, leading_mention, records_mentioned
from bot.domain.reminders import RecordRef, create_reminder
from bot.domain.roles import Permission
from bot.domain.when import (
    TEXT_MAX,
    EmptyReminder,
    ImpossibleDate,
    PastTime,
    ReminderTooLong,
    TooFarAhead,
    read_reminder,
    read_time,
)
from bot.handlers.context import Context
from bot.handlers.conversation import TEXT, Flow, State
from bot.handlers.keyboards import button, keyboard, parse_ids
from bot.handlers.replies import esc, refuse_button, say, show
from bot.i18n import N_
from bot.reminders.render import RECORD_ICONS, describe_when, label
from bot.reminders.service import rearm
from storage.database import AlreadyHandled, claim_message, unit_of_work

CONFIRM, WHEN = "remind_confirm", "remind_when"
DRAFT = "reminder_draft"

EXAMPLES = N_(
    "Examples:\n/remind call Dupont tomorrow 9am\n/remind send the quote in 3 days\n"
    "/remind site visit next Monday 14:30\n/remind order the tiles on 12/01"
)
TIME_EXAMPLES = N_("For example: tomorrow 9am, in 3 days, next Monday 14:30, 12/01 at 10:00.")


async def remind_command(update: Update, context: Context) -> State:
    """Read "what and when" after /remind, and ask to confirm the time understood."""
    typed = _after_command(update.message)
    if not typed:
        await say(update, context, context._("What and when?") + "\n" + context._(EXAMPLES))
        return ConversationHandler.END
    try:
        found = read_reminder(typed, now=context.now(), zone=context.zone())
    except DomainError as error:
        await say(update, context, _refusal(context, error) + "\n\n" + context._(EXAMPLES))
        return ConversationHandler.END
    mentions = await _mentions(context, found.text)
    lead = leading_mention(mentions)
    context.user_data[DRAFT] = {
        "text": found.text,
        "due": found.due_at.isoformat(),
        "options": [[m.record.type, m.record.id, m.label, m.city] for m in mentions],
        "about": mentions.index(lead) if lead else None,
    }
    return await _ask_confirm(update, context)


async def _mentions(context: Context, text: str) -> list[Mention]:
    """Return the customers and sites the reminder's words name, if the user may see them."""
    if not context.me.may(Permission.READ_CUSTOMERS):
        return []
    async with unit_of_work(context.services.sessions) as session:
        return await records_mentioned(session, context.services.index, context.me, text)


async def when_answered(update: Update, context: Context) -> State:
    """Take a new time for the reminder being written."""
    draft = context.user_data.get(DRAFT)
    if draft is None:
        return ConversationHandler.END
    try:
        due_at = read_time(_text(update.message), now=context.now(), zone=context.zone())
    except DomainError as error:
        await say(update, context, _refusal(context, error) + "\n" + context._(TIME_EXAMPLES))
        return WHEN
    draft["due"] = due_at.isoformat()
    return await _ask_confirm(update, context)


async def _ask_confirm(update: Update, context: Context) -> State:
    question, markup = _question(context, context.user_data[DRAFT])
    chat = update.effective_chat
    assert chat is not None  # the gate lets private chats only through
    sent = await context.bot.send_message(
        chat.id, question, parse_mode=ParseMode.HTML, reply_markup=markup
    )
    # The buttons act on this question only: an older one must not confirm a newer draft.
    context.user_data[DRAFT]["question"] = sent.message_id

    return CONFIRM


def _question(context: Context, draft: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup]:
    """The draft as a question: text, time, the record it is about, and its buttons."""
    _ = context._
    due_at = datetime.fromisoformat(draft["due"])
    when = describe_when(_, context.language, context.zone(), due_at, now=context.now())
    lines = [f"🔔 <b>{esc(draft['text'])}</b>", f"🕘 {when}"]
    options, about = draft["options"], draft["about"]
    if about is not None:
        lines.append(esc(_option_label(options[about])))
    lines.append(_("Shall I remind you then?"))
    actions = [
        button(_("✅ Confirm"), "rc"),
        button(_("✏️ Change time"), "rw"),
        button(_("✖ Cancel"), "rx"),
    ]
    # Each record the words name can be linked, so the reminder opens its card; pressing
    # the linked one again unlinks it.
    links = [
        button(("✖ " if n == about else "📎 ") + _option_label(option), f"rl:{n}")
        for n, option in enumerate(options)
    ]
    return "\n".join(lines), keyboard(actions, *([link] for link in links))


def _option_label(option: list[Any]) -> str:
    record_type, _id, name, city = option
    icon = RECORD_ICONS.get(record_type, "📁")
    return f"{icon} " + label(" · ".join(part for part in (name, city) if part))


def _draft_of(update: Update, context: Context) -> tuple[dict[str, Any], Message] | None:
    """Return the draft a pressed question holds, or None if the question is not current."""
    draft = context.user_data.get(DRAFT)
    message = update.callback_query.message if update.callback_query else None
    if draft is None or not isinstance(message, Message):
        return None
    return (draft, message) if draft.get("question") == message.message_id else None


async def confirm_button(update: Update, context: Context) -> State:
    """Save the reminder once, whatever the number of presses or redeliveries."""
    _ = context._
    current = _draft_of(update, context)
    if current is None:
        await refuse_button(update, context)
        return CONFIRM
    draft, message = current
    due_at = datetime.fromisoformat(draft["due"])
    about = draft["about"]
    record = RecordRef(*draft["options"][about][:2]) if about is not None else None

    try:
        async with unit_of_work(context.services.sessions) as session:
            await claim_message(session, message.chat.id, message.message_id)
            view = await create_reminder(
                session, context.me, draft["text"], due_at, now=context.now(), record=record
            )
    except AlreadyHandled:
        return ConversationHandler.END
    except PastTime:
        await show(update, context, _("That time has passed meanwhile. Send /remind again."))
        return ConversationHandler.END
    except NotFound:
        await show(update, context, _("That record was deleted meanwhile. Send /remind again."))
        return ConversationHandler.END

    context.user_data.pop(DRAFT, None)
    rearm(context.application, view.due_at)
    when = describe_when(_, context.language, context.zone(), view.due_at, now=context.now())
    await show(update, context, _("✅ I will remind you {when}.").format(when=when))
    return ConversationHandler.END


async def link_button(update: Update, context: Context) -> State:
    """Link the draft to the record pressed, or unlink it if it was the linked one."""
    current = _draft_of(update, context)
    ids = parse_ids(update.callback_query.data if update.callback_query else None, "rl")
    if current is None or ids is None or ids[0] >= len(current[0]["options"]):
        await refuse_button(update, context)
        return CONFIRM
    draft = current[0]
    draft["about"] = None if draft["about"] == ids[0] else ids[0]
    await show(update, context, *_question(context, draft))

    return CONFIRM


async def change_button(update: Update, context: Context) -> State:
    """Ask for another time."""
    if _draft_of(update, context) is None:
        await refuse_button(update, context)
        return CONFIRM
    await show(update, context, context._("When?") + " " + context._(TIME_EXAMPLES))

    return WHEN


async def cancel_button(update: Update, context: Context) -> State:
    """Drop the reminder being written."""
    if _draft_of(update, context) is None:
        await refuse_button(update, context)
        return CONFIRM
    context.user_data.pop(DRAFT, None)
    await show(update, context, context._("Cancelled. Nothing was saved."))

    return ConversationHandler.END


def _refusal(context: Context, error: DomainError) -> str:
    """Say in one line why the text could not become a reminder."""
    _ = context._
    if isinstance(error, ReminderTooLong):
        return _("That is too long: a reminder holds at most {count} characters.").format(
            count=TEXT_MAX
        )
    if isinstance(error, ImpossibleDate):
        return _("{date} does not exist: check the day, month and hour.").format(
            date=esc(error.written)
        )
    if isinstance(error, PastTime):
        when = describe_when(_, context.language, context.zone(), error.due_at, now=context.now())
        # The time opens the sentence: "mardi 3 mars" needs its capital there.
        when = when[:1].upper() + when[1:]
        return _("{when} has already passed. Give a time to come.").format(when=when)
    if isinstance(error, TooFarAhead):
        return _("That is more than five years away. Give a nearer date.")
    if isinstance(error, EmptyReminder):
        return _("I see when, but not what to remind you of.")
    return _("I could not find when. Say a day or an hour.")


def _after_command(message: Message | None) -> str:
    text = message.text if message and message.text else ""
    parts = text.split(maxsplit=1)
    return parts[1] if len(parts) > 1 else ""


def _text(message: Message | None) -> str:
    return (message.text or "") if message else ""


def flow() -> Flow:
    """/remind: read the text, confirm or change the time, save."""
    return Flow(
        entry_points=[CommandHandler("remind", remind_command)],
        states={
            CONFIRM: [
                CallbackQueryHandler(confirm_button, pattern=r"^rc$"),
                CallbackQueryHandler(change_button, pattern=r"^rw$"),
                CallbackQueryHandler(cancel_button, pattern=r"^rx$"),
                CallbackQueryHandler(link_button, pattern=r"^rl:"),
            ],
            WHEN: [MessageHandler(TEXT, when_answered)],
        },
    )
