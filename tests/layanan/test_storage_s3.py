"""The S3 storage path: with STORAGE_BACKEND=s3 the portal keeps files in a
private bucket, reads them back, and hands out short-lived signed URLs only.

A moto S3 server runs on loopback for the session; the storage options are
taken from config/settings.py itself (evaluated with the S3 environment), so
the test follows the production configuration instead of a copy of it.
"""

from __future__ import annotations

import runpy
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from moto.server import ThreadedMotoServer

BUCKET = "berkas-dinsos-uji"
ROOT = Path(__file__).resolve().parents[2]
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "kunci-uji",
    "AWS_SECRET_ACCESS_KEY": "rahasia-uji",
    "AWS_DEFAULT_REGION": "us-east-1",
}
# Loopback only: never go through a proxy from the environment.
http = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture(scope="session")
def moto_s3():
    with pytest.MonkeyPatch.context() as mp:
        for name, value in FAKE_CREDENTIALS.items():
            mp.setenv(name, value)
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
            mp.delenv(name, raising=False)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )
        client.create_bucket(Bucket=BUCKET)
        try:
            yield endpoint, client
        finally:
            server.stop()


@pytest.fixture
def s3_storage(moto_s3, settings, monkeypatch):
    endpoint, _client = moto_s3
    monkeypatch.setenv("STORAGE_BACKEND", "s3")
    monkeypatch.setenv("S3_BUCKET", BUCKET)
    monkeypatch.setenv("S3_ENDPOINT_URL", endpoint)
    monkeypatch.setenv("S3_ACCESS_KEY_ID", FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"])
    monkeypatch.setenv("S3_SECRET_ACCESS_KEY", FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"])
    production = runpy.run_path(str(ROOT / "config" / "settings.py"))
    default = production["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    # Changing STORAGES makes Django drop its cached storage instances.
    settings.STORAGES = {**settings.STORAGES, "default": default}
    return storages["default"]


def test_settings_use_private_signed_path_style_s3(s3_storage, moto_s3):
    endpoint, _ = moto_s3
    assert type(s3_storage).__name__ == "S3Storage"
    assert s3_storage.bucket_name == BUCKET
    assert s3_storage.endpoint_url == endpoint
    assert s3_storage.default_acl == "private"
    assert s3_storage.querystring_auth is True
    assert s3_storage.signature_version == "s3v4"
    assert s3_storage.addressing_style == "path"
    assert s3_storage.file_overwrite is False


def test_file_saved_through_default_storage_is_read_back(s3_storage, moto_s3):
    _, client = moto_s3
    content = b"%PDF-1.7 surat rekomendasi uji\n"
    name = s3_storage.save("rujukan/berkas/surat.pdf", ContentFile(content))
    assert s3_storage.exists(name)
    assert s3_storage.size(name) == len(content)
    with s3_storage.open(name, "rb") as stored:
        assert stored.read() == content
    assert client.get_object(Bucket=BUCKET, Key=name)["Body"].read() == content


def test_object_is_private_in_the_bucket(s3_storage, moto_s3):
    _, client = moto_s3
    name = s3_storage.save("rujukan/berkas/ktp.jpg", ContentFile(b"\xff\xd8\xff foto ktp"))
    grants = client.get_object_acl(Bucket=BUCKET, Key=name)["Grants"]
    grantees = {g["Grantee"].get("URI", "") for g in grants}
    assert not any(uri.endswith(("AllUsers", "AuthenticatedUsers")) for uri in grantees)


def test_presigned_url_works_with_plain_http_get(s3_storage):
    content = b"laporan sosial uji"
    name = s3_storage.save("rujukan/laporan.txt", ContentFile(content))
    url = s3_storage.url(name)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == ["300"]
    assert f"/{BUCKET}/" in url  # path-style addressing
    with http.open(url, timeout=10) as response:
        assert response.status == 200
        assert response.read() == content


def test_object_is_not_readable_without_signature(s3_storage):
    name = s3_storage.save("rujukan/rahasia.txt", ContentFile(b"data klien"))
    signed = urllib.parse.urlsplit(s3_storage.url(name))
    unsigned = urllib.parse.urlunsplit(signed._replace(query=""))
    with pytest.raises(urllib.error.HTTPError) as error:
        http.open(unsigned, timeout=10)
    assert error.value.code == 403


def test_same_name_never_overwrites_an_existing_file(s3_storage):
    first = s3_storage.save("rujukan/surat-1.pdf", ContentFile(b"versi pertama"))
    second = s3_storage.save("rujukan/surat-1.pdf", ContentFile(b"versi kedua"))
    assert first != second
    with s3_storage.open(first, "rb") as stored:
        assert stored.read() == b"versi pertama"


def test_deleted_file_is_gone(s3_storage):
    name = s3_storage.save("rujukan/sementara.txt", ContentFile(b"sementara"))
    s3_storage.delete(name)
    assert not s3_storage.exists(name)
