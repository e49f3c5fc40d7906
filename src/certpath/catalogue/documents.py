"""Reading YAML files safely, and finding the line and column of any key in them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from certpath.errors import CatalogueError, Issue, Location

# libyaml is several times faster; PyYAML's wheels ship it.
_Loader: type[yaml.CSafeLoader | yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KeyPath = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """One parsed YAML file. Positions are worked out only when an error needs them."""

    path: Path
    text: str
    data: Any
    _marks: dict[KeyPath, tuple[int, int]] | None = field(default=None, repr=False)

    def location(self, key_path: KeyPath) -> Location:
        """The file, 1-based line and column of `key_path` (or its nearest ancestor)."""
        marks = self._positions()
        for end in range(len(key_path), -1, -1):
            mark = marks.get(key_path[:end])
            if mark is not None:
                return Location(str(self.path), mark[0], mark[1], format_key(key_path))
        return Location(str(self.path), None, None, format_key(key_path))

    def _positions(self) -> dict[KeyPath, tuple[int, int]]:
        if self._marks is None:
            self._marks = {}
            root = yaml.compose(self.text, Loader=_Loader)
            if root is not None:
                self._marks[()] = (root.start_mark.line + 1, root.start_mark.column + 1)
                _walk(root, (), self._marks)
        return self._marks


def _walk(node: yaml.Node, path: KeyPath, marks: dict[KeyPath, tuple[int, int]]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_path = (*path, str(key_node.value))
            marks[key_path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _walk(value_node, key_path, marks)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            marks[(*path, index)] = (item.start_mark.line + 1, item.start_mark.column + 1)
            _walk(item, (*path, index), marks)


def format_key(key_path: KeyPath) -> str:
    """Render a key path the way a person would write it: credentials[3].price.value."""
    text = ""
    for part in key_path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def read_yaml(path: Path) -> YamlDocument:
    """Parse one YAML file with the safe loader; a syntax error becomes a CatalogueError."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CatalogueError([Issue(Location(str(path)), "file not found")]) from None
    except (OSError, UnicodeDecodeError) as error:
        message = f"cannot be read as UTF-8 text ({error})"
        raise CatalogueError([Issue(Location(str(path)), message)]) from None
    cap_alias_expansion(path, text)
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = error.problem or "invalid YAML"
        issue = Issue(
            Location(str(path), line, column),
            f"YAML syntax error: {problem}; check indentation and quoting there",
        )
        raise CatalogueError([issue]) from None
    except yaml.YAMLError as error:
        issue = Issue(Location(str(path)), f"YAML error: {error}")
        raise CatalogueError([issue]) from None
    except ValueError as error:  # a value PyYAML's constructors refuse, e.g. an integer of 5,000 digits
        reason = str(error).partition(";")[0]  # drop Python's advice to call set_int_max_str_digits()
        issue = Issue(
            Location(str(path)), f"has a value that cannot be read ({reason}); check the numbers in it"
        )
        raise CatalogueError([issue]) from None
    return YamlDocument(path, text, data)


#: Most values a YAML file may expand to through aliases. The shipped catalogue shares a few
#: facts by alias (tens of values); nested aliases ("billion laughs") reach billions in 500 bytes.
MAX_EXPANDED_VALUES = 1_000_000


def cap_alias_expansion(path: Path, text: str) -> None:
    """Refuse a YAML file whose aliases (*name) would expand it past MAX_EXPANDED_VALUES values.

    The node graph is composed without expanding aliases (an alias is the same node object), and
    its expanded size is counted once per node, so the check costs what the file's text does.
    """
    if "*" not in text or "&" not in text:  # an alias needs an anchor
        return
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return  # the loader reports the syntax error with its line
    if root is not None and _expanded_size(root, {}) > MAX_EXPANDED_VALUES:
        issue = Issue(
            Location(str(path), first_alias_line(text), None),
            f"expands to more than {MAX_EXPANDED_VALUES:,} values through YAML aliases (*name); "
            "write the values out in full or share fewer of them",
        )
        raise CatalogueError([issue])


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """Values `node` stands for once every alias inside it is expanded (memoised per node)."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    sizes[id(node)] = MAX_EXPANDED_VALUES + 1  # a node reached again while counting it: a cycle
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, sizes) + _expanded_size(v, sizes) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(item, sizes) for item in node.value)
    else:
        size = 1
    sizes[id(node)] = min(size, MAX_EXPANDED_VALUES + 1)
    return sizes[id(node)]


def first_alias_line(text: str) -> int | None:
    """The 1-based line of the first alias (`*name`) in YAML text, or None (also when it does not parse)."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line + 1 if event.start_mark else 1
    except yaml.YAMLError:
        return None
    return None
