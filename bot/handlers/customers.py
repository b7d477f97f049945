"""/customer: create a customer by guided questions; the customer card and its contacts."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.domain.addresses import ADDRESS_MAX, read_address, split_name_and_phone
from bot.domain.customers import (
    CustomerCard,
    CustomerKind,
    NewCustomer,
    add_contact,
    clean_phone,
    create_customer,
    customer_to_extend,
    read_customer,
)
from bot.domain.errors import DomainError, InvalidInput, NotAllowed, NotFound
from bot.domain.roles import Permission
from bot.handlers.context import Context
from bot.handlers.conversation import TEXT, Flow, State
from bot.handlers.keyboards import button, keyboard, parse_data, parse_ids
from bot.handlers.replies import esc, refuse_button, say, show
from storage.database import AlreadyHandled, claim_message, unit_of_work

NAME, KIND, PHONE, ADDRESS, CONTACT = (
    "customer:name",
    "customer:kind",
    "customer:phone",
    "customer:address",
    "customer:contact",
)
DRAFT = "customer_draft"
CONTACT_FOR = "contact_customer_id"


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
    await show(update, context, context._("Phone number?"), _skip(context))

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
            _skip(context),
        )
        return PHONE
    return await _ask_address(update, context)


async def phone_skipped_button(update: Update, context: Context) -> State:
    return await _ask_address(update, context)


async def _ask_address(update: Update, context: Context) -> State:
    text = context._("Address? Example: 12 rue de la Paix, 75002 Paris")
    await show(update, context, text, _skip(context))

    return ADDRESS


async def address_answered(update: Update, context: Context) -> State:
    """Save the customer with the address typed."""
    try:
        address = read_address(_text(update))
    except InvalidInput:
        await say(update, context, too_long_address(context), _skip(context))
        return ADDRESS
    context.user_data[DRAFT].update(
        address=address.street, postcode=address.postcode, city=address.city
    )
    return await _save(update, context)


async def address_skipped_button(update: Update, context: Context) -> State:
    return await _save(update, context)


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
    return await _ask_contact(update, context, card.id)


async def contact_button(update: Update, context: Context) -> State:
    """Start adding a contact to the customer whose card holds the button."""
    ids = parse_ids(update.callback_query.data if update.callback_query else None, "cc")
    if ids is None:
        await refuse_button(update, context)
        return ConversationHandler.END
    if not await may_extend(update, context, ids[0], Permission.CREATE_CUSTOMERS):
        return ConversationHandler.END
    await update.callback_query.answer()  # type: ignore[union-attr]
    return await _ask_contact(update, context, ids[0])


async def may_extend(
    update: Update, context: Context, customer_id: int, permission: Permission
) -> bool:
    """Check a card button that adds to a customer; answer the press when it may not."""
    try:
        async with unit_of_work(context.services.sessions) as session:
            await customer_to_extend(session, context.me, customer_id, permission)
    except NotAllowed:
        query = update.callback_query
        assert query is not None  # only card buttons land here
        await query.answer(context._("Your role does not allow that."), show_alert=True)
        return False
    except NotFound:
        await refuse_button(update, context)
        return False
    return True


async def _ask_contact(update: Update, context: Context, customer_id: int) -> State:
    context.user_data[CONTACT_FOR] = customer_id
    text = context._(
        "To add a contact, share a contact card (📎 → Contact) or type a name and phone "
        "number, e.g. Jean Martin 06 12 34 56 78. Tap Done when finished."
    )
    await say(update, context, text, keyboard([button(context._("Done"), "done")]))

    return CONTACT


async def contact_answered(update: Update, context: Context) -> State:
    """Add the shared contact card, or the typed name and phone, to the customer."""
    _ = context._
    message = update.message
    customer_id = context.user_data.get(CONTACT_FOR)
    if message is None or customer_id is None:
        return ConversationHandler.END
    if message.contact is not None:
        card = message.contact
        name = " ".join(p for p in (card.first_name, card.last_name) if p)
        phone = card.phone_number
    else:
        name, phone = split_name_and_phone(message.text or "")

    try:
        async with unit_of_work(context.services.sessions) as session:
            await claim_message(session, message.chat.id, message.message_id)
            contact = await add_contact(
                session, context.me, customer_id, name=name, phone=phone, now=context.now()
            )
    except AlreadyHandled:
        return CONTACT
    except InvalidInput:
        await say(
            update,
            context,
            _(
                "I could not read that contact. Type a name and a phone "
                "number, or share a contact card."
            ),
        )
        return CONTACT
    except DomainError:
        await say(update, context, _("You cannot add contacts to this customer."))
        return ConversationHandler.END

    await say(
        update,
        context,
        _("Contact {name} added. Share another, or tap Done.").format(name=esc(contact.name)),
        keyboard([button(_("Done"), "done")]),
    )
    return CONTACT


async def done_button(update: Update, context: Context) -> State:
    """Close the questions and show the customer card again."""
    customer_id = context.user_data.pop(CONTACT_FOR, None)
    if customer_id is None:
        await refuse_button(update, context)
        return ConversationHandler.END
    await _show_card(update, context, customer_id)

    return ConversationHandler.END


async def customer_button(update: Update, context: Context) -> None:
    """Open a customer card from a button."""
    ids = parse_ids(update.callback_query.data if update.callback_query else None, "c")
    if ids is None:
        await refuse_button(update, context)
        return
    await _show_card(update, context, ids[0])


async def _show_card(update: Update, context: Context, customer_id: int) -> None:
    try:
        async with unit_of_work(context.services.sessions) as session:
            card = await read_customer(session, context.me, customer_id, now=context.now())
    except NotFound:
        await refuse_button(update, context)
        return
    await show(update, context, card_text(context, card), card_keyboard(context, card))


def card_text(context: Context, card: CustomerCard) -> str:
    """Render a customer card: short enough for an old phone's screen."""
    _ = context._
    icon = "🏢" if card.kind == CustomerKind.COMPANY else "👤"
    lines = [f"{icon} <b>{esc(card.name)}</b>"]
    if card.phone:
        lines.append(f"📞 {esc(card.phone)}")
    if card.email:
        lines.append(f"✉️ {esc(card.email)}")
    place = " ".join(p for p in (card.postcode, card.city) if p)
    if card.address or place:
        lines.append("📍 " + esc(", ".join(p for p in (card.address, place) if p)))
    if card.contacts:
        lines.append("\n" + _("Contacts:"))
        lines += [f"• {esc(c.name)} {esc(c.phone)}".rstrip() for c in card.contacts[:10]]
    open_sites = [s for s in card.sites if s.status == "open"]
    if open_sites:
        lines.append("\n" + _("Open sites:"))
        lines += [f"🏗 {esc(s.name)} {esc(s.city)}".rstrip() for s in open_sites[:10]]
    return "\n".join(lines)


def card_keyboard(context: Context, card: CustomerCard) -> InlineKeyboardMarkup:
    _ = context._
    sites = [button(f"🏗 {s.name}"[:40], f"st:{s.id}") for s in card.sites if s.status == "open"]
    additions = []
    if context.me.may(Permission.CREATE_CUSTOMERS):
        additions.append(button(_("➕ Contact"), f"cc:{card.id}"))
    if context.me.may(Permission.CREATE_SITES):
        additions.append(button(_("➕ Site"), f"cs:{card.id}"))
    return keyboard(
        additions,
        *[[b] for b in sites[:5]],
        [button(_("📞 Call back in…"), f"fu:customer:{card.id}")],
    )


def too_long_address(context: Context) -> str:
    return context._("Please type an address of at most {count} characters.").format(
        count=ADDRESS_MAX
    )


def _skip(context: Context) -> InlineKeyboardMarkup:
    return keyboard([button(context._("Skip"), "skip")])


def _text(update: Update) -> str:
    return " ".join((update.message.text or "").split()) if update.message else ""


def _source_message(update: Update) -> Message | None:
    """The message that triggers a write: the answer typed, or the one holding the button."""
    if update.callback_query is not None:
        message = update.callback_query.message
        return message if isinstance(message, Message) else None
    return update.message


def flow() -> Flow:
    """The guided questions of /customer and of a card's ➕ Contact button."""
    return Flow(
        entry_points=[
            CommandHandler("customer", customer_command),
            CallbackQueryHandler(contact_button, pattern=r"^cc:"),
        ],
        states={
            NAME: [MessageHandler(TEXT, name_answered)],
            KIND: [CallbackQueryHandler(kind_picked_button, pattern=r"^ck:")],
            PHONE: [
                MessageHandler(TEXT, phone_answered),
                CallbackQueryHandler(phone_skipped_button, pattern=r"^skip$"),
            ],
            ADDRESS: [
                MessageHandler(TEXT, address_answered),
                CallbackQueryHandler(address_skipped_button, pattern=r"^skip$"),
            ],
            CONTACT: [
                MessageHandler(filters.CONTACT | TEXT, contact_answered),
                CallbackQueryHandler(done_button, pattern=r"^done$"),
            ],
        },
    )
