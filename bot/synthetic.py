"""Reproducible synthetic French customers, contacts and sites, for benchmarks and demos."""

from __future__ import annotations

import logging
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.search.normalize import LEGAL_FORMS, normalize_text
from storage.models import Contact, Customer, Site

logger = logging.getLogger(__name__)

CHUNK_CUSTOMERS = 5_000
# Dates count back from a fixed day, so a seed gives the same rows whenever it runs.
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
HISTORY_DAYS = 5 * 365
VOWELS = "aeiouyéèê"


def _listed(text: str) -> list[str]:
    """Split a word list: on "|" when it holds one (for entries with spaces), else on spaces."""
    return [option.strip() for option in text.split("|" if "|" in text else None)]


COMMON_SURNAMES = _listed("""Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau
Laurent Simon Michel Lefèvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont
Lambert Fontaine Rousseau Vincent Muller Faure André Mercier Blanc Guérin Boyer Garnier
Chevalier François Legrand Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel
Mathieu Masson Marchand Duval Denis Dumont Lemaire Noël Meyer Dufour Meunier Brun Blanchard
Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard Roche Renard Schmitt
Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier
Philippe Bourgeois Pierre Benoît Rey Leclerc Payet Rolland Leclercq Guillaume Lecomte Lopez
Dupuy Guillot Hubert Berger Carpentier Sanchez Dupuis Moulin Louis Deschamps Huet Vasseur
Perez Boucher Fleury Royer Klein Jacquet Adam Poirier Marty Aubry Guyot Carré Charles Renault
Charpentier Ménard Maillard Baron Bertin Bailly Hervé Schneider Fernandez Collet Léger Bouvier
Julien Prévost Millet Perrot Daniel Cousin Germain Breton Besson Langlois Rémy Pelletier
Lévêque Perrier Leblanc Barré Lebrun Marchal Weber Mallet Hamon Boulanger Jacob Monnier
Michaud Rodriguez Guichard Gillet Étienne Grondin Poulain Tessier Chevallier Collin Chauvin
Bouchet Gay Lemaître Bénard Maréchal Humbert Reynaud Antoine Hoarau Perret Barthélemy Cordier
Pichon Lejeune Gilbert Lamy Delaunay Pasquier Carlier Laporte""")
SURNAME_STARTS = _listed("""Ber Cha Dela Fon Gau Lam Mar Pel Rou Vil Bou Cour Fer Mon Ros Tes
Van Gir Lac Per Bes Cal Dau Gra Jou Lan Mau Pra Sau Thi Bré Cro Dur Fav Hu Lav Mer Pou Ray Tru""")
SURNAME_MIDDLES = ["", "", "an", "er", "ou", "el", "il", "ar", "on", "eu", "al", "ri"]
SURNAME_ENDS = _listed("""ard ier et on ot aud ault elle in ain eau ois ac y ère ant eux erie and
at illon ineau ouin as ès ol ust""")
FIRST_NAMES = _listed("""Jean Marie Pierre Michel André Philippe Nathalie Isabelle Sylvie
Catherine Françoise Alain Patrick Nicolas Christophe Sophie Christine Stéphane Valérie Sandrine
Laurent Frédéric Éric David Julien Olivier Céline Thomas Camille Léa Manon Chloé Emma Hugo Lucas
Louis Gabriel Arthur Jules Léo Raphaël Inès Sarah Laura Julie Anne Hélène Agnès Brigitte Chantal
Bernard Daniel Gérard Jacques Joël Mathieu Antoine Maxime Romain Sébastien Aurélie Élodie Émilie
Mélanie Virginie Pascale Noémie Benoît Cédric Damien Jérôme Grégory Thierry Yves Denise Colette
Gisèle Josiane Régis Hervé Gaëlle Maëlle Anaïs Zoé Théo Noah Enzo Clément""")
TRADES = _listed("""Plomberie Électricité Maçonnerie Menuiserie Couverture Charpente Peinture
Carrelage Chauffage Terrassement Isolation Serrurerie Paysage Bâtiment Rénovation Habitat
Construction Immobilier Façades Étanchéité Climatisation Agencement Métallerie""")
PLACES = _listed("""du Lac|du Moulin|du Centre|du Val|du Littoral|du Sud|de l'Ouest|des Alpes
|du Rhône|de la Vallée|des Collines|du Plateau|de la Côte|des Trois Rivières|de l'Étang""")
RESIDENCES = _listed("""Les Tilleuls|Les Acacias|Le Clos Fleuri|Les Jardins d'Éole|Le Parc
|Le Belvédère|Les Marronniers|La Roseraie|Les Terrasses|Les Cèdres|L'Orangerie|Les Glycines
|Les Hauts de Ville|Le Moulin Neuf|La Pinède""")
STREET_TYPES = ["rue"] * 10 + _listed("avenue avenue boulevard chemin chemin impasse allée place")
STREET_NAMES = _listed("""de la République|Victor Hugo|Jean Jaurès|Pasteur|Gambetta|de l'Église
|des Lilas|du Moulin|de la Gare|des Écoles|du Général de Gaulle|Voltaire|Jean Moulin|de la Paix
|Nationale|des Tilleuls|des Acacias|du Stade|de Verdun|Carnot|Émile Zola|de la Liberté|du Château
|des Roses|Saint-Martin|de Paris|du Port|des Vignes|du Lavoir|de la Fontaine|des Prés|du Bois
|de la Mairie|Marcel Pagnol|Anatole France|Paul Bert|Jules Ferry|Georges Clemenceau|Foch|Lamartine
|Molière|Alsace-Lorraine|Henri IV|du 8 Mai 1945|du 11 Novembre|Édouard Herriot|des Cerisiers
|du Parc|des Peupliers|de la Forêt|des Platanes|du Commerce|de l'Industrie|des Artisans|Racine
|de la Croix|Sainte-Anne|des Jardins|de la Source|des Champs|du Pont|des Mésanges|du Marché
|de Bretagne|de Provence|des Pyrénées|Condorcet|Denis Papin|Albert Camus|Louis Blériot|Ampère
|des Frères Lumière|de la Résistance|du Maréchal Leclerc|Pierre Curie|de Strasbourg|des Bleuets""")
CITIES = _listed("""69001 Lyon|69003 Lyon|69006 Lyon|69007 Lyon|69100 Villeurbanne|69500 Bron
|69200 Vénissieux|69300 Caluire-et-Cuire|69120 Vaulx-en-Velin|69800 Saint-Priest|69600 Oullins
|69400 Villefranche-sur-Saône|69130 Écully|69140 Rillieux-la-Pape|69150 Décines-Charpieu
|69230 Saint-Genis-Laval|69110 Sainte-Foy-lès-Lyon|69570 Dardilly|69700 Givors|69330 Meyzieu
|38000 Grenoble|38200 Vienne|38300 Bourgoin-Jallieu|38090 Villefontaine|01000 Bourg-en-Bresse
|42000 Saint-Étienne|42300 Roanne|73000 Chambéry|74000 Annecy|26000 Valence|01700 Miribel
|38400 Saint-Martin-d'Hères|75011 Paris|75015 Paris|75017 Paris|92100 Boulogne-Billancourt
|13001 Marseille|13008 Marseille|31000 Toulouse|06000 Nice|44000 Nantes|67000 Strasbourg
|34000 Montpellier|33000 Bordeaux|59000 Lille|35000 Rennes|51100 Reims|83000 Toulon|21000 Dijon
|76600 Le Havre|38100 Grenoble|49000 Angers|37000 Tours|63000 Clermont-Ferrand|84000 Avignon
|71100 Chalon-sur-Saône|03100 Montluçon|43000 Le Puy-en-Velay|07200 Aubenas|30000 Nîmes""")
ROLES = _listed("Gérant|Gérante|Comptable|Conducteur de travaux|Assistante|Directeur|Syndic|")
PROVIDERS = _listed("gmail.com orange.fr free.fr wanadoo.fr laposte.net hotmail.fr sfr.fr")
LEGAL_SUFFIXES = ["SARL"] * 5 + ["SAS"] * 4 + _listed("SASU EURL SA SNC EI EIRL S.A.R.L.")
WORKS = _listed("""Rénovation|Extension|Construction|Réfection|Ravalement|Mise aux normes
|Aménagement|Démolition|Isolation|Réparation|Entretien""")
OBJECTS = _listed("""maison|appartement|cuisine|salle de bain|toiture|façade|garage|bureaux
|entrepôt|local commercial|combles|terrasse|piscine|véranda|cage d'escalier|parking""")
PHONE_FORMATS = _listed("""0{0} {1} {2} {3} {4}|0{0}{1}{2}{3}{4}|0{0}.{1}.{2}.{3}.{4}
|+33 {0} {1} {2} {3} {4}|+33{0}{1}{2}{3}{4}|0033 {0} {1} {2} {3} {4}|0{0}-{1}-{2}-{3}-{4}
|+33 (0){0} {1} {2} {3} {4}""")


@dataclass
class Rows:
    """Rows for bulk inserts; contacts and sites point at their customer's list position."""

    customers: list[dict[str, Any]] = field(default_factory=list)
    contacts: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    sites: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


@dataclass(frozen=True)
class SeedReport:
    """How many rows seed() wrote."""

    customers: int
    contacts: int
    sites: int


class Generator:
    """Draw French-looking records from one random seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        starts, middles, ends = SURNAME_STARTS, SURNAME_MIDDLES, SURNAME_ENDS
        parts = [(s, m, e) for s in starts for m in middles for e in ends]
        made_up = sorted({s + m + e for s, m, e in parts if _pronounceable(s, m, e)})
        # Common surnames are drawn more often, as in a real customer file.
        self.surnames = COMMON_SURNAMES * 4 + made_up

    def surname(self) -> str:
        """Return a family name: a common one, or one made of syllables."""
        return self.rng.choice(self.surnames)

    def person(self) -> tuple[str, str]:
        """Return a first name and a family name."""
        return self.rng.choice(FIRST_NAMES), self.surname()

    def company(self) -> str:
        """Return a company name, with its legal form before, after, or left out."""
        rng, surname, trade = self.rng, self.surname(), self.rng.choice(TRADES)
        forms = [f"{surname} {trade}", f"{trade} {surname}", f"{surname} et Fils"]
        forms += [f"{surname} & {self.surname()}", f"{trade} {rng.choice(PLACES)}"]
        name = rng.choice([*forms, f"{trade} {rng.choice(FIRST_NAMES)} {surname}"])
        roll = rng.random()
        if roll < 0.1:
            return f"Ets {name}"
        if roll < 0.3:
            return f"{rng.choice(LEGAL_SUFFIXES)} {name}"
        return f"{name} {rng.choice(LEGAL_SUFFIXES)}" if roll < 0.8 else name

    def customer_name(self) -> tuple[str, str]:
        """Return a customer's name and kind: companies, people, property owners."""
        roll = self.rng.random()
        if roll < 0.5:
            return self.company(), "company"
        if roll < 0.58:
            return f"SCI {self.rng.choice(RESIDENCES)}", "company"
        if roll < 0.62:
            return f"Copropriété {self.rng.choice(RESIDENCES)}", "company"
        first, last = self.person()
        return (f"{first} {last}" if roll < 0.95 else f"M. et Mme {last}"), "person"

    def address(self) -> tuple[str, str, str]:
        """Return a street with its number, a postcode and a city."""
        rng = self.rng
        name = rng.choice(STREET_NAMES)
        if rng.random() < 0.25:
            name = " ".join(self.person())
        number = str(rng.randint(1, 180)) + (" bis" if rng.random() < 0.04 else "")
        postcode, city = rng.choice(CITIES).strip().split(" ", 1)
        return f"{number} {rng.choice(STREET_TYPES)} {name}", postcode, city

    def phone(self) -> str:
        """Return a French number in one of the ways people write them."""
        rng = self.rng
        lead = rng.choice("67") if rng.random() < 0.6 else rng.choice("123459")
        pairs = [f"{rng.randint(0, 99):02d}" for _ in range(4)]
        return rng.choice(PHONE_FORMATS).strip().format(lead, *pairs)

    def email(self, first: str, last: str) -> str:
        """Return a personal e-mail address at a French provider."""
        rng, first, last = self.rng, _slug(first), _slug(last)
        local = rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{last}.{first}"])
        if rng.random() < 0.3:
            local += str(rng.randint(1, 99))
        return f"{local}@{rng.choice(PROVIDERS)}"

    def when(self) -> tuple[datetime, datetime]:
        """Return a creation time over five years and a later update time."""
        created = EPOCH - timedelta(seconds=self.rng.randint(0, HISTORY_DAYS * 86400))
        return created, created + timedelta(seconds=self.rng.randint(0, 400 * 86400))


def _pronounceable(start: str, middle: str, end: str) -> bool:
    """Refuse made-up names where two vowels meet between syllables ("Mauouerie")."""
    parts = [part for part in (start, middle, end) if part]
    return not any(a[-1] in VOWELS and b[0] in VOWELS for a, b in pairwise(parts))


def _slug(text: str) -> str:
    return "-".join(w for w in normalize_text(text).split() if w not in LEGAL_FORMS)


def generate(generator: Generator, customers: int) -> Iterator[Rows]:
    """Yield rows for `customers` customers, a chunk at a time."""
    for start in range(0, customers, CHUNK_CUSTOMERS):
        rows = Rows()
        for position in range(min(CHUNK_CUSTOMERS, customers - start)):
            customer = _customer_row(generator)
            rows.customers.append(customer)
            rows.contacts += [(position, row) for row in _contact_rows(generator, customer)]
            rows.sites += [(position, row) for row in _site_rows(generator, customer)]
        yield rows


def _customer_row(generator: Generator) -> dict[str, Any]:
    rng = generator.rng
    name, kind = generator.customer_name()
    street, postcode, city = generator.address()
    created, updated = generator.when()
    words = name.split()
    email = generator.email(words[0], words[-1]) if kind == "person" else _company_email(rng, name)
    return {
        "name": name,
        "kind": kind,
        "phone": generator.phone() if rng.random() < 0.9 else "",
        "email": email if rng.random() < 0.8 else "",
        "address": street,
        "postcode": postcode,
        "city": city,
        "created_at": created,
        "updated_at": updated,
    }


def _company_email(rng: random.Random, name: str) -> str:
    slug = _slug(name)
    return rng.choice([f"contact@{slug}.fr", f"{slug}@orange.fr", f"info@{slug}.com"])


def _contact_rows(generator: Generator, customer: dict[str, Any]) -> list[dict[str, Any]]:
    rng = generator.rng
    weights = (10, 50, 30, 10) if customer["kind"] == "company" else (80, 20, 0, 0)
    rows = []
    for _ in range(rng.choices(range(4), weights)[0]):
        first, last = generator.person()
        phone = customer["phone"] if rng.random() < 0.1 else generator.phone()
        rows.append(
            {
                "name": f"{first} {last}",
                "role": rng.choice(ROLES),
                "phone": phone if rng.random() < 0.85 else "",
                "email": generator.email(first, last) if rng.random() < 0.7 else "",
                "created_at": customer["created_at"],
            }
        )
    return rows


def _site_rows(generator: Generator, customer: dict[str, Any]) -> list[dict[str, Any]]:
    rng = generator.rng
    rows = []
    for _ in range(rng.choices((1, 2, 3), (60, 28, 12))[0]):
        # A private person's first site is often the home itself.
        at_home = customer["kind"] == "person" and not rows and rng.random() < 0.6
        home = customer["address"], customer["postcode"], customer["city"]
        street, postcode, city = home if at_home else generator.address()
        name = f"{rng.choice(WORKS)} {rng.choice(OBJECTS)}"
        if customer["kind"] == "person" and rng.random() < 0.3:
            name += f" {customer['name'].split()[-1]}"
        rows.append(
            {
                "name": name,
                "address": street,
                "postcode": postcode,
                "city": city,
                "status": rng.choice(("open", "open", "open", "done")),
                "created_at": customer["created_at"],
            }
        )
    return rows


async def seed(engine: AsyncEngine, customers: int, seed: int = 1) -> SeedReport:
    """Write `customers` synthetic customers with 1 to 3 sites and 0 to 3 contacts each.

    The same seed writes the same rows; the database numbers them after those already there.
    """
    counts = [0, 0, 0]
    async with engine.begin() as connection:
        for rows in generate(Generator(seed), customers):
            ids = await _insert_customers(connection, rows.customers)
            contacts = [row | {"customer_id": ids[at]} for at, row in rows.contacts]
            sites = [row | {"customer_id": ids[at]} for at, row in rows.sites]
            for table, chunk in ((Contact, contacts), (Site, sites)):
                if chunk:
                    await connection.execute(insert(table), chunk)
            counts = [counts[0] + len(ids), counts[1] + len(contacts), counts[2] + len(sites)]
    logger.info("seeded %s customers, %s contacts, %s sites", *counts)
    return SeedReport(*counts)


async def _insert_customers(connection: AsyncConnection, rows: list[dict[str, Any]]) -> list[int]:
    """Insert customers in bulk and return their new ids, in the order of the rows."""
    statement = insert(Customer).returning(Customer.id, sort_by_parameter_order=True)
    result = await connection.execute(statement, rows)
    return list(result.scalars())
