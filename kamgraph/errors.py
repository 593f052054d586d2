"""kamgraph's own errors. Everything a user can cause is a :class:`KamgraphError`; the CLI
prints its message on one line and exits 1."""

__all__ = ["KamgraphError", "InvalidInput", "NotFound", "StoreChanged", "StoreConflict", "StoreError"]


class KamgraphError(Exception):
    """Something the user can fix: the message says what and where."""


class InvalidInput(KamgraphError):
    """A file or record is malformed, or refers to something that does not exist."""


class NotFound(KamgraphError):
    """An id names no record in the store."""


class StoreError(KamgraphError):
    """The store cannot be opened, reached or written."""


class StoreChanged(StoreError):
    """A write committed while a read transaction was reading, on a store whose reads are
    not snapshots (Neo4j): what was read may mix two versions, so it is not used. Reading
    again gives one version."""


class StoreConflict(StoreError):
    """A write transaction was refused because another one changed the same records at the
    same time (a server with optimistic locking); nothing was written, and running the
    whole read-merge-write again is safe."""
