"""The command menu: one table feeds setMyCommands (per language) and /help (per role)."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import BotCommand
from telegram.ext import Application

from bot.domain.roles import Actor, Permission
from bot.i18n import N_, translator
from bot.settings import LANGUAGES


@dataclass(frozen=True)
class Command:
    name: str
    summary: str
    permission: Permission | None = None


COMMANDS = (
    Command("start", N_("Start, or join with an invite")),
    Command("help", N_("What I can do for you")),
    Command("find", N_("Find a customer file: /find dupont"), Permission.READ_CUSTOMERS),
    Command("customer", N_("Create a customer file"), Permission.CREATE_CUSTOMERS),
    Command("site", N_("Create a job site for a customer"), Permission.CREATE_SITES),
    Command("remind", N_("Set a reminder: /remind call Dupont tomorrow 9am")),
    Command("today", N_("Today's reminders and follow-ups")),
    Command("settings", N_("When your daily digest comes")),
    Command("invite", N_("Invite a new user (admin)"), Permission.MANAGE_USERS),
    Command("users", N_("List users, change roles (admin)"), Permission.MANAGE_USERS),
    Command("cancel", N_("Stop the current question")),
)


def commands_for(actor: Actor) -> list[Command]:
    """Return the commands this user's roles allow."""
    return [c for c in COMMANDS if c.permission is None or actor.may(c.permission)]


async def publish_menu(application: Application, default_language: str) -> None:  # type: ignore[type-arg]
    """Set the command menu for each language, and the default for other languages."""
    for language in (*LANGUAGES, None):
        _ = translator(language or default_language)
        # Admin commands stay out of the shared menu; /help shows them to admins.
        menu = [
            BotCommand(c.name, _(c.summary))
            for c in COMMANDS
            if c.permission != Permission.MANAGE_USERS
        ]
        await application.bot.set_my_commands(menu, language_code=language)
