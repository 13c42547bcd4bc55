"""One log of a complaint's transitions (issue 14): django-fsm-log's StateLog,
as for cases. Until now each transition was also written as a Kejadian row
carrying the history's action code and data (the unit disposed to, the
original ticket…). This moves that code and data into the description of the
transition's StateLog row (the format of `pengaduan.jejak`) and deletes the
Kejadian row; Kejadian keeps the events that are not transitions.

The k-th Kejadian of a transition's code is paired with the k-th StateLog row
of that transition of the same complaint; one without a StateLog row (none
is expected) becomes one, at the Kejadian's time and by its actor. The
description held the note or message, which the complaint's Tanggapan keeps.
Reverse: the Kejadian rows come back from the StateLog rows' descriptions,
which are emptied."""

import json

from django.db import migrations

# the history's action code → the transition it records (pengaduan.jejak)
TRANSISI = {
    "pengaduan.cek_dimulai": "mulai_cek",
    "pengaduan.kelengkapan_diminta": "minta_kelengkapan",
    "pengaduan.dilanjutkan": "lanjutkan",
    "pengaduan.dilengkapi_pelapor": "dilengkapi_pelapor",
    "pengaduan.didisposisikan": "koordinasikan",
    "pengaduan.dikoordinasikan_eksternal": "koordinasikan",
    "pengaduan.dijawab": "jawab",
    "pengaduan.ditutup": "tutup",
    "pengaduan.ditutup_otomatis": "tutup_otomatis",
    "pengaduan.dikonfirmasi_pelapor": "dikonfirmasi_pelapor",
    "pengaduan.dibuka_kembali": "buka_kembali",
    "pengaduan.duplikat": "tandai_duplikat",
    "pengaduan.diteruskan": "teruskan",
    "pengaduan.dihentikan": "hentikan",
}
# the state a transition leads to (for a row that has to be made)
KE = {
    "mulai_cek": "cek_administrasi",
    "minta_kelengkapan": "menunggu_pelapor",
    "lanjutkan": "cek_administrasi",
    "dilengkapi_pelapor": "cek_administrasi",
    "koordinasikan": "koordinasi",
    "jawab": "dijawab",
    "tutup": "selesai",
    "tutup_otomatis": "selesai",
    "dikonfirmasi_pelapor": "selesai",
    "buka_kembali": "cek_administrasi",
    "tandai_duplikat": "duplikat",
    "teruskan": "diteruskan",
    "hentikan": "tidak_dapat",
}
KODE_BAWAAN = {
    "mulai_cek": "pengaduan.cek_dimulai",
    "minta_kelengkapan": "pengaduan.kelengkapan_diminta",
    "lanjutkan": "pengaduan.dilanjutkan",
    "dilengkapi_pelapor": "pengaduan.dilengkapi_pelapor",
    "koordinasikan": "pengaduan.didisposisikan",
    "jawab": "pengaduan.dijawab",
    "tutup": "pengaduan.ditutup",
    "tutup_otomatis": "pengaduan.ditutup_otomatis",
    "dikonfirmasi_pelapor": "pengaduan.dikonfirmasi_pelapor",
    "buka_kembali": "pengaduan.dibuka_kembali",
    "tandai_duplikat": "pengaduan.duplikat",
    "teruskan": "pengaduan.diteruskan",
    "hentikan": "pengaduan.dihentikan",
}


def _jenis(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ct, _ = ContentType.objects.get_or_create(app_label="pengaduan", model="pengaduan")
    return ct


def ke_statelog(apps, schema_editor):
    Kejadian = apps.get_model("pengaduan", "Kejadian")
    StateLog = apps.get_model("django_fsm_log", "StateLog")
    rows = Kejadian.objects.filter(aksi__in=list(TRANSISI)).order_by("pengaduan_id", "waktu", "pk")
    if not rows.exists():
        return
    ct = _jenis(apps)
    antrean: dict[tuple[int, str], list] = {}
    pengaduan_id = None
    for k in rows.iterator():
        if k.pengaduan_id != pengaduan_id:
            pengaduan_id = k.pengaduan_id
            antrean = {}
            for log in StateLog.objects.filter(content_type=ct, object_id=pengaduan_id).order_by(
                "timestamp", "pk"
            ):
                antrean.setdefault((pengaduan_id, log.transition), []).append(log)
        transisi = TRANSISI[k.aksi]
        keterangan = json.dumps({"kode": k.aksi, **(k.data or {})}, ensure_ascii=False)
        logs = antrean.get((pengaduan_id, transisi))
        if logs:
            log = logs.pop(0)
            log.description = keterangan
            log.save(update_fields=["description"])
        else:
            StateLog.objects.create(
                content_type=ct,
                object_id=pengaduan_id,
                transition=transisi,
                source_state=None,
                state=KE[transisi],
                by_id=k.oleh_id,
                timestamp=k.waktu,
                description=keterangan,
            )
        k.delete()


def ke_kejadian(apps, schema_editor):
    Kejadian = apps.get_model("pengaduan", "Kejadian")
    StateLog = apps.get_model("django_fsm_log", "StateLog")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Pengaduan = apps.get_model("pengaduan", "Pengaduan")
    ct = ContentType.objects.filter(app_label="pengaduan", model="pengaduan").first()
    if ct is None:
        return
    ada = {str(pk) for pk in Pengaduan.objects.values_list("pk", flat=True)}
    for log in StateLog.objects.filter(content_type=ct).order_by("pk").iterator():
        if str(log.object_id) not in ada:
            continue
        try:
            isi = json.loads(log.description or "")
        except ValueError:
            isi = None
        data = dict(isi) if isinstance(isi, dict) else {}
        kode = data.pop("kode", None) or KODE_BAWAAN.get(log.transition)
        if kode is None:
            continue
        Kejadian.objects.create(
            pengaduan_id=log.object_id, aksi=kode, oleh_id=log.by_id, waktu=log.timestamp, data=data
        )
        log.description = None
        log.save(update_fields=["description"])


class Migration(migrations.Migration):
    dependencies = [
        ("pengaduan", "0007_email_sidik"),
        ("django_fsm_log", "0005_description_null"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(ke_statelog, ke_kejadian)]
