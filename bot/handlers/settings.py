"""/settings: when the daily digest comes, or switch it off; and the user's app language."""

from __future__ import annotations

import re

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.domain.agenda import digest_minute, note_chat_language, set_digest_minute
from bot.domain.errors import DomainError
from bot.handlers.context import Context
from bot.handlers.keyboards import button, keyboard, parse_ids, rows
from bot.handlers.replies import refuse_button, say, show
from bot.i18n import pick_language
from bot.reminders.service import rearm
from storage.database import unit_of_work

CHOICES = (390, 420, 450, 480, 510, 540)
# "6:45", "6h45", "6 h 45", "6.45", "7", "7am", "7:30 am".
TYPED_TIME = re.compile(r"^([0-9]{1,2})(?: ?[:h.] ?([0-9]{2})?)? ?(am|pm)?$", re.IGNORECASE)
OFF_WORDS = ("off", "non", "no", "aucun", "stop", "désactivé", "désactiver", "none")
SEEN_LANGUAGES = "chat_languages"


async def settings_command(update: Update, context: Context) -> None:
    """Show the digest time with buttons; "/settings 6:45" or "/settings off" sets it."""
    typed = " ".join(context.args or []).strip().lower()
    if not typed:
        async with unit_of_work(context.services.sessions) as session:
            minute = await digest_minute(session, context.me)
        await say(update, context, _settings_text(context, minute), _choices(context, minute))
        return
    if typed in OFF_WORDS:
        minute = None
    elif (minute := _typed_minute(typed)) is None:
        usage = context._("Send /settings 6:45 for a digest at 6:45, or /settings off.")
        await say(update, context, usage)
        return
    await say(update, context, await _save(context, minute), _choices(context, minute))


async def digest_button(update: Update, context: Context) -> None:
    """Set the digest time picked, or switch it off."""
    data = update.callback_query.data if update.callback_query else None
    ids = parse_ids(data, "sd")
    if data != "sd:off" and (ids is None or ids[0] not in CHOICES):
        await refuse_button(update, context)
        return
    minute = ids[0] if ids else None
    try:
        text = await _save(context, minute)
    except DomainError:
        await refuse_button(update, context)
        return
    await show(update, context, text, _choices(context, minute))


async def _save(context: Context, minute: int | None) -> str:
    now, zone = context.now(), context.zone()
    async with unit_of_work(context.services.sessions) as session:
        next_at = await set_digest_minute(session, context.me, minute, now=now, zone=zone)
    if next_at is not None:
        rearm(context.application, next_at)
    return _settings_text(context, minute)


def _typed_minute(typed: str) -> int | None:
    match = TYPED_TIME.match(typed)
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    if match[3]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match[3].lower() == "pm" else 0)
    return hour * 60 + minute if hour < 24 and minute < 60 else None


def _settings_text(context: Context, minute: int | None) -> str:
    _ = context._
    if minute is None:
        state = _("off")
    else:
        state = _("every day at {time} ({zone})").format(
            time=_clock(minute), zone=context.zone().key
        )
    return (
        _("⚙️ Daily digest of your reminders and follow-ups: {state}.").format(state=state)
        + "\n"
        + _("Days with nothing planned send nothing.")
    )


def _choices(context: Context, current: int | None) -> InlineKeyboardMarkup:
    times = [button(("✅ " if m == current else "") + _clock(m), f"sd:{m}") for m in CHOICES]
    off = button(("✅ " if current is None else "") + context._("🔕 Off"), "sd:off")
    return keyboard(*rows(times), [off])


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


async def note_language(update: Update, context: Context) -> None:
    """Remember the language of the user's app: reminders and digests go out unasked."""
    user = update.effective_user
    if context.actor is None or user is None:
        return
    language = pick_language(None, user.language_code, context.services.settings.language)
    seen: dict[int, str] = context.bot_data.setdefault(SEEN_LANGUAGES, {})
    if seen.get(context.actor.id) == language:
        return
    async with unit_of_work(context.services.sessions) as session:
        await note_chat_language(session, context.actor.id, language)
    seen[context.actor.id] = language


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    """The /settings command and its buttons."""
    return [
        CommandHandler("settings", settings_command),
        CallbackQueryHandler(digest_button, pattern=r"^sd:"),
    ]
