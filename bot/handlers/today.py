"""/today: the day's reminders and follow-ups in one message; /today team for admins."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.domain.agenda import AgendaItem, AgendaSection, build_agenda, day_of, team_overdue
from bot.domain.errors import NotAllowed
from bot.handlers.context import Context
from bot.handlers.keyboards import button, column
from bot.handlers.replies import esc, say, show
from bot.i18n import Translate
from bot.reminders.render import label, record_line, reminder_title, short_when
from storage.database import unit_of_work

# Which button opens an agenda item of each kind; later sections add their kinds.
ITEM_BUTTONS: dict[str, str] = {"reminder": "ri"}
TEAM_WORDS = ("team", "équipe", "equipe")
# A line per item: long reminder texts are cut, so that a full agenda fits one message.
LINE_MAX = 80


async def today_command(update: Update, context: Context) -> None:
    """Show today's agenda, or with "team" the team's overdue follow-ups (admins)."""
    words = [w.lower() for w in context.args or []]
    if words and words[0] in TEAM_WORDS:
        await _team(update, context)
    elif words:
        await say(update, context, context._("Send /today, or /today team (admin)."))
    else:
        await _today(update, context)


async def today_button(update: Update, context: Context) -> None:
    """Go back to today's agenda from one of its items."""
    await _today(update, context)


async def _today(update: Update, context: Context) -> None:
    _, zone, now = context._, context.zone(), context.now()
    async with unit_of_work(context.services.sessions) as session:
        sections = await build_agenda(session, context.me, day_of(now, zone))
    if not sections:
        await show(update, context, _("Nothing planned for today. Add a reminder with /remind."))
        return
    text, markup = agenda_message(_, context.language, zone, sections, now=now)
    await show(update, context, text, markup)


async def _team(update: Update, context: Context) -> None:
    _, zone, now = context._, context.zone(), context.now()
    try:
        async with unit_of_work(context.services.sessions) as session:
            lines, total = await team_overdue(session, context.me, now=now)
    except NotAllowed:
        await say(update, context, _("Only an admin can do that."))
        return
    if not lines:
        await say(update, context, _("No overdue follow-ups in the team."))
        return
    text = [_("👥 Overdue follow-ups of the team:")]
    text += [
        f"• {esc(line.user_name)} — {_item_line(_, context.language, zone, line.item, now)}"
        for line in lines
    ]
    if total > len(lines):
        text.append(_("…and {count} more").format(count=total - len(lines)))
    await say(update, context, "\n".join(text))


def agenda_message(
    _: Translate,
    language: str,
    zone: ZoneInfo,
    sections: list[AgendaSection],
    *,
    now: datetime,
    digest: bool = False,
) -> tuple[str, InlineKeyboardMarkup]:
    """Render an agenda: a header, each section's lines, and one button per item."""
    day = format_date(now.astimezone(zone).date(), "EEEE d MMMM", locale=language)
    header = _("☀️ Good morning! Your day, {day}:") if digest else _("📅 Today, {day}")
    lines, buttons = [header.format(day=day)], []
    for section in sections:
        lines.append(f"\n<b>{esc(_(section.title))}</b>")
        for item in section.items:
            lines.append("• " + _item_line(_, language, zone, item, now))
            buttons.append(_item_button(_, language, zone, item, now))
        if section.more:
            lines.append(_("…and {count} more").format(count=section.more))
    return "\n".join(lines), column([b for b in buttons if b is not None])


def _item_line(
    _: Translate, language: str, zone: ZoneInfo, item: AgendaItem, now: datetime
) -> str:
    when = short_when(language, zone, item.at, now=now)
    title = label(reminder_title(_, item.text, item.reason), LINE_MAX)
    line = f"{'⚠️ ' if item.overdue else ''}{when} {esc(title)}"
    if item.record_label:
        line += " — " + record_line(item.record_type, item.record_label)
    return line


def _item_button(
    _: Translate, language: str, zone: ZoneInfo, item: AgendaItem, now: datetime
) -> InlineKeyboardButton | None:
    prefix = ITEM_BUTTONS.get(item.kind)
    if prefix is None:
        return None
    words = [
        short_when(language, zone, item.at, now=now),
        reminder_title(_, item.text, item.reason),
    ]
    if not item.text and item.record_label:
        words.append(item.record_label)
    return button(label(" ".join(words)), f"{prefix}:{item.id}")


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    """The /today command and its back button."""
    return [
        CommandHandler("today", today_command),
        CallbackQueryHandler(today_button, pattern=r"^td$"),
    ]
