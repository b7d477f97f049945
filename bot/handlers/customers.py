"""/customer: create a customer by guided questions; the customer card and its contacts."""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
)

from bot.domain.addresses import ADDRESS_MAX, CITY_MAX, read_address
from bot.domain.customers import (
    CustomerKind,
    NewCustomer,
    clean_phone,
    create_customer,
)
from bot.domain.errors import InvalidInput
from bot.domain.lookup import possible_duplicates
from bot.domain.roles import Permission
from bot.handlers.cards import card_keyboard, card_text, show_card
from bot.handlers.contacts import ask_contact
from bot.handlers.context import Context
from bot.handlers.conversation import TEXT, Flow, State, skip_keyboard
from bot.handlers.duplicates import did_you_mean
from bot.handlers.keyboards import button, keyboard, parse_data, parse_ids
from bot.handlers.replies import refuse_button, say, show
from storage.database import AlreadyHandled, claim_message, unit_of_work

NAME, KIND, PHONE, ADDRESS, DUPLICATE = (
    "customer:name",
    "customer:kind",
    "customer:phone",
    "customer:address",
    "customer:duplicate",
)
DRAFT = "customer_draft"
# What people type when they answer the company-or-person question instead of tapping it.
TYPED_KINDS = {
    word: kind
    for kind, words in (
        (CustomerKind.COMPANY, ("company", "business", "entreprise", "société", "societe")),
        (CustomerKind.PERSON, ("person", "private", "particulier", "personne")),
    )
    for word in words
}


async def customer_command(update: Update, context: Context) -> State:
    """Ask the first question: the customer's name."""
    if not context.me.may(Permission.CREATE_CUSTOMERS):
        await say(update, context, context._("Your role does not allow creating customers."))
        return ConversationHandler.END
    context.user_data[DRAFT] = {}
    await say(update, context, context._("New customer. What is its name?"))

    return NAME


async def name_answered(update: Update, context: Context) -> State:
    """Keep the name and ask whether it is a company or a person."""
    _ = context._
    text = _text(update)
    if not text or len(text) > 200:
        await say(update, context, _("Please type a name of at most 200 characters."))
        return NAME
    context.user_data[DRAFT] = {"name": text}
    markup = keyboard([button(_("🏢 Company"), "ck:company"), button(_("👤 Person"), "ck:person")])
    await say(update, context, _("Is it a company or a private person?"), markup)

    return KIND


async def kind_picked_button(update: Update, context: Context) -> State:
    """Keep the kind and ask for the phone number."""
    parts = parse_data(update.callback_query.data if update.callback_query else None, "ck", 1)
    draft = context.user_data.get(DRAFT)
    if not parts or parts[0] not in tuple(CustomerKind) or not draft:
        await refuse_button(update, context)
        return KIND
    draft["kind"] = parts[0]
    await show(
        update, context, context._("Phone number?"), skip_keyboard(context, "customer-phone")
    )

    return PHONE


async def kind_typed(update: Update, context: Context) -> State:
    """Take "company" or "person" typed (in either language) instead of tapped."""
    kind = TYPED_KINDS.get(_text(update).casefold())
    if kind is None:
        await say(update, context, context._("Tap 🏢 Company or 👤 Person above."))
        return KIND
    context.user_data[DRAFT]["kind"] = kind
    await say(
        update, context, context._("Phone number?"), skip_keyboard(context, "customer-phone")
    )

    return PHONE


async def phone_answered(update: Update, context: Context) -> State:
    """Keep a valid phone number and ask for the address."""
    try:
        context.user_data[DRAFT]["phone"] = clean_phone(_text(update))
    except InvalidInput:
        await say(
            update,
            context,
            context._("That is not a phone number. Example: 06 12 34 56 78. Or tap Skip."),
            skip_keyboard(context, "customer-phone"),
        )
        return PHONE
    return await _ask_address(update, context)


async def phone_skipped_button(update: Update, context: Context) -> State:
    return await _ask_address(update, context)


async def _ask_address(update: Update, context: Context) -> State:
    text = context._("Address? Example: 12 rue de la Paix, 75002 Paris")
    await show(update, context, text, skip_keyboard(context, "customer-address"))

    return ADDRESS


async def address_answered(update: Update, context: Context) -> State:
    """Save the customer with the address typed."""
    try:
        address = read_address(_text(update))
    except InvalidInput:
        await say(
            update, context, too_long_address(context), skip_keyboard(context, "customer-address")
        )
        return ADDRESS
    context.user_data[DRAFT].update(
        address=address.street, postcode=address.postcode, city=address.city
    )
    return await _check_duplicates(update, context)


async def address_skipped_button(update: Update, context: Context) -> State:
    return await _check_duplicates(update, context)


async def _check_duplicates(update: Update, context: Context) -> State:
    """Before saving, offer the existing files that look like this new customer."""
    draft = context.user_data.get(DRAFT) or {}
    twins = possible_duplicates(
        context.services.index,
        context.me,
        name=draft.get("name", ""),
        phone=draft.get("phone", ""),
        city=draft.get("city", ""),
    )
    if not twins:
        return await _save(update, context)
    await did_you_mean(update, context, twins, button(context._("➕ No, a new customer"), "dn"))

    return DUPLICATE


async def create_anyway_button(update: Update, context: Context) -> State:
    return await _save(update, context)


async def existing_picked_button(update: Update, context: Context) -> State:
    """The user picked the existing file: drop the draft and open it."""
    context.user_data.pop(DRAFT, None)
    ids = parse_ids(update.callback_query.data if update.callback_query else None, "c")
    if ids is None:
        await refuse_button(update, context)
    else:
        await show_card(update, context, ids[0])

    return ConversationHandler.END


async def _save(update: Update, context: Context) -> State:
    _ = context._
    draft = context.user_data.pop(DRAFT, None)
    message = _source_message(update)
    if not draft or "name" not in draft or message is None:
        await refuse_button(update, context)
        return ConversationHandler.END

    try:
        async with unit_of_work(context.services.sessions) as session:
            await claim_message(session, message.chat.id, message.message_id)
            card = await create_customer(
                session, context.me, NewCustomer(**draft), now=context.now()
            )
    except AlreadyHandled:
        return ConversationHandler.END
    except InvalidInput:
        await say(
            update, context, _("Some of the answers were too long. Start again with /customer.")
        )
        return ConversationHandler.END

    await show(update, context, _("Customer created."))
    await say(update, context, card_text(context, card), card_keyboard(context, card))
    return await ask_contact(update, context, card.id)


def too_long_address(context: Context) -> str:
    return context._(
        "Please type a shorter address: at most {count} characters, and {city} for the city."
    ).format(count=ADDRESS_MAX, city=CITY_MAX)


def _text(update: Update) -> str:
    return " ".join((update.message.text or "").split()) if update.message else ""


def _source_message(update: Update) -> Message | None:
    """The message that triggers a write: the answer typed, or the one holding the button."""
    if update.callback_query is not None:
        message = update.callback_query.message
        return message if isinstance(message, Message) else None
    return update.message


def flow() -> Flow:
    """The guided questions of /customer."""
    return Flow(
        entry_points=[
            CommandHandler("customer", customer_command),
        ],
        states={
            NAME: [MessageHandler(TEXT, name_answered)],
            KIND: [
                CallbackQueryHandler(kind_picked_button, pattern=r"^ck:"),
                MessageHandler(TEXT, kind_typed),
            ],
            PHONE: [
                MessageHandler(TEXT, phone_answered),
                CallbackQueryHandler(phone_skipped_button, pattern=r"^skip:customer-phone$"),
            ],
            ADDRESS: [
                MessageHandler(TEXT, address_answered),
                CallbackQueryHandler(address_skipped_button, pattern=r"^skip:customer-address$"),
            ],
            DUPLICATE: [
                CallbackQueryHandler(create_anyway_button, pattern=r"^dn$"),
                CallbackQueryHandler(existing_picked_button, pattern=r"^c:"),
            ],
        },
    )
