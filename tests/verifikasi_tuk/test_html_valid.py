"""The TUK verification pages as a browser and a screen reader get them (issue 12; SE-A4.9,
X-6): on the verifier's checklist, the request, the condition review, the SK penetapan and
the public TUK pages, no id is used twice, every label points to an existing control, every
visible control has a label, and every group of radios sits in a fieldset with a legend.
(The full Nu HTML Checker run over every page and role is done by hand; this keeps the
mistakes it found from coming back.)"""

from collections import Counter
from html.parser import HTMLParser

from django.test import Client
from django.urls import reverse

from tests.sertifikasi.conftest import png_upload
from tuk.models import Tuk

from .conftest import evidenced, submitted, with_conditions

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _Audit(HTMLParser):
    """Collects ids, label targets and form controls with what labels them."""

    def __init__(self):
        super().__init__()
        self.ids = Counter()
        self.label_for = []
        self.controls = []
        self.open = []  # [tag, attrs, has_legend]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] += 1
        if tag == "label" and attrs.get("for"):
            self.label_for.append(attrs["for"])
        if tag == "legend":
            for entry in reversed(self.open):
                if entry[0] == "fieldset":
                    entry[2] = True
                    break
        if tag in ("input", "select", "textarea"):
            kind = attrs.get("type", "text") if tag == "input" else tag
            if kind not in UNLABELLED_TYPES:
                fieldsets = [e for e in self.open if e[0] == "fieldset"]
                self.controls.append(
                    {
                        "desc": f"{tag}[{kind}] name={attrs.get('name')} line {self.getpos()[0]}",
                        "kind": kind,
                        "id": attrs.get("id"),
                        "wrapped": any(e[0] == "label" for e in self.open),
                        "aria": bool(attrs.get("aria-label") or attrs.get("aria-labelledby")),
                        "in_legend_fieldset": bool(fieldsets and fieldsets[-1][2]),
                    }
                )
        if tag not in VOID:
            self.open.append([tag, attrs, False])

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                break


def problems(html: str) -> list[str]:
    audit = _Audit()
    audit.feed(html)
    found = [f"id “{i}” used {n} times" for i, n in audit.ids.items() if n > 1]
    found += [f"label for “{target}” has no element" for target in audit.label_for if target not in audit.ids]
    targets = set(audit.label_for)
    for c in audit.controls:
        if not (c["wrapped"] or c["aria"] or (c["id"] and c["id"] in targets)):
            found.append(f"no label: {c['desc']}")
        if c["kind"] == "radio" and not c["in_legend_fieldset"]:
            found.append(f"radio outside a fieldset with a legend: {c['desc']}")
    return found


def _get(user, url, expect=200):
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == expect, url
    return response.content.decode()


def _url(name, p, *more):
    return reverse(f"verifikasi_tuk:{name}", args=[p.pk, *more])


def test_parser_catches_the_mistakes_it_guards():
    """X-6: the check itself finds a repeated id, a dangling label, an unlabelled input and a
    radio group without a legend (so a clean page below means something)."""
    html = (
        '<div id="a"></div><div id="a"></div><label for="nope">x</label><input name="free">'
        '<div><label><input type="radio" name="r" value="1"> Ya</label></div>'
    )
    assert problems(html) == [
        "id “a” used 2 times",
        "label for “nope” has no element",
        "no label: input[text] name=free line 1",
        "radio outside a fieldset with a legend: input[radio] name=r line 1",
    ]


def test_verifier_checklist_and_send_pages(vt):
    """SE-A4.9: the open session's checklist (shown again with a refused value) and the page
    that sends it: unique ids, labelled controls, result and recommendation radios grouped."""
    p = evidenced(vt)
    pages = {
        "ceklis": _get(vt["asesor"], _url("ceklis", p)),
        "ceklis-submit": _get(vt["asesor"], _url("ceklis-submit", p)),
    }
    item = p.ceklis.filter(minimal__isnull=False).first()
    client = Client()
    client.force_login(vt["asesor"])
    refused = client.post(_url("ceklis", p), {f"hasil-{item.pk}": "sesuai", f"nilai-{item.pk}": "abc"})
    assert refused.status_code == 400
    pages["ceklis (refused)"] = refused.content.decode()
    assert {name: problems(html) for name, html in pages.items()} == {name: [] for name in pages}


def test_request_home_and_sk_pages(vt):
    """SE-A4.9: the module's home and the request's page (manager), the SK penetapan form
    (Ketua) after a 'sesuai' berita acara."""
    p = submitted(vt)
    pages = {
        "home": _get(vt["manajer"], reverse("verifikasi_tuk:home")),
        "detail": _get(vt["manajer"], _url("permintaan-detail", p)),
        "sk-issue": _get(vt["ketua"], _url("sk-issue", p)),
        "penetapan-list": _get(vt["ketua"], reverse("verifikasi_tuk:penetapan-list")),
    }
    assert {name: problems(html) for name, html in pages.items()} == {name: [] for name in pages}


def test_condition_review_page_groups_the_decision(vt):
    """SE-A4.9: the verifier's review of a condition's proof: the decision radios in a
    fieldset whose legend names them (the shared form partial leaves them ungrouped)."""
    from verifikasi_tuk import services

    p = with_conditions(vt)
    syarat = p.syarat.get()
    pengelola = vt["tuk"].pengelola
    services.syarat_bukti_add(
        syarat=syarat, upload=png_upload("apar.png"), judul="Foto APAR", actor=pengelola
    )
    services.syarat_submit(syarat=syarat, tanggapan="APAR terpasang.", actor=pengelola)
    html = _get(vt["asesor"], _url("syarat-answer", p, syarat.pk))
    assert 'name="keputusan"' in html
    assert "<legend>Keputusan</legend>" in html
    assert problems(html) == []


def test_tuk_and_public_pages(vt):
    """SE-A4.9: the demo's verified TUK on its staff page, the public list and its public
    page (no login), and the scheme's TUK requirements."""
    tuk = Tuk.objects.get(kode="TUK-SWK-001")
    pages = {
        "tuk-detail": _get(vt["admin"], reverse("tuk:tuk-detail", args=[tuk.pk])),
        "public-list": _get(None, reverse("tuk_public:list")),
        "public-detail": _get(None, reverse("tuk_public:detail", args=[tuk.pk])),
        "persyaratan-tuk": _get(vt["manajer"], reverse("muk:persyaratan-tuk", args=[vt["skema"].pk])),
    }
    assert {name: problems(html) for name, html in pages.items()} == {name: [] for name in pages}
