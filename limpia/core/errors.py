"""Errors that services raise and every interface (UI, API, CLI) shows the same way."""


class BusinessRuleError(Exception):
    """A request that breaks a rule of the domain; the message is for the user, in their language."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
