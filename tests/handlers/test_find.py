"""Search end to end: plain text, /find and inline mode over customers, contacts and sites."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.emulator import BotMessage, EmulatedUser
from storage.models import Contact, Customer, Site
from tests.factories import NOW, make_customer
from tests.handlers.conftest import World

NOTHING_FOUND = (
    "Rien trouvé pour « {text} ». Essayez une rue, une ville ou un numéro de téléphone."
)
TOO_SHORT = "Tapez au moins deux lettres du nom d'un client."
TOO_LONG = "C'est trop long pour une recherche. Tapez une partie du nom."
FIND_USAGE = (
    "Tapez /find et une partie d'un nom, une rue, une ville ou un numéro. "
    "Exemple : /find dupont lyon"
)
MORE = "Plus de résultats »"
DUPONT_CARD = "🏢 Dupont Rénovation\n📍 Lyon"
# What a user may type by mistake or in malice, and the one answer each deserves.
BAD_INPUT = [
    ("/find", FIND_USAGE),
    ("d", TOO_SHORT),
    ("D" * 4000, TOO_LONG),
    ("🚧", TOO_SHORT),
    ("🚧🚧🚧", NOTHING_FOUND.format(text="🚧🚧🚧")),
    ("%", TOO_SHORT),
    ("%%", NOTHING_FOUND.format(text="%%")),
    ("_", TOO_SHORT),
    ("__", NOTHING_FOUND.format(text="__")),
    ("\"''\"", NOTHING_FOUND.format(text="\"''\"")),
    ("<b>", NOTHING_FOUND.format(text="<b>")),
    ("'; DROP TABLE customers; --", NOTHING_FOUND.format(text="'; DROP TABLE customers; --")),
    ("שלום עולם", NOTHING_FOUND.format(text="שלום עולם")),
    ("مرحبا بالعالم", NOTHING_FOUND.format(text="مرحبا بالعالم")),
    ("06 12 AB 56 78", NOTHING_FOUND.format(text="06 12 AB 56 78")),
]
BAD_INPUT_IDS = [
    "empty-find",
    "one-letter",
    "4000-characters",
    "one-emoji",
    "emoji-only",
    "percent",
    "percents",
    "underscore",
    "underscores",
    "quotes",
    "html-tag",
    "sql",
    "hebrew",
    "arabic",
    "phone-with-letters",
]
TOITURE_CITIES = ("Lyon", "Vienne", "Annecy", "Chambéry", "Valence", "Grenoble", "Voiron")


async def add_customer(
    world: World,
    name: str = "Dupont Rénovation",
    *,
    city: str = "Lyon",
    phone: str = "",
    address: str = "",
    postcode: str = "",
) -> int:
    """Store a customer through the bot's sessions, so the index sees it; return its id."""
    async with world.sessions() as session, session.begin():
        return await make_customer(
            session, name, city=city, phone=phone, address=address, postcode=postcode
        )


async def add_contact(world: World, customer_id: int, name: str, phone: str = "") -> int:
    async with world.sessions() as session, session.begin():
        contact = Contact(customer_id=customer_id, name=name, phone=phone, created_at=NOW)
        session.add(contact)
        await session.flush()
        return contact.id


async def add_site(
    world: World, customer_id: int, name: str, *, address: str, postcode: str, city: str
) -> int:
    async with world.sessions() as session, session.begin():
        site = Site(
            customer_id=customer_id,
            name=name,
            address=address,
            postcode=postcode,
            city=city,
            created_at=NOW,
        )
        session.add(site)
        await session.flush()
        return site.id


async def add_toitures(world: World, count: int) -> None:
    """Store `count` customers that all match "toiture" equally well."""
    for city in TOITURE_CITIES[:count]:
        await add_customer(world, f"Toiture {city}", city=city)


def toiture_labels() -> list[str]:
    return [f"🏢 Toiture {city} · {city}" for city in TOITURE_CITIES]


async def search(user: EmulatedUser, text: str) -> BotMessage:
    """Type a text to the bot and return its answer."""
    await user.send_text(text)
    return await user.next_message()


def labels(message: BotMessage) -> list[str]:
    return [label for row in message.buttons for label, _ in row]


async def test_search_finds_customer_despite_typo(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    customer_id = await add_customer(world, "Dupont Rénovation", city="Lyon")
    await add_customer(world, "Boulangerie Lemaire", city="Grenoble")

    reply = await search(hugo, "dupnt")

    assert reply.text == "Résultats pour « dupnt » :"
    assert reply.buttons == [[("🏢 Dupont Rénovation · Lyon", f"c:{customer_id}")]]


async def test_search_finds_name_typed_without_its_accents(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world, "Hélène Girard", city="Annecy")

    reply = await search(hugo, "helene")

    assert reply.text == "🏢 Hélène Girard\n📍 Annecy"


async def test_search_finds_customer_from_the_first_three_letters(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world, "Boulangerie Lemaire", city="Grenoble")
    await add_customer(world, "Dupont Rénovation", city="Lyon")

    reply = await search(hugo, "bou")

    assert reply.text == "Résultats pour « bou » :"
    assert labels(reply) == ["🏢 Boulangerie Lemaire · Grenoble"]


async def test_search_finds_words_typed_in_swapped_order(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world, "Boulangerie Lemaire", city="Grenoble")

    reply = await search(hugo, "lemaire boulangerie")

    assert reply.text == "🏢 Boulangerie Lemaire\n📍 Grenoble"


async def test_search_finds_customer_from_its_street_alone(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world, address="12 rue de la Paix", postcode="69003", city="Lyon")
    await add_customer(world, "Boulangerie Lemaire", city="Grenoble")

    reply = await search(hugo, "paix")

    assert reply.text == "Résultats pour « paix » :"
    assert labels(reply) == ["🏢 Dupont Rénovation · Lyon (rue)"]


async def test_search_by_city_lists_the_customers_there(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world, "Charpente Rey", city="Annecy")
    await add_customer(world, "Hélène Girard", city="Annecy")
    await add_customer(world, "Dupont Rénovation", city="Lyon")

    reply = await search(hugo, "annecy")

    assert reply.text == "Résultats pour « annecy » :"
    assert sorted(labels(reply)) == [
        "🏢 Charpente Rey · Annecy (ville)",
        "🏢 Hélène Girard · Annecy (ville)",
    ]


async def test_search_by_postcode_lists_the_customers_there(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world, "Charpente Rey", postcode="74000", city="Annecy")
    await add_customer(world, "Hélène Girard", postcode="74000", city="Annecy")
    await add_customer(world, "Dupont Rénovation", postcode="69003", city="Lyon")

    reply = await search(hugo, "74000")

    assert reply.text == "Résultats pour « 74000 » :"
    assert sorted(labels(reply)) == [
        "🏢 Charpente Rey · Annecy (code postal)",
        "🏢 Hélène Girard · Annecy (code postal)",
    ]


@pytest.mark.parametrize(
    "typed",
    ["0476112233", "04.76.11.22.33", "04 76 11 22 33", "+33 4 76 11 22 33", "+33476112233"],
)
async def test_phone_number_finds_its_customer_however_it_is_typed(
    world: World, typed: str
) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world, "Boulangerie Lemaire", city="Grenoble", phone="04 76 11 22 33")
    await add_customer(world, "Dupont Rénovation", city="Lyon", phone="06 12 34 56 78")

    reply = await search(hugo, typed)

    assert reply.text == "🏢 Boulangerie Lemaire\n📞 +33 4 76 11 22 33\n📍 Grenoble"


async def test_card_shows_a_national_phone_in_international_form(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world, "Dupont Rénovation", city="Lyon", phone="06.12.34.56.78")

    card = await search(hugo, "dupont")

    assert card.text == "🏢 Dupont Rénovation\n📞 +33 6 12 34 56 78\n📍 Lyon"


async def test_contact_name_opens_its_customers_card(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    customer_id = await add_customer(world, "Boulangerie Lemaire", city="Grenoble")
    await add_contact(world, customer_id, "Sophie Marchand", "06 98 76 54 32")

    reply = await search(hugo, "sophie marchand")

    assert reply.text == (
        "🏢 Boulangerie Lemaire\n📍 Grenoble\n\nContacts :\n• Sophie Marchand +33 6 98 76 54 32"
    )


async def test_contact_in_a_result_list_names_its_customer(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    lemaire = await add_customer(world, "Boulangerie Lemaire", city="Grenoble")
    await add_contact(world, lemaire, "Sophie Marchand")
    morel = await add_customer(world, "Sophie Morel", city="Lyon")

    reply = await search(hugo, "sophie")

    assert sorted(button for row in reply.buttons for button in row) == [
        ("🏢 Sophie Morel · Lyon", f"c:{morel}"),
        ("👤 Sophie Marchand · Boulangerie Lemaire · Grenoble", f"c:{lemaire}"),
    ]


async def test_clear_site_match_opens_the_site_card(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    lemaire = await add_customer(world, "Boulangerie Lemaire", city="Grenoble")
    await add_site(
        world,
        lemaire,
        "Extension garage",
        address="3 impasse des Lilas",
        postcode="38100",
        city="Grenoble",
    )

    reply = await search(hugo, "extension garage")

    assert reply.text == (
        "🏗 Extension garage\n🏢 Boulangerie Lemaire\n📍 3 impasse des Lilas, 38100 Grenoble"
    )


async def test_site_in_a_result_list_names_its_customer(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    lemaire = await add_customer(world, "Boulangerie Lemaire", city="Grenoble")
    site_id = await add_site(
        world, lemaire, "Extension garage", address="", postcode="", city="Voiron"
    )
    moreau = await add_customer(world, "Garage Moreau", city="Lyon")

    reply = await search(hugo, "garage")

    assert sorted(button for row in reply.buttons for button in row) == [
        ("🏗 Extension garage · Boulangerie Lemaire · Voiron", f"st:{site_id}"),
        ("🏢 Garage Moreau · Lyon", f"c:{moreau}"),
    ]


async def test_two_martins_in_different_cities_are_told_apart_by_their_labels(
    world: World,
) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    lyon = await add_customer(world, "Jean Martin", city="Lyon")
    grenoble = await add_customer(world, "Jean Martin", city="Grenoble")

    reply = await search(hugo, "martin")

    assert reply.text == "Résultats pour « martin » :"
    assert sorted(button for row in reply.buttons for button in row) == [
        ("🏢 Jean Martin · Grenoble", f"c:{grenoble}"),
        ("🏢 Jean Martin · Lyon", f"c:{lyon}"),
    ]


async def test_long_result_list_shows_five_and_a_more_button(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_toitures(world, 7)

    reply = await search(hugo, "toiture")

    assert len(reply.buttons) == 6
    assert len(set(labels(reply)[:5])) == 5
    assert set(labels(reply)[:5]) <= set(toiture_labels())
    assert reply.buttons[-1] == [(MORE, "fm:1")]


@pytest.mark.parametrize("data", ["fm:0", "fm:2", "fm:999999999"])
async def test_more_button_for_a_page_that_is_not_there_is_stale(world: World, data: str) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_toitures(world, 7)
    first = await search(hugo, "toiture")

    query_id = await hugo.press_data(first.message_id, data)

    assert (await hugo.answer_to(query_id))["text"] == "Ce bouton n'est plus valable."
    await hugo.expect_silence()


async def test_more_results_after_some_shown_were_deleted_still_shows_every_other_match(
    world: World,
) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_toitures(world, 7)
    first = await search(hugo, "toiture")
    async with world.sessions() as session, session.begin():
        for label in labels(first)[:2]:
            name = label.removeprefix("🏢 ").split(" · ")[0]
            # Through the ORM, as the bot deletes: the search index follows.
            await session.delete(
                await session.scalar(select(Customer).where(Customer.name == name))
            )

    await hugo.press(first, MORE)
    second = await hugo.next_message()

    assert sorted(labels(first)[:5] + labels(second)) == sorted(toiture_labels())


async def test_more_results_button_shows_the_rest_in_place(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_toitures(world, 7)
    first = await search(hugo, "toiture")

    await hugo.press(first, MORE)
    second = await hugo.next_message()

    assert second.kind == "edited"
    assert second.message_id == first.message_id
    assert second.text == "Résultats pour « toiture » :"
    assert MORE not in labels(second)
    assert sorted(labels(first)[:5] + labels(second)) == sorted(toiture_labels())


async def test_more_button_of_an_older_list_pages_its_own_search(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_toitures(world, 7)
    await add_customer(world, "Dupont Rénovation", city="Lyon")
    first = await search(hugo, "toiture")
    await search(hugo, "dupont")

    await hugo.press(first, MORE)
    second = await hugo.next_message()

    assert second.text == "Résultats pour « toiture » :"


async def test_results_are_worded_in_the_users_language(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await add_toitures(world, 6)

    reply = await search(hugo, "toiture")

    assert reply.text == "Results for “toiture”:"
    assert reply.buttons[-1] == [("More results »", "fm:1")]


async def test_single_clear_match_opens_its_card_directly(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world, "Dupont Rénovation", city="Lyon")
    await add_customer(world, "Boulangerie Lemaire", city="Grenoble")

    reply = await search(hugo, "dupont")

    assert reply.text == DUPONT_CARD
    assert "➕ Contact" in labels(reply)


async def test_nothing_found_offers_close_spellings(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world, "Boulangerie Lemaire", city="Grenoble")

    reply = await search(hugo, "boulengery")

    assert reply.text == "Rien trouvé pour « boulengery ». Vouliez-vous dire :"
    assert reply.buttons == [[("🔎 Boulangerie", "fw:0")]]


async def test_suggested_spelling_searches_again_when_pressed(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world, "Boulangerie Lemaire", city="Grenoble")
    suggestion = await search(hugo, "boulengery")

    await hugo.press(suggestion, "🔎 Boulangerie")
    reply = await hugo.next_message()

    assert reply.text == "🏢 Boulangerie Lemaire\n📍 Grenoble"


async def test_suggestion_button_of_an_older_message_searches_its_own_word(
    world: World,
) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world, "Boulangerie Lemaire", city="Grenoble")
    await add_customer(world, "Dupont Rénovation", city="Lyon")
    first = await search(hugo, "boulengery")
    await search(hugo, "doupand")

    await hugo.press(first, "🔎 Boulangerie")
    reply = await hugo.next_message()

    assert reply.text == "🏢 Boulangerie Lemaire\n📍 Grenoble"


async def test_nothing_found_without_close_spellings_suggests_other_fields(
    world: World,
) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world)

    reply = await search(hugo, "zzzz")

    assert reply.text == NOTHING_FOUND.format(text="zzzz")
    assert reply.buttons == []


async def test_find_command_searches_the_words_after_it(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    lyon = await add_customer(world, "Dupont Rénovation", city="Lyon")
    grenoble = await add_customer(world, "Dupont Toiture", city="Grenoble")

    reply = await search(hugo, "/find dupont")

    assert reply.text == "Résultats pour « dupont » :"
    assert sorted(button for row in reply.buttons for button in row) == [
        ("🏢 Dupont Rénovation · Lyon", f"c:{lyon}"),
        ("🏢 Dupont Toiture · Grenoble", f"c:{grenoble}"),
    ]


async def test_find_command_alone_explains_its_use(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")

    reply = await search(hugo, "/find")

    assert reply.text == FIND_USAGE


async def test_customer_made_with_the_customer_command_is_found_by_the_next_message(
    world: World,
) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await hugo.send_text("/customer")
    await hugo.next_message()
    await hugo.send_text("Menuiserie Vasseur")
    await hugo.press(await hugo.next_message(), "🏢 Entreprise")
    await hugo.press(await hugo.next_message(), "Passer")
    await hugo.next_message()
    await hugo.send_text("5 rue Victor Hugo, 38000 Grenoble")
    await hugo.next_message()
    await hugo.next_message()
    await hugo.press(await hugo.next_message(), "Terminé")
    await hugo.next_message()

    reply = await search(hugo, "vasseur")

    assert reply.text == "🏢 Menuiserie Vasseur\n📍 5 rue Victor Hugo, 38000 Grenoble"


async def rename_customer(world: World, customer_id: int, name: str) -> None:
    async with world.sessions() as session:
        customer = await session.get(Customer, customer_id)
        assert customer is not None
        customer.name = name
        await session.commit()


async def test_renamed_customer_is_found_by_its_new_name(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    customer_id = await add_customer(world, "Hôtel du Parc", city="Annecy")
    await rename_customer(world, customer_id, "Hôtel Bellevue")

    reply = await search(hugo, "bellevue")

    assert reply.text == "🏢 Hôtel Bellevue\n📍 Annecy"


async def test_renamed_customer_is_no_longer_found_by_its_old_name(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    customer_id = await add_customer(world, "Hôtel du Parc", city="Annecy")
    await rename_customer(world, customer_id, "Hôtel Bellevue")

    reply = await search(hugo, "parc")

    assert reply.text == NOTHING_FOUND.format(text="parc")


async def test_deleted_customer_is_no_longer_found(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    customer_id = await add_customer(world, "Dupont Rénovation", city="Lyon")
    async with world.sessions() as session:
        await session.delete(await session.get(Customer, customer_id))
        await session.commit()

    reply = await search(hugo, "dupont")

    assert reply.text == NOTHING_FOUND.format(text="dupont")


async def test_name_of_a_deleted_customer_is_not_suggested(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    customer_id = await add_customer(world, "Dupont Rénovation", city="Lyon")
    async with world.sessions() as session:
        await session.delete(await session.get(Customer, customer_id))
        await session.commit()

    reply = await search(hugo, "dupnt")

    assert reply.text == NOTHING_FOUND.format(text="dupnt")


async def test_inline_query_answers_with_matching_articles(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world, "Dupont Rénovation", city="Lyon")
    await add_customer(world, "Boulangerie Lemaire", city="Grenoble")

    answer = await hugo.inline_query("dupont")

    assert [(r["type"], r["title"], r["description"]) for r in answer.results] == [
        ("article", "🏢 Dupont Rénovation", "Lyon")
    ]
    assert answer.results[0]["input_message_content"]["message_text"] == (
        "<b>Dupont Rénovation</b>\nLyon"
    )


async def test_inline_answer_is_personal_and_cached_only_briefly(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world)

    answer = await hugo.inline_query("dupont")

    assert answer.is_personal is True
    # What a user may see is theirs alone: a shared or long-lived cache would leak it.
    assert 0 <= answer.cache_time <= 10


async def test_inline_query_from_an_unknown_user_gets_an_empty_answer(world: World) -> None:
    await add_customer(world)
    stranger = world.user(5555, "Eve")

    answer = await stranger.inline_query("dupont")

    assert answer.results == []
    assert answer.is_personal is True


@pytest.mark.parametrize(("typed", "expected"), BAD_INPUT, ids=BAD_INPUT_IDS)
async def test_bad_search_input_gets_one_clear_answer(
    world: World, typed: str, expected: str
) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world)

    reply = await search(hugo, typed)

    assert reply.text == expected
    # No second message, such as the "Désolé, cela a échoué" line, follows the answer.
    await hugo.expect_silence()


@pytest.mark.parametrize("typed", [typed for typed, _ in BAD_INPUT], ids=BAD_INPUT_IDS)
async def test_bot_still_finds_customers_after_bad_search_input(world: World, typed: str) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world)
    await search(hugo, typed)

    reply = await search(hugo, "dupont")

    assert reply.text == DUPONT_CARD


async def test_quotes_around_a_name_still_find_the_customer(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world)

    reply = await search(hugo, "« Dupont »")

    assert reply.text == DUPONT_CARD


async def test_markup_typed_in_a_search_is_escaped_in_the_answer(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")

    reply = await search(hugo, "<i>zeta</i> & co")

    assert reply.html == (
        "Rien trouvé pour « &lt;i&gt;zeta&lt;/i&gt; &amp; co ». "
        "Essayez une rue, une ville ou un numéro de téléphone."
    )


async def test_html_in_names_is_shown_as_typed_on_result_buttons(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world, "<b>Bold</b> & Co", city="Lyon")
    await add_customer(world, "<b>Bold</b> & Fils", city="Grenoble")

    reply = await search(hugo, "bold")

    assert sorted(labels(reply)) == [
        "🏢 <b>Bold</b> & Co · Lyon",
        "🏢 <b>Bold</b> & Fils · Grenoble",
    ]


async def test_html_in_a_name_is_escaped_on_its_card(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world, "<b>Bold</b> & Co", city="Lyon")

    card = await search(hugo, "bold co")

    assert card.html == "🏢 <b>&lt;b&gt;Bold&lt;/b&gt; &amp; Co</b>\n📍 Lyon"
    assert card.text == "🏢 <b>Bold</b> & Co\n📍 Lyon"


async def test_html_in_a_name_is_escaped_in_the_inline_article(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world, "<b>Bold</b> & Co", city="Lyon")

    answer = await hugo.inline_query("bold")

    assert answer.results[0]["title"] == "🏢 <b>Bold</b> & Co"
    assert answer.results[0]["input_message_content"] == {
        "message_text": "<b>&lt;b&gt;Bold&lt;/b&gt; &amp; Co</b>\nLyon",
        "parse_mode": "HTML",
    }


async def test_site_customer_picker_finds_customer_despite_typo(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    customer_id = await add_customer(world, "Dupont Rénovation", city="Lyon")
    await hugo.send_text("/site")
    await hugo.next_message()

    reply = await search(hugo, "dupnt")

    assert reply.text == "Lequel ?"
    assert reply.buttons == [[("Dupont Rénovation · Lyon", f"sc:{customer_id}")]]


async def test_inline_answers_page_with_telegrams_offset(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    for n in range(25):
        await add_customer(world, f"Toiture {n:02d}", city="Lyon")

    first = await hugo.inline_query("toiture")
    second = await hugo.inline_query("toiture", offset=first.next_offset)
    third = await hugo.inline_query("toiture", offset=second.next_offset)

    titles = [r["title"] for answer in (first, second, third) for r in answer.results]
    assert (first.next_offset, second.next_offset, third.next_offset) == ("10", "20", "")
    assert sorted(titles) == [f"🏢 Toiture {n:02d}" for n in range(25)]


@pytest.mark.parametrize("offset", ["x", "-5", "999", "²"])
async def test_an_inline_offset_that_no_answer_gave_starts_from_the_top(
    world: World, offset: str
) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    await add_customer(world, "Dupont Rénovation", city="Lyon")

    answer = await hugo.inline_query("dupont", offset=offset)

    assert [r["title"] for r in answer.results] == ["🏢 Dupont Rénovation"]
