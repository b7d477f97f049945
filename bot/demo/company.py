"""The demo company "Constructio": users of every role, customers, contacts and sites."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.customers import CustomerKind, NewCustomer, add_contact, create_customer
from bot.domain.roles import Role
from bot.domain.sites import NewSite, create_site
from bot.domain.users import find_user, to_actor
from storage.models import User, UserRole


@dataclass(frozen=True)
class DemoUser:
    telegram_id: int
    first_name: str
    last_name: str
    roles: tuple[Role, ...]
    language: str = "fr"


DEMO_USERS = (
    DemoUser(1001, "Claire", "Martin", (Role.ADMIN,)),
    DemoUser(1002, "Hugo", "Bernard", (Role.SALES,)),
    DemoUser(1003, "Léa", "Petit", (Role.FIELD,)),
    DemoUser(1004, "Nadia", "Roux", (Role.SUPPORT,), language="en"),
    DemoUser(1005, "Marc", "Lefèvre", (Role.WAREHOUSE,)),
    DemoUser(1006, "Sophie", "Garnier", (Role.FINANCE,)),
)

COMPANIES = (
    "SARL Dupont Rénovation",
    "Boulangerie Lemaire",
    "SCI Les Tilleuls",
    "Hôtel du Parc",
    "EURL Garage Fontaine",
    "SAS Immobilière Mercier",
    "Crèche Les Petits Pas",
    "Cabinet Dentaire Girard",
    "Mairie de Saint-Aubin",
    "Résidence l'Église",
    "Pharmacie Bonnet",
    "SAS Œnologie Lambert",
    "Restaurant Chez Gaston",
    "Camping Les Pins",
    "Lycée Jean Moulin",
    "SARL Menuiserie Faure",
)
PEOPLE = (
    "Jeanne Moreau",
    "Paul Dupont",
    "Émilie Rousseau",
    "Thomas Blanc",
    "Chloé Fournier",
    "Nicolas Chevalier",
    "Inès Mathieu",
    "Julien Gauthier",
    "Camille Perrin",
    "Lucas Robin",
    "Manon Clément",
    "Antoine Morel",
    "Sarah Masson",
    "Hélène Dupont",
)
FIRST = ("Jean", "Marie", "Pierre", "Anne", "Luc", "Céline", "Olivier", "Isabelle", "Karim")
LAST = ("Martin", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Michel", "Garcia")
STREETS = (
    "rue de la République",
    "avenue Jean Jaurès",
    "rue Victor Hugo",
    "boulevard Pasteur",
    "rue des Écoles",
    "chemin des Vignes",
    "place de l'Église",
    "rue du Moulin",
)
CITIES = (
    ("69003", "Lyon"),
    ("69100", "Villeurbanne"),
    ("38000", "Grenoble"),
    ("42000", "Saint-Étienne"),
    ("01000", "Bourg-en-Bresse"),
    ("73000", "Chambéry"),
)
SITE_NAMES = (
    "Rénovation cuisine",
    "Extension garage",
    "Réfection toiture",
    "Salle de bains",
    "Isolation combles",
    "Ravalement façade",
    "Pose fenêtres",
    "Mise aux normes électriques",
)


def _phone(rng: random.Random) -> str:
    digits = [rng.randint(0, 99) for _ in range(4)]
    return f"0{rng.choice('1467')} " + " ".join(f"{d:02d}" for d in digits)


async def add_demo_users(session: AsyncSession, now: datetime) -> None:
    """Store the demo staff, one user per role."""
    for demo in DEMO_USERS:
        user = User(
            telegram_id=demo.telegram_id,
            name=f"{demo.first_name} {demo.last_name}",
            language=demo.language,
            created_at=now,
        )
        user.roles = [UserRole(role=role) for role in demo.roles]
        session.add(user)
    await session.flush()


async def build_company(session: AsyncSession, now: datetime, *, seed: int = 7) -> int:
    """Fill an empty database with Constructio; return the number of customers made."""
    rng = random.Random(seed)
    await add_demo_users(session, now)
    admin_user = await find_user(session, DEMO_USERS[0].telegram_id)
    assert admin_user is not None  # add_demo_users just stored it
    admin = to_actor(admin_user)

    names = [(n, CustomerKind.COMPANY) for n in COMPANIES]
    names += [(n, CustomerKind.PERSON) for n in PEOPLE]
    for name, kind in names:
        postcode, city = rng.choice(CITIES)
        street = f"{rng.randint(1, 120)} {rng.choice(STREETS)}"
        new = NewCustomer(name, kind, _phone(rng), "", street, postcode, city)
        card = await create_customer(session, admin, new, now=now)
        for _ in range(rng.randint(1, 2) if kind == CustomerKind.COMPANY else 0):
            contact = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            await add_contact(session, admin, card.id, name=contact, phone=_phone(rng), now=now)
        for _ in range(rng.randint(1, 2)):
            site_postcode, site_city = rng.choice(CITIES)
            site = NewSite(
                card.id,
                rng.choice(SITE_NAMES),
                f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                site_postcode,
                site_city,
                round(45.75 + rng.uniform(-0.3, 0.3), 5),
                round(4.85 + rng.uniform(-0.3, 0.3), 5),
            )
            await create_site(session, admin, site, now=now)
    return len(names)
