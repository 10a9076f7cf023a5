"""Avatar uploads: size and type limits, re-encoded by Pillow (which also drops metadata
and any payload hidden after the image), stored outside the static root under a random name.
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
SIZE = 256


def folder() -> Path:
    path = Path(current_app.config["UPLOAD_FOLDER"]) / "avatars"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(stream) -> str:
    """Validate and store an uploaded image; return the new file name."""
    limit = current_app.config["AVATAR_MAX_BYTES"]
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _l("The image is too large (at most %(mb)d MB).", mb=limit // (1024 * 1024)),
            field="avatar",
        )
    Image.MAX_IMAGE_PIXELS = current_app.config["AVATAR_MAX_PIXELS"]
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.format not in ALLOWED_FORMATS:
                raise ValidationError(_l("Upload a JPEG, PNG or WebP image."), field="avatar")
            img.load()
            img = img.convert("RGB")
            img.thumbnail((SIZE, SIZE))
            name = f"{secrets.token_hex(16)}.png"
            img.save(folder() / name, format="PNG", optimize=True)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise ValidationError(_l("Upload a JPEG, PNG or WebP image."), field="avatar") from exc
    return name


def remove(name: str | None) -> None:
    if name:
        (folder() / Path(name).name).unlink(missing_ok=True)
