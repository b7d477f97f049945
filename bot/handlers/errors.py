"""Where failures end: a refused rule gets its sentence, anything else is logged in full."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest

from bot.domain.errors import DomainError, InvalidInput, NotAllowed, NotFound
from bot.handlers.access import LANGUAGE
from bot.handlers.context import Context
from bot.i18n import N_, pick_language, translator

logger = logging.getLogger(__name__)

REFUSALS: tuple[tuple[type[DomainError], str], ...] = (
    (NotAllowed, N_("Your role does not allow that.")),
    (NotFound, N_("That record no longer exists.")),
    (InvalidInput, N_("That answer is not valid. Please try again.")),
    (DomainError, N_("That is not possible.")),
)


async def error_handler(update: object, context: Context) -> None:
    """Answer the user in one line; log unexpected failures with the traceback."""
    update_id = update.update_id if isinstance(update, Update) else None
    error = context.error
    if isinstance(error, DomainError):
        # A rule a handler did not catch itself: expected, so no traceback in the log.
        logger.info("update %s refused: %s", update_id, type(error).__name__)
        text = next(message for kind, message in REFUSALS if isinstance(error, kind))
    else:
        logger.error("update %s failed", update_id, exc_info=error)
        text = N_("Sorry, that failed. It has been logged.")
    if not isinstance(update, Update) or update.effective_chat is None:
        return

    _ = translator(_language(update, context))
    if update.callback_query is None:
        await context.bot.send_message(update.effective_chat.id, _(text))
        return
    try:
        await update.callback_query.answer(_(text), show_alert=True)
    except BadRequest:
        # The handler had answered the press before it failed: say it in the chat instead.
        await context.bot.send_message(update.effective_chat.id, _(text))


def _language(update: Update, context: Context) -> str:
    """The language the gate chose for this user, else what Telegram and settings say."""
    chosen = context.user_data.get(LANGUAGE) if context.user_data is not None else None
    if chosen:
        return chosen
    code = update.effective_user.language_code if update.effective_user else None
    return pick_language(None, code, context.services.settings.language)
