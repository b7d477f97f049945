"""/start (welcome, invites, install-time admins) and /help."""

from __future__ import annotations

import logging

from telegram import Update

from bot.domain.errors import InviteUnusable
from bot.domain.invites import accept_invite
from bot.domain.users import admit_admin
from bot.handlers.commands import commands_for
from bot.handlers.context import Context
from bot.handlers.replies import esc, say
from bot.i18n import pick_language, translator
from storage.database import unit_of_work

logger = logging.getLogger(__name__)


async def start_command(update: Update, context: Context) -> None:
    """Welcome a known user, admit an install-time admin, or spend an invite code."""
    tg_user = update.effective_user
    assert tg_user is not None  # the gate drops updates without a user
    code = context.args[0] if context.args else ""

    if context.actor is None or code:
        joined = await _join(update, context, code)
        if not joined:
            return

    _ = context._
    await say(
        update,
        context,
        _("Hello {name}! Type a customer name to search, or tap a command.").format(
            name=esc(context.me.name)
        )
        + "\n\n"
        + _help_lines(context),
    )


async def _join(update: Update, context: Context, code: str) -> bool:
    tg_user = update.effective_user
    assert tg_user is not None
    _ = context._
    settings = context.services.settings
    now = context.now()

    try:
        async with unit_of_work(context.services.sessions) as session:
            if code:
                context.actor = await accept_invite(
                    session, code, telegram_id=tg_user.id, name=tg_user.full_name, now=now
                )
            elif tg_user.id in settings.admin_ids:
                context.actor = await admit_admin(
                    session, telegram_id=tg_user.id, name=tg_user.full_name, now=now
                )
    except InviteUnusable:
        await say(
            update, context, _("This invite link is used or expired. Ask an admin for a new one.")
        )
        return False

    if context.actor is None:
        await say(update, context, _("Sorry, this bot is for the company's staff only."))
        return False
    context.language = pick_language(
        context.actor.language, tg_user.language_code, settings.language
    )
    context._ = translator(context.language)
    return True


async def help_command(update: Update, context: Context) -> None:
    """List what this user's roles let them do."""
    await say(update, context, _help_lines(context))


def _help_lines(context: Context) -> str:
    _ = context._
    lines = [f"/{c.name} — {_(c.summary)}" for c in commands_for(context.me)]
    lines.append(_("Any other text searches the customer files."))
    return "\n".join(lines)
