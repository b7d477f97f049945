"""The application factory: settings in, a wired python-telegram-bot Application out."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.handlers import (
    cards,
    contacts,
    customers,
    followups,
    messages,
    reminder_buttons,
    reminders,
    search,
    sites,
    start,
    today,
    users,
)
from bot.handlers import settings as settings_command
from bot.handlers.access import gate
from bot.handlers.commands import publish_menu
from bot.handlers.context import Context, Services, utc_now
from bot.handlers.conversation import TEXT, guided_questions
from bot.handlers.errors import error_handler
from bot.reminders.service import start_reminders, stop_reminders
from bot.search import build_index
from bot.search.live import keep_current
from bot.settings import Settings
from storage.database import create_sessionmaker
from storage.migrate import upgrade

GATE_GROUP = -1
# After the handler that answered: note the user's app language for reminders and digests.
LANGUAGE_GROUP = 1

# The guided questions track one conversation per user, not per message, on purpose: their
# buttons belong to whichever question is current. PTB warns about that combination.
warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)


def build_application(
    settings: Settings, engine: AsyncEngine, *, clock: Callable[[], datetime] = utc_now
) -> Application:  # type: ignore[type-arg]
    """Build the bot: Bot API address, handlers, error handler, menu and migrations at start."""
    root = settings.bot_api_url

    async def prepare(application: Application) -> None:  # type: ignore[type-arg]
        await upgrade(engine)
        services.index = await build_index(engine)
        keep_current(services.index, services.sessions)
        await publish_menu(application, settings.language)
        await start_reminders(application)

    application = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(f"{root}/bot")
        .base_file_url(f"{root}/file/bot")
        .context_types(ContextTypes(context=Context))
        .post_init(prepare)
        .post_stop(stop_reminders)
        .build()
    )
    services = Services(settings, create_sessionmaker(engine), clock)
    application.bot_data["services"] = services
    add_handlers(application)
    return application


def add_handlers(application: Application) -> None:  # type: ignore[type-arg]
    """Register every handler, in the order they are tried."""
    application.add_handler(TypeHandler(Update, gate), group=GATE_GROUP)
    application.add_handlers(
        [
            guided_questions(customers.flow(), contacts.flow(), sites.flow(), reminders.flow()),
            CommandHandler("start", start.start_command),
            CommandHandler("help", start.help_command),
            CommandHandler("invite", users.invite_command),
            CommandHandler("users", users.users_command),
            CommandHandler("cancel", messages.cancel_outside_questions),
            CallbackQueryHandler(users.invite_role_button, pattern=r"^inv:"),
            CallbackQueryHandler(users.users_button, pattern=r"^ul$"),
            CallbackQueryHandler(users.user_button, pattern=r"^u[ra]?:"),
            CallbackQueryHandler(cards.customer_button, pattern=r"^c:"),
            CallbackQueryHandler(cards.site_button, pattern=r"^st:"),
            *reminder_buttons.handlers(),
            *followups.handlers(),
            *today.handlers(),
            *settings_command.handlers(),
            CommandHandler("find", search.find_command),
            CallbackQueryHandler(search.more_button, pattern=r"^fm:"),
            CallbackQueryHandler(search.suggestion_button, pattern=r"^fw:"),
            InlineQueryHandler(search.inline_query),
            CallbackQueryHandler(messages.stale_button),
            MessageHandler(filters.COMMAND, messages.unknown_command),
            MessageHandler(TEXT, search.text_message),
            MessageHandler(filters.PHOTO | filters.Document.IMAGE, messages.photo_message),
            MessageHandler(filters.CONTACT, messages.contact_message),
            MessageHandler(filters.LOCATION, messages.location_message),
            MessageHandler(filters.ALL, messages.unreadable_message),
        ]
    )
    application.add_handler(TypeHandler(Update, settings_command.note_language), LANGUAGE_GROUP)
    application.add_error_handler(error_handler)


async def start_polling(application: Application) -> None:  # type: ignore[type-arg]
    """Start the bot inside a running event loop, as run_polling would (demo and tests)."""
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    assert application.updater is not None  # ApplicationBuilder always makes one
    await application.updater.start_polling(poll_interval=0, timeout=10)


async def stop_polling(application: Application) -> None:  # type: ignore[type-arg]
    """Stop what start_polling started."""
    assert application.updater is not None
    await application.updater.stop()
    await application.stop()
    if application.post_stop is not None:
        await application.post_stop(application)
    await application.shutdown()
