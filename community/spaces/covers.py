"""Space cover images: size and type limits checked by Pillow, re-encoded (which drops
metadata and anything hidden after the image), stored outside the static root under a
random name and served only through a view that checks access to the space.
"""
from __future__ import annotations

import io
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from ..errors import ValidationError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_SIZE = (1600, 900)
NAME_LENGTH = 32 + len(".jpg")


def folder() -> Path:
    path = Path(current_app.config["UPLOAD_FOLDER"]) / "space-covers"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _refuse() -> ValidationError:
    return ValidationError(_l("Upload a JPEG, PNG or WebP image."), field="cover")


def store(stream) -> str:
    """Validate and store an uploaded cover image; return the new file name."""
    limit = current_app.config["SPACE_COVER_MAX_BYTES"]
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _l("The image is too large (at most %(mb)d MB).", mb=limit // (1024 * 1024)),
            field="cover",
        )
    if not data:
        raise _refuse()
    Image.MAX_IMAGE_PIXELS = current_app.config["SPACE_COVER_MAX_PIXELS"]
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.format not in ALLOWED_FORMATS:
                raise _refuse()
            img.load()
            img = img.convert("RGB")
            img.thumbnail(MAX_SIZE)
            name = f"{secrets.token_hex(16)}.jpg"
            img.save(folder() / name, format="JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError,
            ValueError) as exc:
        raise _refuse() from exc
    return name


def path_of(name: str) -> Path | None:
    """The stored file for ``name`` (a bare file name we generated), or None."""
    if not name or Path(name).name != name:
        return None
    path = folder() / name
    return path if path.is_file() else None


def remove(name: str | None) -> None:
    if name:
        (folder() / Path(name).name).unlink(missing_ok=True)
