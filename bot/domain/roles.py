"""Roles and what each may do. Every permission check in the bot goes through here."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.domain.errors import NotAllowed


class Role(StrEnum):
    SALES = "sales"
    FIELD = "field"
    SUPPORT = "support"
    WAREHOUSE = "warehouse"
    FINANCE = "finance"
    ADMIN = "admin"


class Permission(StrEnum):
    READ_CUSTOMERS = "read_customers"
    CREATE_CUSTOMERS = "create_customers"
    CREATE_SITES = "create_sites"
    MANAGE_USERS = "manage_users"


ALL_ROLES = frozenset(Role)

GRANTS: dict[Permission, frozenset[Role]] = {
    Permission.READ_CUSTOMERS: ALL_ROLES,
    Permission.CREATE_CUSTOMERS: frozenset({Role.SALES, Role.SUPPORT, Role.ADMIN}),
    Permission.CREATE_SITES: frozenset({Role.SALES, Role.SUPPORT, Role.FIELD, Role.ADMIN}),
    Permission.MANAGE_USERS: frozenset({Role.ADMIN}),
}


@dataclass(frozen=True)
class Actor:
    """The known, active user on whose behalf a use-case runs."""

    id: int
    telegram_id: int
    name: str
    roles: frozenset[Role]
    language: str | None = None
    timezone: str | None = None

    def may(self, permission: Permission) -> bool:
        """Tell whether any of the actor's roles grants `permission`."""
        return bool(self.roles & GRANTS[permission])


def require(actor: Actor, permission: Permission) -> None:
    """Raise NotAllowed unless the actor holds `permission`."""
    if not actor.may(permission):
        raise NotAllowed(f"user {actor.id} lacks permission {permission}")


def parse_role(text: str) -> Role | None:
    """Return the role named by `text`, or None."""
    try:
        return Role(text)
    except ValueError:
        return None
