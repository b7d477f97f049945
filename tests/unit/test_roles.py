"""Roles and permissions: who may do what, as DESIGN.md's table of people says."""

from __future__ import annotations

import pytest

from bot.domain.errors import NotAllowed
from bot.domain.roles import Actor, Permission, Role, parse_role, require


def actor_with(*roles: Role) -> Actor:
    return Actor(id=1, telegram_id=1001, name="Camille", roles=frozenset(roles))


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_read_customers(role: Role) -> None:
    actor = actor_with(role)

    assert actor.may(Permission.READ_CUSTOMERS)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.SALES, True),
        (Role.SUPPORT, True),
        (Role.ADMIN, True),
        (Role.FIELD, False),
        (Role.WAREHOUSE, False),
        (Role.FINANCE, False),
    ],
)
def test_only_sales_support_and_admin_may_create_customers(role: Role, allowed: bool) -> None:
    actor = actor_with(role)

    assert actor.may(Permission.CREATE_CUSTOMERS) is allowed


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.SALES, True),
        (Role.SUPPORT, True),
        (Role.FIELD, True),
        (Role.ADMIN, True),
        (Role.WAREHOUSE, False),
        (Role.FINANCE, False),
    ],
)
def test_field_staff_may_create_sites_but_warehouse_and_finance_may_not(
    role: Role, allowed: bool
) -> None:
    actor = actor_with(role)

    assert actor.may(Permission.CREATE_SITES) is allowed


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
def test_only_admins_may_manage_users(role: Role) -> None:
    actor = actor_with(role)

    assert not actor.may(Permission.MANAGE_USERS)


def test_admin_may_manage_users() -> None:
    actor = actor_with(Role.ADMIN)

    assert actor.may(Permission.MANAGE_USERS)


def test_several_roles_add_up_their_permissions() -> None:
    actor = actor_with(Role.WAREHOUSE, Role.FIELD)

    assert actor.may(Permission.CREATE_SITES)


def test_user_without_roles_may_do_nothing() -> None:
    actor = actor_with()

    assert not any(actor.may(permission) for permission in Permission)


def test_require_refuses_naming_the_missing_permission() -> None:
    actor = actor_with(Role.FIELD)

    with pytest.raises(NotAllowed, match="lacks permission create_customers"):
        require(actor, Permission.CREATE_CUSTOMERS)


def test_parse_role_reads_a_role_name() -> None:
    role = parse_role("warehouse")

    assert role is Role.WAREHOUSE


@pytest.mark.parametrize("text", ["", "Admin", "boss", "admin "])
def test_parse_role_returns_none_for_anything_else(text: str) -> None:
    role = parse_role(text)

    assert role is None
