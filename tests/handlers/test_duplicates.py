"""The duplicate guard: "Did you mean …?" before a customer or contact the company has."""

from __future__ import annotations

from bot.emulator import EmulatedUser
from storage.models import Contact, Customer
from tests.handlers.conftest import World


async def answer_customer_questions(user: EmulatedUser, name: str, phone: str, address: str):  # type: ignore[no-untyped-def]
    """Answer /customer up to the address; return the bot's next message."""
    await user.send_text("/customer")
    await user.next_message()
    await user.send_text(name)
    await user.press(await user.next_message(), "🏢 Company")
    await user.next_message()
    await user.send_text(phone)
    await user.next_message()
    await user.send_text(address)
    return await user.next_message()


async def test_same_phone_asks_did_you_mean_before_creating(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await answer_customer_questions(hugo, "Dupont Rénovation", "06 12 34 56 78", "Lyon")
    for _ in range(2):
        await hugo.next_message()

    asked = await answer_customer_questions(
        hugo, "Rénovations Rhône", "06.12.34.56.78", "3 rue Neuve, 69002 Lyon"
    )

    assert asked.text == "Did you mean …?"
    assert asked.buttons[0][0][0].startswith("🏢 Dupont Rénovation")
    assert asked.buttons[-1][0][0] == "➕ No, a new customer"
    assert await world.count(Customer) == 1


async def test_near_identical_name_in_the_same_city_asks_first(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await answer_customer_questions(hugo, "Boulangerie Lemaire", "04 78 00 00 01", "69003 Lyon")
    for _ in range(2):
        await hugo.next_message()

    asked = await answer_customer_questions(
        hugo, "Boulangerie Lemaire SARL", "04 78 99 99 99", "12 rue Haute, 69003 Lyon"
    )

    assert asked.text == "Did you mean …?"


async def test_picking_the_existing_customer_opens_it_and_creates_nothing(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await answer_customer_questions(hugo, "Hôtel du Parc", "04 72 00 00 00", "69003 Lyon")
    for _ in range(2):
        await hugo.next_message()
    asked = await answer_customer_questions(hugo, "Hotel du Parc", "04 72 00 00 00", "Lyon")

    await hugo.press(asked, asked.buttons[0][0][0])
    card = await hugo.next_message()

    assert (card.text or "").startswith("🏢 Hôtel du Parc")
    assert await world.count(Customer) == 1


async def test_creating_anyway_makes_a_second_customer(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await answer_customer_questions(hugo, "Garage Fontaine", "04 72 11 11 11", "69003 Lyon")
    for _ in range(2):
        await hugo.next_message()
    asked = await answer_customer_questions(hugo, "Garage Fontaine", "04 72 11 11 11", "Lyon")

    await hugo.press(asked, "➕ No, a new customer")
    created = await hugo.next_message()

    assert created.text == "Customer created."
    assert await world.count(Customer) == 2


async def pharmacy_with_jean_martin(world: World) -> EmulatedUser:
    """Create Pharmacie Bonnet with its contact Jean Martin; return Hugo, still adding contacts."""
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await answer_customer_questions(hugo, "Pharmacie Bonnet", "04 72 22 22 22", "69003 Lyon")
    for _ in range(2):
        await hugo.next_message()
    await hugo.send_contact("+33 6 11 22 33 44", "Jean", "Martin")
    await hugo.next_message()
    return hugo


async def test_contact_with_a_known_phone_is_added_only_when_confirmed(world: World) -> None:
    hugo = await pharmacy_with_jean_martin(world)

    await hugo.send_text("Jeanne Martin 06 11 22 33 44")
    asked = await hugo.next_message()
    await hugo.press(asked, "➕ Add anyway")
    added = await hugo.next_message()

    assert asked.text == "Did you mean …?"
    assert asked.buttons[0][0][0].startswith("👤 Jean Martin · Pharmacie Bonnet")
    assert added.text == "Contact Jeanne Martin added. Share another, or tap Done."
    assert await world.count(Contact) == 2


async def test_picking_the_look_alike_contact_opens_its_card_and_ends_the_questions(
    world: World,
) -> None:
    hugo = await pharmacy_with_jean_martin(world)
    await hugo.send_text("Jeanne Martin 06 11 22 33 44")
    asked = await hugo.next_message()

    await hugo.press(asked, asked.buttons[0][0][0])
    card = await hugo.next_message()
    await hugo.send_text("bonnet")
    searched = await hugo.next_message()

    assert (card.text or "").startswith("🏢 Pharmacie Bonnet")
    assert (searched.text or "").startswith("🏢 Pharmacie Bonnet")
    assert await world.count(Contact) == 1


async def test_typing_done_instead_of_tapping_it_closes_the_contact_questions(
    world: World,
) -> None:
    nadia = await world.member(2004, "Nadia", "support", language_code="en")
    await answer_customer_questions(nadia, "Pharmacie Bonnet", "04 72 22 22 22", "69003 Lyon")
    for _ in range(2):
        await nadia.next_message()

    await nadia.send_text("Done.")
    card = await nadia.next_message()

    assert (card.text or "").startswith("🏢 Pharmacie Bonnet")
    assert await world.count(Contact) == 0
