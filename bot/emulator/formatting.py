"""Message text and captions: parse modes, entities and Telegram's length limits."""

from dataclasses import dataclass
from typing import Any

from bot.emulator.errors import bad_request
from bot.emulator.html import HtmlError, parse_html
from bot.emulator.params import Params

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024


@dataclass(frozen=True)
class Rendered:
    """A text or caption as Telegram stores it, and as the bot sent it."""

    text: str
    entities: list[dict[str, Any]]
    source: str
    parse_mode: str | None


def render(source: str, parse_mode: str | None, entities: Any) -> Rendered:
    """Apply a parse mode (HTML or none) to text sent by the bot."""
    mode = (parse_mode or "").strip()
    if mode.upper() == "HTML":
        try:
            parsed = parse_html(source)
        except HtmlError as error:
            raise bad_request(f"can't parse entities: {error}") from None
        return Rendered(parsed.text, parsed.entities, source, "HTML")
    if mode:
        # LIMITATION: Markdown and MarkdownV2 are not parsed; fieldbot formats with HTML only.
        raise bad_request(f"unsupported parse_mode {mode} in the emulator, use HTML")
    return Rendered(source, list(entities or []), source, None)


def read_text(params: Params) -> Rendered:
    """Read and check the `text` of sendMessage or editMessageText."""
    rendered = render(
        params.text("text") or "", params.text("parse_mode"), params.json("entities")
    )
    if not rendered.text.strip():
        raise bad_request("message text is empty")
    if len(rendered.text) > TEXT_LIMIT:
        raise bad_request("message is too long")
    return rendered


def read_caption(values: Params | dict[str, Any]) -> Rendered | None:
    """Read and check an optional caption, from call parameters or an InputMedia item."""
    params = values if isinstance(values, Params) else Params(values)
    source = params.text("caption")
    if not source:
        return None
    rendered = render(source, params.text("parse_mode"), params.json("caption_entities"))
    if len(rendered.text) > CAPTION_LIMIT:
        raise bad_request("message caption is too long")
    return rendered if rendered.text else None


def text_fields(rendered: Rendered | None, name: str = "text") -> dict[str, Any]:
    """Return the Message fields for a text ("text") or caption ("caption")."""
    if rendered is None:
        return {}
    fields: dict[str, Any] = {name: rendered.text}
    if rendered.entities:
        key = "entities" if name == "text" else "caption_entities"
        fields[key] = rendered.entities
    return fields
