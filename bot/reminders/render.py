"""How a reminder reads in the chat: its text, its time in the user's zone, its buttons."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date
from telegram import InlineKeyboardMarkup

from bot.handlers.keyboards import button, keyboard
from bot.handlers.replies import esc
from bot.i18n import N_, Translate

# What a follow-up says when its use-case gave no text; later use-cases add their reasons.
REASONS: dict[str, str] = {"call_back": N_("Call back")}
RECORD_ICONS: dict[str, str] = {"customer": "🏢", "site": "🏗"}
LABEL_MAX = 40


def describe_when(
    _: Translate, language: str, zone: ZoneInfo, at: datetime, *, now: datetime
) -> str:
    """Say a time as "Tuesday 3 March at 09:00" in the user's zone and language."""
    local = at.astimezone(zone)
    pattern = "EEEE d MMMM" if local.year == now.astimezone(zone).year else "EEEE d MMMM y"
    day = format_date(local.date(), pattern, locale=language)
    return _("{day} at {time}").format(day=day, time=local.strftime("%H:%M"))


def short_when(language: str, zone: ZoneInfo, at: datetime, *, now: datetime) -> str:
    """Say a time in a list: "09:00" today, "Tue 3 Mar 09:00" another day."""
    local = at.astimezone(zone)
    if local.date() == now.astimezone(zone).date():
        return local.strftime("%H:%M")
    return format_date(local.date(), "EEE d MMM", locale=language) + local.strftime(" %H:%M")


def reminder_title(_: Translate, text: str, reason: str | None) -> str:
    """Return what a reminder says: its text, else what its follow-up reason means."""
    if text:
        return text
    return _(REASONS[reason]) if reason in REASONS else _("Reminder")


def record_line(record_type: str | None, label: str) -> str:
    """Return the line naming the record a reminder is about, or nothing."""
    if not label:
        return ""
    return f"{RECORD_ICONS.get(record_type or '', '📁')} {esc(label)}"


def reminder_text(
    _: Translate,
    title: str,
    record: str,
    *,
    when: str,
    late: bool = False,
    maybe_sent: bool = False,
) -> str:
    """Render a reminder as delivered: title, record, and why it may be late or repeated."""
    lines = [f"🔔 <b>{esc(title)}</b>"]
    if record:
        lines.append(record)
    if late:
        lines.append(_("⏰ Late: it was due {when}.").format(when=when))
    else:
        lines.append(f"🕘 {when}")
    if maybe_sent:
        lines.append(_("⚠️ You may already have this one: I was interrupted while sending it."))
    return "\n".join(lines)


def reminder_keyboard(
    _: Translate, reminder_id: int, *, has_record: bool, back: bool = False
) -> InlineKeyboardMarkup:
    """Done, snooze one hour, tomorrow 9:00, and Open when it is about a record."""
    actions = [
        button(_("✅ Done"), f"rd:{reminder_id}"),
        button(_("💤 1 h"), f"rs:{reminder_id}"),
        button(_("☀️ Tomorrow 9:00"), f"rt:{reminder_id}"),
    ]
    more = [button(_("📂 Open"), f"ro:{reminder_id}")] if has_record else []
    if back:
        more.append(button(_("« Today"), "td"))
    return keyboard(actions, more)


def label(text: str, limit: int = LABEL_MAX) -> str:
    """Shorten a text to fit a button."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
