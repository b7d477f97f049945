"""Customer and site cards: what a user opens from a search, a list or a reminder."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.domain.customers import CustomerCard, CustomerKind, customer_to_extend, read_customer
from bot.domain.errors import DomainError, NotAllowed, NotFound
from bot.domain.phones import dialable
from bot.domain.roles import Permission
from bot.domain.sites import SiteView, read_site
from bot.handlers.context import Context
from bot.handlers.keyboards import button, keyboard, parse_ids
from bot.handlers.replies import esc, refuse_button, show
from storage.database import unit_of_work


async def customer_button(update: Update, context: Context) -> None:
    """Open a customer card from a button."""
    ids = parse_ids(update.callback_query.data if update.callback_query else None, "c")
    if ids is None:
        await refuse_button(update, context)
        return
    await show_card(update, context, ids[0])


async def show_card(update: Update, context: Context, customer_id: int) -> None:
    """Show a customer card, in place of the pressed button's message if any."""
    try:
        async with unit_of_work(context.services.sessions) as session:
            card = await read_customer(session, context.me, customer_id, now=context.now())
    except NotFound:
        await refuse_button(update, context)
        return
    await show(update, context, card_text(context, card), card_keyboard(context, card))


# Contacts and sites a card lists; the rest are counted. Search finds any of them.
LISTED = 10


def card_text(context: Context, card: CustomerCard) -> str:
    """Render a customer card: short enough for an old phone's screen."""
    _ = context._
    icon = "🏢" if card.kind == CustomerKind.COMPANY else "👤"
    lines = [f"{icon} <b>{esc(card.name)}</b>"]
    if card.phone:
        lines.append(f"📞 {esc(dialable(card.phone))}")
    if card.email:
        lines.append(f"✉️ {esc(card.email)}")
    place = " ".join(p for p in (card.postcode, card.city) if p)
    if card.address or place:
        lines.append("📍 " + esc(", ".join(p for p in (card.address, place) if p)))
    if card.contacts:
        lines.append("\n" + _("Contacts:"))
        shown = card.contacts[:LISTED]
        lines += [f"• {esc(c.name)} {esc(dialable(c.phone))}".rstrip() for c in shown]
        lines += _and_more(context, len(card.contacts) - len(shown))
    open_sites = [s for s in card.sites if s.status == "open"]
    if open_sites:
        lines.append("\n" + _("Open sites:"))
        lines += [f"🏗 {esc(s.name)} {esc(s.city)}".rstrip() for s in open_sites[:LISTED]]
        lines += _and_more(context, len(open_sites) - LISTED)
    return "\n".join(lines)


def _and_more(context: Context, left_out: int) -> list[str]:
    return [context._("…and {count} more").format(count=left_out)] if left_out > 0 else []


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


async def site_button(update: Update, context: Context) -> None:
    """Show one site from a customer card."""
    ids = parse_ids(update.callback_query.data if update.callback_query else None, "st")
    if ids is None:
        await refuse_button(update, context)
        return
    await show_site(update, context, ids[0])


async def show_site(update: Update, context: Context, site_id: int) -> None:
    """Show one site, in place of the pressed button's message if any."""
    try:
        async with unit_of_work(context.services.sessions) as session:
            site = await read_site(session, context.me, site_id)
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
