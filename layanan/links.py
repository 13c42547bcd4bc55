"""Working links for complaint channels: mailto, tel, wa.me, web addresses."""

import re

NATIONAL_DEFAULTS = {"sp4n_lapor": "https://www.lapor.go.id", "darurat_112": "tel:112"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def nomor_internasional(nomor: str) -> str:
    """'0822-2636-0473' → '6282226360473' (the form wa.me and tel: expect)."""
    digits = re.sub(r"\D", "", nomor)
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits


def tautan_saluran(jenis: str, alamat: str) -> str:
    alamat = alamat.strip()
    if not alamat:
        # National channels have one well-known address even when a standard omits it.
        return NATIONAL_DEFAULTS.get(jenis, "")
    if _EMAIL.match(alamat):
        return f"mailto:{alamat}"
    if jenis == "whatsapp":
        return f"https://wa.me/{nomor_internasional(alamat)}"
    if jenis == "telepon" or jenis == "darurat_112":
        digits = re.sub(r"\D", "", alamat)
        return f"tel:+{nomor_internasional(alamat)}" if len(digits) > 4 else f"tel:{digits}"
    if jenis in {"website", "sp4n_lapor", "media_sosial", "sigap", "slrt"}:
        if alamat.startswith(("http://", "https://")):
            return alamat
        if "." in alamat and " " not in alamat:
            return f"https://{alamat}"
    return ""
