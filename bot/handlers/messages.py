"""Messages outside any question that are not searches: each gets a short hint."""

from __future__ import annotations

from telegram import Update

from bot.handlers.context import Context
from bot.handlers.replies import refuse_button, say


async def cancel_outside_questions(update: Update, context: Context) -> None:
    await say(update, context, context._("There is no question to stop."))


async def unknown_command(update: Update, context: Context) -> None:
    await say(update, context, context._("Unknown command. /help lists what you can do."))


async def unreadable_message(update: Update, context: Context) -> None:
    """Stickers, voice notes and the like: say what the bot can read."""
    await say(update, context, context._("I can't read that here. Type text, or see /help."))


async def photo_message(update: Update, context: Context) -> None:
    # LIMITATION: photos cannot be attached to records yet; they are not stored.
    await say(
        update,
        context,
        context._("Attaching photos is not available yet. The photo was not saved."),
    )


async def contact_message(update: Update, context: Context) -> None:
    await say(
        update,
        context,
        context._("To add a contact, open the customer's card and tap ➕ Contact."),
    )


async def location_message(update: Update, context: Context) -> None:
    await say(update, context, context._("To give a site its location, create it with /site."))


async def stale_button(update: Update, context: Context) -> None:
    """Any button no handler recognises: stale or forged."""
    await refuse_button(update, context)
