"""No file of the LSP is at a public URL; local storage refuses to make one."""

import pytest
from django.core.files.base import ContentFile

from lsp_portal.storage import PrivateFileSystemStorage, PublicURLRefused

pytestmark = pytest.mark.embedded


def test_local_storage_has_no_public_url(tmp_path):
    storage = PrivateFileSystemStorage(location=tmp_path)
    name = storage.save("rahasia/ktp.pdf", ContentFile(b"%PDF-1.7"))
    with pytest.raises(PublicURLRefused, match="tidak punya URL publik"):
        storage.url(name)


def test_local_storage_never_overwrites(tmp_path):
    storage = PrivateFileSystemStorage(location=tmp_path)
    first = storage.save("arsip/a.pdf", ContentFile(b"satu"))
    second = storage.save("arsip/a.pdf", ContentFile(b"dua"))
    assert first != second
    assert storage.open(first).read() == b"satu"


def test_media_folder_is_not_served(client, db, settings):
    (settings.MEDIA_ROOT / "x").mkdir(parents=True)
    (settings.MEDIA_ROOT / "x" / "ktp.pdf").write_bytes(b"%PDF")
    assert client.get("/media/x/ktp.pdf").status_code == 404
