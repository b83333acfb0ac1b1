"""Session recordings on S3 (X-9, SE-A3.Kb): the browser's direct upload, driven here as
static/js/rekaman.js does it, against the S3 stand-in (moto): the two JSON steps of the
portal, and real presigned PUTs of each part straight to the bucket."""

import hashlib
import json
import urllib.request

import pytest
from django.conf import settings
from django.db import connections
from django.urls import reverse
from playwright.sync_api import expect

from sertifikasi.models import LogSesi, Rekaman
from sertifikasi.services import rekaman as rules
from tests.conftest import need
from tests.test_browser import sign_in

from .conftest import DEMO_PASSWORD, png_bytes, scheduled

pytestmark = pytest.mark.services

MB = 1024 * 1024
MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2\x00\x00\x00\x08mdat"


@pytest.fixture
def world(demo, s3_bucket, monkeypatch):
    """A candidate in the demo assessor's batch; parts of 5 MB (S3's smallest but the last),
    so that a file of a little over 5 MB goes up in two parts. (The browser test below seeds
    a committed demo of its own: it runs last, after the shared demo is rolled back.)"""
    assert rules.direct_upload(), "S3_ENDPOINT_URL is set: the default storage must be S3"
    monkeypatch.setattr(rules, "PART_BYTES", 5 * MB)
    p = scheduled(demo)
    return {**demo, "p": p, "jadwal": p.jadwal, "bucket": s3_bucket}


def _client():
    return rules.storage().connection.meta.client


def _post(client, world, step, body):
    url = reverse(f"sertifikasi:rekaman-{step}", args=[world["jadwal"].pk])
    return client.post(url, json.dumps(body), content_type="application/json")


def _start(client, world, content, *, name="sesi.mp4", content_type="video/mp4", size=None):
    return _post(
        client,
        world,
        "mulai",
        {
            "judul": "Rekaman sesi observasi",
            "permohonan": world["p"].pk,
            "name": name,
            "size": len(content) if size is None else size,
            "content_type": content_type,
        },
    )


def _put_parts(plan, content) -> list[dict]:
    """Each slice PUT to its presigned URL, as the browser does; the ETags answered."""
    parts = []
    for part in plan["parts"]:
        start = (part["number"] - 1) * plan["part_size"]
        request = urllib.request.Request(
            part["url"],
            data=content[start : start + plan["part_size"]],
            method="PUT",
            # urllib would say a form (x-www-form-urlencoded); a browser's Blob slice says nothing.
            headers={"Content-Type": "application/octet-stream"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200
            parts.append({"number": part["number"], "etag": response.headers["ETag"]})
    return parts


def _versions(world, key) -> list:
    listing = _client().list_object_versions(Bucket=world["bucket"], Prefix=key)
    return listing.get("Versions", []) + listing.get("DeleteMarkers", [])


def _key(name):
    return rules._key(name)


def _token_name(token):
    from django.core import signing

    return signing.loads(token, salt=rules.TOKEN_SALT)["n"]


def test_a_video_goes_up_in_parts_and_is_recorded_with_its_sha256(world, login):
    """X-9: presigned multipart upload straight to the bucket: the start step checks the
    claim and signs a PUT per part, the finish step completes it, checks the first bytes,
    computes the SHA-256 streaming and records it with a session-log line; the file view
    redirects to a presigned GET of five minutes that serves the same bytes."""
    client = login(world["asesor"])
    page = client.get(reverse("sertifikasi:rekaman", args=[world["jadwal"].pk]))
    assert 'data-rekaman-mulai="' in page.content.decode() and "js/rekaman.js" in page.content.decode()
    assert settings.S3_ENDPOINT_URL.rstrip("/") in page["Content-Security-Policy"]

    content = MP4_HEAD + bytes(range(256)) * (5 * 4096 + 40)  # 5 MB + ~10 KB: two parts
    started = _start(client, world, content)
    assert started.status_code == 200, started.content
    plan = started.json()
    assert plan["part_size"] == 5 * MB and [p["number"] for p in plan["parts"]] == [1, 2]
    assert all("X-Amz-Signature=" in p["url"] for p in plan["parts"])
    parts = _put_parts(plan, content)

    done = _post(client, world, "selesai", {"token": plan["token"], "parts": parts[::-1]})
    assert done.status_code == 200, done.content
    assert done.json() == {"url": reverse("sertifikasi:rekaman", args=[world["jadwal"].pk])}
    rekaman = Rekaman.objects.get()
    assert rekaman.sha256 == hashlib.sha256(content).hexdigest()
    assert (rekaman.ukuran, rekaman.jenis_berkas) == (len(content), "mp4")
    assert rekaman.permohonan == world["p"] and rekaman.judul == "Rekaman sesi observasi"
    assert rekaman.berkas.name == _token_name(plan["token"])
    assert rekaman.berkas.name.startswith("sertifikasi/rekaman/") and "sesi" not in rekaman.berkas.name
    log = LogSesi.objects.get(jenis=LogSesi.Jenis.REKAMAN)
    assert rekaman.sha256 in log.teks and log.oleh == world["asesor"]

    download = client.get(reverse("sertifikasi:rekaman-file", args=[world["jadwal"].pk, rekaman.pk]))
    assert download.status_code == 302
    assert "X-Amz-Signature=" in download["Location"] and "X-Amz-Expires=300" in download["Location"]
    with urllib.request.urlopen(download["Location"], timeout=30) as response:
        assert hashlib.sha256(response.read()).hexdigest() == rekaman.sha256
        assert response.headers["Content-Disposition"].startswith("attachment")


def test_an_object_that_is_not_a_video_is_refused_and_deleted(world, login):
    """X-9: the claim said MP4, the bytes are a PNG: the finish step deletes the object (its
    version, not a delete marker over it) and records nothing."""
    client = login(world["asesor"])
    content = png_bytes()
    plan = _start(client, world, content).json()
    parts = _put_parts(plan, content)
    key = _key(_token_name(plan["token"]))
    assert _versions(world, key) == []  # nothing is an object before the upload completes

    done = _post(client, world, "selesai", {"token": plan["token"], "parts": parts})
    assert done.status_code == 400
    assert "bukan berkas video" in done.json()["error"]
    assert _versions(world, key) == []
    assert not Rekaman.objects.exists()
    assert not LogSesi.objects.filter(jenis=LogSesi.Jenis.REKAMAN).exists()


def test_a_smaller_object_than_announced_is_refused_and_deleted(world, login):
    """X-9: the size checked at the start is the size that must arrive."""
    client = login(world["asesor"])
    content = MP4_HEAD + b"\x00" * 1000
    plan = _start(client, world, content, size=len(content) + 10).json()
    parts = _put_parts(plan, content)
    done = _post(client, world, "selesai", {"token": plan["token"], "parts": parts})
    assert done.status_code == 400
    assert "Ukuran berkas yang tiba tidak sesuai" in done.json()["error"]
    assert _versions(world, _key(_token_name(plan["token"]))) == []
    assert not Rekaman.objects.exists()


def test_a_browser_hash_that_does_not_match_is_refused(world, login):
    """X-9: a SHA-256 the browser sends must be the one computed here from the bucket."""
    client = login(world["asesor"])
    content = MP4_HEAD + b"\x01" * 1000
    plan = _start(client, world, content).json()
    parts = _put_parts(plan, content)
    done = _post(client, world, "selesai", {"token": plan["token"], "parts": parts, "sha256": "0" * 64})
    assert done.status_code == 400 and "SHA-256" in done.json()["error"]
    assert _versions(world, _key(_token_name(plan["token"]))) == []


def _uploads(world) -> set:
    listing = _client().list_multipart_uploads(Bucket=world["bucket"], Prefix=_key(rules.FOLDER))
    return {u["UploadId"] for u in listing.get("Uploads", [])}


def test_the_start_step_refuses_a_wrong_type_or_size(world, login, settings):
    """X-9: the claim is checked before anything is created: a PNG claim, or more than
    SERTIFIKASI_REKAMAN_MAX_MB (1 MB here)."""
    client = login(world["asesor"])
    before = _uploads(world)
    png = _start(client, world, b"x" * 100, name="foto.png", content_type="image/png")
    assert png.status_code == 400 and "bukan berkas video" in png.json()["error"]
    settings.SERTIFIKASI_REKAMAN_MAX_MB = 1
    big = _start(client, world, b"", size=MB + 1)
    assert big.status_code == 400 and "terlalu besar (maksimal 1 MB)" in big.json()["error"]
    assert _uploads(world) == before


def test_a_token_is_only_good_for_its_user_and_batch(world, login):
    """X-9: the finish step trusts only its signed token: another user (even staff who may add)
    or a tampered token is refused, and the upload is not completed."""
    content = MP4_HEAD + b"\x02" * 1000
    plan = _start(login(world["asesor"]), world, content).json()
    parts = _put_parts(plan, content)
    other = login(world["komite"])
    refused = _post(other, world, "selesai", {"token": plan["token"], "parts": parts})
    assert refused.status_code == 400 and "tidak dikenal" in refused.json()["error"]
    tampered = _post(other, world, "selesai", {"token": plan["token"] + "x", "parts": parts})
    assert tampered.status_code == 400
    assert not Rekaman.objects.exists()
    assert _versions(world, _key(_token_name(plan["token"]))) == []


def test_the_candidate_gets_404_on_the_direct_upload_steps(world, login):
    """X-9: never to candidates."""
    client = login(world["p"].asesi)
    assert _start(client, world, MP4_HEAD).status_code == 404
    assert _post(client, world, "selesai", {"token": "x", "parts": []}).status_code == 404


@pytest.fixture
def browser_world(demo_committed, live_server, settings, monkeypatch):
    """The demo committed for the live server, staff MFA not enforced (as with `make run`),
    5 MB parts; the bucket's CORS as a deployment must set it (PUT from the portal's origin,
    the ETag header exposed to the page's script)."""
    need("S3_ENDPOINT_URL")
    settings.LSP_MFA_REQUIRED = False
    monkeypatch.setattr(rules, "PART_BYTES", 5 * MB)
    _client().put_bucket_cors(
        Bucket=settings.S3_BUCKET,
        CORSConfiguration={
            "CORSRules": [
                {
                    "AllowedOrigins": [live_server.url],
                    "AllowedMethods": ["PUT"],
                    "AllowedHeaders": ["*"],
                    "ExposeHeaders": ["ETag"],
                    "MaxAgeSeconds": 600,
                }
            ]
        },
    )
    yield demo_committed
    # Playwright runs an event loop in this thread: close the connection Django keyed to it.
    connections.close_all()


@pytest.mark.browser
def test_the_browser_uploads_a_video_straight_to_the_bucket(browser_world, live_server, page):
    """X-9: static/js/rekaman.js in Debian's chromium: the page's upload form sends the file in
    two parts straight to the bucket and the portal records it; no Content-Security-Policy
    violation (the page lets the script reach the bucket's origin)."""
    p = scheduled(browser_world)
    console = []
    page.on("console", lambda message: console.append(message.text))
    url = reverse("sertifikasi:rekaman", args=[p.jadwal_id])
    page.goto(f"{live_server.url}/akun/login/?next={url}")
    sign_in(page, "asesor@demo.lsp.id", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Rekaman sesi", level=1)).to_be_visible()
    content = MP4_HEAD + bytes(range(256)) * (5 * 4096 + 40)
    page.locator("#id_unggah-judul").fill("Rekaman dari ponsel")
    page.locator("#id_unggah-berkas").set_input_files(
        files=[{"name": "sesi.mp4", "mimeType": "video/mp4", "buffer": content}]
    )
    page.get_by_role("button", name="Unggah rekaman").click()
    expect(page.get_by_text("Rekaman diunggah dan dicatat.")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("link", name="Rekaman dari ponsel")).to_be_visible()
    rekaman = Rekaman.objects.get()
    assert rekaman.sha256 == hashlib.sha256(content).hexdigest()
    assert rekaman.berkas.name.startswith("sertifikasi/rekaman/")
    assert [t for t in console if "Content Security Policy" in t] == []
