"""The exceptions use-cases raise; handlers turn each into one short, translated line."""


class DomainError(Exception):
    """A business rule refused the request."""


class NotAllowed(DomainError):
    """The user's roles do not permit this action."""


class NotFound(DomainError):
    """The record does not exist, or no longer does."""


class InvalidInput(DomainError):
    """A value the user typed breaks a rule (empty, too long, malformed)."""


class InviteUnusable(DomainError):
    """The invite code is unknown, already used or expired."""


class SelfLockout(InvalidInput):
    """An admin tried to remove their own admin role or deactivate themselves."""


class LastRole(InvalidInput):
    """Removing this role would leave the user with none."""
