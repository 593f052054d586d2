"""Servers and binaries the tests start or call: in CI a missing one is a failure, on a
laptop a skip (see :func:`unavailable`)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn
from urllib.parse import quote

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(reason: str) -> NoReturn:
    """A missing external server or binary: a failure in CI, a skip on a laptop."""
    if IN_CI:
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@dataclass
class BoltServer:
    """A Bolt server the tests may create databases on (or wipe one database of)."""

    uri: str  # no credentials
    user: str
    password: str
    create: Callable[[], str]  # a new, empty database; its name
    drop: Callable[[str], None]

    def url(self, database: str) -> str:
        """A store URL with the credentials in it, as a user could type it."""
        scheme, rest = self.uri.split("://", 1)
        return f"{scheme}://{quote(self.user, safe='')}:{quote(self.password, safe='')}@{rest}/{database}"
