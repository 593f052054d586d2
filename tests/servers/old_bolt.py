"""A Bolt 4.4 server that says it is Neo4j 4.4: enough of the protocol (handshake, HELLO, RUN,
PULL, transactions) for the official driver to connect and run ``RETURN 1``, so that a test can
show what kamgraph says to a server older than Neo4j 5. No Neo4j 4 to be had here: it would
need Java 11 and another 130 MB of jars for one line of output. Standard library only.

    with old_neo4j() as port:
        ...  # bolt://127.0.0.1:{port}: agent "Neo4j/4.4.0", any user and password
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Iterator
from typing import Any

__all__ = ["AGENT", "old_neo4j"]

AGENT = "Neo4j/4.4.0"
_MAGIC = b"\x60\x60\xb0\x17"
HELLO, GOODBYE, RESET, RUN, BEGIN, COMMIT, ROLLBACK, DISCARD, PULL, ROUTE = (
    0x01,
    0x02,
    0x0F,
    0x10,
    0x11,
    0x12,
    0x13,
    0x2F,
    0x3F,
    0x66,
)
SUCCESS, RECORD = 0x70, 0x71


def _pack(value: Any) -> bytes:
    """PackStream for the few kinds of value the replies hold."""
    if value is None:
        return b"\xc0"
    if value is True or value is False:
        return b"\xc3" if value else b"\xc2"
    if isinstance(value, int):
        return bytes([value & 0xFF]) if -16 <= value < 128 else b"\xcb" + struct.pack(">q", value)
    if isinstance(value, str):
        raw = value.encode()
        return (bytes([0x80 | len(raw)]) if len(raw) < 16 else b"\xd0" + bytes([len(raw)])) + raw
    if isinstance(value, list):
        return bytes([0x90 | len(value)]) + b"".join(_pack(v) for v in value)
    if isinstance(value, dict):
        return bytes([0xA0 | len(value)]) + b"".join(_pack(k) + _pack(v) for k, v in value.items())
    raise TypeError(type(value))


def _message(signature: int, *fields: Any) -> bytes:
    body = bytes([0xB0 | len(fields), signature]) + b"".join(_pack(f) for f in fields)
    return struct.pack(">H", len(body)) + body + b"\x00\x00"


def _read_exactly(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError
        data += chunk
    return data


def _read_message(conn: socket.socket) -> bytes:
    body = b""
    while True:
        (size,) = struct.unpack(">H", _read_exactly(conn, 2))
        if size == 0:
            if body:
                return body
            continue  # a NOOP chunk
        body += _read_exactly(conn, size)


def _serve(conn: socket.socket) -> None:
    with conn:
        if _read_exactly(conn, 4) != _MAGIC:
            return
        _read_exactly(conn, 16)  # the versions the client offers; we answer 4.4 whatever they are
        conn.sendall(b"\x00\x00\x04\x04")
        while True:
            body = _read_message(conn)
            signature = body[1]
            if signature == GOODBYE:
                return
            if signature == HELLO:
                reply = _message(SUCCESS, {"server": AGENT, "connection_id": "bolt-1"})
            elif signature == RUN:
                reply = _message(SUCCESS, {"fields": ["ok"], "t_first": 0})
            elif signature == PULL:
                reply = _message(RECORD, [1]) + _message(SUCCESS, {"type": "r", "t_last": 0, "db": "neo4j"})
            elif signature == ROUTE:
                reply = _message(SUCCESS, {"rt": {"ttl": 300, "db": "neo4j", "servers": []}})
            else:  # BEGIN, COMMIT, ROLLBACK, RESET, DISCARD
                reply = _message(SUCCESS, {})
            conn.sendall(reply)


@contextlib.contextmanager
def old_neo4j() -> Iterator[int]:
    """A server on a free loopback port for the block; yields the port."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(10)
            threading.Thread(target=_quietly, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


def _quietly(conn: socket.socket) -> None:
    with contextlib.suppress(OSError, ConnectionError, IndexError):
        _serve(conn)
