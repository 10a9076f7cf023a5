"""Attachments: PDF and images only (by content), size and count limits, stored outside the
static root under random names, served as downloads only to people who see the post."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from community.extensions import db
from community.spaces import post_services
from community.spaces.models import SpaceMembership
from community.spaces.post_models import Attachment, Post
from tests.community.spaces.conftest import count, png_bytes, post_form, post_path

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def w(post_world, veteran):
    post_world.other_member = veteran(name="Otto Lid")
    for space in post_world.spaces.values():
        db.session.add(SpaceMembership(space_id=space.id, user_id=post_world.other_member.id))
    db.session.commit()
    return post_world


def _folder(app) -> Path:
    return Path(app.config["UPLOAD_FOLDER"]) / "attachments"


def _files_on_disk(app) -> set[str]:
    folder = _folder(app)
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def _create(client, space, files, title="Met bijlagen"):
    data = {"title": title, "body": "Zie de bijlagen.", "action": "save",
            "attachments": [(io.BytesIO(content), name) for name, content in files]}
    return post_form(client, f"/spaces/{space.slug}/posts/new", data,
                     content_type="multipart/form-data")


def test_pdf_and_images_are_stored_outside_static_and_served_as_downloads(w, app, client_for):
    before = _files_on_disk(app)
    c = client_for(w.author)
    resp = _create(c, w.spaces["private"], [
        ("Energiescan rapport.pdf", PDF), ("dak.png", png_bytes()),
        ("foto.jpeg", png_bytes(fmt="JPEG")), ("plaatje.webp", png_bytes(fmt="WEBP"))])
    assert resp.status_code == 302, resp.get_data(as_text=True)[-2000:]
    post = db.session.scalar(db.select(Post))
    atts = db.session.scalars(db.select(Attachment).order_by(Attachment.id)).all()
    assert [(a.filename, a.content_type) for a in atts] == [
        ("Energiescan_rapport.pdf", "application/pdf"), ("dak.png", "image/png"),
        ("foto.jpg", "image/jpeg"), ("plaatje.webp", "image/webp")]
    new_files = _files_on_disk(app) - before
    assert new_files == {a.stored_name for a in atts}
    static_root = Path(app.static_folder).resolve()
    for a in atts:
        stored = (_folder(app) / a.stored_name).resolve()
        assert static_root not in stored.parents and a.filename not in a.stored_name
    page = c.get(post_path(post)).get_data(as_text=True)
    assert "Energiescan_rapport.pdf" in page
    download = c.get(post_path(post, f"/attachments/{atts[0].id}"))
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "Energiescan_rapport.pdf" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    # the stored name is not a URL anywhere
    assert c.get(f"/static/{atts[0].stored_name}").status_code == 404


@pytest.mark.parametrize("visibility, allowed", [
    ("open", {"anonymous", "outsider", "other_member", "moderator"}),
    ("private", {"other_member", "moderator"}),
    ("secret", {"other_member", "moderator"}),
])
def test_attachment_downloads_follow_post_visibility(w, client_for, visibility, allowed):
    post = w.post(visibility)
    from werkzeug.datastructures import FileStorage

    post_services.update_post(w.author, post, title=post.title, body_md=post.body_md,
                              files=[FileStorage(io.BytesIO(PDF), "plan.pdf")])
    att = db.session.scalar(db.select(Attachment))
    users = {"anonymous": None, "outsider": w.outsider, "other_member": w.other_member,
             "moderator": w.moderator}
    for role, user in users.items():
        status = client_for(user).get(post_path(post, f"/attachments/{att.id}")).status_code
        assert status == (200 if role in allowed else 404), (role, status)
    # a wrong post id in the URL, or a deleted post: 404 like a missing file
    other = w.post(visibility, title="Ander")
    c = client_for(w.other_member)
    assert c.get(post_path(other, f"/attachments/{att.id}")).status_code == 404
    post_services.delete_post(w.author, post)
    assert c.get(post_path(post, f"/attachments/{att.id}")).status_code == 404
    assert c.get(post_path(post, "/attachments/999999")).status_code == 404


@pytest.mark.parametrize("name, content, message", [
    ("setup.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "is not allowed"),
    ("virus.exe", b"MZ\x90\x00\x03" + b"\x00" * 200, "is not allowed"),
    ("page.html", b"<html><script>alert(1)</script></html>", "is not allowed"),
    ("image.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
     "is not allowed"),
    ("fake.png", b"\x89PNG\r\n\x1a\nnot really", "is not allowed"),
    ("leeg.pdf", b"", "is empty"),
])
def test_forbidden_types_are_refused_and_nothing_is_written(w, app, client_for, name,
                                                           content, message):
    before = _files_on_disk(app)
    resp = _create(client_for(w.author), w.spaces["open"], [("ok.pdf", PDF), (name, content)])
    assert resp.status_code == 400
    assert message in resp.get_data(as_text=True)
    assert count(Post) == 0 and count(Attachment) == 0
    assert _files_on_disk(app) == before


def test_an_upload_over_the_limit_is_refused_clearly(w, app, client_for):
    before = _files_on_disk(app)
    big = PDF + b"0" * (11 * 1024 * 1024)  # 11 MB: over ATTACHMENT_MAX_BYTES (10 MB)
    resp = _create(client_for(w.author), w.spaces["open"], [("groot.pdf", big)])
    assert resp.status_code == 413
    assert "too large" in resp.get_data(as_text=True) and "10 MB" in resp.get_data(as_text=True)
    assert count(Post) == 0 and _files_on_disk(app) == before


def test_a_request_over_the_request_limit_is_413(w, client_for):
    huge = PDF + b"0" * (13 * 1024 * 1024)  # over MAX_CONTENT_LENGTH (12 MB)
    resp = _create(client_for(w.author), w.spaces["open"], [("huge.pdf", huge)])
    assert resp.status_code == 413
    assert count(Post) == 0


def test_at_most_five_attachments_per_post(w, app, client_for):
    c = client_for(w.author)
    resp = _create(c, w.spaces["open"], [(f"{i}.pdf", PDF) for i in range(6)])
    assert resp.status_code == 400 and "At most 5 attachments" in resp.get_data(as_text=True)
    assert count(Post) == 0
    assert _create(c, w.spaces["open"], [(f"{i}.pdf", PDF) for i in range(5)]).status_code == 302
    post = db.session.scalar(db.select(Post))
    edit = post_form(c, post_path(post, "/edit"), {
        "title": post.title, "body": post.body_md, "action": "save",
        "attachments": [(io.BytesIO(PDF), "zes.pdf")]}, content_type="multipart/form-data")
    assert edit.status_code == 400 and count(Attachment) == 5


def test_filenames_are_sanitised(w, client_for):
    resp = _create(client_for(w.author), w.spaces["open"], [
        ("../../etc/passwd.pdf", PDF), ("..\\..\\boot.ini.png", png_bytes()),
        ("<script>.pdf", PDF)])
    assert resp.status_code == 302
    names = db.session.scalars(db.select(Attachment.filename).order_by(Attachment.id)).all()
    assert names[0] == "etc_passwd.pdf"
    assert "/" not in names[1] and "\\" not in names[1] and names[1].endswith(".png")
    assert "<" not in names[2] and names[2].endswith(".pdf")


def test_removing_an_attachment_on_edit_deletes_the_file(w, app, client_for):
    c = client_for(w.author)
    _create(c, w.spaces["open"], [("weg.pdf", PDF), ("blijft.png", png_bytes())])
    post = db.session.scalar(db.select(Post))
    weg, blijft = db.session.scalars(db.select(Attachment).order_by(Attachment.id)).all()
    resp = post_form(c, post_path(post, "/edit"), {
        "title": post.title, "body": post.body_md, "action": "save",
        "remove_attachments": [str(weg.id)]})
    assert resp.status_code == 302
    assert count(Attachment) == 1
    assert not (_folder(app) / weg.stored_name).exists()
    assert (_folder(app) / blijft.stored_name).exists()
    # others cannot remove attachments: they cannot edit the post at all
    other = post_form(client_for(w.other_member), post_path(post, "/edit"), {
        "title": post.title, "body": post.body_md, "action": "save",
        "remove_attachments": [str(blijft.id)]})
    assert other.status_code == 403 and count(Attachment) == 1
