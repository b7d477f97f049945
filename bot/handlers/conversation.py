"""What every guided question shares: its input filter and the ways out of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.handlers.context import Context
from bot.handlers.keyboards import button, keyboard
from bot.handlers.replies import refuse_button, say

# Typed answers only: a command always leaves the questions instead of becoming a name.
TEXT = filters.TEXT & ~filters.COMMAND

# A step of the questions, or ConversationHandler.END (an int).
State = str | int

# Unanswered questions are dropped after this many seconds of silence.
QUESTIONS_TIMEOUT = 15 * 60

DRAFTS = ("customer_draft", "contact_customer_id", "site_draft", "reminder_draft", "contact_draft")


def skip_keyboard(context: Context, step: str) -> InlineKeyboardMarkup:
    """A Skip button for one step only: a double tap must not skip the next question too."""
    return keyboard([button(context._("Skip"), f"skip:{step}")])


def forget_drafts(context: Context) -> None:
    """Drop half-answered questions; nothing is saved until the last answer."""
    for key in DRAFTS:
        context.user_data.pop(key, None)


async def cancel_command(update: Update, context: Context) -> State:
    """Stop the current questions."""
    forget_drafts(context)
    await say(update, context, context._("Stopped. Nothing more was saved."))

    return ConversationHandler.END


async def leave_conversation(update: Update, context: Context) -> State:
    """Another command arrived mid-questions: stop them and say how to go on."""
    forget_drafts(context)
    await say(
        update, context, context._("I stopped the current questions. Send your command again.")
    )
    return ConversationHandler.END


async def expect_text(update: Update, context: Context) -> State | None:
    """Answer a sticker, voice note or stray button mid-questions; stay in the same step."""
    if update.callback_query is not None:
        await refuse_button(update, context)
        return None
    await say(update, context, context._("Please answer the question above, or send /cancel."))

    return None


@dataclass(frozen=True)
class Flow:
    """One set of guided questions: how it starts, and its steps (state names are unique)."""

    entry_points: list[BaseHandler] = field(default_factory=list)  # type: ignore[type-arg]
    states: dict[str, list[BaseHandler]] = field(default_factory=dict)  # type: ignore[type-arg]


def guided_questions(*flows: Flow) -> ConversationHandler:  # type: ignore[type-arg]
    """Join every flow into one conversation, so a user has one set of questions open at most.

    Starting another flow (its command or button) replaces the current one.
    """
    states: dict[str, list[BaseHandler]] = {}  # type: ignore[type-arg]
    for flow in flows:
        clash = states.keys() & flow.states.keys()
        if clash:
            raise ValueError(f"two flows share the states {sorted(clash)}")
        states.update(flow.states)
    return ConversationHandler(
        entry_points=[entry for flow in flows for entry in flow.entry_points],
        states=states,
        fallbacks=[
            CommandHandler("cancel", cancel_command),
            MessageHandler(filters.COMMAND, leave_conversation),
            MessageHandler(filters.ALL, expect_text),
        ],
        allow_reentry=True,
        conversation_timeout=QUESTIONS_TIMEOUT,
        name="questions",
    )
