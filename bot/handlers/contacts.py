"""Contacts of a customer: shared contact cards or typed names, with a duplicate guard."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from bot.domain.addresses import split_name_and_phone
from bot.domain.customers import add_contact
from bot.domain.errors import DomainError, InvalidInput
from bot.domain.lookup import possible_duplicates
from bot.domain.roles import Permission
from bot.handlers.cards import may_extend, show_card
from bot.handlers.context import Context
from bot.handlers.conversation import TEXT, Flow, State
from bot.handlers.duplicates import did_you_mean
from bot.handlers.keyboards import button, keyboard, parse_ids
from bot.handlers.replies import esc, refuse_button, say, show
from storage.database import AlreadyHandled, claim_message, unit_of_work

CONTACT, CONFIRM = "contact:card", "contact:confirm"
CONTACT_FOR = "contact_customer_id"
PENDING = "contact_draft"

# Typed instead of tapping Done: a name would never be just one of these words.
DONE_WORDS = frozenset({"done", "finished", "terminé", "termine", "fini", "ok"})


async def contact_button(update: Update, context: Context) -> State:
    """Start adding a contact to the customer whose card holds the button."""
    ids = parse_ids(update.callback_query.data if update.callback_query else None, "cc")
    if ids is None:
        await refuse_button(update, context)
        return ConversationHandler.END
    if not await may_extend(update, context, ids[0], Permission.CREATE_CUSTOMERS):
        return ConversationHandler.END
    await update.callback_query.answer()  # type: ignore[union-attr]
    return await ask_contact(update, context, ids[0])


async def ask_contact(update: Update, context: Context, customer_id: int) -> State:
    """Ask for a contact card or a typed name and phone number."""
    context.user_data[CONTACT_FOR] = customer_id
    text = context._(
        "To add a contact, share a contact card (📎 → Contact) or type a name and phone "
        "number, e.g. Jean Martin 06 12 34 56 78. Tap Done when finished."
    )
    await say(update, context, text, _done(context))

    return CONTACT


async def contact_answered(update: Update, context: Context) -> State:
    """Add the contact, unless it looks like one the company already has: then ask first."""
    message = update.message
    if message is None or context.user_data.get(CONTACT_FOR) is None:
        return ConversationHandler.END
    if message.contact is not None:
        card = message.contact
        name = " ".join(p for p in (card.first_name, card.last_name) if p)
        phone = card.phone_number
    elif (message.text or "").strip(" .!").casefold() in DONE_WORDS:
        return await done_button(update, context)
    else:
        name, phone = split_name_and_phone(message.text or "")

    twins = possible_duplicates(context.services.index, context.me, name=name, phone=phone)
    if twins:
        context.user_data[PENDING] = {"name": name, "phone": phone}
        add = button(context._("➕ Add anyway"), "ca")
        await did_you_mean(update, context, twins, add)
        return CONFIRM
    return await _add(update, context, name, phone)


async def add_anyway_button(update: Update, context: Context) -> State:
    """The user saw the look-alikes and still wants the new contact."""
    pending = context.user_data.pop(PENDING, None)
    if not pending:
        await refuse_button(update, context)
        return CONTACT
    return await _add(update, context, pending["name"], pending["phone"])


async def _add(update: Update, context: Context, name: str, phone: str) -> State:
    _ = context._
    customer_id = context.user_data[CONTACT_FOR]
    message = update.effective_message
    assert message is not None  # a typed answer, or the message holding the button
    try:
        async with unit_of_work(context.services.sessions) as session:
            await claim_message(session, message.chat_id, message.message_id)
            contact = await add_contact(
                session, context.me, customer_id, name=name, phone=phone, now=context.now()
            )
    except AlreadyHandled:
        return CONTACT
    except InvalidInput:
        text = _(
            "I could not read that contact. Type a name and a phone number, or share a "
            "contact card."
        )
        await say(update, context, text)
        return CONTACT
    except DomainError:
        await say(update, context, _("You cannot add contacts to this customer."))
        return ConversationHandler.END

    added = _("Contact {name} added. Share another, or tap Done.").format(name=esc(contact.name))
    await show(update, context, added, _done(context))
    return CONTACT


async def done_button(update: Update, context: Context) -> State:
    """Close the questions and show the customer card again."""
    customer_id = context.user_data.pop(CONTACT_FOR, None)
    context.user_data.pop(PENDING, None)
    if customer_id is None:
        await refuse_button(update, context)
        return ConversationHandler.END
    await show_card(update, context, customer_id)

    return ConversationHandler.END


async def existing_picked_button(update: Update, context: Context) -> State:
    """The user picked the look-alike: add nothing, close the questions and open its card."""
    ids = parse_ids(update.callback_query.data if update.callback_query else None, "c")
    if ids is None or context.user_data.pop(PENDING, None) is None:
        await refuse_button(update, context)
        return CONFIRM
    context.user_data.pop(CONTACT_FOR, None)
    await show_card(update, context, ids[0])

    return ConversationHandler.END


def _done(context: Context) -> InlineKeyboardMarkup:
    return keyboard([button(context._("Done"), "done")])


def flow() -> Flow:
    """Adding contacts: after /customer, or from a card's ➕ Contact button."""
    return Flow(
        entry_points=[CallbackQueryHandler(contact_button, pattern=r"^cc:")],
        states={
            CONTACT: [
                MessageHandler(filters.CONTACT | TEXT, contact_answered),
                CallbackQueryHandler(done_button, pattern=r"^done$"),
            ],
            CONFIRM: [
                CallbackQueryHandler(add_anyway_button, pattern=r"^ca$"),
                CallbackQueryHandler(existing_picked_button, pattern=r"^c:"),
                CallbackQueryHandler(done_button, pattern=r"^done$"),
            ],
        },
    )
