"""/site: create a job site for a customer, with an address and optionally a location."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.domain.addresses import read_address
from bot.domain.customers import list_customers_named
from bot.domain.errors import DomainError, InvalidInput, NotAllowed, NotFound
from bot.domain.roles import Permission
from bot.domain.sites import NewSite, SiteView, create_site, read_site
from bot.handlers.context import Context
from bot.handlers.conversation import TEXT, Flow, State
from bot.handlers.customers import may_extend, too_long_address
from bot.handlers.keyboards import button, column, keyboard, parse_ids
from bot.handlers.replies import esc, refuse_button, say, show
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
    text = update.message.text if update.message else ""
    async with unit_of_work(context.services.sessions) as session:
        found = await list_customers_named(session, context.me, (text or "").strip())
    if not found:
        await say(update, context, _("No customer matches. Try another part of the name."))
        return CUSTOMER
    buttons = [button(f"{c.name} · {c.city}".strip(" ·")[:60], f"sc:{c.id}") for c in found]
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
        keyboard([button(context._("Skip"), "skip")]),
    )
    return ADDRESS


async def address_answered(update: Update, context: Context) -> State:
    try:
        address = read_address(update.message.text or "" if update.message else "")
    except InvalidInput:
        markup = keyboard([button(context._("Skip"), "skip")])
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
    await show(update, context, text, keyboard([button(context._("Skip"), "skip")]))

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


async def open_site_button(update: Update, context: Context) -> None:
    """Show one site from a customer card."""
    ids = parse_ids(update.callback_query.data if update.callback_query else None, "st")
    if ids is None:
        await refuse_button(update, context)
        return
    try:
        async with unit_of_work(context.services.sessions) as session:
            site = await read_site(session, context.me, ids[0])
    except DomainError:
        await refuse_button(update, context)
        return
    await show(update, context, site_text(context, site), site_keyboard(context, site))


def site_keyboard(context: Context, site: SiteView) -> InlineKeyboardMarkup:
    """Back to the customer, and plan a call back about the site."""
    _ = context._
    return keyboard(
        [button(_("« Customer"), f"c:{site.customer_id}")],
        [button(_("📞 Call back in…"), f"fu:site:{site.id}")],
    )


def site_text(context: Context, site: SiteView) -> str:
    """Render a site: name, customer, address, GPS point."""
    lines = [f"🏗 <b>{esc(site.name)}</b>", f"🏢 {esc(site.customer_name)}"]
    place = " ".join(p for p in (site.postcode, site.city) if p)
    if site.address or place:
        lines.append("📍 " + esc(", ".join(p for p in (site.address, place) if p)))
    if site.lat is not None and site.lon is not None:
        lines.append(f"🛰 {site.lat:.5f}, {site.lon:.5f}")
    return "\n".join(lines)


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
                CallbackQueryHandler(address_skipped_button, pattern=r"^skip$"),
            ],
            LOCATION: [
                MessageHandler(filters.LOCATION, location_shared),
                CallbackQueryHandler(location_skipped_button, pattern=r"^skip$"),
            ],
        },
    )
