"""Working links for complaint channels and office numbers.

A channel's address is written as the standard prints it, and may carry more
than one number or address ("0511-3252123 / 0812 5555 1234", "Telp/Fax
0274 123, 0274 456"): `tautan_daftar` turns it into one (label, href) pair per
number or address, each with a link that works on a phone — tel:, wa.me,
mailto:, an https address or a social-media profile — or no link at all where
the channel has none (faks, kotak saran, loket, surat). Imports no model.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# National channels have one well-known address even when a standard omits it.
NATIONAL_DEFAULTS = {"sp4n_lapor": "https://www.lapor.go.id", "darurat_112": "tel:112"}

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# A phone number as people write it: digits with spaces, dots, dashes, brackets.
_NOMOR = re.compile(r"\+?\(?\d[\d\s().\-]*\d")
_GRUP = re.compile(r"\+?\(?\d+\)?")
_WAKTU = re.compile(r"\b\d{1,2}[.:]\d{2}\b(\s*[-–]\s*\d{1,2}[.:]\d{2}\b)?")
_DOMAIN = re.compile(r"^[\w\-]+(\.[\w\-]+)+(:\d+)?(/\S*)?$")
_HANDLE = re.compile(r"^@?([A-Za-z0-9._\-]{2,60})$")

# Kinds whose address is a phone number, and what a number becomes.
_KIND_TEL = frozenset({"telepon", "darurat_112"})
_KIND_WA = frozenset({"whatsapp"})
_KIND_NOMOR_TANPA_TAUTAN = frozenset({"faks"})
# Kinds read on the web: the address is a URL (or an e-mail under a web label).
_KIND_WEB = frozenset({"website", "sp4n_lapor", "sigap", "slrt", "media_sosial"})
# Kinds that are places or paper: shown as written, never linked.
_KIND_TANPA_TAUTAN = frozenset({"kotak_saran", "langsung", "surat"})

# Social media: the profile address of a handle, and the hosts of the platform.
PROFIL = {
    "facebook": ("https://www.facebook.com/{}", ("facebook.com", "fb.com", "fb.me")),
    "instagram": ("https://www.instagram.com/{}/", ("instagram.com", "instagr.am")),
    "twitter": ("https://x.com/{}", ("x.com", "twitter.com")),
}
_PLATFORM_DARI_LABEL = (
    ("facebook", re.compile(r"\b(facebook|fb)\b", re.I)),
    ("instagram", re.compile(r"\b(instagram|ig)\b", re.I)),
    ("twitter", re.compile(r"\b(twitter|x)\b", re.I)),
)

# The icon (an id in templates/layanan/_ikon_saluran.html) of each kind.
IKON = {
    "langsung": "loket",
    "kotak_saran": "kotak",
    "email": "email",
    "website": "web",
    "whatsapp": "whatsapp",
    "telepon": "telepon",
    "sp4n_lapor": "lapor",
    "media_sosial": "sosial",
    "darurat_112": "darurat",
    "sigap": "web",
    "slrt": "orang",
    "faks": "faks",
    "surat": "surat",
    "facebook": "facebook",
    "instagram": "instagram",
    "twitter": "x",
}


class Tautan(NamedTuple):
    """One number or address of a channel: what the citizen reads, and the link
    ('' when there is none to follow)."""

    label: str
    href: str

    @property
    def web(self) -> bool:
        return self.href.startswith(("https://", "http://"))


# -- numbers ----------------------------------------------------------------------


def nomor_internasional(nomor: str) -> str:
    """'0822-2636-0473' → '6282226360473' (the form wa.me and tel: expect);
    a mobile number written without its 0 ('812…') gets 62 too."""
    digits = re.sub(r"\D", "", nomor)
    if digits.startswith("0"):
        return "62" + digits[1:]
    if digits.startswith("8") and len(digits) >= 9:
        return "62" + digits
    return digits


def href_telepon(nomor: str) -> str:
    """'(021) 29402264' → 'tel:+622129402264'; '112' → 'tel:112'; a local number
    without its area code, or a call-centre number, is dialled as written."""
    digits = re.sub(r"\D", "", nomor)
    if not digits:
        return ""
    if nomor.strip().startswith("+") or (digits.startswith("62") and len(digits) >= 10):
        return f"tel:+{digits}"
    if digits.startswith("0") and len(digits) > 4:
        return f"tel:+62{digits[1:]}"
    return f"tel:{digits}"


def nomor_dalam(teks: str) -> list[str]:
    """Every phone number in a text, as written: 'Telp/Fax 0274 123, 0274 456'
    → ['0274 123', '0274 456']. Groups of digits belong to one number until,
    after a space, a group starts a new one (a 0, + or bracket once the number
    has nine digits or more); office hours ('08.00-16.00') are not numbers."""
    teks = _WAKTU.sub(" ; ", teks or "")
    out = []
    for run in _NOMOR.finditer(teks):
        text = run.group()
        start, digits, end = 0, 0, 0
        for group in _GRUP.finditer(text):
            spaced = text[end : group.start()].isspace()
            if spaced and digits >= 9 and group.group()[0] in "0+(":
                out.append(text[start : group.start()])
                start, digits = group.start(), 0
            digits += sum(c.isdigit() for c in group.group())
            end = group.end()
        out.append(text[start:])
    cleaned = []
    for nomor in out:
        nomor = nomor.strip(" .-")
        if nomor.startswith("(") and ")" not in nomor:
            nomor = nomor[1:]
        if len(re.sub(r"\D", "", nomor)) >= 3:
            cleaned.append(nomor)
    return cleaned


def tautan_telepon(teks: str) -> list[Tautan]:
    """One tel: link per number in a text (an office's telephone field)."""
    return [Tautan(n, href_telepon(n)) for n in nomor_dalam(teks)]


# -- web and social media -------------------------------------------------------------


_PEMISAH = re.compile(r"\s*[,;]\s*|\s+/\s+|\s+(?:atau|dan)\s+", re.I)
# "IG: dinsosblk", "Website: www…": a short label before the address (not "https:")
_AWALAN = re.compile(r"^[^:/]{1,20}:(?!//)\s*")
_TLD = re.compile(r"\.(com|id|org|net|co|me|io|ee)(/|:|$)", re.I)


def _bagian(alamat: str) -> list[str]:
    """The addresses of a list: split at commas, semicolons, ' / ', 'atau', 'dan'."""
    parts = (_AWALAN.sub("", p.strip()) for p in _PEMISAH.split(alamat))
    return [p for p in parts if p]


def _url(token: str) -> str:
    token = token.rstrip(".")
    if token.lower().startswith(("http://", "https://")):
        return token
    if _DOMAIN.match(token):
        return f"https://{token}"
    return ""


def platform_dari(jenis: str, label: str = "") -> str:
    """The social-media platform of a channel: its kind, or for a general
    'media sosial' channel the platform its label names ('Instagram: dinsosblk')."""
    if jenis in PROFIL:
        return jenis
    if jenis == "media_sosial":
        for platform, pattern in _PLATFORM_DARI_LABEL:
            if pattern.search(label or ""):
                return platform
    return ""


def _profil(platform: str, word: str) -> str:
    """The link of one word of a social-media address: the platform's page,
    a handle's profile, or another site; '' when it is none of these."""
    pola, hosts = PROFIL[platform]
    bare = re.sub(r"^https?://", "", word.lower()).removeprefix("www.").removeprefix("m.")
    if bare.startswith(hosts):
        return _url(word)
    handle = _HANDLE.match(word)
    if handle and (word.startswith("@") or not ("/" in word or _TLD.search(word))):
        return pola.format(handle.group(1))
    return _url(word) if ("/" in word or _TLD.search(word)) else ""


def _web(word: str) -> str:
    if _EMAIL.fullmatch(word):
        return f"mailto:{word}"
    return _url(word)


def _tautan_bagian(alamat: str, link) -> list[Tautan]:
    """One link per address of a list. A part with spaces is a name ('Dinas
    Sosial Dinsos BLK'), linked only when it carries an address of its own."""
    out = []
    for part in _bagian(alamat):
        if " " not in part:
            out.append(Tautan(part, link(part)))
            continue
        words = [w.rstrip(".") for w in part.split()]
        found = [
            Tautan(w, href)
            for w in words
            if (w.startswith("@") or "." in w or "/" in w) and (href := link(w))
        ]
        out.extend(found or [Tautan(part, "")])
    return out or [Tautan(alamat, "")]


# -- a channel ---------------------------------------------------------------------------


def tautan_daftar(jenis: str, alamat: str, *, label: str = "") -> list[Tautan]:
    """Every number or address of a channel with its link (see the module doc).

    A channel without an address is an empty list, except a national channel
    (SP4N-LAPOR!, 112), which links its well-known address."""
    alamat = (alamat or "").strip()
    default = NATIONAL_DEFAULTS.get(jenis, "")
    if not alamat:
        return [Tautan(_tanpa_skema(default), default)] if default else []
    if jenis in _KIND_TANPA_TAUTAN:
        return [Tautan(alamat, "")]
    if jenis in _KIND_TEL | _KIND_WA | _KIND_NOMOR_TANPA_TAUTAN:
        nomor = nomor_dalam(alamat)
        if not nomor:
            return [Tautan(alamat, default)]
        if jenis in _KIND_WA:
            return [Tautan(n, f"https://wa.me/{nomor_internasional(n)}") for n in nomor]
        if jenis in _KIND_TEL:
            return [Tautan(n, href_telepon(n)) for n in nomor]
        return [Tautan(n, "") for n in nomor]
    emails = _EMAIL.findall(alamat)
    if emails and (jenis == "email" or _EMAIL.fullmatch(alamat)):
        return [Tautan(e, f"mailto:{e}") for e in emails]
    if platform := platform_dari(jenis, label):
        return _tautan_bagian(alamat, lambda word: _profil(platform, word))
    if jenis in _KIND_WEB:
        daftar = _tautan_bagian(alamat, _web)
        if default and not any(t.href for t in daftar):
            return [Tautan(alamat, default)]
        return daftar
    return [Tautan(alamat, "")]


def ikon_saluran(jenis: str, label: str = "") -> str:
    return IKON.get(platform_dari(jenis, label) or jenis, "sosial")


# -- labels -------------------------------------------------------------------------------


def _norm(teks: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", (teks or "").lower()).split())


_LABEL_UMUM = {"email", "e mail", "telp", "telepon", "wa", "whatsapp", "website", "web"}


def label_tambahan(*, label: str, jenis_label: str, alamat: str) -> str:
    """A channel's label when it says more than its kind and its address, else ''."""
    norm = _norm(label)
    if not norm or norm in _LABEL_UMUM:
        return ""
    if norm in {_norm(jenis_label), _norm(alamat)}:
        return ""
    return label


def _tanpa_skema(href: str) -> str:
    for prefix in ("https://", "http://", "tel:", "mailto:"):
        if href.startswith(prefix):
            return href[len(prefix) :].rstrip("/")
    return href
