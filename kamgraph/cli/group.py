"""The ``kamgraph`` group: commands loaded when they run, every error as one line.

:class:`LazyCommands` holds each command's name, where it lives and its short help, so that
``kamgraph --help`` lists every command and ``kamgraph accounts`` imports only the module of
``accounts`` (not the CRM readers, the renderers or the web app). :class:`KamgraphGroup`
turns every error into one printable line on stderr.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Iterator, Mapping, MutableMapping
from typing import IO, Any, NamedTuple

import click

from ..errors import KamgraphError, Problems, StoreChanged, StoreConflict
from ..text import printable
from ._common import App

#: How many times a command starts again when a write committed while it was reading (a
#: Neo4j store: reads there are not snapshots), or when its write transaction conflicted
#: with another writer's (nothing was written): its read-merge-write runs again, whole.
ATTEMPTS = 5


OUT_OF_MEMORY = (
    "out of memory: the input is too large to hold at once; nothing was written; split it into smaller files"
)


class OneLineError(click.ClickException):
    """An error shown as one printable line of bounded length: ``Error: …``."""

    def __init__(self, message: str):
        super().__init__(printable(message))

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


#: How many problems an import lists unless told otherwise (``import --errors``).
SHOWN_PROBLEMS = 20


class ProblemsError(click.ClickException):
    """Every problem found in the input, one printable line each (up to ``limit``, 0 = all),
    then how many more there are and how to see them."""

    def __init__(self, problems: list[str], limit: int = SHOWN_PROBLEMS, more: str = ""):
        super().__init__(printable(problems[0]))
        self.problems = problems
        self.limit = limit
        self.more = more  # how to see the ones left out, when the command can show them all

    def show(self, file: IO[Any] | None = None) -> None:
        n = len(self.problems)
        shown = self.problems if not self.limit else self.problems[: self.limit]
        if n == 1:
            click.echo(f"Error: {printable(self.problems[0])}", err=True)
            return
        click.echo(f"Error: {n} problems; nothing was written:", err=True)
        for p in shown:
            click.echo(f"  {printable(p)}", err=True)
        if len(shown) < n:
            click.echo(f"  … and {n - len(shown)} more{self.more}", err=True)


class OneLineUsageError(OneLineError):
    """A usage error, in one line: exit code 2."""

    exit_code = 2


class Lazy(NamedTuple):
    """Where a command lives (``module`` of :mod:`kamgraph.cli`, its ``attribute``) and its
    short help, as ``kamgraph --help`` lists it (a test checks it against the command's own)."""

    module: str
    attribute: str
    short_help: str


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands by name, each imported on first use.

    Listing the names (``sorted(cli.commands)``) imports nothing; looking one up imports its
    module only. Commands added the usual way (``@cli.command()``, ``add_command``) are kept
    as they are."""

    def __init__(self, package: str, lazy: Mapping[str, Lazy]):
        self.package = package
        self.lazy = dict(lazy)
        self.loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self.loaded:
            where = self.lazy[name]  # KeyError: no such command
            command = getattr(importlib.import_module(f"{self.package}.{where.module}"), where.attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{self.package}.{where.module}.{where.attribute} is not a click command")
            self.loaded[name] = command
        return self.loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        found = name in self.loaded or name in self.lazy
        self.loaded.pop(name, None)
        self.lazy.pop(name, None)
        if not found:
            raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.loaded.keys() | self.lazy.keys()))

    def __len__(self) -> int:
        return len(self.loaded.keys() | self.lazy.keys())

    def __contains__(self, name: object) -> bool:
        return name in self.loaded or name in self.lazy

    def short_help(self, name: str, limit: int) -> str:
        """``name``'s short help cut to ``limit`` characters, without importing it when it has
        not been loaded yet."""
        if name in self.loaded:
            return self.loaded[name].get_short_help_str(limit)
        return click.Command(name, help=self.lazy[name].short_help).get_short_help_str(limit)


class KamgraphGroup(click.Group):
    """A group whose commands load when they run (``commands`` is a :class:`LazyCommands`),
    and where every error becomes one printable line on stderr: kamgraph's own errors and
    other click errors exit 1, usage errors 2 (with a pointer to --help instead of the usage)."""

    commands: MutableMapping[str, click.Command]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As click lists them, from the short helps kept in :class:`LazyCommands`: ``--help``
        imports no command."""
        commands = self.commands
        if not isinstance(commands, LazyCommands):
            super().format_commands(ctx, formatter)
            return
        names = [n for n in self.list_commands(ctx) if n not in commands.loaded or not commands.loaded[n].hidden]
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        with formatter.section("Commands"):
            formatter.write_dl([(n, commands.short_help(n, limit)) for n in names])

    def invoke(self, ctx: click.Context) -> Any:
        saved = (list(ctx._protected_args), list(ctx.args))
        for attempt in range(ATTEMPTS):
            try:
                return super().invoke(ctx)
            except (StoreChanged, StoreConflict) as exc:
                if attempt == ATTEMPTS - 1:
                    raise OneLineError(str(exc)) from None
                if isinstance(ctx.obj, App):  # start again, from a fresh transaction
                    ctx.obj.close()
                ctx._protected_args, ctx.args = list(saved[0]), list(saved[1])
                time.sleep(0.1 * 2**attempt)  # 0.1 s, 0.2 s … : let the other writer finish
                continue
            except Problems as exc:
                raise ProblemsError(exc.problems) from None
            except KamgraphError as exc:
                raise OneLineError(str(exc)) from None
            except ProblemsError:
                raise
            except click.UsageError as exc:
                where = exc.ctx.command_path if exc.ctx is not None else "kamgraph"
                raise OneLineUsageError(f"{exc.format_message()} (see: {where} --help)") from None
            except click.ClickException as exc:
                raise OneLineError(exc.format_message()) from None
            except MemoryError:
                pass  # said below, once the exception (and the frames holding the memory) is gone
            if isinstance(ctx.obj, App):
                ctx.obj.close()  # a write transaction of the command's own has rolled back already
            raise OneLineError(OUT_OF_MEMORY)
        raise AssertionError("unreachable")
