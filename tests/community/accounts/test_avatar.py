"""Avatar uploads: real images only, size limits, re-encoded, served from outside static/."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from tests.community.accounts.helpers import english, login_client, png_bytes, post_form, reload


def _noise_png(side: int = 200) -> bytes:
    import random

    rnd = random.Random(7)
    pixels = bytes(rnd.randrange(256) for _ in range(side * side * 3))
    img = Image.frombytes("RGB", (side, side), pixels)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def _upload(client, data: bytes, filename="foto.png", content_type="image/png"):
    return post_form(client, "/settings/avatar",
                     {"avatar-avatar": (io.BytesIO(data), filename, content_type)},
                     "/settings", content_type="multipart/form-data")


def _folder(app) -> Path:
    return Path(app.config["UPLOAD_FOLDER"]) / "avatars"


@pytest.fixture
def member(app, user):
    client = login_client(app, user)
    english(client)
    return client


def test_real_png_is_accepted_resized_and_served(app, member, user):
    resp = _upload(member, png_bytes((800, 600)))
    assert resp.status_code == 302
    name = reload(user).avatar_file
    assert name and name.endswith(".png") and name != "foto.png"
    stored = _folder(app) / name
    assert stored.is_file()
    static_root = Path(app.static_folder).resolve()
    assert static_root not in stored.resolve().parents  # outside the static root

    served = member.get(f"/avatars/{name}")
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    with Image.open(io.BytesIO(served.data)) as img:
        assert img.format == "PNG" and max(img.size) == 256
    assert f'src="/avatars/{name}"' in member.get("/settings").get_data(as_text=True)


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
def test_jpeg_and_webp_are_accepted(member, user, fmt):
    resp = _upload(member, png_bytes((40, 40), fmt=fmt), filename=f"foto.{fmt.lower()}",
                   content_type=f"image/{fmt.lower()}")
    assert resp.status_code == 302
    assert reload(user).avatar_file


@pytest.mark.parametrize("data, filename", [
    (b"Dit is geen afbeelding, alleen tekst.\n" * 20, "foto.png"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "foto.png"),
    (b"<html><script>alert(1)</script></html>", "foto.jpg"),
    (_noise_png()[:20000], "kapot.png"),  # truncated PNG
    (png_bytes((10, 10), fmt="GIF"), "foto.gif"),  # a real image, but not an allowed type
    (png_bytes((10, 10), fmt="BMP"), "foto.png"),
])
def test_non_images_and_other_types_are_refused(app, member, user, data, filename):
    before = set(_folder(app).glob("*")) if _folder(app).exists() else set()
    resp = _upload(member, data, filename=filename)
    assert resp.status_code == 400
    assert "Upload a JPEG, PNG or WebP image." in resp.get_data(as_text=True)
    assert reload(user).avatar_file is None
    after = set(_folder(app).glob("*")) if _folder(app).exists() else set()
    assert after == before  # nothing written to disk


def test_image_over_two_megabytes_is_refused_with_a_message(member, user):
    noisy = Image.frombytes("RGB", (1000, 1000), bytes(range(256)) * 11718 + bytes(192))
    out = io.BytesIO()
    noisy.save(out, format="PNG", compress_level=0)
    data = out.getvalue()
    assert 2 * 1024 * 1024 < len(data) < 12 * 1024 * 1024
    resp = _upload(member, data)
    assert resp.status_code == 400
    assert "The image is too large (at most 2 MB)." in resp.get_data(as_text=True)
    assert reload(user).avatar_file is None


def test_upload_over_the_request_limit_is_413(app, member, user):
    data = png_bytes((10, 10)) + b"\0" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    resp = _upload(member, data)
    assert resp.status_code == 413
    assert "The upload is too large." in resp.get_data(as_text=True)
    assert reload(user).avatar_file is None


@pytest.mark.parametrize("extra", [100, 2500])  # just over the limit; over twice the limit
def test_image_with_too_many_pixels_is_refused(app, member, user, extra):
    """A small file can unpack into a huge image (a decompression bomb)."""
    side = int(app.config["AVATAR_MAX_PIXELS"] ** 0.5) + extra
    out = io.BytesIO()
    Image.new("1", (side, side), 1).save(out, format="PNG", optimize=True)
    data = out.getvalue()
    assert len(data) < app.config["AVATAR_MAX_BYTES"]
    resp = _upload(member, data)
    assert resp.status_code == 400
    assert "The image is too large (at most 4000 × 4000 pixels)." in resp.get_data(as_text=True)
    assert reload(user).avatar_file is None


def test_payload_appended_to_an_image_is_dropped(member, user):
    data = png_bytes((30, 30)) + b"<script>alert(1)</script>"
    assert _upload(member, data).status_code == 302
    served = member.get(f"/avatars/{reload(user).avatar_file}")
    assert b"<script>" not in served.data


def test_filename_from_the_browser_is_not_used(app, member, user):
    assert _upload(member, png_bytes(), filename="../../../static/evil.png").status_code == 302
    name = reload(user).avatar_file
    assert "/" not in name and ".." not in name and "evil" not in name
    assert (_folder(app) / name).is_file()
    assert not (Path(app.static_folder) / "evil.png").exists()


def test_new_avatar_replaces_and_removes_the_old_file(app, member, user):
    _upload(member, png_bytes(color=(1, 2, 3)))
    first = reload(user).avatar_file
    _upload(member, png_bytes(color=(4, 5, 6)))
    second = reload(user).avatar_file
    assert second != first
    assert not (_folder(app) / first).exists() and (_folder(app) / second).exists()
    assert member.get(f"/avatars/{first}").status_code == 404


def test_avatar_follows_profile_visibility(app, make_user):
    person = make_user(visibility="private")
    own = login_client(app, person)
    _upload(own, png_bytes())
    name = reload(person).avatar_file
    assert own.get(f"/avatars/{name}").status_code == 200
    assert app.test_client().get(f"/avatars/{name}").status_code == 404
    assert login_client(app, make_user()).get(f"/avatars/{name}").status_code == 404
    assert login_client(app, make_user("moderator")).get(f"/avatars/{name}").status_code == 200


@pytest.mark.parametrize("path", ["/avatars/..%2F..%2Fconfig.py", "/avatars/../community.db",
                                  "/avatars/unknown.png"])
def test_avatar_route_serves_no_other_files(client, path):
    assert client.get(path).status_code == 404


def test_upload_without_csrf_token_is_refused(member, user):
    resp = member.post("/settings/avatar",
                       data={"avatar-avatar": (io.BytesIO(png_bytes()), "foto.png")},
                       content_type="multipart/form-data")
    assert resp.status_code == 400
    assert reload(user).avatar_file is None
