"""Where and how to reach a Neo4j server, and what its driver's failures mean: the
connection settings of :class:`~kamgraph.store.neo4j.Neo4jStore` (from a URI and the
``NEO4J_*`` variables) and the one-line message each driver exception becomes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from ..errors import StoreError

__all__ = ["Neo4jSettings", "error_message"]

SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")
DEFAULT_DATABASE = "neo4j"
DEFAULT_USER = "neo4j"


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and how to connect. From a URI (``neo4j://user:pass@host:7687/database``) and
    the standard variables ``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``,
    ``NEO4J_DATABASE``; what the URI says wins.

    >>> s = Neo4jSettings.from_url("neo4j+s://kam:s3cret@db.example.com/sales", env={})
    >>> (s.uri, s.user, s.database, s.display)
    ('neo4j+s://db.example.com', 'kam', 'sales', 'neo4j+s://db.example.com/sales')
    >>> "s3cret" in repr(s)
    False
    """

    uri: str
    database: str
    user: str | None = None
    password: str | None = None

    def __repr__(self) -> str:
        return f"Neo4jSettings(uri={self.uri!r}, database={self.database!r}, user={self.user!r})"

    @property
    def display(self) -> str:
        """The URI as messages show it: no credentials."""
        return f"{self.uri}/{self.database}"

    @property
    def auth(self) -> tuple[str, str] | None:
        if self.password is None:
            return None
        return (self.user or DEFAULT_USER, self.password)

    @classmethod
    def from_url(cls, url: str, env: Mapping[str, str] | None = None) -> Neo4jSettings:
        """``url`` is a ``neo4j://`` / ``bolt://`` URI, or the word ``neo4j`` for ``$NEO4J_URI``."""
        env = os.environ if env is None else env
        if url == "neo4j":
            url = env.get("NEO4J_URI", "")
            if not url:
                raise StoreError("--store neo4j needs $NEO4J_URI (for example neo4j://localhost:7687)")
        safe = url.split("@")[-1] if "@" in url else url
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise StoreError(f"{safe}: not a Neo4j URI: {exc}") from None
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise StoreError(f"{safe}: not a Neo4j URI; want neo4j://HOST[:PORT][/DATABASE] (or bolt://, neo4j+s://)")
        if parts.query or parts.fragment or parts.path.strip("/").count("/"):
            raise StoreError(f"{safe}: a Neo4j URI takes at most a database name after the host")
        host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        return cls(
            uri=f"{parts.scheme}://{host}" + (f":{port}" if port else ""),
            database=unquote(parts.path.strip("/")) or env.get("NEO4J_DATABASE") or DEFAULT_DATABASE,
            user=unquote(parts.username) if parts.username else env.get("NEO4J_USERNAME"),
            password=unquote(parts.password) if parts.password is not None else env.get("NEO4J_PASSWORD"),
        )


def error_message(settings: Neo4jSettings, where: str, exc: Exception, what: str) -> str:
    """What a driver exception raised while trying to ``what`` means, in one line that starts
    with ``where`` (the server, without credentials) and never shows the password."""
    import neo4j.exceptions as ne

    code = getattr(exc, "code", None) or ""
    detail = " ".join(str(getattr(exc, "message", None) or exc).split())
    if settings.password and len(settings.password) >= 4:  # never echo it (the driver does not)
        detail = detail.replace(settings.password, "***")
    if isinstance(exc, ne.AuthError) or code.startswith("Neo.ClientError.Security."):
        who = settings.user or DEFAULT_USER
        hint = "" if settings.password else " (no password given: set NEO4J_PASSWORD)"
        return f"{where}: authentication failed for user '{who}'{hint}"
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        return (f"{where}: no database '{settings.database}' on this server "
                "(set NEO4J_DATABASE or end the URI with /NAME)")
    if isinstance(exc, ne.ServiceUnavailable | ne.SessionExpired):
        reason = re.search(r"reason (?:\[Errno -?\d+\] )?([^)]+)\)", detail)  # "Connection refused"…
        return f"{where}: cannot reach the Neo4j server: {reason[1] if reason else detail or 'no answer'}"
    if isinstance(exc, ne.ConstraintError):
        return f"{where}: write refused, nothing was changed: {detail}"
    if isinstance(exc, ne.ConfigurationError | ValueError):
        return f"{where}: cannot {what}: {detail}"
    return f"{where}: {what} failed: {code + ': ' if code else ''}{detail}"
