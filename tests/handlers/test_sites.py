"""/site and a card's ➕ Site button: pick a customer, name, address, location; saved once."""

from __future__ import annotations

from sqlalchemy import select
from telegram import Update

from bot.emulator import BotMessage, EmulatedUser
from storage.models import Site
from tests.factories import make_customer
from tests.handlers.conftest import World

NAME_QUESTION = "Nom du chantier ? Exemple : Rénovation cuisine"
ADDRESS_QUESTION = "Adresse du chantier ? Exemple : 12 rue de la Paix, 75002 Paris"
LOCATION_QUESTION = "Partagez la position du chantier (📎 → Position), ou touchez Passer."
NOT_ALLOWED = "Votre rôle ne permet pas de créer des chantiers."


async def add_customer(world: World, name: str = "Dupont Rénovation") -> int:
    async with world.sessions() as session, session.begin():
        return await make_customer(session, name)


async def sites(world: World) -> list[Site]:
    async with world.sessions() as session:
        return list(await session.scalars(select(Site).order_by(Site.id)))


async def open_card(user: EmulatedUser, search: str = "Dupont") -> BotMessage:
    await user.send_text(search)
    # The only match is clear, so the search opens its card directly.
    return await user.next_message()


async def pick_customer(user: EmulatedUser, typed: str = "dup") -> BotMessage:
    """Run /site up to the name question; return that question."""
    await user.send_text("/site")
    await user.next_message()
    await user.send_text(typed)
    await user.press(await user.next_message(), "Dupont Rénovation · Lyon")
    return await user.next_message()


async def test_site_command_offers_the_matching_customers(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world)
    await add_customer(world, "Martin SARL")
    await hugo.send_text("/site")
    question = await hugo.next_message()

    await hugo.send_text("dup")
    choice = await hugo.next_message()

    assert question.text == "Nouveau chantier. Pour quel client ? Tapez une partie de son nom."
    assert choice.text == "Lequel ?"
    assert [[label for label, _ in row] for row in choice.buttons] == [
        ["Dupont Rénovation · Lyon"]
    ]


async def test_a_customer_found_through_its_site_is_not_labelled_with_the_sites_city(
    world: World,
) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    customer_id = await add_customer(world, "Martin SARL")
    async with world.sessions() as session, session.begin():
        session.add(Site(customer_id=customer_id, name="Entrepôt Vercors", city="Grenoble"))
    await hugo.send_text("/site")
    await hugo.next_message()

    await hugo.send_text("vercors")
    choice = await hugo.next_message()

    assert [[label for label, _ in row] for row in choice.buttons] == [["Martin SARL"]]


async def test_picking_a_customer_asks_for_the_site_name(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world)

    question = await pick_customer(hugo)

    assert question.kind == "edited"
    assert question.text == NAME_QUESTION


async def test_site_with_address_and_location_is_saved_and_shown(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    customer_id = await add_customer(world)
    await pick_customer(hugo)
    await hugo.send_text("Cuisine Martin")
    await hugo.next_message()
    await hugo.send_text("12 rue de la Paix, 69003 Lyon")
    location_question = await hugo.next_message()

    await hugo.send_location(45.764043, 4.835659)
    shown = await hugo.next_message()

    assert location_question.text == LOCATION_QUESTION
    assert shown.text == (
        "Chantier créé.\n\n"
        "🏗 Cuisine Martin\n"
        "🏢 Dupont Rénovation\n"
        "📍 12 rue de la Paix, 69003 Lyon\n"
        "🛰 45.76404, 4.83566"
    )
    assert ("« Client", f"c:{customer_id}") in [b for row in shown.buttons for b in row]
    [site] = await sites(world)
    assert (site.customer_id, site.name, site.address, site.postcode, site.city) == (
        customer_id,
        "Cuisine Martin",
        "12 rue de la Paix",
        "69003",
        "Lyon",
    )
    assert (site.lat, site.lon) == (45.764043, 4.835659)


async def test_address_and_location_can_be_skipped(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world)
    await pick_customer(hugo)
    await hugo.send_text("Toiture")
    address_question = await hugo.next_message()
    await hugo.press(address_question, "Passer")
    location_question = await hugo.next_message()

    await hugo.press(location_question, "Passer")
    shown = await hugo.next_message()

    assert address_question.text == ADDRESS_QUESTION
    assert location_question.text == LOCATION_QUESTION
    assert shown.text == "Chantier créé.\n\n🏗 Toiture\n🏢 Dupont Rénovation"
    [site] = await sites(world)
    assert (site.address, site.postcode, site.city, site.lat, site.lon) == ("", "", "", None, None)


async def test_cards_add_site_button_starts_the_same_questions(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    customer_id = await add_customer(world)
    card = await open_card(hugo)

    await hugo.press(card, "➕ Chantier")
    question = await hugo.next_message()
    await hugo.send_text("Salle de bains")
    await hugo.press(await hugo.next_message(), "Passer")
    await hugo.press(await hugo.next_message(), "Passer")
    shown = await hugo.next_message()

    assert question.text == NAME_QUESTION
    assert shown.text == "Chantier créé.\n\n🏗 Salle de bains\n🏢 Dupont Rénovation"
    [site] = await sites(world)
    assert site.customer_id == customer_id


async def test_new_site_appears_on_the_customer_card(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world)
    await pick_customer(hugo)
    await hugo.send_text("Cuisine Martin")
    await hugo.next_message()
    await hugo.send_text("12 rue de la Paix, 69003 Lyon")
    await hugo.press(await hugo.next_message(), "Passer")
    shown = await hugo.next_message()

    await hugo.press(shown, "« Client")
    card = await hugo.next_message()

    [site] = await sites(world)
    assert "Chantiers en cours :\n🏗 Cuisine Martin Lyon" in (card.text or "")
    assert ("🏗 Cuisine Martin", f"st:{site.id}") in [b for row in card.buttons for b in row]


async def test_field_user_can_create_a_site(world: World) -> None:
    lea = await world.member(2003, "Léa", "field")
    await add_customer(world)
    await pick_customer(lea)
    await lea.send_text("Extension garage")
    await lea.press(await lea.next_message(), "Passer")

    await lea.press(await lea.next_message(), "Passer")
    shown = await lea.next_message()

    assert (shown.text or "").startswith("Chantier créé.")
    assert await world.count(Site) == 1


async def test_warehouse_user_cannot_start_a_site(world: World) -> None:
    marc = await world.member(2005, "Marc", "warehouse")
    await add_customer(world)

    await marc.send_text("/site")
    reply = await marc.next_message()
    await marc.send_text("Dupont")
    search = await marc.next_message()

    assert reply.text == NOT_ALLOWED
    # Searching still works, and opens the card rather than a site question.
    assert search.text == "🏢 Dupont Rénovation\n📍 Lyon"
    assert await world.count(Site) == 0


async def test_warehouse_user_sees_no_add_site_button_and_a_forged_one_is_refused(
    world: World,
) -> None:
    marc = await world.member(2005, "Marc", "warehouse")
    customer_id = await add_customer(world)
    card = await open_card(marc)

    query_id = await marc.press_data(card.message_id, f"cs:{customer_id}")
    answer = await marc.answer_to(query_id)

    assert "➕ Chantier" not in [label for row in card.buttons for label, _ in row]
    assert answer["text"] == "Votre rôle ne permet pas cela."
    assert answer["show_alert"] is True
    await marc.expect_silence()
    assert await world.count(Site) == 0


async def test_too_long_site_name_is_asked_again(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world)
    await pick_customer(hugo)

    await hugo.send_text("C" * 4096)
    reply = await hugo.next_message()

    assert reply.text == "Tapez un nom de 200 caractères au plus."
    await hugo.send_text("Cuisine")
    assert (await hugo.next_message()).text == ADDRESS_QUESTION
    assert await world.count(Site) == 0


async def test_redelivered_location_creates_no_second_site(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world)
    await pick_customer(hugo)
    await hugo.send_text("Cuisine Martin")
    await hugo.press(await hugo.next_message(), "Passer")
    await hugo.next_message()
    last = await hugo.send_location(45.764043, 4.835659)
    await hugo.next_message()

    again = Update.de_json({"update_id": 999_999, "message": last}, world.app.bot)
    await world.app.process_update(again)
    reply = await hugo.next_message()

    assert await world.count(Site) == 1
    assert reply.text == "Pour donner sa position à un chantier, créez-le avec /site."
    await hugo.expect_silence()
