"""A fixture's optional "images" object: the pictures its cards show, checked byte by byte.

Each entry is `"<name>": "<base64>"`; the name must be the one cards.sources.images gives those
bytes (their hash and real type), so a fixture cannot store a script under a picture's name,
nor one picture under another's.
"""

import base64
import binascii
from typing import Any

from cards.fixture_types import FixtureError
from cards.sources.images import (
    IMAGE_NAME_RE,
    MAX_IMAGE_BYTES,
    MAX_TOTAL_IMAGE_BYTES,
    image_name,
)


def read_images(data: dict, name: str) -> tuple[tuple[str, bytes], ...]:
    """The fixture's images as (name, bytes) pairs; FixtureError naming the entry if one is bad."""
    images: Any = data.get("images", {})
    if not isinstance(images, dict):
        raise FixtureError(name, "images", "must be an object of name → base64 image")
    total, read = 0, []
    for key, encoded in sorted(images.items()):
        where = f"images.{key[:40]}"
        if not IMAGE_NAME_RE.match(key):
            raise FixtureError(name, where, "is not an image name (hash.png|jpg|gif|webp)")
        if not isinstance(encoded, str):
            raise FixtureError(name, where, "must be the image's bytes in base64")
        try:
            content = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise FixtureError(name, where, "is not valid base64") from None
        if len(content) > MAX_IMAGE_BYTES:
            raise FixtureError(name, where, f"is larger than {MAX_IMAGE_BYTES // 2**20} MB")
        total += len(content)
        if total > MAX_TOTAL_IMAGE_BYTES:
            raise FixtureError(
                name, where, f"the images exceed {MAX_TOTAL_IMAGE_BYTES // 2**20} MB in all"
            )
        if image_name(content) != key:
            raise FixtureError(
                name, where, "is not a PNG, JPEG, GIF or WebP image with these bytes' name"
            )
        read.append((key, content))
    return tuple(read)


def write_images(images: tuple[tuple[str, bytes], ...]) -> dict[str, Any]:
    """The "images" entry of a built fixture (absent when there are none)."""
    if not images:
        return {}
    return {"images": {key: base64.b64encode(content).decode() for key, content in images}}
