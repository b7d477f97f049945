"""Parse Telegram's HTML parse mode into plain text and MessageEntity dicts.

Telegram accepts a small HTML subset: b strong i em u ins s strike del a[href] code pre
blockquote tg-spoiler span[class=tg-spoiler], the entities &lt; &gt; &amp; &quot; and numeric
ones. Errors use Telegram's wording and UTF-8 byte offsets, so a bot that works here fails the
same way on Telegram. Entity offsets and lengths are in UTF-16 code units, as in the Bot API.
"""

import re
from dataclasses import dataclass, field
from typing import Any

ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

_PLAIN_RUN = re.compile(r"[^<&]+")
_ENTITY = re.compile(r"&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[a-zA-Z][a-zA-Z0-9]*);")
_UNQUOTED_VALUE = re.compile(r"[A-Za-z0-9.\-_:/?#=%+]*")
_SPACES = " \t\r\n"


class HtmlError(ValueError):
    """Text that Telegram would refuse with "can't parse entities"."""


@dataclass(frozen=True)
class ParsedText:
    """Plain text as Telegram stores it, with its formatting entities."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _OpenTag:
    name: str
    entity: dict[str, Any] | None
    offset: int
    order: int


def utf16_length(text: str) -> int:
    """Count UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str) -> ParsedText:
    """Strip the tags of a Telegram-HTML text, unescape it and list its entities."""
    return _Parser(source).run()


class _Parser:
    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.out: list[str] = []
        self.offset = 0
        self.stack: list[_OpenTag] = []
        self.closed: list[tuple[int, dict[str, Any]]] = []
        self.opened = 0

    def run(self) -> ParsedText:
        while self.pos < len(self.src):
            run = _PLAIN_RUN.match(self.src, self.pos)
            if run:
                self._emit(run.group())
                self.pos = run.end()
            elif self.src[self.pos] == "&":
                self._emit(self._read_entity())
            elif self.src.startswith("</", self.pos):
                self._close_tag()
            else:
                self._open_tag()

        if self.stack:
            name = self.stack[-1].name
            raise HtmlError(f'Can\'t find end tag corresponding to start tag "{name}"')
        # Outer entities first, as Telegram lists them: by offset, longest, then opened first.
        self.closed.sort(key=lambda item: (item[1]["offset"], -item[1]["length"], item[0]))
        return ParsedText("".join(self.out), [entity for _, entity in self.closed])

    def _emit(self, text: str) -> None:
        self.out.append(text)
        self.offset += utf16_length(text)

    def _byte_offset(self, position: int) -> int:
        return len(self.src[:position].encode("utf-8"))

    def _read_entity(self) -> str:
        match = _ENTITY.match(self.src, self.pos)
        if not match:
            # Telegram itself keeps a stray "&" literally; the emulator refuses it so that
            # user text the bot forgot to escape is caught before it meets a stray "<".
            offset = self._byte_offset(self.pos)
            raise HtmlError(f'Unescaped "&" at byte offset {offset}, use "&amp;"')
        char = _decode_entity(match.group(1))
        if char is None:
            offset = self._byte_offset(self.pos)
            raise HtmlError(f'Unsupported HTML entity "{match.group()}" at byte offset {offset}')
        self.pos = match.end()
        return char

    def _open_tag(self) -> None:
        begin = self.pos
        end = self.pos + 1
        while end < len(self.src) and self.src[end] not in _SPACES + ">":
            end += 1
        if end == len(self.src):
            raise HtmlError(f"Unclosed start tag at byte offset {self._byte_offset(begin)}")
        name = self.src[self.pos + 1 : end].lower()
        if name not in ENTITY_TYPES:
            offset = self._byte_offset(begin)
            raise HtmlError(f'Unsupported start tag "{name}" at byte offset {offset}')

        attributes = self._read_attributes(end, name, begin)
        entity = self._entity_for(name, attributes, begin)
        self.stack.append(_OpenTag(name, entity, self.offset, self.opened))
        self.opened += 1

    def _read_attributes(self, position: int, tag: str, begin: int) -> dict[str, str]:
        attributes: dict[str, str] = {}
        while True:
            position = self._skip_spaces(position, begin)
            if self.src[position] == ">":
                self.pos = position + 1
                return attributes
            name_start = position
            while self.src[position] not in _SPACES + "=>":
                position = self._advance(position, begin)
            name = self.src[name_start:position].lower()
            if not name:
                offset = self._byte_offset(position)
                raise HtmlError(f'Empty attribute name in the tag "{tag}" at byte offset {offset}')
            position = self._skip_spaces(position, begin)
            if self.src[position] != "=":
                offset = self._byte_offset(position)
                raise HtmlError(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{tag}" at byte offset {offset}'
                )
            position = self._skip_spaces(position + 1, begin)
            attributes[name], position = self._read_value(position, begin)

    def _read_value(self, position: int, begin: int) -> tuple[str, int]:
        quote = self.src[position]
        if quote in "'\"":
            end = self.src.find(quote, position + 1)
            if end < 0:
                raise HtmlError(f"Unclosed start tag at byte offset {self._byte_offset(begin)}")
            return _unescape_attribute(self.src[position + 1 : end]), end + 1
        match = _UNQUOTED_VALUE.match(self.src, position)
        assert match is not None  # the pattern also matches the empty string
        return _unescape_attribute(match.group()), match.end()

    def _skip_spaces(self, position: int, begin: int) -> int:
        while position < len(self.src) and self.src[position] in _SPACES:
            position += 1
        if position >= len(self.src):
            raise HtmlError(f"Unclosed start tag at byte offset {self._byte_offset(begin)}")
        return position

    def _advance(self, position: int, begin: int) -> int:
        if position + 1 >= len(self.src):
            raise HtmlError(f"Unclosed start tag at byte offset {self._byte_offset(begin)}")
        return position + 1

    def _entity_for(self, name: str, attributes: dict[str, str], begin: int) -> dict | None:
        kind = ENTITY_TYPES[name]
        if name == "span" and attributes.get("class") != "tg-spoiler":
            offset = self._byte_offset(begin)
            raise HtmlError(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
        if name == "a":
            # LIMITATION: an <a> without href gets no entity; Telegram would link its text.
            href = attributes.get("href")
            return {"type": kind, "url": href} if href else None
        language = attributes.get("class", "")
        parent = self.stack[-1] if self.stack else None
        in_pre = parent is not None and parent.name == "pre" and parent.entity is not None
        if name == "code" and in_pre and language.startswith("language-"):
            assert parent is not None and parent.entity is not None  # checked by in_pre
            parent.entity["language"] = language.removeprefix("language-")
            return None
        return {"type": kind}

    def _close_tag(self) -> None:
        begin = self.pos
        end = self.src.find(">", begin)
        if end < 0:
            raise HtmlError(f"Unclosed end tag at byte offset {self._byte_offset(begin)}")
        name = self.src[begin + 2 : end].strip().lower()
        if not self.stack:
            raise HtmlError(f"Unexpected end tag at byte offset {self._byte_offset(begin)}")
        top = self.stack[-1]
        if name != top.name:
            raise HtmlError(
                f"Unmatched end tag at byte offset {self._byte_offset(begin)}, "
                f'expected "</{top.name}>", found "</{name}>"'
            )

        self.stack.pop()
        length = self.offset - top.offset
        if top.entity is not None and length > 0:
            self.closed.append((top.order, {**top.entity, "offset": top.offset, "length": length}))
        self.pos = end + 1


def _decode_entity(name: str) -> str | None:
    if not name.startswith("#"):
        return NAMED_ENTITIES.get(name)
    code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def _unescape_attribute(raw: str) -> str:
    # Attribute values keep a stray "&" as Telegram does: URLs often hold unescaped ones.
    def replace(match: re.Match[str]) -> str:
        return _decode_entity(match.group(1)) or match.group()

    return _ENTITY.sub(replace, raw)
