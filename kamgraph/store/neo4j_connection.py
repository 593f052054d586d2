"""Where and how to reach a Neo4j server, and what its driver's failures mean: the
connection settings of :class:`~kamgraph.store.neo4j.Neo4jStore` (from a URI and the
``NEO4J_*`` variables), the one-line message each driver exception becomes, the check that
the server is Neo4j 5 or later, and a quiet driver log.

The driver logs the server's notifications ("Received notification from DBMS server: …", one
per unknown label on a first import) and its retries ("Transaction failed and will be retried
in 1.1s …", after a server restart or a deadlock under contention) as warnings, which Python
prints on stderr when nobody configured logging. kamgraph turns both into debug records (see
:func:`quiet_driver_log`): what matters reaches the user as one :class:`StoreError` line.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from ..errors import StoreError

if TYPE_CHECKING:
    import neo4j

__all__ = ["MIN_NEO4J", "Neo4jSettings", "check_server", "error_message", "quiet_driver_log", "server_problem"]

#: The oldest Neo4j kamgraph runs on (Cypher 5).
MIN_NEO4J = (5, 0)
_DRIVER_LOGGERS = (
    "neo4j",
    "neo4j.io",
    "neo4j.pool",
    "neo4j.session",
    "neo4j.notifications",
    "neo4j.auth_management",
    "neo4j._api",
)

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
        scheme, sep, rest = url.partition("://")
        userinfo, at, hostpart = rest.rpartition("@")
        safe = f"{scheme}{sep}{hostpart}"  # what messages show: never the user or password
        if at and any(c in userinfo for c in "/?#"):
            raise StoreError(
                f"{safe}: the user name or password in the URI holds '/', '?' or '#': percent-encode "
                "them (%2F, %3F, %23) or give the password in $NEO4J_PASSWORD"
            )
        try:
            port = urlsplit(safe).port  # what is wrong is said of the URI without its credentials
        except ValueError as exc:
            raise StoreError(f"{safe}: not a Neo4j URI: {exc}") from None
        try:
            parts = urlsplit(url)
        except ValueError:
            raise StoreError(f"{safe}: not a Neo4j URI") from None
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
    # a server error's message is its text; a driver error's is a generic GQL line, its str() the text
    message = getattr(exc, "message", None) if isinstance(exc, ne.Neo4jError) else None
    detail = " ".join(str(message or exc).split())
    if settings.password and len(settings.password) >= 4:  # never echo it (the driver does not)
        detail = detail.replace(settings.password, "***")
    if isinstance(exc, ne.AuthError) or code.startswith("Neo.ClientError.Security."):
        who = settings.user or DEFAULT_USER
        hint = "" if settings.password else " (no password given: set NEO4J_PASSWORD)"
        return f"{where}: authentication failed for user '{who}'{hint}"
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        return (
            f"{where}: no database '{settings.database}' on this server (set NEO4J_DATABASE or end the URI with /NAME)"
        )
    if isinstance(exc, ne.ServiceUnavailable | ne.SessionExpired):
        reason = re.search(r"reason (?:\[Errno -?\d+\] )?([^)]+)\)", detail)  # "Connection refused"…
        said = reason[1] if reason else (_socket_problem(settings.uri) if "routing" in detail else None)
        return f"{where}: cannot reach the Neo4j server: {said or detail or 'no answer'}"
    if isinstance(exc, ne.ConstraintError):
        return f"{where}: write refused, nothing was changed: {detail}"
    bolt = re.search(r"not supported for (?:the )?Bolt Protocol (?:Version\()?(\d+)[., ]+(\d+)", detail)
    if isinstance(exc, ne.ConfigurationError) and bolt:  # a feature that the server's Bolt lacks
        agent = re.search(r"Server Agent '(Neo4j/[^']+)'", detail)
        problem = server_problem(agent[1]) if agent else None
        return f"{where}: " + (
            problem
            or f"the server (Bolt {bolt[1]}.{bolt[2]}) is too old for kamgraph: "
            f"it needs Neo4j {MIN_NEO4J[0]} or later (5.26 or Aura advised)"
        )
    if isinstance(exc, ne.ConfigurationError | ValueError):
        return f"{where}: cannot {what}: {detail}"
    return f"{where}: {what} failed: {code + ': ' if code else ''}{detail}"


def _socket_problem(uri: str) -> str | None:
    """Why a TCP connection to ``uri``'s host and port fails ("Connection refused"), or None when
    it does not: a ``neo4j://`` driver only says "Unable to retrieve routing information".

    >>> _socket_problem("neo4j://127.0.0.1:1")
    'Connection refused'
    """
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(uri)
    try:
        with socket.create_connection((parts.hostname or "localhost", parts.port or 7687), timeout=3):
            return None
    except OSError as exc:
        return exc.strerror or str(exc) or type(exc).__name__


def server_problem(agent: str) -> str | None:
    """Why the server that calls itself ``agent`` (its Bolt agent string) cannot hold kamgraph's
    store, or None. Only Neo4j's own version is judged; other Bolt servers are let through.

    >>> server_problem("Neo4j/4.4.26")
    'Neo4j 4.4.26 is too old: kamgraph needs Neo4j 5 or later (or Aura)'
    >>> server_problem("Neo4j/5.26.30") is None
    True
    """
    match = re.fullmatch(r"Neo4j/(\d+)\.(\d+)(\S*)", agent.strip())
    if match and (int(match[1]), int(match[2])) < MIN_NEO4J:
        version = f"{match[1]}.{match[2]}{match[3]}"
        return f"Neo4j {version} is too old: kamgraph needs Neo4j {MIN_NEO4J[0]} or later (or Aura)"
    return None


def check_server(driver: neo4j.Driver, settings: Neo4jSettings) -> None:
    """Refuse, in one line, a server older than Neo4j 5."""
    import neo4j.exceptions as ne

    try:
        agent = driver.get_server_info().agent
    except (ne.Neo4jError, ne.DriverError, ValueError) as exc:
        raise StoreError(error_message(settings, settings.display, exc, "connect")) from None
    problem = server_problem(agent)
    if problem:
        raise StoreError(f"{settings.display}: {problem}")


class _DebugOnly(logging.Filter):
    """Turns the driver's records into debug records: Python's last-resort handler, which
    prints on stderr when nobody set logging up, skips them; a program that logs at debug level
    still sees them, under the driver's own names. Errors too ("Unable to retrieve routing
    information"): every failure reaches the user anyway, as the one line of a StoreError."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


_DEBUG_ONLY = _DebugOnly()


def quiet_driver_log() -> None:
    """Keep the driver's notifications and retry warnings off stderr (idempotent)."""
    for name in _DRIVER_LOGGERS:
        logger = logging.getLogger(name)
        if _DEBUG_ONLY not in logger.filters:
            logger.addFilter(_DEBUG_ONLY)


quiet_driver_log()  # at import: the store imports this module before it makes a driver
