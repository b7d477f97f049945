"""Messages outside any question: text searches; anything else gets a short hint."""

from __future__ import annotations

from telegram import Update

from bot.domain.customers import list_customers_named
from bot.handlers.context import Context
from bot.handlers.keyboards import button, column
from bot.handlers.replies import esc, refuse_button, say
from storage.database import unit_of_work

QUERY_MAX = 200


async def text_message(update: Update, context: Context) -> None:
    """Search the customer files for the text typed."""
    _ = context._
    text = " ".join((update.message.text or "").split()) if update.message else ""
    if len(text) < 2:
        await say(update, context, _("Type at least two letters of a customer's name."))
        return
    if len(text) > QUERY_MAX:
        await say(update, context, _("That is too long to search. Type part of a name."))
        return

    async with unit_of_work(context.services.sessions) as session:
        found = await list_customers_named(session, context.me, text)
    if not found:
        await say(update, context, _("No customer found for “{text}”.").format(text=esc(text)))
        return
    buttons = [button(f"{c.name} · {c.city}".strip(" ·")[:60], f"c:{c.id}") for c in found]
    await say(update, context, _("Customers found:"), column(buttons))


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
