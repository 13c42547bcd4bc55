"""Values in the session that must not be readable from the session table.

Django's database sessions are only signed: anyone with a copy of
`django_session` reads them with base64 and zlib. A tracking code shown once,
a case's code for its pemohon or a search term (which may be a NIK) is
therefore kept in the session only as a Fernet token (AES-128-CBC + HMAC)
under a key derived from SECRET_KEY (SECRET_KEY_FALLBACKS still decrypt after
a key rotation). A dump of the table alone gives nothing; an unreadable or
tampered value reads as absent.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils.crypto import salted_hmac

_TUJUAN = "layanan.sesi.rahasia"


def _fernet() -> MultiFernet:
    kunci = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet(
        [
            Fernet(
                base64.urlsafe_b64encode(
                    salted_hmac(_TUJUAN, "fernet", secret=k, algorithm="sha256").digest()
                )
            )
            for k in kunci
        ]
    )


def sandikan(nilai: Any) -> str:
    """A JSON-serialisable value as an opaque, authenticated token."""
    data = json.dumps(nilai, separators=(",", ":")).encode("utf-8")
    return _fernet().encrypt(data).decode("ascii")


def buka(token: Any) -> Any | None:
    """The value of a token from `sandikan`, or None for anything else."""
    if not isinstance(token, str):
        return None
    try:
        return json.loads(_fernet().decrypt(token.encode("ascii")))
    except (InvalidToken, UnicodeError, ValueError):
        return None


def simpan_rahasia(session: SessionBase, kunci: str, nilai: Any) -> None:
    """Keep `nilai` in the session under `kunci`, encrypted."""
    session[kunci] = sandikan(nilai)


def baca_rahasia(session: SessionBase, kunci: str) -> Any | None:
    """The value kept under `kunci` by `simpan_rahasia`, or None."""
    return buka(session.get(kunci))
