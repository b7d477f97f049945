"""/site: create a job site for a customer, with an address and optionally a location."""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.domain.addresses import read_address
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.lookup import find_records
from bot.domain.roles import Permission
from bot.domain.sites import NewSite, create_site
from bot.handlers.cards import may_extend, site_keyboard, site_text
from bot.handlers.context import Context
from bot.handlers.conversation import TEXT, Flow, State, skip_keyboard
from bot.handlers.customers import too_long_address
from bot.handlers.keyboards import button, column, parse_ids
from bot.handlers.replies import refuse_button, say, show
from storage.database import AlreadyHandled, claim_message, unit_of_work

CUSTOMER, NAME, ADDRESS, LOCATION = (
    "site:customer",
    "site:name",
    "site:address",
    "site:location",
)
DRAFT = "site_draft"


async def site_command(update: Update, context: Context) -> State:
    """Ask which customer the new site belongs to."""
    if not context.me.may(Permission.CREATE_SITES):
        await say(update, context, context._("Your role does not allow creating sites."))
        return ConversationHandler.END
    context.user_data[DRAFT] = {}
    await say(update, context, context._("New site. For which customer? Type part of its name."))

    return CUSTOMER


async def customer_typed(update: Update, context: Context) -> State:
    """Offer the customers whose name matches as buttons."""
    _ = context._
    text = update.message.text or "" if update.message else ""
    async with unit_of_work(context.services.sessions) as session:
        found = await find_records(session, context.services.index, context.me, text)
    customers = {hit.customer_id: hit for hit in found.hits if hit.customer_id is not None}
    if not customers:
        await say(update, context, _("No customer matches. Try another part of the name."))
        return CUSTOMER
    # A site that matched carries its own city, which may not be its customer's.
    buttons = [
        button(
            f"{hit.customer_name} · {hit.city if hit.kind != 'site' else ''}".strip(" ·")[:60],
            f"sc:{customer_id}",
        )
        for customer_id, hit in customers.items()
    ]
    await say(update, context, _("Which one?"), column(buttons))

    return CUSTOMER


async def site_button(update: Update, context: Context) -> State:
    """A card's ➕ Site button, or a customer picked in the list: ask the site's name."""
    query = update.callback_query
    data = query.data if query else None
    ids = parse_ids(data, "cs") or parse_ids(data, "sc")
    if ids is None:
        await refuse_button(update, context)
        return ConversationHandler.END
    if not await may_extend(update, context, ids[0], Permission.CREATE_SITES):
        return ConversationHandler.END
    context.user_data[DRAFT] = {"customer_id": ids[0]}
    await show(update, context, context._("Name of the site? Example: Kitchen renovation"))

    return NAME


async def name_answered(update: Update, context: Context) -> State:
    text = " ".join((update.message.text or "").split()) if update.message else ""
    if not text or len(text) > 200:
        await say(update, context, context._("Please type a name of at most 200 characters."))
        return NAME
    context.user_data[DRAFT]["name"] = text
    await say(
        update,
        context,
        context._("Address of the site? Example: 12 rue de la Paix, 75002 Paris"),
        skip_keyboard(context, "site-address"),
    )
    return ADDRESS


async def address_answered(update: Update, context: Context) -> State:
    try:
        address = read_address(update.message.text or "" if update.message else "")
    except InvalidInput:
        markup = skip_keyboard(context, "site-address")
        await say(update, context, too_long_address(context), markup)
        return ADDRESS
    context.user_data[DRAFT].update(
        address=address.street, postcode=address.postcode, city=address.city
    )
    return await _ask_location(update, context)


async def address_skipped_button(update: Update, context: Context) -> State:
    return await _ask_location(update, context)


async def _ask_location(update: Update, context: Context) -> State:
    text = context._("Share the site's location (📎 → Location), or tap Skip.")
    await show(update, context, text, skip_keyboard(context, "site-location"))

    return LOCATION


async def location_shared(update: Update, context: Context) -> State:
    """Save the site with the shared GPS point."""
    location = update.message.location if update.message else None
    if location is not None:
        context.user_data[DRAFT].update(lat=location.latitude, lon=location.longitude)
    return await _save(update, context)


async def location_skipped_button(update: Update, context: Context) -> State:
    return await _save(update, context)


async def _save(update: Update, context: Context) -> State:
    _ = context._
    draft = context.user_data.pop(DRAFT, None)
    message = update.message or (update.callback_query.message if update.callback_query else None)
    if not draft or "name" not in draft or not isinstance(message, Message):
        await refuse_button(update, context)
        return ConversationHandler.END

    try:
        async with unit_of_work(context.services.sessions) as session:
            await claim_message(session, message.chat.id, message.message_id)
            site = await create_site(session, context.me, NewSite(**draft), now=context.now())
    except AlreadyHandled:
        return ConversationHandler.END
    except NotAllowed:
        await show(update, context, _("Your role does not allow creating sites."))
        return ConversationHandler.END
    except (NotFound, InvalidInput):
        await show(
            update,
            context,
            _(
                "That customer no longer exists, or an answer was not "
                "valid. Start again with /site."
            ),
        )
        return ConversationHandler.END

    await show(
        update,
        context,
        _("Site created.") + "\n\n" + site_text(context, site),
        site_keyboard(context, site),
    )
    return ConversationHandler.END


def flow() -> Flow:
    """The guided questions of /site and of a card's ➕ Site button."""
    return Flow(
        entry_points=[
            CommandHandler("site", site_command),
            CallbackQueryHandler(site_button, pattern=r"^cs:"),
        ],
        states={
            CUSTOMER: [
                MessageHandler(TEXT, customer_typed),
                CallbackQueryHandler(site_button, pattern=r"^sc:"),
            ],
            NAME: [MessageHandler(TEXT, name_answered)],
            ADDRESS: [
                MessageHandler(TEXT, address_answered),
                CallbackQueryHandler(address_skipped_button, pattern=r"^skip:site-address$"),
            ],
            LOCATION: [
                MessageHandler(filters.LOCATION, location_shared),
                CallbackQueryHandler(location_skipped_button, pattern=r"^skip:site-location$"),
            ],
        },
    )
