"""One client IP for everything that records or limits by it (issue 10, item 4; X-4, X-11).

`TRUSTED_PROXY_COUNT` proxies of ours each append the address they received the request
from to X-Forwarded-For; the client is the right-most address none of them added. The audit
trail, the signature evidence, our rate limits and allauth read it through
`lsp_portal.http.client_ip`.
"""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from akun.models import AuditEntry
from lsp_portal.http import client_ip

from .conftest import PASSWORD

pytestmark = pytest.mark.embedded

PROXY = "10.0.0.2"


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    "proxies, remote, forwarded, expected",
    [
        (0, "203.0.113.7", None, "203.0.113.7"),
        # No proxy of ours: whatever the client writes in the header is ignored.
        (0, "203.0.113.7", "198.51.100.9", "203.0.113.7"),
        # One proxy: it appended the client's address; the left part is the client's own text.
        (1, PROXY, "198.51.100.9", "198.51.100.9"),
        (1, PROXY, "6.6.6.6, 198.51.100.9", "198.51.100.9"),
        # Two proxies: the outer one appended the client, the inner one the outer proxy.
        (2, PROXY, "6.6.6.6, 198.51.100.9, 10.0.0.1", "198.51.100.9"),
        # Fewer hops than proxies (a request that bypassed one): only the peer is known.
        (2, PROXY, "198.51.100.9", PROXY),
        (1, PROXY, None, PROXY),
        # A port or brackets added by a proxy; an IPv6 address.
        (1, PROXY, "198.51.100.9:51234", "198.51.100.9"),
        (1, PROXY, "[2001:db8::7]:443", "2001:db8::7"),
        (1, PROXY, "2001:DB8::7", "2001:db8::7"),
        # Not an address where the client should be: the peer, never the junk.
        (1, PROXY, "bukan-alamat", PROXY),
    ],
)
def test_client_ip_is_the_rightmost_address_no_proxy_of_ours_added(
    settings, proxies, remote, forwarded, expected
):
    """X-4"""
    settings.TRUSTED_PROXY_COUNT = proxies

    assert client_ip(request_from(remote, forwarded)) == expected


def test_allauth_reads_the_client_ip_the_same_way(settings):
    """X-4: allauth's rate limits key on our answer, and its own setting follows ours."""
    from allauth.account.adapter import get_adapter

    from lsp_portal import settings as project_settings

    assert project_settings.ALLAUTH_TRUSTED_PROXY_COUNT == project_settings.TRUSTED_PROXY_COUNT
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from(PROXY, "6.6.6.6, 198.51.100.9")

    assert get_adapter(request).get_client_ip(request) == client_ip(request) == "198.51.100.9"


def test_audit_trail_records_the_forwarded_client_behind_our_proxy(client, asesi, settings):
    """X-4: a profile edit through one proxy is attributed to the client, not the proxy,
    and not to the address the client wrote into the header."""
    settings.TRUSTED_PROXY_COUNT = 1
    client.force_login(asesi)

    client.post(
        "/akun/profil/ubah/",
        {"nama_lengkap": "Asesi Baru", "nomor_hp": ""},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9",
    )

    entry = AuditEntry.objects.filter(content_type__model="user", object_pk=str(asesi.pk)).latest("pk")
    assert entry.remote_addr == "198.51.100.9"


def test_audit_trail_ignores_the_header_without_a_proxy_of_ours(client, asesi, settings):
    """X-4: TRUSTED_PROXY_COUNT=0 (the default): the peer's address, whatever the header says."""
    settings.TRUSTED_PROXY_COUNT = 0
    client.force_login(asesi)

    client.post(
        "/akun/profil/ubah/",
        {"nama_lengkap": "Asesi Baru", "nomor_hp": ""},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )

    entry = AuditEntry.objects.filter(content_type__model="user", object_pk=str(asesi.pk)).latest("pk")
    assert entry.remote_addr == "203.0.113.7"


def test_signature_evidence_records_the_forwarded_client_behind_our_proxy(client, ketua, settings):
    """X-11 (UU ITE art. 11): the signature row keeps the client's address, read the same way."""
    from administrasi import services
    from administrasi.models import TandaTangan

    settings.TRUSTED_PROXY_COUNT = 1
    dokumen = services.dokumen_issue(
        kode="SPT-ASESOR",
        subject=ketua,
        judul="Uji alamat klien",
        data={"nama_asesor": "Dewi Lestari", "no_met": "MET.000.001234.2024"},
        signers={"ketua": ketua},
        actor=ketua,
    )
    client.force_login(ketua)

    response = client.post(
        reverse("administrasi:dokumen-sign", args=[dokumen.pk]),
        {"secret": PASSWORD, "consent": "on"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9",
    )

    assert response.status_code == 302
    assert TandaTangan.objects.get(dokumen=dokumen, pihak="ketua").ip == "198.51.100.9"


def test_verification_page_limits_each_forwarded_client_on_its_own(client, db, settings, tmp_path):
    """X-11: behind our proxy one client's burst does not refuse the next client, and a
    client cannot escape its limit by writing other addresses into the header."""
    settings.CACHES = {  # a cache of this test's own
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LSP_VERIFY_LIMIT = 1
    url = "/verifikasi/dokumen/tidak-ada-token-seperti-ini/"

    def get(forwarded):
        return client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [get("198.51.100.9"), get("6.6.6.6, 198.51.100.9"), get("198.51.100.10")] == [404, 429, 404]
