"""A local Telegram Bot API emulator for end-to-end tests and the offline demo.

`BotApiEmulator` serves the Bot API over real HTTP on 127.0.0.1, so an unmodified
python-telegram-bot Application can talk to it:

    emu = BotApiEmulator(token="123456:TEST-TOKEN")
    await emu.start()
    app = (
        ApplicationBuilder().token(emu.token)
        .base_url(f"{emu.url}/bot").base_file_url(f"{emu.url}/file/bot").build()
    )
    alice = emu.user(1001, "Alice", language_code="fr")
    await alice.send_text("/start")
    reply = await alice.next_message()

Routes: `POST|GET {url}/bot{token}/{method}` (form, multipart or JSON parameters) and
`GET {url}/file/bot{token}/{file_path}`. Answers use Telegram's envelope; a wrong token gets
401 "Unauthorized" and an unknown method 404 "Not Found".

Methods: getMe, getUpdates (long polling with offset, limit, timeout, allowed_updates),
deleteWebhook, setMyCommands, getMyCommands, deleteMyCommands, sendMessage, editMessageText,
editMessageReplyMarkup, deleteMessage, answerCallbackQuery, answerInlineQuery, sendPhoto,
sendMediaGroup, sendDocument, sendChatAction, getFile. parse_mode is "HTML" or none.

Limits enforced with Telegram's error texts:
- message text 1-4096 characters after entity parsing; caption at most 1024;
- HTML must parse (tags b strong i em u ins s strike del a code pre blockquote tg-spoiler
  span.tg-spoiler; entities &lt; &gt; &amp; &quot; and numeric). Stricter than Telegram: a
  stray "&" is refused, to catch user text the bot forgot to escape;
- inline buttons need text and an action; callback_data is 1-64 bytes; 100 buttons at most;
- editing to identical content and markup is refused as "message is not modified";
- unknown messages, chats, files and callback or inline queries are refused; a callback
  query can be answered once, with at most 200 characters; at most 50 inline results;
- a user who blocked the bot gives 403; albums hold 2-10 photos or 2-10 documents;
- flood limits, off by default: about 1 message/s per chat (burst of 3) and 30/s overall,
  answered with 429 and `retry_after`. Sends and edits count; an album counts once;
- getFile refuses files over 20 MB, as the public Bot API does.

Files: photos are re-encoded to JPEG sizes of at most 90/320/800/1280 px, without EXIF and
never upscaled; documents keep their bytes. Files live in memory, or under `files_dir`.

LIMITATION: no webhooks, channels, inline-mode messages, Markdown, videos or audio; any other
method answers 404 and logs a warning naming it.
"""

from bot.emulator.chats import BotMessage
from bot.emulator.server import BotApiEmulator
from bot.emulator.state import InlineAnswer
from bot.emulator.users import EmulatedGroup, EmulatedUser

__all__ = ["BotApiEmulator", "BotMessage", "EmulatedGroup", "EmulatedUser", "InlineAnswer"]
