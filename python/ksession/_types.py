"""Small value types of the ksession package."""

from enum import IntEnum


class SessionType(IntEnum):
    """The session type of a KS (its 4th field).

    The server treats any type of 1 or more as admin. A decoded token whose
    type is neither 0 nor 2 reports it as a plain ``int``.
    """

    USER = 0
    ADMIN = 2


SessionType.__module__ = "ksession"
