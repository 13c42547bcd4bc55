"""Every registered ModelAdmin, walked as the Admin Instansi of another office.

Office A has at least one row of every model the admin registers; office B
has the same, and its Admin Instansi is the outsider. He is given every
permission on every model (more than his role holds), so a ModelAdmin that
forgets the office scope leaks here even before anybody grants the role a
permission on it. For each ModelAdmin (iterated from admin.site._registry, so
a new one is walked without touching this file):

- the list shows none of A's rows (nor A's objects in its filters), and B's own;
- every page of one of A's rows (change, delete, history, and the admin's own
  pages such as "periksa" or "password") answers 404/403 or redirects to a
  page that does, and a POST to it changes nothing in the database;
- every choice list of the add form and of his own row's change form, inlines
  included, offers no object of A;
- an add form posted with A's objects in every choice is refused on those
  fields, nothing saved;
- every action run on A's rows changes nothing;
- the autocomplete answers hold none of A's objects;
- a superuser sees both offices.

A model whose rows belong to no office is named in TANPA_KANTOR with the
reason and checked for what holds instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.forms import ModelChoiceField, ModelMultipleChoiceField, MultiWidget
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from lapangan.services import dtks_impor
from layanan.models import (
    HariLibur,
    Instansi,
    KategoriPPKS,
    Kelurahan,
    Panti,
    Pegawai,
    PenunjukanPelaksana,
    Peran,
)
from pengaduan.models import PengaturanPengaduan
from pengaduan.services import templat_simpan
from rujukan.models import PengajuanPanti
from rujukan.services.templat import templat_surat_create
from rujukan.templat import JENIS_BERTEMPLAT, teks_bawaan
from tests.factories import make_instansi, make_user
from tests.layanan.factories import make_jabatan, make_standar_lengkap
from tests.pengaduan.factories import ajukan
from tests.personas import personas_untuk
from tests.rujukan.factories import kasus_di_persetujuan, nik, standar_sederhana

# Which office a row belongs to, written out here rather than read from the code
# under test: model label -> lookup to its Instansi. Every registered model and
# every model a choice list can offer must be named; None: a model of no office.
KANTOR: dict[str, str | None] = {
    "layanan.instansi": "pk",
    "layanan.jabatan": "instansi",
    "layanan.layanan": "instansi",
    "layanan.sublayanan": "layanan__instansi",
    "layanan.persyaratan": "layanan__instansi",
    "layanan.langkahprosedur": "layanan__instansi",
    "layanan.fasewaktu": "layanan__instansi",
    "layanan.produk": "layanan__instansi",
    "layanan.saluranpengaduan": "layanan__instansi",
    "layanan.tahappengaduan": "layanan__instansi",
    "layanan.unsurterlibat": "layanan__instansi",
    "layanan.panti": "instansi",
    "layanan.harilibur": "instansi",
    "layanan.kelurahan": "instansi",
    "layanan.pegawai": "instansi",
    "layanan.penunjukanpelaksana": "instansi",
    "auth.user": "pegawai__instansi",
    "rujukan.templatsurat": "instansi",
    "rujukan.klien": "instansi",
    "rujukan.pemohon": "instansi",
    "rujukan.rujukan": "instansi",
    "rujukan.berkasitem": "rujukan__instansi",
    "rujukan.dokumen": "instansi",
    "rujukan.konsep": "rujukan__instansi",
    "rujukan.persetujuan": "konsep__rujukan__instansi",
    "rujukan.pengajuanpanti": "rujukan__instansi",
    "rujukan.penomoran": "instansi",
    "rujukan.datadtks": "instansi",
    "pengaduan.pengaduan": "instansi",
    "pengaduan.pengaturanpengaduan": "instansi",
    "pengaduan.templatbalasan": "instansi",
    # no office: offered to everyone alike
    "layanan.kategorippks": None,
    "auth.group": None,
    "auth.permission": None,
    "contenttypes.contenttype": None,
}

# Registered models whose rows belong to no office, and why that is right.
TANPA_KANTOR = {
    # The national list of PPKS categories (Permensos), the same for every office:
    # an Admin Instansi may read it, only a superuser changes it (checked below).
    "layanan.kategorippks": "daftar nasional PPKS",
    # The seven portal role groups, kept by migrations (layanan.roles) for every
    # office: only a superuser changes them (checked below).
    "auth.group": "grup peran portal",
}
# Registered by django-axes and django-otp for the accounts of every office:
# login attempts and second-factor devices. Superuser only: the Admin Instansi
# role holds no permission on them (checked below), so they are not walked with
# the extra permissions the outsider gets for the portal's own models.
PIHAK_KETIGA = {
    "axes.accessattempt": "percobaan masuk (django-axes)",
    "axes.accesslog": "catatan masuk (django-axes)",
    "axes.accessfailurelog": "catatan gagal masuk (django-axes)",
    "otp_totp.totpdevice": "perangkat faktor kedua (django-otp)",
    # the task queue's results (django-tasks-db): ids and outcomes of background
    # jobs of every office, for the superuser who runs the workers
    "django_tasks_database.dbtaskresult": "hasil tugas antrean (django-tasks-db)",
}

DAFTAR = sorted(m._meta.label_lower for m in admin.site._registry)
DIJELAJAHI = [label for label in DAFTAR if label not in PIHAK_KETIGA]


def model_of(label: str) -> type[models.Model]:
    return next(m for m in admin.site._registry if m._meta.label_lower == label)


def jalur(model) -> str | None:
    label = model._meta.label_lower
    if label not in KANTOR:
        pytest.fail(f"{label}: name in KANTOR how its rows belong to an office (or None)")
    return KANTOR[label]


def milik(model, instansi: Instansi) -> set:
    """Primary keys of the rows of `model` that belong to `instansi`."""
    lookup = jalur(model)
    if lookup is None:
        return set()
    return set(model._default_manager.filter(**{lookup: instansi.pk}).values_list("pk", flat=True))


def tabel() -> list[type[models.Model]]:
    """Every table the admin can write: registered models, their inlines, M2M tables."""
    hasil: set = set()
    for model, model_admin in admin.site._registry.items():
        if model._meta.label_lower in PIHAK_KETIGA:
            continue  # their own records of logins
        hasil.add(model)
        hasil.update(inline.model for inline in model_admin.inlines)
    for model in list(hasil):
        hasil.update(f.remote_field.through for f in model._meta.many_to_many)
    return sorted(hasil, key=lambda m: m._meta.label_lower)


def potret() -> dict:
    return {m._meta.label_lower: list(m._default_manager.order_by("pk").values()) for m in tabel()}


def url(model, nama: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{nama}", args=args)


# -- the two offices ----------------------------------------------------------------------------


@dataclass
class Kantor:
    instansi: Instansi
    admin: User  # its Admin Instansi


@dataclass
class Dunia:
    a: Kantor
    b: Kantor
    luar: User  # B's Admin Instansi with every permission on the portal's models
    peran_saja: User  # B's Admin Instansi with his role's permissions only
    superuser: User


def isi_kantor(instansi: Instansi, admin_user: User, n: int) -> None:
    """One row of every model the admin registers, for `instansi`."""
    staf = personas_untuk(instansi)
    make_standar_lengkap(instansi, slug=f"standar-lengkap-{n}")
    kasi = make_jabatan(instansi, f"Kepala Seksi Rehabilitasi {n}", Peran.KOORDINATOR)
    PenunjukanPelaksana.objects.create(
        instansi=instansi,
        jabatan=kasi,
        pegawai=staf.kabid.pegawai,
        jenis=PenunjukanPelaksana.Jenis.PLH,
        mulai=timezone.localdate() + dt.timedelta(days=10),
        selesai=timezone.localdate() + dt.timedelta(days=14),
        dasar=f"800/{n}/Dinsos",
    )
    panti = Panti.objects.create(instansi=instansi, nama=f"Panti Werdha Uji {n}", jenis="panti")
    Kelurahan.objects.create(instansi=instansi, nama=f"Kelurahan Uji {n}", kecamatan="Tengah")
    kategori = KategoriPPKS.objects.first() or KategoriPPKS.objects.create(
        kode="lansia-terlantar", nama="Lanjut usia terlantar"
    )
    panti.kategori.add(kategori)
    HariLibur.objects.create(
        instansi=instansi,
        tanggal=timezone.localdate() + dt.timedelta(days=40 + n),
        jenis="libur_daerah",
        keterangan=f"Hari jadi kota uji {n}",
    )
    jenis = JENIS_BERTEMPLAT[0]
    templat_surat_create(instansi=instansi, jenis=jenis, isi=teks_bawaan(jenis), by=admin_user)
    rujukan = kasus_di_persetujuan(standar_sederhana(instansi), staf, paraf=True)
    # the row a panti proposal leaves (the proposal itself is rujukan's own test)
    PengajuanPanti.objects.create(rujukan=rujukan, panti=panti, dikirim_oleh=staf.peksos)
    dtks_impor(
        instansi=instansi,
        berkas=(
            "nik;nama;alamat;desil;tanggal_data\n"
            f"{nik(dt.date(1950, 2, 3))};Warga DTKS {n};Jl. Uji {n};1;2026-01-15\n"
        ).encode(),
        by=admin_user,
    )
    ajukan(instansi)
    PengaturanPengaduan.objects.create(instansi=instansi, respons_nilai=3)
    templat_simpan(by=admin_user, templat=None, judul=f"Templat kantor {n}", isi="Terima kasih.")


def admin_instansi(username: str, instansi: Instansi) -> User:
    user = make_user(username, instansi=instansi, peran=Peran.ADMIN_INSTANSI)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def dunia(db) -> Dunia:
    """Offices A and B with a row of every model (uploads land in the temporary
    media folder of tests/akses/conftest.py)."""
    a = Kantor(make_instansi(), None)
    b = Kantor(make_instansi(), None)
    a.admin = admin_instansi("lestari-a", a.instansi)
    b.admin = admin_instansi("admin-depok", b.instansi)
    isi_kantor(a.instansi, a.admin, 1)
    isi_kantor(b.instansi, b.admin, 2)
    luar = admin_instansi("admin-depok-penuh", b.instansi)
    portal = [model_of(label) for label in DIJELAJAHI]
    luar.user_permissions.add(
        *Permission.objects.filter(
            content_type__in=ContentType.objects.get_for_models(*portal).values()
        )
    )
    return Dunia(
        a=a,
        b=b,
        luar=User.objects.get(pk=luar.pk),  # fresh permission cache
        peran_saja=b.admin,
        superuser=User.objects.create_superuser("root-uji", password="rahasia-uji-123"),
    )


def masuk(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# -- reading admin pages ------------------------------------------------------------------------


def pilihan(response):
    """(label, form field) of every choice list on a change form, inlines included."""
    forms = [("", response.context["adminform"].form)]
    for inline in response.context.get("inline_admin_formsets") or []:
        fs = inline.formset
        forms += [(fs.prefix, f) for f in fs.forms] + [(fs.prefix, fs.empty_form)]
    for prefix, form in forms:
        for name, field in form.fields.items():
            if isinstance(field, ModelChoiceField | ModelMultipleChoiceField):
                yield f"{prefix}:{name}", field


def form_data(response) -> dict:
    """POST data that re-submits an admin change form as it was rendered."""
    data: dict = {}

    def put(bf):
        value = bf.value()
        widget = bf.field.widget
        if isinstance(widget, MultiWidget):
            parts = widget.decompress(value) if not isinstance(value, list) else value
            for i, part in enumerate(parts):
                data[f"{bf.html_name}_{i}"] = "" if part is None else str(part)
            return
        if isinstance(value, bool):
            if value:
                data[bf.html_name] = "on"
            return
        if isinstance(value, list | tuple):
            data[bf.html_name] = [str(v) for v in value]
            return
        data[bf.html_name] = "" if value is None else str(value)

    for bf in response.context["adminform"].form:
        put(bf)
    for inline in response.context.get("inline_admin_formsets") or []:
        fs = inline.formset
        for bf in fs.management_form:
            put(bf)
        for form in fs.forms:
            for bf in form:
                put(bf)
    return data


def tidak_terbuka(client: Client, response, ke: str) -> str | None:
    """None if the response opens nothing: 403/404/405, or a redirect to a page
    that is one of those or a list. Else what was seen."""
    if response.status_code in (403, 404, 405):
        return None
    if response.status_code in (301, 302):
        lokasi = response["Location"]
        if lokasi.split("?")[0] in ke:
            return None
        lanjut = client.get(lokasi)
        if lanjut.status_code in (403, 404, 405):
            return None
        return f"redirect to {lokasi} answering {lanjut.status_code}"
    return f"answered {response.status_code}"


# -- the walk -----------------------------------------------------------------------------------


@pytest.mark.parametrize("label", DIJELAJAHI)
def test_admin_instansi_of_another_office_sees_and_changes_nothing_of_office_a(dunia, label):
    model = model_of(label)
    model_admin = admin.site._registry[model]
    a, b = dunia.a.instansi, dunia.b.instansi
    luar = masuk(dunia.luar)
    lookup = jalur(model)
    if lookup is None:
        assert label in TANPA_KANTOR, f"{label} has no office: name it in TANPA_KANTOR with why"
        _data_bersama_hanya_dibaca(luar, model)
        return
    baris_a, baris_b = milik(model, a), milik(model, b)
    assert baris_a and baris_b, f"{label}: isi_kantor must make a row for each office"
    daftar = url(model, "changelist")

    # -- the list, its filters, and B's own rows as the control --
    r = luar.get(daftar)
    if r.status_code == 200:
        cl = r.context["cl"]
        terlihat = {o.pk for o in cl.result_list} | set(cl.queryset.values_list("pk", flat=True))
        assert not terlihat & baris_a, f"{label}: the list shows office A's rows"
        assert terlihat & baris_b, f"{label}: the list should show B's own rows (control)"
        html = r.content.decode()
        for pk in baris_a:
            assert url(model, "change", pk) not in html
        for spec in cl.filter_specs:
            field = getattr(spec, "field", None)
            if field is not None and field.is_relation and hasattr(spec, "lookup_choices"):
                asing = milik(field.related_model, a)
                ditawarkan = {str(pk) for pk, _label in spec.lookup_choices}
                assert not ditawarkan & {str(pk) for pk in asing}, (
                    f"{label}: the filter on {field.name} offers office A's objects"
                )
    else:
        assert r.status_code == 403, f"{label}: list answered {r.status_code}"

    # -- every page of one of A's rows: closed; a POST changes nothing --
    pk_a, pk_b = min(baris_a), min(baris_b)
    sendiri = luar.get(url(model, "change", pk_b))
    assert sendiri.status_code in (200, 403), f"{label}: own row answered {sendiri.status_code}"
    ubah = _data_ubah(dunia.superuser, model, pk_a)  # logs the superuser in: before the snapshot
    sebelum = potret()
    halaman = _halaman_satu_baris(model_admin, pk_a)
    assert halaman, f"{label}: no page of one row found"
    for alamat in halaman:
        if sendiri.status_code == 200 and alamat == url(model, "change", pk_a):
            # control: the same page of B's own row opens
            assert luar.get(url(model, "change", pk_b)).status_code == 200
        got = tidak_terbuka(luar, luar.get(alamat), daftar)
        assert got is None, f"{label}: GET {alamat} (office A's row) {got}"
        got = tidak_terbuka(luar, luar.post(alamat, {**ubah, "post": "yes"}), daftar)
        assert got is None, f"{label}: POST {alamat} (office A's row) {got}"
    assert potret() == sebelum, f"{label}: a POST to office A's row changed the database"

    # -- choice lists: the add form and his own row's change form --
    formulir = [r for r in (luar.get(url(model, "add")), sendiri) if r.status_code == 200]
    for response in formulir:
        for nama, field in pilihan(response):
            asing = milik(field.queryset.model, a)
            assert not set(field.queryset.values_list("pk", flat=True)) & asing, (
                f"{label}: choice list {nama} offers office A's objects"
            )

    # -- the add form posted with A's objects in every choice: refused on those fields --
    tambah = luar.get(url(model, "add"))
    if tambah.status_code == 200:
        data, diserang = _data_serangan(tambah, a)
        if diserang:
            r = luar.post(url(model, "add"), data)
            assert r.status_code in (400, 403), f"{label}: forged add answered {r.status_code}"
            assert potret() == sebelum, f"{label}: a forged add saved something"
            if r.status_code == 400:
                galat = _galat(r)
                for nama in diserang:
                    assert galat.get(nama), f"{label}: {nama} naming office A's object not refused"
    else:
        assert tambah.status_code == 403, f"{label}: add page answered {tambah.status_code}"

    # -- actions on A's rows --
    r = luar.get(daftar)
    action_form = r.context.get("action_form") if r.status_code == 200 else None
    for aksi, _judul in action_form.fields["action"].choices if action_form else []:
        if aksi:
            luar.post(
                daftar,
                {"action": aksi, "_selected_action": [str(pk_a)], "index": "0", "post": "yes"},
            )
            assert potret() == sebelum, f"{label}: action {aksi} changed office A's rows"

    # -- autocomplete: nothing of A from any of this model's relations --
    for field in [*model._meta.many_to_many, *model._meta.fields]:
        if not field.is_relation or field.related_model not in admin.site._registry:
            continue
        r = luar.get(
            reverse("admin:autocomplete"),
            {"app_label": model._meta.app_label, "model_name": model._meta.model_name,
             "field_name": field.name, "term": ""},
        )  # fmt: skip
        if r.status_code == 200:
            ids = {str(hasil["id"]) for hasil in r.json()["results"]}
            asing = {str(pk) for pk in milik(field.related_model, a)}
            assert not ids & asing, f"{label}.{field.name}: autocomplete offers office A's objects"
        else:
            assert r.status_code in (403, 404), f"autocomplete answered {r.status_code}"

    # -- a superuser still sees both offices --
    r = masuk(dunia.superuser).get(daftar)
    if r.status_code == 200:
        semua = set(r.context["cl"].queryset.values_list("pk", flat=True))
        assert baris_a <= semua and baris_b <= semua, f"{label}: superuser must see every office"


def _halaman_satu_baris(model_admin, pk) -> list[str]:
    """The URL of every page of this admin that takes one row's id."""
    alamat = []
    for pattern in model_admin.get_urls():
        kunci = list(pattern.pattern.converters)
        if len(kunci) != 1 or not pattern.name:
            continue
        try:
            alamat.append(reverse(f"admin:{pattern.name}", kwargs={kunci[0]: pk}))
        except NoReverseMatch:
            continue
    return alamat


def _data_ubah(superuser: User, model, pk) -> dict:
    """The row's change form as a superuser sees it, every text changed: what
    an outsider would post to change it."""
    r = masuk(superuser).get(url(model, "change", pk))
    if r.status_code != 200 or "adminform" not in r.context:
        return {}
    data = form_data(r)
    for name, field in r.context["adminform"].form.fields.items():
        if field.__class__.__name__ in ("CharField", "SlugField") and data.get(name):
            data[name] = f"{data[name]}x"[: getattr(field, "max_length", None) or None]
    return data


def _data_serangan(response, a: Instansi) -> tuple[dict, list[str]]:
    """The add form as rendered, with office A's object in every choice list of
    the form and of each inline's first form. Returns the data and the attacked
    fields ("name" or "prefix-0-name")."""
    data = form_data(response)
    diserang = []

    def serang(form, html_name):
        for name, field in form.fields.items():
            if not isinstance(field, ModelChoiceField | ModelMultipleChoiceField):
                continue
            asing = sorted(milik(field.queryset.model, a))
            if jalur(field.queryset.model) is None:
                continue
            assert asing, f"isi_kantor must make a {field.queryset.model.__name__} for office A"
            nilai = str(asing[0])
            banyak = isinstance(field, ModelMultipleChoiceField)
            data[html_name(name)] = [nilai] if banyak else nilai
            diserang.append(html_name(name))

    serang(response.context["adminform"].form, lambda n: n)
    for inline in response.context.get("inline_admin_formsets") or []:
        fs = inline.formset
        if not inline.has_add_permission:
            continue
        data[f"{fs.prefix}-TOTAL_FORMS"] = str(max(1, int(data[f"{fs.prefix}-TOTAL_FORMS"])))
        serang(fs.empty_form, lambda n, p=fs.prefix: f"{p}-0-{n}")
    return data, diserang


def _galat(response) -> dict:
    """Field errors of the refused form by html name, inlines included."""
    galat = dict(response.context["adminform"].form.errors)
    for inline in response.context.get("inline_admin_formsets") or []:
        fs = inline.formset
        for i, errors in enumerate(fs.errors):
            galat.update({f"{fs.prefix}-{i}-{k}": v for k, v in errors.items()})
    return galat


def _data_bersama_hanya_dibaca(client: Client, model) -> None:
    """A model of no office: even with every permission, an Admin Instansi
    adds, changes and deletes nothing."""
    row = model._default_manager.order_by("pk").first()
    assert row is not None, f"{model._meta.label_lower}: make one row"
    sebelum = potret()
    assert client.get(url(model, "add")).status_code == 403
    assert client.post(url(model, "change", row.pk), {"name": "x", "nama": "x"}).status_code == 403
    assert client.post(url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
    assert potret() == sebelum


# -- beside the walk ----------------------------------------------------------------------------


def test_every_registered_model_is_walked_or_named_with_its_reason():
    """A new ModelAdmin is walked unless it is named here with its reason."""
    assert set(DIJELAJAHI) | set(PIHAK_KETIGA) >= set(DAFTAR)
    for label in DIJELAJAHI:
        assert label in KANTOR, f"{label}: name in KANTOR how its rows belong to an office"
        assert (KANTOR[label] is None) == (label in TANPA_KANTOR), label


@pytest.mark.parametrize("label", [label for label in DAFTAR if label in PIHAK_KETIGA])
def test_admin_instansi_role_holds_no_permission_on_accounts_of_every_office(dunia, label):
    model = model_of(label)
    izin = [f"{model._meta.app_label}.{p}_{model._meta.model_name}" for p in ("view", "add")]
    assert not any(dunia.peran_saja.has_perm(p) for p in izin)
    client = masuk(dunia.peran_saja)
    assert client.get(url(model, "changelist")).status_code == 403
    assert client.get(url(model, "add")).status_code == 403


def test_the_role_alone_sees_nothing_of_office_a_either(dunia):
    """The walk above with the Admin Instansi's real permissions, on the lists."""
    client = masuk(dunia.peran_saja)
    for label in DIJELAJAHI:
        model = model_of(label)
        r = client.get(url(model, "changelist"))
        if r.status_code == 200:
            pks = set(r.context["cl"].queryset.values_list("pk", flat=True))
            assert not pks & milik(model, dunia.a.instansi), label


def test_forged_reply_template_for_another_office_is_refused_in_indonesian(dunia):
    """The probe's case: admin.depok saving a reply template for Banjarmasin."""
    from pengaduan.models import TemplatBalasan

    client = masuk(dunia.b.admin)
    sebelum = TemplatBalasan.objects.filter(instansi=dunia.a.instansi).count()
    r = client.post(
        reverse("admin:pengaduan_templatbalasan_add"),
        {"instansi": dunia.a.instansi.pk, "judul": "Balasan palsu", "isi": "x", "aktif": "on"},
    )
    assert r.status_code == 400
    assert "bukan milik instansi Anda" in str(r.context["adminform"].form.errors["instansi"])
    assert TemplatBalasan.objects.filter(instansi=dunia.a.instansi).count() == sebelum


def test_complaint_settings_of_another_office_cannot_be_read_changed_or_moved(dunia):
    """The probe's second case: another office's complaint settings."""
    client = masuk(dunia.b.admin)
    milik_a = PengaturanPengaduan.objects.get(instansi=dunia.a.instansi)
    milik_b = PengaturanPengaduan.objects.get(instansi=dunia.b.instansi)
    ubah = url(PengaturanPengaduan, "change", milik_a.pk)
    assert client.get(ubah).status_code == 404
    data = {"respons_nilai": "60", "respons_satuan": "hari", "jendela_balasan_hari_kerja": "5",
            "pengingat_hari_kerja": "1"}  # fmt: skip
    assert client.post(ubah, {**data, "instansi": dunia.a.instansi.pk}).status_code == 404
    # his own row cannot be moved to office A
    r = client.post(
        url(PengaturanPengaduan, "change", milik_b.pk), {**data, "instansi": dunia.a.instansi.pk}
    )
    assert r.status_code == 400
    milik_a.refresh_from_db()
    milik_b.refresh_from_db()
    assert (milik_a.respons_nilai, milik_b.instansi) == (3, dunia.b.instansi)
    # and his own settings are his to change
    r = client.post(
        url(PengaturanPengaduan, "change", milik_b.pk), {**data, "instansi": dunia.b.instansi.pk}
    )
    assert r.status_code == 302
    milik_b.refresh_from_db()
    assert milik_b.respons_nilai == 60


def test_shared_holiday_is_listed_read_only_and_no_action_deletes_it(dunia):
    bersama = HariLibur.objects.create(
        tanggal=timezone.localdate() + dt.timedelta(days=90), jenis="cuti_bersama", keterangan="C"
    )
    client = masuk(dunia.b.admin)
    r = client.get(url(HariLibur, "changelist"))
    assert bersama.pk in {o.pk for o in r.context["cl"].result_list}
    r = client.post(
        url(HariLibur, "changelist"),
        {"action": "delete_selected", "_selected_action": [bersama.pk], "post": "yes"},
    )
    assert HariLibur.objects.filter(pk=bersama.pk).exists()
    assert client.post(url(HariLibur, "delete", bersama.pk), {"post": "yes"}).status_code == 403


def test_another_offices_object_named_in_the_url_is_not_put_on_the_add_form(dunia):
    """An initial value from the URL (?panti=) naming office A's panti is dropped."""
    panti_a = Panti.objects.filter(instansi=dunia.a.instansi).first()
    r = masuk(dunia.b.admin).get(url(Pegawai, "add"), {"panti": panti_a.pk})
    assert r.status_code == 200
    assert "panti" not in r.context["adminform"].form.initial
    assert panti_a.nama not in r.content.decode()
