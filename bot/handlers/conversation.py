"""What every guided question shares: its input filter and the ways out of it."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler, filters

from bot.handlers.context import Context
from bot.handlers.replies import refuse_button, say

# Typed answers only: a command always leaves the questions instead of becoming a name.
TEXT = filters.TEXT & ~filters.COMMAND

DRAFTS = ("customer_draft", "contact_customer_id", "site_draft")


def forget_drafts(context: Context) -> None:
    """Drop half-answered questions; nothing is saved until the last answer."""
    for key in DRAFTS:
        context.user_data.pop(key, None)


async def cancel_command(update: Update, context: Context) -> int:
    """Stop the current questions."""
    forget_drafts(context)
    await say(update, context, context._("Stopped. Nothing more was saved."))

    return ConversationHandler.END


async def leave_conversation(update: Update, context: Context) -> int:
    """Another command arrived mid-questions: stop them and say how to go on."""
    forget_drafts(context)
    await say(
        update, context, context._("I stopped the current questions. Send your command again.")
    )
    return ConversationHandler.END


async def expect_text(update: Update, context: Context) -> int | None:
    """Answer a sticker, voice note or stray button mid-questions; stay in the same step."""
    if update.callback_query is not None:
        await refuse_button(update, context)
        return None
    await say(update, context, context._("Please answer the question above, or send /cancel."))

    return None
