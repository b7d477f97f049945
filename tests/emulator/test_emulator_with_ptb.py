"""python-telegram-bot parses everything the emulator answers, over real HTTP."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
import telegram
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
)

TOKEN = "123456:TEST-TOKEN"


def ptb_bot(emu) -> telegram.Bot:
    """Build a python-telegram-bot Bot pointed at the emulator."""
    return telegram.Bot(TOKEN, base_url=f"{emu.url}/bot", base_file_url=f"{emu.url}/file/bot")


async def test_ptb_bot_sends_and_edits_a_message_with_buttons(emu):
    alice = emu.user(1001, "Alice")
    buttons = InlineKeyboardMarkup([[InlineKeyboardButton("Open", callback_data="open:7")]])

    async with ptb_bot(emu) as bot:
        sent = await bot.send_message(
            1001, "<b>Site 7</b>", parse_mode="HTML", reply_markup=buttons
        )
        edited = await sent.edit_text("Site 7, closed")

    assert sent.text == "Site 7"
    assert sent.entities[0].type == "bold"
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "open:7"
    assert edited.text == "Site 7, closed"
    assert edited.edit_date is not None
    assert [(await alice.next_message()).kind for _ in range(2)] == ["sent", "edited"]


async def test_ptb_bot_sends_a_photo_and_downloads_it_back(emu, make_image):
    alice = emu.user(1001, "Alice")

    async with ptb_bot(emu) as bot:
        sent = await bot.send_photo(1001, make_image(900, 600), caption="Façade")
        file = await bot.get_file(sent.photo[-1].file_id)
        data = await file.download_as_bytearray()

    assert (sent.photo[-1].width, sent.photo[-1].height) == (900, 600)
    assert sent.caption == "Façade"
    assert bytes(data) == (await alice.next_message()).file_data


async def test_ptb_bot_reads_user_updates_of_every_kind(emu, make_image):
    alice = emu.user(1001, "Alice", username="alice", language_code="fr")
    await alice.send_text("/start abc")
    await alice.send_photo(make_image(100, 100), caption="mur")
    await alice.send_document(b"data", "plan.pdf", "application/pdf")
    await alice.send_contact("+33600000000", "Jean")
    await alice.send_location(45.0, 4.0)
    await alice.send_sticker()
    await alice.send_voice()

    async with ptb_bot(emu) as bot:
        updates = await bot.get_updates()

    messages = [update.message for update in updates]
    assert messages[0].text == "/start abc"
    assert messages[0].entities[0].type == "bot_command"
    assert messages[0].from_user.language_code == "fr"
    assert messages[1].photo[-1].width == 100
    assert messages[2].document.file_name == "plan.pdf"
    assert messages[3].contact.phone_number == "+33600000000"
    assert messages[4].location.latitude == 45.0
    assert messages[5].sticker.emoji == "👍"
    assert messages[6].voice.mime_type == "audio/ogg"


async def test_ptb_bot_gets_bad_request_for_an_empty_text(emu):
    emu.user(1001, "Alice")

    async with ptb_bot(emu) as bot:
        with pytest.raises(telegram.error.BadRequest, match="Message text is empty"):
            await bot.send_message(1001, "")


async def test_ptb_bot_gets_forbidden_from_a_user_who_blocked_it(emu):
    alice = emu.user(1001, "Alice")
    alice.block()

    async with ptb_bot(emu) as bot:
        with pytest.raises(telegram.error.Forbidden, match="bot was blocked by the user"):
            await bot.send_message(1001, "hello")


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_ptb_bot_gets_retry_after_from_a_429(emu):
    emu.user(1001, "Alice")
    emu.flood_limits = True

    async with ptb_bot(emu) as bot:
        for number in range(3):
            await bot.send_message(1001, f"m{number}")
        with pytest.raises(telegram.error.RetryAfter, match="Retry in 1"):
            await bot.send_message(1001, "too fast")

    assert emu.rejected_429 == 1


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer /start with the payload it carried."""
    payload = " ".join(context.args or [])
    await update.effective_message.reply_html(f"Welcome, <b>{payload}</b>!")


async def site_picked_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Acknowledge the press and show the picked site in place of the keyboard."""
    query = update.callback_query
    await query.answer("Site saved")
    await query.edit_message_text(f"Site {query.data.removeprefix('site:')} picked")


async def customer_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer one customer matching the typed text, for this user only."""
    query = update.inline_query
    result = InlineQueryResultArticle(
        id="c1",
        title=f"{query.query.title()} SARL",
        input_message_content=InputTextMessageContent("x"),
    )
    await query.answer([result], is_personal=True, cache_time=0)


@asynccontextmanager
async def polling_app(emu, *handlers) -> AsyncIterator[Application]:
    """Run a python-telegram-bot Application that long-polls the emulator."""
    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(f"{emu.url}/bot")
        .base_file_url(f"{emu.url}/file/bot")
        .build()
    )
    app.add_handlers(handlers)
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def test_polling_application_answers_start_seen_by_the_user(emu):
    alice = emu.user(1001, "Alice")

    async with polling_app(emu, CommandHandler("start", start)):
        await alice.send_text("/start abc")
        reply = await alice.next_message(timeout=5)

    assert reply.text == "Welcome, abc!"
    assert reply.html == "Welcome, <b>abc</b>!"
    assert emu.state.updates.pending == []


async def test_polling_application_handles_a_button_press(emu):
    alice = emu.user(1001, "Alice")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Lyon", callback_data="site:7")]])

    async with polling_app(emu, CallbackQueryHandler(site_picked_button)) as app:
        await app.bot.send_message(1001, "Which site?", reply_markup=markup)
        question = await alice.next_message()
        await alice.press(question, "Lyon")
        edited = await alice.next_message(timeout=5)

    assert (edited.kind, edited.text, edited.buttons) == ("edited", "Site 7 picked", [])
    assert alice.callback_answers[0]["text"] == "Site saved"


async def test_polling_application_answers_an_inline_query(emu):
    alice = emu.user(1001, "Alice")

    async with polling_app(emu, InlineQueryHandler(customer_inline_query)):
        answer = await alice.inline_query("dupont", timeout=5)

    assert [result["title"] for result in answer.results] == ["Dupont SARL"]
    assert (answer.is_personal, answer.cache_time) == (True, 0)
