"""Avatar uploads: size and type limits, re-encoded by Pillow (which also drops metadata
and any payload hidden after the image), stored outside the static root under a random name.
"""
from __future__ import annotations

import io
import secrets
import warnings
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
    max_pixels = current_app.config["AVATAR_MAX_PIXELS"]
    Image.MAX_IMAGE_PIXELS = max_pixels  # Pillow only *refuses* above twice this, so also:
    try:
        with warnings.catch_warnings():  # the size is checked below, with a clear message
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
        with img:
            if img.format not in ALLOWED_FORMATS:
                raise ValidationError(_l("Upload a JPEG, PNG or WebP image."), field="avatar")
            if img.width * img.height > max_pixels:  # checked before decoding anything
                raise _too_many_pixels(max_pixels)
            img.load()
            img = img.convert("RGB")
            img.thumbnail((SIZE, SIZE))
            name = f"{secrets.token_hex(16)}.png"
            img.save(folder() / name, format="PNG", optimize=True)
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(max_pixels) from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError(_l("Upload a JPEG, PNG or WebP image."), field="avatar") from exc
    return name


def _too_many_pixels(max_pixels: int) -> ValidationError:
    side = int(max_pixels ** 0.5)
    return ValidationError(
        _l("The image is too large (at most %(side)d × %(side)d pixels).", side=side),
        field="avatar",
    )


def remove(name: str | None) -> None:
    if name:
        (folder() / Path(name).name).unlink(missing_ok=True)
