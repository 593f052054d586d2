"""kamgraph's own errors. Everything a user can cause is a :class:`KamgraphError`; the CLI
prints its message on one line and exits 1."""

__all__ = ["KamgraphError", "InvalidInput", "NotFound", "StoreError"]


class KamgraphError(Exception):
    """Something the user can fix: the message says what and where."""


class InvalidInput(KamgraphError):
    """A file or record is malformed, or refers to something that does not exist."""


class NotFound(KamgraphError):
    """An id names no record in the store."""


class StoreError(KamgraphError):
    """The store cannot be opened, reached or written."""
