"""The one place unexpected failures end: logged with the traceback, one line to the user."""

from __future__ import annotations

import logging

from telegram import Update

from bot.handlers.context import Context
from bot.i18n import translator

logger = logging.getLogger(__name__)


async def error_handler(update: object, context: Context) -> None:
    """Log the failure with its update id and tell the user, briefly."""
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("update %s failed", update_id, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return

    _ = getattr(context, "_", None) or translator(context.services.settings.language)
    text = _("Sorry, that failed. It has been logged.")
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
        return
    await context.bot.send_message(update.effective_chat.id, text)
