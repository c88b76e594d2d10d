"""Images on cards: what a card may show, how it is named, and how its type is told.

Pure Python. An image is named by its content's hash and its real type ("3f…a1.png"), so the
same picture in two decks is stored once and a name says nothing a file name could forge. Card
text shows one as ``![alt](card-image:NAME)`` (cards.rendering turns only that form into an
<img>); a fixture carries the bytes in its optional "images" object (fixtures/README.md).
"""

import hashlib
import re

MAX_IMAGE_BYTES = 2 * 2**20
MAX_TOTAL_IMAGE_BYTES = 16 * 2**20
IMAGE_NAME_RE = re.compile(r"^[0-9a-f]{20}\.(?:png|jpg|gif|webp)$")
CONTENT_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"GIF87a", ".gif"),
    (b"GIF89a", ".gif"),
)


def image_type(content: bytes) -> str | None:
    """The extension of a PNG, JPEG, GIF or WebP image, told from its bytes; None otherwise."""
    for signature, extension in _SIGNATURES:
        if content.startswith(signature):
            return extension
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return ".webp"
    return None


def image_name(content: bytes) -> str | None:
    """The stored name of an image (its hash and real type), or None if it is no image."""
    extension = image_type(content)
    if extension is None:
        return None
    return hashlib.sha256(content).hexdigest()[:20] + extension


def image_markdown(name: str, alt: str = "") -> str:
    """How card text shows a stored image."""
    alt = re.sub(r"[\[\]\\\n]", " ", alt).strip()
    return f"![{alt}](card-image:{name})"
