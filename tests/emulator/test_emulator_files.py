"""Files: Telegram-like photo re-encoding, byte-exact documents, re-sending, downloads."""

import io

from PIL import Image

from bot.emulator import BotApiEmulator

TOKEN = "123456:TEST-TOKEN"


async def download(emu, api, file_id: str) -> bytes:
    """Fetch a file the way a bot does: getFile, then the file route."""
    described = await api.ok("getFile", file_id=file_id)
    response = await api.client.get(f"{emu.url}/file/bot{TOKEN}/{described['file_path']}")
    assert response.status_code == 200
    return response.content


async def test_uploaded_photo_gets_sizes_up_to_1280_px(emu, api, make_image):
    emu.user(1001, "Alice")

    result = await api.ok(
        "sendPhoto", {"photo": ("p.png", make_image(1400, 700, "PNG"))}, chat_id=1001
    )

    sides = [(size["width"], size["height"]) for size in result["photo"]]
    assert sides == [(90, 45), (320, 160), (800, 400), (1280, 640)]


async def test_small_photo_is_never_upscaled(emu, api, make_image):
    emu.user(1001, "Alice")

    result = await api.ok("sendPhoto", {"photo": ("p.jpg", make_image(200, 100))}, chat_id=1001)

    assert [size["width"] for size in result["photo"]] == [90, 200]


async def test_photo_sent_by_a_user_loses_its_exif(emu, api, make_image):
    alice = emu.user(1001, "Alice")

    message = await alice.send_photo(make_image(1000, 800, exif=True), caption="site A")
    largest = await download(emu, api, message["photo"][-1]["file_id"])

    image = Image.open(io.BytesIO(largest))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert b"FieldCam" not in largest
    assert message["caption"] == "site A"


async def test_document_sent_by_a_user_arrives_byte_for_byte(emu, api, make_image):
    alice = emu.user(1001, "Alice")
    original = make_image(300, 200, exif=True)

    message = await alice.send_document(original, "IMG_0001.jpg", "image/jpeg")
    fetched = await download(emu, api, message["document"]["file_id"])

    assert fetched == original
    assert message["document"]["file_name"] == "IMG_0001.jpg"
    assert message["document"]["mime_type"] == "image/jpeg"


async def test_album_sent_by_a_user_is_separate_updates_sharing_a_group_id(emu, api, make_image):
    alice = emu.user(1001, "Alice")

    await alice.send_album([make_image(100, 100), make_image(120, 100)], caption="before")
    updates = await api.ok("getUpdates")

    group_ids = {u["message"]["media_group_id"] for u in updates}
    assert len(updates) == 2
    assert len(group_ids) == 1
    assert updates[0]["message"]["caption"] == "before"


async def test_bot_document_round_trips_byte_for_byte(emu, api):
    alice = emu.user(1001, "Alice")
    payload = bytes(range(256)) * 10

    result = await api.ok(
        "sendDocument", {"document": ("quote.pdf", payload, "application/pdf")}, chat_id=1001
    )
    seen = await alice.next_message()

    assert await download(emu, api, result["document"]["file_id"]) == payload
    assert seen.file_data == payload
    assert seen.file_name == "quote.pdf"


async def test_photo_is_resent_by_file_id_without_upload(emu, api, make_image):
    emu.user(1001, "Alice")
    first = await api.ok("sendPhoto", {"photo": ("p.jpg", make_image(500, 400))}, chat_id=1001)
    file_id = first["photo"][-1]["file_id"]

    again = await api.ok("sendPhoto", chat_id=1001, photo=file_id)

    assert again["photo"] == first["photo"]


async def test_uploaded_files_get_new_ids(emu, api, make_image):
    emu.user(1001, "Alice")
    image = make_image(100, 100)

    first = await api.ok("sendPhoto", {"photo": ("p.jpg", image)}, chat_id=1001)
    second = await api.ok("sendPhoto", {"photo": ("p.jpg", image)}, chat_id=1001)

    assert first["photo"][0]["file_id"] != second["photo"][0]["file_id"]
    assert first["photo"][0]["file_unique_id"] != second["photo"][0]["file_unique_id"]


async def test_users_photo_can_be_resent_by_the_bot(emu, api, make_image):
    alice = emu.user(1001, "Alice")
    sent = await alice.send_photo(make_image(100, 100))

    result = await api.ok("sendPhoto", chat_id=1001, photo=sent["photo"][0]["file_id"])

    assert result["photo"] == sent["photo"]


async def test_unknown_file_id_is_refused(emu, api):
    emu.user(1001, "Alice")

    _, description = await api.error("sendPhoto", chat_id=1001, photo="AgACnope")

    assert description == "Bad Request: wrong file identifier/HTTP URL specified"


async def test_document_file_id_cannot_be_sent_as_a_photo(emu, api):
    emu.user(1001, "Alice")
    sent = await api.ok("sendDocument", {"document": ("a.txt", b"hi")}, chat_id=1001)

    _, description = await api.error("sendPhoto", chat_id=1001, photo=sent["document"]["file_id"])

    assert description == "Bad Request: type of file mismatch"


async def test_bytes_that_are_not_an_image_are_refused_as_a_photo(emu, api):
    emu.user(1001, "Alice")

    _, description = await api.error(
        "sendPhoto", {"photo": ("p.jpg", b"not an image")}, chat_id=1001
    )

    assert description == "Bad Request: IMAGE_PROCESS_FAILED"


async def test_get_file_with_an_unknown_id_is_refused(api):
    _, description = await api.error("getFile", file_id="nope")

    assert description == "Bad Request: invalid file_id"


async def test_media_group_sends_one_message_per_item_with_a_shared_group_id(emu, api, make_image):
    alice = emu.user(1001, "Alice")
    media = [
        {"type": "photo", "media": "attach://one", "caption": "<b>A</b>", "parse_mode": "HTML"},
        {"type": "photo", "media": "attach://two"},
    ]
    files = {"one": ("1.jpg", make_image(100, 100)), "two": ("2.jpg", make_image(100, 100))}

    result = await api.ok("sendMediaGroup", files, chat_id=1001, media=media)
    first, second = await alice.next_message(), await alice.next_message()

    assert len(result) == 2
    assert result[0]["media_group_id"] == result[1]["media_group_id"]
    assert (first.caption, first.html, second.caption) == ("A", "<b>A</b>", None)


async def test_media_group_of_one_item_is_refused(emu, api, make_image):
    emu.user(1001, "Alice")
    media = [{"type": "photo", "media": "attach://one"}]

    _, description = await api.error(
        "sendMediaGroup", {"one": ("1.jpg", make_image(50, 50))}, chat_id=1001, media=media
    )

    assert description == "Bad Request: media group must include 2-10 items"


async def test_media_group_of_eleven_items_is_refused(emu, api, make_image):
    emu.user(1001, "Alice")
    photo = await api.ok("sendPhoto", {"photo": ("p.jpg", make_image(50, 50))}, chat_id=1001)
    media = [{"type": "photo", "media": photo["photo"][0]["file_id"]}] * 11

    _, description = await api.error("sendMediaGroup", chat_id=1001, media=media)

    assert description == "Bad Request: too many messages to send as an album"


async def test_download_with_a_wrong_token_is_unauthorized(emu, api):
    response = await api.client.get(f"{emu.url}/file/bot1:BAD/photos/file_1.jpg")

    assert response.status_code == 401


async def test_files_can_be_kept_in_a_directory(tmp_path):
    emu = BotApiEmulator(files_dir=tmp_path)
    alice = emu.user(1001, "Alice")

    message = await alice.send_document(b"%PDF-1.4", "plan.pdf", "application/pdf")

    assert emu.file_bytes(message["document"]["file_id"]) == b"%PDF-1.4"
    assert list(tmp_path.rglob("*.pdf"))
