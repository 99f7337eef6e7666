"""Settings of the way to the central store: proxy_url and ca_bundle, validated with French errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from desktop.settings import Settings, SettingsError, load_settings


def ca_pem() -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "AC de test")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM)


def settings(tmp_path: Path, **env: str) -> Settings:
    return load_settings(
        config_path=tmp_path / "absent.toml", environ={f"GUICHET_{k.upper()}": v for k, v in env.items()}
    )


def test_unset_by_default(tmp_path: Path) -> None:
    s = load_settings(config_path=tmp_path / "absent.toml", environ={})
    assert s.proxy_url is None and s.ca_bundle is None


def test_from_file_and_environment(tmp_path: Path) -> None:
    pem = tmp_path / "ac.pem"
    pem.write_bytes(ca_pem())
    cfg = tmp_path / "guichet.toml"
    cfg.write_text(f'proxy_url = "http://proxy.interieur.local:3128"\nca_bundle = "{pem}"\n', encoding="utf-8")
    s = load_settings(config_path=cfg, environ={})
    assert s.proxy_url == "http://proxy.interieur.local:3128" and s.ca_bundle == pem
    s = load_settings(config_path=cfg, environ={"GUICHET_PROXY_URL": "https://10.0.0.1:8443", "GUICHET_CA_BUNDLE": ""})
    assert s.proxy_url == "https://10.0.0.1:8443" and s.ca_bundle is None


@pytest.mark.parametrize("url", ["ftp://proxy:21", "proxy:3128", "http://", "http://proxy:3128/chemin", "http://h:0"])
def test_bad_proxy_is_refused_in_french(tmp_path: Path, url: str) -> None:
    with pytest.raises(SettingsError, match="proxy_url"):
        settings(tmp_path, proxy_url=url)


def test_a_proxy_password_is_never_repeated(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as info:
        settings(tmp_path, proxy_url="http://agent:motdepasse@proxy:3128/x")
    assert "motdepasse" not in str(info.value)


def test_ca_bundle_must_exist_and_hold_a_certificate(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="introuvable"):
        settings(tmp_path, ca_bundle=str(tmp_path / "absent.pem"))
    garbage = tmp_path / "faux.pem"
    garbage.write_text("-----BEGIN CERTIFICATE-----\npas un certificat\n-----END CERTIFICATE-----\n")
    with pytest.raises(SettingsError, match="aucun certificat"):
        settings(tmp_path, ca_bundle=str(garbage))
    with pytest.raises(SettingsError, match="introuvable"):
        settings(tmp_path, ca_bundle=str(tmp_path))  # a folder is not a file
