"""Bad input of every kind gets a short answer, changes nothing, and the bot keeps going."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import delete, select
from telegram import CallbackQuery

from bot.emulator import BotMessage, EmulatedUser
from bot.handlers import cards, search
from storage.models import Contact, Customer, Invite, Site, User
from tests.factories import make_customer
from tests.handlers.conftest import World

LONGEST_TEXT = 4096
NOTHING_FOUND = "Rien trouvé pour « Zeta ». Essayez une rue, une ville ou un numéro de téléphone."
STALE_BUTTON = "Ce bouton n'est plus valable."
FAILED_FR = "Désolé, cela a échoué. L'erreur a été enregistrée."
FAILED_EN = "Sorry, that failed. It has been logged."
ANSWER_THE_QUESTION = "Répondez à la question ci-dessus, ou envoyez /cancel."
KIND_QUESTION = "Est-ce une entreprise ou un particulier ?"


async def stored_state(world: World) -> dict[str, Any]:
    """Summarise what a bad input could change: users and their roles, records, invites."""
    async with world.sessions() as session:
        users = await session.scalars(select(User).order_by(User.id))
        people = [(u.telegram_id, u.active, sorted(r.role for r in u.roles)) for u in users]
    counts = {m.__name__: await world.count(m) for m in (Customer, Contact, Site, Invite)}
    return {"users": people, **counts}


async def search_answer(user: EmulatedUser) -> str | None:
    """Send a plain search and return the bot's answer: proof that it is still running."""
    await user.send_text("Zeta")
    return (await user.next_message()).text


async def card_of(world: World, user: EmulatedUser) -> tuple[int, BotMessage]:
    """Store a customer, find it by search and open its card; return (customer id, card)."""
    async with world.sessions() as session, session.begin():
        customer_id = await make_customer(session, "Dupont Rénovation")
    await user.send_text("Dupont")
    # The only match is clear, so the search opens its card directly.
    return customer_id, await user.next_message()


async def two_dupont_results(world: World, user: EmulatedUser) -> tuple[int, BotMessage]:
    """Store two equally good matches for "Dupont" and search; return (Lyon id, the list)."""
    async with world.sessions() as session, session.begin():
        lyon_id = await make_customer(session, "Dupont Rénovation", city="Lyon")
        await make_customer(session, "Dupont Toiture", city="Grenoble")
    await user.send_text("Dupont")
    return lyon_id, await user.next_message()


async def forget_customer(world: World, customer_id: int) -> None:
    async with world.sessions() as session, session.begin():
        await session.execute(delete(Customer).where(Customer.id == customer_id))


def png() -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(image, "PNG")
    return image.getvalue()


async def start_customer_questions(user: EmulatedUser) -> None:
    await user.send_text("/customer")
    await user.next_message()


async def test_unknown_command_gets_a_pointer_to_help(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")

    await hugo.send_text("/frobnicate")
    reply = await hugo.next_message()

    assert reply.text == "Commande inconnue. /help liste ce que vous pouvez faire."
    await hugo.expect_silence()
    assert await search_answer(hugo) == NOTHING_FOUND


async def test_cancel_outside_any_question_says_there_is_nothing_to_stop(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")

    await hugo.send_text("/cancel")
    reply = await hugo.next_message()

    assert reply.text == "Il n'y a pas de question à arrêter."
    await hugo.expect_silence()


async def test_longest_possible_text_is_refused_as_a_search(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")

    await hugo.send_text("D" * LONGEST_TEXT)
    reply = await hugo.next_message()

    assert reply.text == "C'est trop long pour une recherche. Tapez une partie du nom."
    assert await search_answer(hugo) == NOTHING_FOUND


async def test_longest_possible_text_is_refused_as_a_customer_name(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await start_customer_questions(hugo)

    await hugo.send_text("é" * LONGEST_TEXT)
    reply = await hugo.next_message()

    assert reply.text == "Tapez un nom de 200 caractères au plus."
    assert await world.count(Customer) == 0
    await hugo.send_text("Dupont Rénovation")
    assert (await hugo.next_message()).text == KIND_QUESTION


ADDRESS_TOO_LONG = "Tapez une adresse plus courte : 300 caractères au plus, et 100 pour la ville."


async def test_longest_possible_address_is_asked_again_and_saves_no_customer(
    world: World,
) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await start_customer_questions(hugo)
    await hugo.send_text("Dupont Rénovation")
    await hugo.press(await hugo.next_message(), "🏢 Entreprise")
    await hugo.press(await hugo.next_message(), "Passer")
    await hugo.next_message()

    await hugo.send_text("12 rue " + "x" * (LONGEST_TEXT - 7))
    reply = await hugo.next_message()

    assert reply.text == ADDRESS_TOO_LONG
    assert await world.count(Customer) == 0
    await hugo.send_text("/cancel")
    await hugo.next_message()
    assert await search_answer(hugo) == NOTHING_FOUND


async def test_any_script_and_markup_is_searched_and_echoed_as_typed(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")

    await hugo.send_text("<b>Ünïcødé</b> & 建筑 عربى 🚧")
    reply = await hugo.next_message()

    assert reply.text == (
        "Rien trouvé pour « <b>Ünïcødé</b> & 建筑 عربى 🚧 ». "
        "Essayez une rue, une ville ou un numéro de téléphone."
    )


async def test_button_of_a_deleted_customer_gets_a_stale_alert(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    customer_id, found = await two_dupont_results(world, hugo)
    await forget_customer(world, customer_id)

    query_id = await hugo.press(found, "🏢 Dupont Rénovation · Lyon")
    answer = await hugo.answer_to(query_id)

    assert answer["text"] == STALE_BUTTON
    assert answer["show_alert"] is True
    await hugo.expect_silence()
    assert await search_answer(hugo) == NOTHING_FOUND


async def test_add_contact_button_of_a_deleted_customer_gets_a_stale_alert(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    customer_id, card = await card_of(world, hugo)
    await forget_customer(world, customer_id)

    query_id = await hugo.press(card, "➕ Contact")
    answer = await hugo.answer_to(query_id)

    assert answer["text"] == STALE_BUTTON
    await hugo.expect_silence()


async def test_add_site_button_of_a_deleted_customer_gets_a_stale_alert(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    customer_id, card = await card_of(world, hugo)
    await forget_customer(world, customer_id)

    query_id = await hugo.press(card, "➕ Chantier")
    answer = await hugo.answer_to(query_id)

    assert answer["text"] == STALE_BUTTON
    await hugo.expect_silence()


@pytest.mark.parametrize(
    "data",
    [
        "c:999999",
        # Past PostgreSQL's 32-bit id columns: found missing, not failed.
        "c:2147483648",
        "st:99999999999",
        "u:1",
        "ur:1:boss",
        "ur:2:admin",
        "ua:1:0",
        "inv:god",
        "inv:admin",
        "x" * 64,
        "é" * 32,
        "c:²",
        "st:٣",
        "cc:¹",
        "cs:²",
    ],
)
async def test_forged_button_gets_a_stale_alert_and_changes_nothing(
    world: World, data: str
) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    _, card = await card_of(world, hugo)
    before = await stored_state(world)

    query_id = await hugo.press_data(card.message_id, data)
    answer = await hugo.answer_to(query_id)

    assert answer["text"] == STALE_BUTTON
    assert answer["show_alert"] is True
    await hugo.expect_silence()
    assert await stored_state(world) == before
    assert await search_answer(hugo) == NOTHING_FOUND


@pytest.mark.parametrize("data", ["ur:99999999999999999999:sales", "u:²", "ur:²:sales"])
async def test_forged_user_button_from_an_admin_gets_a_stale_alert(
    world: World, data: str
) -> None:
    admin = await world.admin()
    await admin.send_text("/users")
    listing = await admin.next_message()
    before = await stored_state(world)

    query_id = await admin.press_data(listing.message_id, data)
    answer = await admin.answer_to(query_id)

    assert answer["text"] == STALE_BUTTON
    await admin.expect_silence()
    assert await stored_state(world) == before


async def test_sticker_mid_questions_keeps_the_question_open(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await start_customer_questions(hugo)

    await hugo.send_sticker()
    reply = await hugo.next_message()

    assert reply.text == ANSWER_THE_QUESTION
    await hugo.expect_silence()
    assert await world.count(Customer) == 0
    await hugo.send_text("Dupont Rénovation")
    assert (await hugo.next_message()).text == KIND_QUESTION


async def test_voice_note_mid_questions_keeps_the_question_open(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await start_customer_questions(hugo)

    await hugo.send_voice()
    reply = await hugo.next_message()

    assert reply.text == ANSWER_THE_QUESTION
    assert await world.count(Customer) == 0
    await hugo.send_text("Dupont Rénovation")
    assert (await hugo.next_message()).text == KIND_QUESTION


@pytest.mark.parametrize("send", ["sticker", "voice"])
async def test_sticker_or_voice_outside_questions_gets_a_hint(world: World, send: str) -> None:
    hugo = await world.member(2002, "Hugo", "sales")

    await (hugo.send_sticker() if send == "sticker" else hugo.send_voice())
    reply = await hugo.next_message()

    assert reply.text == "Je ne sais pas lire cela ici. Tapez du texte, ou voyez /help."
    await hugo.expect_silence()
    assert await search_answer(hugo) == NOTHING_FOUND


async def test_photo_is_honestly_not_available_yet(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")

    await hugo.send_photo(png())
    reply = await hugo.next_message()

    assert reply.text == "Attaching photos is not available yet. The photo was not saved."
    await hugo.expect_silence()


async def test_image_sent_as_a_file_is_honestly_not_available_yet(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")

    await hugo.send_document(png(), "chantier.png", "image/png")
    reply = await hugo.next_message()

    assert reply.text == (
        "Joindre des photos n'est pas encore disponible. La photo n'a pas été enregistrée."
    )
    assert await search_answer(hugo) == NOTHING_FOUND


async def test_cancel_mid_questions_saves_nothing(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await start_customer_questions(hugo)
    await hugo.send_text("Dupont Rénovation")
    await hugo.press(await hugo.next_message(), "🏢 Entreprise")
    await hugo.next_message()

    await hugo.send_text("/cancel")
    reply = await hugo.next_message()

    assert reply.text == "Arrêté. Rien de plus n'a été enregistré."
    assert await world.count(Customer) == 0
    assert await search_answer(hugo) == NOTHING_FOUND


async def test_another_command_mid_questions_stops_them(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await start_customer_questions(hugo)

    await hugo.send_text("/help")
    reply = await hugo.next_message()

    assert reply.text == "J'ai arrêté les questions en cours. Renvoyez votre commande."
    await hugo.expect_silence()
    assert await search_answer(hugo) == NOTHING_FOUND
    assert await world.count(Customer) == 0


async def test_customer_command_mid_site_questions_leaves_no_site_question(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    async with world.sessions() as session, session.begin():
        await make_customer(session, "Zeta Bâtiment")
    await hugo.send_text("/site")
    await hugo.next_message()
    await hugo.send_text("/customer")
    await hugo.next_message()

    await hugo.send_text("/cancel")
    await hugo.next_message()
    await hugo.send_text("Zeta")
    reply = await hugo.next_message()

    # The one clear match opens its card: the text was a search, not a customer pick.
    assert reply.text == "🏢 Zeta Bâtiment\n📍 Lyon"


async def test_customer_command_mid_site_name_does_not_break_the_next_text(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    async with world.sessions() as session, session.begin():
        await make_customer(session)
    await hugo.send_text("/site")
    await hugo.next_message()
    await hugo.send_text("Dupont")
    await hugo.press(await hugo.next_message(), "Dupont Rénovation · Lyon")
    await hugo.next_message()
    await hugo.send_text("/customer")
    await hugo.next_message()
    await hugo.send_text("/cancel")
    await hugo.next_message()

    reply = await search_answer(hugo)

    assert reply == NOTHING_FOUND
    assert await world.count(Site) == 0


def fail_once(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> None:
    """Make `module.name` raise RuntimeError on its next call only."""
    real = getattr(module, name)
    calls = {"n": 0}

    async def failing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("database went away (test)")
        return await real(*args, **kwargs)

    monkeypatch.setattr(module, name, failing)


async def test_unexpected_failure_shows_one_plain_line(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    fail_once(monkeypatch, search, "find_records")

    await hugo.send_text("Dupont")
    reply = await hugo.next_message()

    assert reply.text == FAILED_FR
    await hugo.expect_silence()


async def test_bot_answers_the_next_message_after_a_failure(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    fail_once(monkeypatch, search, "find_records")
    await hugo.send_text("Dupont")
    await hugo.next_message()

    reply = await search_answer(hugo)

    assert reply == NOTHING_FOUND


async def test_unexpected_failure_is_told_in_the_users_language(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    fail_once(monkeypatch, search, "find_records")

    await hugo.send_text("Dupont")
    reply = await hugo.next_message()

    assert reply.text == FAILED_EN


async def test_unexpected_failure_behind_a_button_is_told_in_an_alert(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    _, found = await two_dupont_results(world, hugo)
    fail_once(monkeypatch, cards, "read_customer")

    query_id = await hugo.press(found, "🏢 Dupont Rénovation · Lyon")
    answer = await hugo.answer_to(query_id)

    assert answer["text"] == FAILED_FR
    assert answer["show_alert"] is True
    await hugo.expect_silence()


async def test_failure_after_a_press_was_answered_is_told_in_the_chat(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    _, found = await two_dupont_results(world, hugo)
    # show() answers the press, then the edit fails: the alert can no longer be given.
    fail_once(monkeypatch, CallbackQuery, "edit_message_text")

    await hugo.press(found, "🏢 Dupont Rénovation · Lyon")
    reply = await hugo.next_message()

    assert reply.text == FAILED_FR
    await hugo.expect_silence()


async def test_city_too_long_for_a_site_is_asked_again_and_keeps_the_answers(world: World) -> None:
    lea = await world.member(2003, "Léa", "field")
    async with world.sessions() as session, session.begin():
        customer_id = await make_customer(session, "Dupont Rénovation")
    await lea.send_text("/help")
    await lea.press_data((await lea.next_message()).message_id, f"cs:{customer_id}")
    await lea.next_message()
    await lea.send_text("Cuisine")
    await lea.next_message()

    await lea.send_text("12 rue X, 75002 " + "Saint-" * 30 + "Paris")
    again = await lea.next_message()
    await lea.send_text("12 rue X, 75002 Paris")
    await lea.press(await lea.next_message(), "Passer")
    created = await lea.next_message()

    assert again.text == ADDRESS_TOO_LONG
    assert (created.text or "").startswith("Chantier créé")
    async with world.sessions() as session:
        site = await session.scalar(select(Site))
    assert site is not None and (site.name, site.city) == ("Cuisine", "Paris")


async def test_a_double_tap_on_skip_skips_one_question_only(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await start_customer_questions(hugo)
    await hugo.send_text("Dupont Rénovation")
    await hugo.press(await hugo.next_message(), "🏢 Entreprise")
    phone_question = await hugo.next_message()

    # Both taps carry the data the button had when it was shown.
    [[(_, skip_data)]] = phone_question.buttons
    await hugo.press_data(phone_question.message_id, skip_data)
    second = await hugo.press_data(phone_question.message_id, skip_data)
    address_question = await hugo.next_message()

    assert (await hugo.answer_to(second))["text"] == STALE_BUTTON
    assert (address_question.text or "").startswith("Adresse ?")
    await hugo.expect_silence()
    assert await world.count(Customer) == 0


async def test_a_card_longer_than_telegram_allows_is_cut_and_still_shown(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    async with world.sessions() as session, session.begin():
        customer_id = await make_customer(session, "Dupont & Fils")
        for n in range(10):
            name = f"{n} " + "&" * 190
            session.add(Contact(customer_id=customer_id, name=name, phone="06 11 22 33 44"))
    await hugo.send_text("/help")

    await hugo.press_data((await hugo.next_message()).message_id, f"c:{customer_id}")
    card = await hugo.next_message()

    assert (card.text or "").startswith("🏢 Dupont & Fils")
    assert (card.text or "").endswith("…")
    assert [label for label, _ in card.buttons[0]] == ["➕ Contact", "➕ Chantier"]


async def test_a_skip_button_of_abandoned_customer_questions_does_not_act_on_a_site(
    world: World,
) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    async with world.sessions() as session, session.begin():
        customer_id = await make_customer(session, "Dupont Rénovation")
    await start_customer_questions(hugo)
    await hugo.send_text("Martin SARL")
    await hugo.press(await hugo.next_message(), "🏢 Entreprise")
    await hugo.next_message()
    await hugo.send_text("06 12 34 56 78")
    old_address_question = await hugo.next_message()
    await hugo.send_text("/cancel")
    await hugo.next_message()
    await hugo.send_text("/help")
    await hugo.press_data((await hugo.next_message()).message_id, f"cs:{customer_id}")
    await hugo.next_message()
    await hugo.send_text("Cuisine")
    await hugo.next_message()

    query_id = await hugo.press(old_address_question, "Passer")

    assert (await hugo.answer_to(query_id))["text"] == STALE_BUTTON
    await hugo.expect_silence()


async def test_a_forged_activation_value_changes_nothing(world: World) -> None:
    admin = await world.admin()
    await world.member(2002, "Hugo", "sales")
    await admin.send_text("/users")
    listing = await admin.next_message()
    async with world.sessions() as session:
        hugo_id = await session.scalar(select(User.id).where(User.telegram_id == 2002))
    before = await stored_state(world)

    query_id = await admin.press_data(listing.message_id, f"ua:{hugo_id}:5")

    assert (await admin.answer_to(query_id))["text"] == STALE_BUTTON
    assert await stored_state(world) == before


async def test_a_card_with_thirty_sites_lists_ten_and_counts_the_rest(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    async with world.sessions() as session, session.begin():
        customer_id = await make_customer(session, "Dupont Rénovation")
        for n in range(30):
            session.add(Site(customer_id=customer_id, name=f"Chantier {n:02d}"))
    await hugo.send_text("/help")

    await hugo.press_data((await hugo.next_message()).message_id, f"c:{customer_id}")
    card = await hugo.next_message()

    assert (card.text or "").count("🏗 Chantier") == 10
    assert (card.text or "").endswith("…et 20 de plus")
