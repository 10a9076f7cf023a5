"""Attachments of posts: PDF and images, checked by content, stored outside the static root.

The type is decided by the bytes, never by the name or the browser's claim: a PDF starts
with ``%PDF-``; an image must open in Pillow as PNG, JPEG or WebP. The original name is
kept only as a sanitised download name (with the extension of the detected type); the
file on disk gets a random name under ``UPLOAD_FOLDER/attachments``. Files are served
only through ``post_views.attachment`` (access check, ``Content-Disposition: attachment``).
"""
from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError
from werkzeug.utils import secure_filename

from ..errors import ValidationError

IMAGE_TYPES = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg"),
               "WEBP": ("image/webp", "webp")}
PDF = ("application/pdf", "pdf")


class TooLarge(ValidationError):
    status = 413


@dataclass
class Upload:
    """A checked upload, held in memory until the post it belongs to is written."""

    filename: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


def folder() -> Path:
    path = Path(current_app.config["UPLOAD_FOLDER"]) / "attachments"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(stored_name: str) -> Path:
    return folder() / Path(stored_name).name


def max_mb() -> int:
    return current_app.config["ATTACHMENT_MAX_BYTES"] // (1024 * 1024)


def _sniff(data: bytes) -> tuple[str, str] | None:
    if data.startswith(b"%PDF-"):
        return PDF
    Image.MAX_IMAGE_PIXELS = current_app.config["ATTACHMENT_MAX_PIXELS"]
    try:
        with Image.open(io.BytesIO(data)) as img:
            kind = IMAGE_TYPES.get(img.format or "")
            if kind is None:
                return None
            img.verify()  # structure check without decoding every pixel
            return kind
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError,
            ValueError):
        return None


def _download_name(original: str | None, extension: str) -> str:
    base = secure_filename(original or "")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = (stem or "bijlage")[:150]
    return f"{stem}.{extension}"


def check(file_storage) -> Upload:
    """Read and check one uploaded file (a werkzeug ``FileStorage``)."""
    limit = current_app.config["ATTACHMENT_MAX_BYTES"]
    data = file_storage.stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(_l("%(name)s is too large: at most %(mb)d MB per file.",
                          name=secure_filename(file_storage.filename or "") or "?",
                          mb=max_mb()), field="attachments")
    if not data:
        raise ValidationError(_l("%(name)s is empty.",
                                 name=secure_filename(file_storage.filename or "") or "?"),
                              field="attachments")
    kind = _sniff(data)
    if kind is None:
        raise ValidationError(
            _l("%(name)s is not allowed: attach a PDF, PNG, JPEG or WebP file.",
               name=secure_filename(file_storage.filename or "") or "?"),
            field="attachments")
    content_type, extension = kind
    return Upload(filename=_download_name(file_storage.filename, extension),
                  content_type=content_type, data=data)


def check_all(files, already: int = 0) -> list[Upload]:
    """Check every non-empty upload field; refuse more than the per-post limit."""
    files = [f for f in (files or []) if f is not None and getattr(f, "filename", "")]
    limit = current_app.config["ATTACHMENTS_PER_POST"]
    if already + len(files) > limit:
        raise ValidationError(_l("At most %(n)d attachments per post.", n=limit),
                              field="attachments")
    return [check(f) for f in files]


def write(upload: Upload) -> str:
    """Write the bytes under a new random name; returns the stored name."""
    name = secrets.token_hex(20)
    path = folder() / name
    with open(path, "xb") as fh:
        fh.write(upload.data)
    return name


def remove(stored_name: str | None) -> None:
    if stored_name:
        path_of(stored_name).unlink(missing_ok=True)
