"""/invite and /users: admins bring people in, change their roles, deactivate them."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Update

from bot.domain.errors import DomainError, LastRole, SelfLockout
from bot.domain.invites import create_invite
from bot.domain.roles import Permission, Role, parse_role
from bot.domain.users import UserView, get_user, list_users, set_active, set_role
from bot.handlers.context import Context
from bot.handlers.keyboards import (
    button,
    column,
    is_id,
    keyboard,
    parse_data,
    parse_ids,
    rows,
)
from bot.handlers.replies import esc, refuse_button, say, show
from bot.i18n import N_
from storage.database import AlreadyHandled, claim_message, unit_of_work

ROLE_NAMES = {
    Role.SALES: N_("sales"),
    Role.FIELD: N_("field"),
    Role.SUPPORT: N_("support"),
    Role.WAREHOUSE: N_("warehouse"),
    Role.FINANCE: N_("finance"),
    Role.ADMIN: N_("admin"),
}


def role_list(context: Context, roles: frozenset[Role]) -> str:
    return ", ".join(context._(ROLE_NAMES[r]) for r in Role if r in roles)


async def invite_command(update: Update, context: Context) -> None:
    """Offer one button per role; the press makes the invite."""
    _ = context._
    if not context.me.may(Permission.MANAGE_USERS):
        await say(update, context, _("Only an admin can do that."))
        return
    buttons = [button(_(ROLE_NAMES[r]), f"inv:{r}") for r in Role]
    await say(update, context, _("Invite someone as:"), keyboard(*rows(buttons)))


async def invite_role_button(update: Update, context: Context) -> None:
    """Make a single-use invite for the chosen role and show its link."""
    _ = context._
    query = update.callback_query
    assert query is not None and query.message is not None
    parts = parse_data(query.data, "inv", 1)
    role = parse_role(parts[0]) if parts else None
    if role is None:
        await refuse_button(update, context)
        return

    try:
        async with unit_of_work(context.services.sessions) as session:
            await claim_message(session, query.message.chat.id, query.message.message_id)
            invite = await create_invite(session, context.me, role, now=context.now())
    except AlreadyHandled:
        await query.answer(_("This invite was already made."))
        return
    except DomainError:
        await refuse_button(update, context)
        return

    link = f"https://t.me/{context.bot.username}?start={invite.code}"
    expires = invite.expires_at.astimezone(context.zone()).strftime("%d/%m/%Y %H:%M")
    text = _(
        "Invite for the role <b>{role}</b>. Forward this link to the person; it works once, "
        "until {expires}:\n{link}"
    ).format(role=_(ROLE_NAMES[role]), expires=expires, link=esc(link))
    await show(update, context, text)


async def users_command(update: Update, context: Context) -> None:
    """List every user as a button."""
    try:
        async with unit_of_work(context.services.sessions) as session:
            users = await list_users(session, context.me)
    except DomainError:
        await say(update, context, context._("Only an admin can do that."))
        return
    await say(update, context, context._("Users:"), _user_buttons(context, users))


async def users_button(update: Update, context: Context) -> None:
    """Go back to the list of users."""
    try:
        async with unit_of_work(context.services.sessions) as session:
            users = await list_users(session, context.me)
    except DomainError:
        await refuse_button(update, context)
        return
    await show(update, context, context._("Users:"), _user_buttons(context, users))


async def user_button(update: Update, context: Context) -> None:
    """Show one user with role toggles and (de)activation; apply a toggle if pressed."""
    query = update.callback_query
    assert query is not None
    data = query.data or ""
    action = data.split(":", 1)[0]
    try:
        async with unit_of_work(context.services.sessions) as session:
            user = await _apply(session, context, action, data)
    except SelfLockout:
        await query.answer(context._("You cannot do that to your own account."), show_alert=True)
        return
    except LastRole:
        await query.answer(context._("A user keeps at least one role."), show_alert=True)
        return
    except (DomainError, ValueError):
        await refuse_button(update, context)
        return
    await show(update, context, _user_text(context, user), _user_keyboard(context, user))


async def _apply(session: AsyncSession, context: Context, action: str, data: str) -> UserView:
    me, now = context.me, context.now()
    if action == "u" and (ids := parse_ids(data, "u")):
        return await get_user(session, me, ids[0])
    if action == "ur" and (parts := parse_data(data, "ur", 3)):
        role = parse_role(parts[1])
        if role is None or not is_id(parts[0]) or parts[2] not in ("0", "1"):
            raise ValueError("forged role button")
        return await set_role(session, me, int(parts[0]), role, parts[2] == "1", now=now)
    if action == "ua" and (ids := parse_ids(data, "ua", 2)) and ids[1] in (0, 1):
        return await set_active(session, me, ids[0], ids[1] == 1, now=now)
    raise ValueError("unknown user button")


def _user_buttons(context: Context, users: list[UserView]) -> InlineKeyboardMarkup:
    _ = context._
    buttons = []
    for user in users:
        label = ("" if user.active else "⛔ ") + f"{user.name} · {role_list(context, user.roles)}"
        buttons.append(button(label[:60], f"u:{user.id}"))
    return column(buttons)


def _user_text(context: Context, user: UserView) -> str:
    _ = context._
    state = _("active") if user.active else _("deactivated")
    return f"<b>{esc(user.name)}</b> ({state})\n" + _("Roles: {roles}").format(
        roles=role_list(context, user.roles)
    )


def _user_keyboard(context: Context, user: UserView) -> InlineKeyboardMarkup:
    _ = context._
    # Each button says the state it asks for, so pressing it again (or a redelivery) is a
    # no-op rather than a second toggle.
    toggles = [
        button(
            ("✅ " if r in user.roles else "▫️ ") + _(ROLE_NAMES[r]),
            f"ur:{user.id}:{r}:{0 if r in user.roles else 1}",
        )
        for r in Role
    ]
    flip = (
        button(_("Deactivate"), f"ua:{user.id}:0")
        if user.active
        else button(_("Reactivate"), f"ua:{user.id}:1")
    )
    return keyboard(*rows(toggles), [flip, button(_("« Users"), "ul")])
