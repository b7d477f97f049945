"""Files known to the emulator: storage, Telegram-like photo re-encoding, placeholders."""

import functools
import io
import itertools
import logging
import mimetypes
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

PHOTO_SIDES = (90, 320, 800, 1280)
DOWNLOAD_LIMIT = 20 * 1024 * 1024
# LIMITATION: voice notes carry these placeholder bytes, not playable audio, unless the test
# passes real OGG/Opus bytes; nothing in fieldbot decodes voice notes.
PLACEHOLDER_VOICE = b"OggS" + bytes(60)


@dataclass(frozen=True)
class StoredFile:
    """One file as Telegram knows it: ids, download path and kind."""

    file_id: str
    file_unique_id: str
    file_path: str
    kind: str
    size: int
    mime_type: str | None = None
    data: bytes | None = field(default=None, repr=False)

    def describe(self) -> dict[str, Any]:
        """Return the Telegram File object (getFile's answer)."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
            "file_path": self.file_path,
        }


class PhotoDimensionsError(ValueError):
    """An image Telegram refuses as a photo: too large a side sum or too thin."""


class FileStore:
    """Keep file bytes in memory, or under `directory` when one is given."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._media: dict[str, Any] = {}
        self._numbers = itertools.count(1)

    def add(self, data: bytes, kind: str, suffix: str, mime_type: str | None = None) -> StoredFile:
        """Store new bytes under fresh ids, as an upload to Telegram would."""
        path = f"{kind}s/file_{next(self._numbers)}{suffix}"
        kept = data
        if self.directory is not None:
            target = self.directory / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            kept = None
        stored = StoredFile(
            file_id=secrets.token_urlsafe(36),
            file_unique_id=secrets.token_urlsafe(12),
            file_path=path,
            kind=kind,
            size=len(data),
            mime_type=mime_type,
            data=kept,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[path] = stored
        return stored

    def get(self, file_id: str) -> StoredFile | None:
        """Find a file by its file_id."""
        return self._by_id.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        """Find a file by the file_path getFile gave."""
        return self._by_path.get(file_path)

    def read(self, stored: StoredFile) -> bytes:
        """Return the bytes of a stored file."""
        if stored.data is not None:
            return stored.data
        assert self.directory is not None  # bytes live on disk when not kept in memory
        return (self.directory / stored.file_path).read_bytes()

    def remember_media(self, file_ids: list[str], media: Any) -> None:
        """Record the message media (PhotoSize list, Document...) that these file ids resend."""
        for file_id in file_ids:
            self._media[file_id] = media

    def media(self, file_id: str) -> Any:
        """Return the media object a file_id re-sends, or None if the id is unknown."""
        return self._media.get(file_id)

    def add_photo(self, data: bytes) -> list[dict[str, Any]]:
        """Re-encode an image like Telegram and return its PhotoSize list, smallest first."""
        return self.store_photo(encode_photo(data))

    def store_photo(self, renditions: list[tuple[bytes, int, int]]) -> list[dict[str, Any]]:
        """Store the renditions `encode_photo` made and return their PhotoSize list."""
        sizes = []
        for jpeg, width, height in renditions:
            stored = self.add(jpeg, "photo", ".jpg", "image/jpeg")
            sizes.append(
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "file_size": stored.size,
                    "width": width,
                    "height": height,
                }
            )
        self.remember_media([size["file_id"] for size in sizes], sizes)
        logger.debug("photo re-encoded into %d sizes", len(sizes))
        return sizes

    def add_document(self, data: bytes, file_name: str | None, mime_type: str | None) -> dict:
        """Store a file byte for byte and return its Document object."""
        suffix = Path(file_name).suffix if file_name else ""
        mime = mime_type or (mimetypes.guess_type(file_name)[0] if file_name else None)
        stored = self.add(data, "document", suffix, mime or "application/octet-stream")
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "mime_type": stored.mime_type,
        }
        if file_name:
            document["file_name"] = file_name
        self.remember_media([stored.file_id], document)
        return document

    def add_sticker(self, emoji: str) -> dict[str, Any]:
        """Store a placeholder static sticker and return its Sticker object."""
        stored = self.add(placeholder_webp(), "sticker", ".webp", "image/webp")
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        self.remember_media([stored.file_id], sticker)
        return sticker

    def add_voice(self, data: bytes | None, duration: int) -> dict[str, Any]:
        """Store a voice note and return its Voice object."""
        stored = self.add(data or PLACEHOLDER_VOICE, "voice", ".ogg", "audio/ogg")
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "duration": duration,
            "mime_type": "audio/ogg",
        }
        self.remember_media([stored.file_id], voice)
        return voice


def encode_photo(data: bytes) -> list[tuple[bytes, int, int]]:
    """Return JPEG renditions (bytes, width, height) without EXIF, never upscaled.

    Raises:
        ValueError: the bytes are not an image Pillow can read.
    """
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValueError("not an image Telegram could process") from error
    width, height = image.size
    if width + height > 10000 or max(width, height) > 20 * min(width, height):
        raise PhotoDimensionsError(f"a {width}x{height} image cannot be sent as a photo")

    longest = max(image.size)
    sides = sorted({side for side in PHOTO_SIDES if side < longest} | {min(longest, 1280)})
    renditions = []
    for side in sides:
        copy = image.copy()
        copy.thumbnail((side, side))
        buffer = io.BytesIO()
        copy.save(buffer, "JPEG", quality=87)
        renditions.append((buffer.getvalue(), copy.width, copy.height))
    return renditions


@functools.cache
def placeholder_webp() -> bytes:
    """Return a small transparent WEBP image to stand for a sticker."""
    buffer = io.BytesIO()
    Image.new("RGBA", (512, 512), (0, 0, 0, 0)).save(buffer, "WEBP")
    return buffer.getvalue()
