"""Reading YAML and JSON documents strictly: a key given twice, an impossible date or a
malformed file is one :class:`~kamgraph.errors.InvalidInput` naming the file and the line.

A YAML document is composed by libyaml and built by :func:`_built`, a short walk that makes
the plain values an account map holds (mappings of text keys, lists, text, numbers, booleans,
nulls and dates) with PyYAML's own constructors, at about a third of the cost of PyYAML's
general constructor. Anything else (an alias, a merge key ``<<``, a tag of its own, a key given
twice, a value PyYAML refuses) makes it give the document to PyYAML's constructor whole, which
answers exactly as it always did (tests/test_documents.py compares the two on random documents).
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import yaml

from ..errors import InvalidInput
from ..validate import plain_json

__all__ = ["Dumper", "UniqueKeyLoader", "load_yaml", "read_document", "read_source"]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present
Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class UniqueKeyLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe YAML that refuses a key given twice in one mapping (YAML would keep the last)
    and says where a date is impossible."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, str | int | float | bool | dt.date) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain value, not a list or mapping", key_node.start_mark
            )
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key '{key}' appears twice in one mapping", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep)


def _construct_date(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"'{node.value}' is not a real date ({exc})", node.start_mark
        ) from None


UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
UniqueKeyLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date)

_STR = "tag:yaml.org,2002:str"
_SEQ = yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG
_MAP = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG
#: The constructors of the plain scalars other than text (text is the node's own value).
_SCALARS: dict[str, Any] = {
    "tag:yaml.org,2002:int": yaml.constructor.SafeConstructor.construct_yaml_int,
    "tag:yaml.org,2002:float": yaml.constructor.SafeConstructor.construct_yaml_float,
    "tag:yaml.org,2002:bool": yaml.constructor.SafeConstructor.construct_yaml_bool,
    "tag:yaml.org,2002:null": yaml.constructor.SafeConstructor.construct_yaml_null,
    "tag:yaml.org,2002:timestamp": _construct_date,
}


def _implicit_table() -> dict[str, tuple[tuple[str, Any], ...]]:
    """The implicit resolvers to try for a plain scalar, by its first character (``""`` for
    the empty scalar), the wildcard ones after them: the order ``Resolver.resolve`` tries."""
    table = UniqueKeyLoader.yaml_implicit_resolvers
    wildcard = tuple(table.get(None, []))
    return {first: (*resolvers, *wildcard) for first, resolvers in table.items() if first is not None}


class _FastLoader(UniqueKeyLoader):
    """:class:`UniqueKeyLoader` whose scalar tags are resolved in one short call: the
    resolvers it has (implicit ones only, no path resolvers) tried in the same order, and a
    plain scalar's tag, which depends on its text alone, worked out once per document (the
    keys and most values repeat)."""

    _implicit = _implicit_table()
    _wildcard: tuple[tuple[str, Any], ...] = tuple(UniqueKeyLoader.yaml_implicit_resolvers.get(None, []))

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._plain_tags: dict[str, str] = {}

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                tag = self._plain_tags.get(value)
                if tag is None:
                    tag = self._plain_tags[value] = self._plain_tag(value)
                return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def _plain_tag(self, value: str) -> str:
        for tag, regexp in self._implicit.get(value[:1], self._wildcard):
            if regexp.match(value):
                return tag
        return _STR

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass  # no path resolvers

    def ascend_resolver(self) -> None:
        pass


assert not UniqueKeyLoader.yaml_path_resolvers, "_FastLoader assumes no path resolvers"


class _Unusual(Exception):
    """A document :func:`_built` leaves to PyYAML's constructor."""


def _built(loader: yaml.SafeLoader, root: yaml.Node) -> Any:
    """The document of ``root`` made of plain values, as PyYAML's constructor makes it;
    :class:`_Unusual` (or PyYAML's own error) for anything else."""
    scalars, text_node = _SCALARS, yaml.ScalarNode

    def build(node: yaml.Node) -> Any:
        kind, tag = type(node), node.tag
        if kind is text_node:
            if tag == _STR:
                return node.value
            construct = scalars.get(tag)
            if construct is None:
                raise _Unusual
            return construct(loader, node)
        if kind is yaml.MappingNode and tag == _MAP:
            out = {}
            for key_node, value_node in node.value:  # text keys and values made here: most are
                if type(key_node) is text_node and key_node.tag == _STR:
                    key = key_node.value
                else:
                    key = build(key_node)
                    if not isinstance(key, str | int | float | dt.date) and key is not None:
                        raise _Unusual
                if key in out:
                    raise _Unusual
                if type(value_node) is text_node and value_node.tag == _STR:
                    out[key] = value_node.value
                else:
                    out[key] = build(value_node)
            return out
        if kind is yaml.SequenceNode and tag == _SEQ:
            return [build(item) for item in node.value]
        raise _Unusual

    return build(root)


def load_yaml(text: str) -> Any:
    """``yaml.load(text, Loader=UniqueKeyLoader)``, the same value or the same error, faster."""
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if "*" not in text:  # no alias: no node is met twice
            try:
                return _built(loader, node)
            except Exception:  # noqa: BLE001, S110 - PyYAML's constructor answers (or refuses) below
                pass
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)  # built in C; a key given twice leaves fewer keys than pairs
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"key '{key}' appears twice in one object")
            seen.add(key)
    return out


#: How many values (scalars, lists, mappings) a YAML document may hold once its aliases are
#: expanded: a fixed allowance plus a few per byte of the file. A file written out in full
#: holds far fewer values than bytes; only aliases repeating large parts go past it.
EXPANSION_ALLOWANCE = 10_000
EXPANSION_PER_BYTE = 4


def expanded_size_limit(size: int) -> int:
    """The most values a YAML text of ``size`` characters may expand to."""
    return EXPANSION_ALLOWANCE + EXPANSION_PER_BYTE * size


def _expands_beyond(doc: Any, limit: int) -> bool:
    """Whether ``doc``, with every shared (aliased) part counted each time it appears,
    holds more than ``limit`` values. Stops counting at ``limit``: linear in the limit."""
    count = 0
    stack = [doc]
    while stack:
        value = stack.pop()
        count += 1
        if count > limit:
            return True
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def read_document(path: Path) -> Any:
    """The parsed YAML or JSON of ``path`` (JSON is YAML, but gets JSON's own messages)."""
    return read_source(path)[0]


def _text_of(data: bytes) -> str:
    """``data`` decoded as ``Path.read_text(encoding="utf-8-sig")`` decodes a file's bytes (the
    same text, line ends made ``\\n``; the same error where they are not UTF-8)."""
    return io.IncrementalNewlineDecoder(codecs.getincrementaldecoder("utf-8-sig")(), translate=True).decode(
        data, final=True
    )


def read_source(path: Path) -> tuple[Any, bool]:
    """:func:`read_document`'s value, and whether its texts are plainly free of what
    :func:`~kamgraph.validate.bad_values` looks for in text (a JSON file whose bytes show no
    such character or escape: :func:`~kamgraph.validate.plain_json`; a YAML file: ``False``)."""
    try:
        data = path.read_bytes()
        text = _text_of(data)
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path}: a directory, not an account-map file") from None
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read: {exc.strerror}") from None
    try:
        if path.suffix.lower() == ".json":
            try:
                doc = json.loads(text, object_pairs_hook=_unique_pairs)
            except json.JSONDecodeError as exc:
                where = f"line {exc.lineno}, column {exc.colno}"
                raise InvalidInput(f"{path}: {where}: malformed JSON: {exc.msg}") from None
            return doc, plain_json(data)
        try:
            doc = load_yaml(text)
            if "*" in text and _expands_beyond(doc, expanded_size_limit(len(text))):
                raise InvalidInput(
                    f"{path}: its aliases (*name) expand it to more than {expanded_size_limit(len(text)):,} values, "
                    f"far beyond what its {len(text):,} characters hold; write the repeated parts out "
                    "instead (refused, to keep the store from growing without bound)"
                )
            return doc, False
        except yaml.MarkedYAMLError as exc:

            def at(mark: yaml.Mark | None) -> str:
                return f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""

            where = at(exc.problem_mark or exc.context_mark)
            started = f" ({exc.context} at {at(exc.context_mark)})" if exc.context and exc.context_mark else ""
            raise InvalidInput(
                f"{path}: {where + ': ' if where else ''}malformed YAML: {exc.problem or exc.context}{started}"
            ) from None
        except yaml.reader.ReaderError as exc:  # a character YAML does not allow (a control character)
            line = text.count("\n", 0, exc.position) + 1
            column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
            raise InvalidInput(
                f"{path}: line {line}, column {column}: malformed YAML: the character "
                f"{chr(exc.character)!r} is not allowed; remove it"
            ) from None
        except yaml.YAMLError as exc:
            raise InvalidInput(f"{path}: malformed YAML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise InvalidInput(f"{path}: nested too deeply to be an account map") from None
    except (ValueError, TypeError) as exc:
        raise InvalidInput(f"{path}: malformed {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {exc}") from None
