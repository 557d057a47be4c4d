"""Where the links' secret comes from, and what an upload is stored as."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from dondoc.secrets import SecretBlocks
from dondoc.settings import LinkSettings, Settings
from dondoc.web import safe_filename
from dondoc.wiring import link_secret, link_signer


def test_the_secret_set_in_the_environment_comes_first(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, links=LinkSettings(secret=SecretStr("đặt-sẵn")))
    assert link_secret(settings) == "đặt-sẵn".encode()
    assert not (tmp_path / "link-secret").exists()


def test_a_named_secret_block_comes_next(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, secret_blocks=SecretBlocks(link_secret="dondoc-links"))
    asked: list[str] = []

    def load(name: str) -> str:
        asked.append(name)
        return "from-the-block"

    assert link_secret(settings, load) == b"from-the-block"
    assert asked == ["dondoc-links"]


def test_else_one_is_generated_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    first = link_secret(settings)
    assert len(first) >= 40
    assert link_secret(settings) == first
    assert (tmp_path / "home" / "link-secret").stat().st_mode & 0o777 == 0o600
    signer = link_signer(settings)
    assert (signer.secret, signer.base_url, signer.ttl_days) == (
        first,
        "http://127.0.0.1:8790",
        60,
    )


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("Báo cáo tháng 1.pdf", "Bao_cao_thang_1.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\vt\\Đề án.docx", "De_an.docx"),
        (".bashrc", "bashrc"),
        ("<script>.pdf", "script_.pdf"),
        ("...", "tep"),
    ],
)
def test_an_upload_is_stored_under_a_safe_name(given: str, stored: str) -> None:
    assert safe_filename(given) == stored


def test_a_long_name_keeps_its_extension() -> None:
    name = safe_filename("a" * 300 + ".pdf")
    assert len(name) <= 100
    assert name.endswith(".pdf")
