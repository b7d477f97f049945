"""/customer and the customer card, end to end."""

from __future__ import annotations

from sqlalchemy import select
from telegram import Update

from storage.models import Contact, Customer
from tests.handlers.conftest import World


async def test_guided_questions_create_a_customer_with_its_card(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")

    await hugo.send_text("/customer")
    await hugo.next_message()
    await hugo.send_text("Dupont Rénovation")
    await hugo.press(await hugo.next_message(), "🏢 Company")
    await hugo.next_message()
    await hugo.send_text("06 12 34 56 78")
    await hugo.next_message()
    await hugo.send_text("12 rue de la Paix, 69003 Lyon")
    created = await hugo.next_message()
    card = await hugo.next_message()

    assert created.text == "Customer created."
    assert "Dupont Rénovation" in (card.text or "")
    assert "📞 +33 6 12 34 56 78" in (card.text or "")
    assert "12 rue de la Paix, 69003 Lyon" in (card.text or "")
    assert [label for label, _ in card.buttons[0]] == ["➕ Contact", "➕ Site"]


async def test_shared_contact_card_adds_a_contact(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await hugo.send_text("/customer")
    await hugo.next_message()
    await hugo.send_text("Hôtel du Parc")
    await hugo.press(await hugo.next_message(), "👤 Person")
    await hugo.press(await hugo.next_message(), "Skip")
    await hugo.press(await hugo.next_message(), "Skip")
    for _ in range(3):
        await hugo.next_message()

    await hugo.send_contact("+33 6 11 22 33 44", "Jean", "Martin")
    added = await hugo.next_message()
    await hugo.press(added, "Done")
    card = await hugo.next_message()

    assert added.text == "Contact Jean Martin added. Share another, or tap Done."
    assert "Jean Martin +33 6 11 22 33 44" in (card.text or "")
    assert await world.count(Contact) == 1


async def test_html_in_a_customer_name_is_shown_escaped(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")

    await hugo.send_text("/customer")
    await hugo.next_message()
    await hugo.send_text("<b>Bold</b> & Co")
    await hugo.press(await hugo.next_message(), "🏢 Company")
    await hugo.press(await hugo.next_message(), "Skip")
    await hugo.press(await hugo.next_message(), "Skip")
    await hugo.next_message()
    card = await hugo.next_message()

    assert "<b>Bold</b> & Co" in (card.text or "")


async def test_warehouse_user_cannot_create_customers(world: World) -> None:
    marc = await world.member(2005, "Marc", "warehouse", language_code="en")

    await marc.send_text("/customer")
    reply = await marc.next_message()
    await marc.send_text("Dupont")
    search = await marc.next_message()

    assert reply.text == "Your role does not allow creating customers."
    assert search.text == "Nothing found for “Dupont”. Try a street, a city or a phone number."
    assert await world.count(Customer) == 0


async def test_redelivered_last_answer_creates_no_second_customer(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await hugo.send_text("/customer")
    await hugo.next_message()
    await hugo.send_text("Boulangerie Lemaire")
    await hugo.press(await hugo.next_message(), "🏢 Company")
    await hugo.press(await hugo.next_message(), "Skip")
    await hugo.next_message()
    last = await hugo.send_text("3 place de l'Église, 38000 Grenoble")
    await hugo.next_message()
    await hugo.next_message()

    again = Update.de_json({"update_id": 999_999, "message": last}, world.app.bot)
    await world.app.process_update(again)

    assert await world.count(Customer) == 1


async def test_company_or_person_can_be_typed_instead_of_tapped(world: World) -> None:
    nadia = await world.member(2004, "Nadia", "support")
    await nadia.send_text("/customer")
    await nadia.next_message()
    await nadia.send_text("Hélène Dupont")
    await nadia.next_message()

    await nadia.send_text("on verra")
    unclear = await nadia.next_message()
    await nadia.send_text("Particulier")
    asked = await nadia.next_message()
    await nadia.press(asked, "Passer")
    await nadia.press(await nadia.next_message(), "Passer")
    await nadia.next_message()

    assert unclear.text == "Touchez 🏢 Entreprise ou 👤 Particulier ci-dessus."
    assert asked.text == "Numéro de téléphone ?"
    async with world.sessions() as session:
        customer = await session.scalar(select(Customer))
    assert customer is not None and (customer.name, customer.kind) == ("Hélène Dupont", "person")
