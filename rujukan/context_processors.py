"""What every staff page's header shows of the case app: the number of
items waiting for the user's paraf or signature (rujukan.selectors_persetujuan).
Lazy: a page that does not show it (a public page) asks nothing, and a role
that never approves asks nothing either."""

from __future__ import annotations

from functools import cached_property

from django.http import HttpRequest

from layanan.roles import pegawai_dari
from rujukan.selectors_persetujuan import jumlah_menunggu_persetujuan


class MenungguPersetujuan:
    def __init__(self, user) -> None:
        self._user = user

    @cached_property
    def penyetuju(self) -> bool:
        user = self._user
        return bool(
            user is not None
            and user.is_authenticated
            and pegawai_dari(user) is not None
            and user.has_perm("rujukan.setujui")
            and user.has_perm("rujukan.view_rujukan")
        )

    @cached_property
    def jumlah(self) -> int:
        if not self.penyetuju:
            return 0
        return jumlah_menunggu_persetujuan(user=self._user)


def persetujuan(request: HttpRequest) -> dict:
    return {"persetujuan_header": MenungguPersetujuan(getattr(request, "user", None))}
