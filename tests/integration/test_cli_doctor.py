"""`dondoc doctor` against real parts on loopback: SQLite and PostgreSQL ledgers built by the
migrations, aiosmtpd, the fake Zalo, closed ports and a server that accepts and never answers.

The one stand-in: a Prefect server that answers is a tiny HTTP server answering /api/health,
/api/admin/version and /api/deployments/filter as Prefect 3.9 does, so that each fault of it
can be staged here. A real server — `dondoc up`'s, with its deployments and a Secret block an
operator saved, found and missing — is checked by tests/e2e/test_up.py.
"""

from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword, Session
from alembic import command
from sqlalchemy import func, select, text, update
from typer.testing import CliRunner

from dondoc.cli import app
from dondoc.deployments import read_deployments
from ledger.audit import Actor
from ledger.credentials import seed
from ledger.db import (
    alembic_config,
    current_revision,
    make_engine,
    session_factory,
    transaction,
    upgrade,
)
from ledger.dbapi import HEAD_REVISION
from ledger.models import CatalogueDocument, ChannelToken, Task
from ledger.planning import plan_tasks
from ledger.store import read_catalogue
from notifications.fake_zalo import FakeZalo
from tests.conftest import (
    BACKENDS,
    RecordingHandler,
    SmtpServer,
    at,
    empty_ledger_url,
    migrated,
)
from tests.integration.test_startup import PROBE

Doctor = dict[str, Any]


# --- the parts on loopback --------------------------------------------------------------------


@contextmanager
def closed_port() -> Iterator[int]:
    """A loopback port bound but not listening: a connection to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@contextmanager
def silent_port() -> Iterator[int]:
    """A loopback port that accepts connections (the kernel's backlog) and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield sock.getsockname()[1]


@contextmanager
def prefect_stand_in(deployments: list[str]) -> Iterator[str]:
    """An HTTP server answering the three requests doctor makes of Prefect, as Prefect does."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, body: Any) -> None:
            payload = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:
            if self.path == "/api/health":
                self._answer(True)
            elif self.path == "/api/admin/version":
                self._answer("3.9.1")
            else:
                self.send_error(404)

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path == "/api/deployments/filter":
                self._answer([{"name": name} for name in deployments])
            else:
                self.send_error(404)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api"
    finally:
        server.shutdown()
        server.server_close()


USERNAME, PASSWORD = "vanphong", "mat-khau-dung"


class LoginHandler(RecordingHandler):
    def authenticate(
        self, server: SMTP, session: Session, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        valid = isinstance(data, LoginPassword) and data == (USERNAME.encode(), PASSWORD.encode())
        return AuthResult(success=valid, handled=False)  # aiosmtpd answers 535 itself


@pytest.fixture(scope="module")
def ca_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, ssl.SSLContext]:
    ca = trustme.CA()
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    return str(path), context


@contextmanager
def starttls_server(context: ssl.SSLContext) -> Iterator[tuple[LoginHandler, int]]:
    """A real aiosmtpd server on loopback that requires STARTTLS and a login."""
    handler = LoginHandler()
    with closed_port() as port:
        pass
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        auth_required=True,
        authenticator=handler.authenticate,
    )
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


# --- running doctor ---------------------------------------------------------------------------


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, str]]:
    """Only the settings a test sets, and a Prefect URL nobody answers unless a test says so
    (never the machine's own port 4200, where `dondoc up` may be running)."""
    for name in list(os.environ):
        if name.startswith(("DONDOC_", "PREFECT_")) and not name.startswith("DONDOC_TEST_"):
            monkeypatch.delenv(name)
    with closed_port() as port:
        values = {
            "DONDOC_HOME": str(tmp_path / "var"),
            "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        }
        yield values


def run_doctor(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, Doctor, float]:
    """(exit code, the JSON, seconds taken) of `dondoc doctor --json` with these settings."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    start = time.monotonic()
    result = CliRunner().invoke(app, ["doctor", "--json"])
    took = time.monotonic() - start
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout), took


def finding(report: Doctor, check: str) -> dict[str, Any]:
    (found,) = [item for item in report["checks"] if item["check"] == check]
    return dict(found)


def text_of(report: Doctor, check: str) -> str:
    """Every line of one check, as the terminal shows it (what was found, then the fix)."""
    items = [i for i in report["checks"] if i["check"] == check]
    return " | ".join(f"{i['status']}: {i['found']} → {i['fix']}" for i in items)


# --- the ledger -------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_missing_or_empty_ledger_is_a_warning_saying_to_run_db_upgrade(
    backend: str, env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with empty_ledger_url(backend, tmp_path) as url:
        code, report, _ = run_doctor(env | {"DONDOC_DATABASE_URL": url}, monkeypatch)
    ledger = finding(report, "ledger")
    assert ledger["status"] == "warning"
    expected = "chưa có sổ tại" if backend == "sqlite" else "cơ sở dữ liệu còn trống"
    assert expected in ledger["found"]
    assert "dondoc db upgrade" in ledger["fix"]
    assert not (tmp_path / "ledger.db").exists()  # doctor created nothing
    assert code == 1  # the Prefect server of `env` does not answer: an error
    assert finding(report, "prefect")["status"] == "error"


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_ledger_behind_the_head_revision_is_an_error_until_db_upgrade_is_run(
    backend: str, env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with empty_ledger_url(backend, tmp_path) as url:
        engine = make_engine(url)
        command.upgrade(alembic_config(engine), "0004")
        assert current_revision(engine) == "0004" != HEAD_REVISION
        _, report, _ = run_doctor(env | {"DONDOC_DATABASE_URL": url}, monkeypatch)
        behind = finding(report, "ledger")
        assert behind["status"] == "error"
        assert f"ở phiên bản 0004, bản dondoc này cần {HEAD_REVISION}" in behind["found"]
        assert behind["fix"] == "sao lưu sổ rồi chạy dondoc db upgrade"
        assert "password" not in behind["found"]

        assert CliRunner().invoke(app, ["db", "upgrade"]).exit_code == 0  # the fix it named
        assert current_revision(engine) == HEAD_REVISION
        _, report, _ = run_doctor({}, monkeypatch)
        upgraded = finding(report, "ledger")
        assert upgraded["status"] == "warning"  # up to date, but no catalogue loaded yet
        assert "chưa có danh mục nào" in upgraded["found"]
        assert "dondoc plan load" in upgraded["fix"]
        engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_up_to_date_ledger_is_ok_with_what_it_holds(
    backend: str, env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with empty_ledger_url(backend, tmp_path) as url:
        _, engine, sessions = migrated(url)
        with transaction(sessions) as session:  # a quarter's tasks: the counts mean something
            actor = Actor("test:plan", at(date(2024, 1, 1)), date(2024, 1, 1))
            plan_tasks(session, read_catalogue(session), date(2024, 3, 31), actor)
        with transaction(sessions) as session:
            documents = session.scalar(select(func.count()).select_from(CatalogueDocument))
            tasks = session.scalar(select(func.count()).select_from(Task))
        _, report, _ = run_doctor(env | {"DONDOC_DATABASE_URL": url}, monkeypatch)
        engine.dispose()
    ledger = finding(report, "ledger")
    assert ledger["status"] == "ok"
    assert ledger["fix"] is None
    assert f"ở phiên bản {HEAD_REVISION} (mới nhất)" in ledger["found"]
    assert f"{documents} tệp danh mục, {tasks} nhiệm vụ" in ledger["found"]
    assert documents
    assert tasks


def test_a_database_holding_other_tables_is_an_error_naming_the_variable(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    url = f"sqlite:///{tmp_path / 'other.db'}"
    _, report, _ = run_doctor(env | {"DONDOC_DATABASE_URL": url}, monkeypatch)
    ledger = finding(report, "ledger")
    assert ledger["status"] == "error"
    assert "có 1 bảng nhưng không phải sổ dondoc" in ledger["found"]
    assert "DONDOC_DATABASE_URL" in ledger["fix"]


def test_a_database_server_that_refuses_is_an_error_and_hides_the_password(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with closed_port() as port:
        url = f"postgresql://dondoc:bi-mat@127.0.0.1:{port}/dondoc"
        _, report, took = run_doctor(env | {"DONDOC_DATABASE_URL": url}, monkeypatch)
    ledger = finding(report, "ledger")
    assert ledger["status"] == "error"
    assert "cơ sở dữ liệu không trả lời" in ledger["found"]
    assert f"postgresql://dondoc:***@127.0.0.1:{port}/dondoc" in ledger["found"]
    assert "bi-mat" not in json.dumps(report, ensure_ascii=False)
    assert "DONDOC_DATABASE_URL" in ledger["fix"]
    assert took < 4.5


# --- SMTP -------------------------------------------------------------------------------------


def smtp_env(host: str, port: int, **more: str) -> dict[str, str]:
    values = {"DONDOC_SMTP__HOST": host, "DONDOC_SMTP__PORT": str(port)}
    return values | {f"DONDOC_SMTP__{k.upper()}": v for k, v in more.items()}


def test_a_real_smtp_server_answers_ehlo_and_gets_no_mail(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, smtp_server: SmtpServer
) -> None:
    port = smtp_server.settings.port
    _, report, _ = run_doctor(env | smtp_env("127.0.0.1", port), monkeypatch)
    smtp = finding(report, "smtp")
    assert smtp == {
        "check": "smtp",
        "status": "ok",
        "found": f"máy chủ thư 127.0.0.1:{port} trả lời (EHLO); không gửi thư nào",
        "fix": None,
    }
    assert smtp_server.received == []


def test_a_closed_smtp_port_is_an_error_naming_host_and_port(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with closed_port() as port:
        _, report, _ = run_doctor(env | smtp_env("127.0.0.1", port), monkeypatch)
    smtp = finding(report, "smtp")
    assert smtp["status"] == "error"
    assert f"máy chủ thư 127.0.0.1:{port} không nhận kết nối" in smtp["found"]
    assert "DONDOC_SMTP__HOST, DONDOC_SMTP__PORT" in smtp["fix"]


def test_starttls_and_the_login_are_tried_and_a_wrong_password_is_named(
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    ca_file: tuple[str, ssl.SSLContext],
) -> None:
    path, context = ca_file
    with starttls_server(context) as (handler, port):
        settings = smtp_env("127.0.0.1", port, security="starttls", ca_file=path, username=USERNAME)
        _, good, _ = run_doctor(env | settings | {"DONDOC_SMTP__PASSWORD": PASSWORD}, monkeypatch)
        _, bad, _ = run_doctor({"DONDOC_SMTP__PASSWORD": "sai"}, monkeypatch)
        _, plain, _ = run_doctor({"DONDOC_SMTP__SECURITY": "none"}, monkeypatch)
        assert handler.received == []
    assert finding(good, "smtp")["status"] == "ok"
    assert finding(good, "smtp")["found"] == (
        f"máy chủ thư 127.0.0.1:{port} trả lời (EHLO, STARTTLS, đăng nhập {USERNAME}); "
        "không gửi thư nào"
    )
    refused = finding(bad, "smtp")
    assert refused["status"] == "error"
    assert f"từ chối đăng nhập của {USERNAME} (535" in refused["found"]
    assert refused["fix"] == "kiểm tra DONDOC_SMTP__USERNAME và DONDOC_SMTP__PASSWORD"
    # Without STARTTLS this server offers no login: doctor says to use TLS.
    no_tls = finding(plain, "smtp")
    assert no_tls["status"] == "error"
    assert "DONDOC_SMTP__SECURITY=starttls" in no_tls["fix"]


def test_starttls_against_a_server_without_it_says_which_security_to_set(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, smtp_server: SmtpServer
) -> None:
    settings = smtp_env("127.0.0.1", smtp_server.settings.port, security="starttls")
    _, report, _ = run_doctor(env | settings, monkeypatch)
    smtp = finding(report, "smtp")
    assert smtp["status"] == "error"
    assert "không hỗ trợ STARTTLS" in smtp["found"]
    assert "DONDOC_SMTP__SECURITY=" in smtp["fix"]


# --- Zalo -------------------------------------------------------------------------------------


def zalo_env(fake: FakeZalo, url: str | None = None) -> dict[str, str]:
    base = url or fake.url
    return {
        "DONDOC_ZALO__APP_ID": fake.app_id,
        "DONDOC_ZALO__APP_SECRET": fake.app_secret,
        "DONDOC_ZALO__OA_SECRET": fake.oa_secret,
        "DONDOC_ZALO__BUSINESS_URL": base,
        "DONDOC_ZALO__OPENAPI_URL": base,
        "DONDOC_ZALO__OAUTH_URL": base,
    }


@pytest.fixture
def zalo_ledger(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """An up-to-date SQLite ledger (no catalogue needed for the token) and its sessions."""
    url = f"sqlite:///{tmp_path / 'zalo.db'}"
    engine = make_engine(url)
    upgrade(engine)
    yield url, session_factory(engine)
    engine.dispose()


def store_pair(
    sessions: Any, access: str, refresh: str, expires: datetime, issued: datetime
) -> None:
    with transaction(sessions) as session:
        seed(session, access, refresh, expires, issued, actor="test")


def test_a_fresh_token_is_ok_and_zalo_takes_it_without_a_refresh(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, zalo_ledger: tuple[str, Any]
) -> None:
    url, sessions = zalo_ledger
    now = datetime.now(UTC)
    with FakeZalo(daily_quota=4321) as fake:
        access, refresh = fake.issue_tokens()
        store_pair(sessions, access, refresh, now + timedelta(hours=25), now)
        _, report, _ = run_doctor(env | zalo_env(fake) | {"DONDOC_DATABASE_URL": url}, monkeypatch)
        assert fake.refreshes == []  # doctor never spends the single-use refresh token
        assert fake.sent == []
    zalo, token = finding(report, "zalo"), finding(report, "zalo-token")
    assert zalo == {"check": "zalo", "status": "ok", "found": f"tới được {fake.url}", "fix": None}
    assert token["status"] == "ok"
    assert "mã truy cập còn hạn đến" in token["found"]
    assert "(còn 25 giờ" in token["found"] or "(còn 24 giờ" in token["found"]
    assert "Zalo nhận mã, hạn mức ZNS hôm nay còn 4321/4321" in token["found"]
    assert access not in json.dumps(report)
    assert refresh not in json.dumps(report)


def test_an_expired_token_is_a_warning_and_is_not_refreshed_by_doctor(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, zalo_ledger: tuple[str, Any]
) -> None:
    url, sessions = zalo_ledger
    now = datetime.now(UTC)
    with FakeZalo() as fake:
        access, refresh = fake.issue_tokens(lifetime=-60)
        store_pair(sessions, access, refresh, now - timedelta(minutes=1), now - timedelta(hours=26))
        _, report, _ = run_doctor(env | zalo_env(fake) | {"DONDOC_DATABASE_URL": url}, monkeypatch)
        assert fake.refreshes == []
    token = finding(report, "zalo-token")
    assert token["status"] == "warning"
    assert "mã truy cập hết hạn lúc" in token["found"]
    assert "lần gửi Zalo tới tự làm mới mã" in token["fix"]
    with transaction(sessions) as session:  # the pair is as it was stored
        row = session.get(ChannelToken, "zalo-oa")
        assert row is not None
        assert (row.access_token, row.refresh_token, row.version) == (access, refresh, 1)


def test_a_token_zalo_no_longer_takes_is_a_warning_with_zalos_code(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, zalo_ledger: tuple[str, Any]
) -> None:
    url, sessions = zalo_ledger
    now = datetime.now(UTC)
    with FakeZalo() as fake:
        access, refresh = fake.issue_tokens()
        store_pair(sessions, access, refresh, now + timedelta(hours=20), now)
        fake.expire_access_tokens()  # e.g. an admin re-authorised elsewhere
        _, report, _ = run_doctor(env | zalo_env(fake) | {"DONDOC_DATABASE_URL": url}, monkeypatch)
    token = finding(report, "zalo-token")
    assert token["status"] == "warning"
    assert "Zalo không nhận mã khi hỏi hạn mức ZNS (-124 Access token invalid)" in token["found"]


@pytest.mark.parametrize(
    ("age", "status", "said"),
    [
        (timedelta(days=100), "error", "đã quá 3 tháng Zalo cho phép"),
        (timedelta(days=85), "warning", "(còn 4 ngày); mã chỉ được thay khi dondoc gửi tin Zalo"),
    ],
    ids=["expired", "expiring"],
)
def test_an_old_refresh_token_is_said_against_its_three_months(
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    zalo_ledger: tuple[str, Any],
    age: timedelta,
    status: str,
    said: str,
) -> None:
    url, sessions = zalo_ledger
    now = datetime.now(UTC)
    with FakeZalo() as fake:
        access, refresh = fake.issue_tokens()
        store_pair(sessions, access, refresh, now + timedelta(hours=20), now - age)
        _, report, _ = run_doctor(env | zalo_env(fake) | {"DONDOC_DATABASE_URL": url}, monkeypatch)
    token = finding(report, "zalo-token")
    assert token["status"] == status
    assert said in token["found"]
    assert "quản trị viên" in token["fix"]


def test_a_broken_chain_and_a_missing_token_are_errors_saying_who_acts(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, zalo_ledger: tuple[str, Any]
) -> None:
    url, sessions = zalo_ledger
    with FakeZalo() as fake:
        settings = env | zalo_env(fake) | {"DONDOC_DATABASE_URL": url}
        _, missing, _ = run_doctor(settings, monkeypatch)
        _, seeded, _ = run_doctor({"DONDOC_ZALO__SEED_REFRESH_TOKEN": "hat-giong"}, monkeypatch)
        now = datetime.now(UTC)
        store_pair(sessions, "a", "r", now, now)
        with transaction(sessions) as session:
            session.execute(
                update(ChannelToken).values(broken_at=now, broken_reason="Zalo từ chối (-14014)")
            )
        _, broken, _ = run_doctor({}, monkeypatch)
    none = finding(missing, "zalo-token")
    assert none["status"] == "error"
    assert "DONDOC_ZALO__SEED_REFRESH_TOKEN" in none["fix"]
    assert finding(seeded, "zalo-token")["status"] == "warning"
    assert "hat-giong" not in json.dumps(seeded)
    chain = finding(broken, "zalo-token")
    assert chain["status"] == "error"
    assert chain["found"].startswith("chuỗi mã Zalo đã đứt lúc ")
    assert chain["found"].endswith(": Zalo từ chối (-14014)")
    assert "cấp quyền lại" in chain["fix"]


def test_a_zalo_host_that_does_not_answer_is_an_error_naming_its_variable(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, zalo_ledger: tuple[str, Any]
) -> None:
    url, _ = zalo_ledger
    with FakeZalo() as fake, closed_port() as port:
        base = f"http://127.0.0.1:{port}"
        settings = zalo_env(fake) | {"DONDOC_ZALO__OAUTH_URL": base, "DONDOC_DATABASE_URL": url}
        _, report, _ = run_doctor(env | settings, monkeypatch)
    zalo = finding(report, "zalo")
    assert zalo["status"] == "error"
    assert f"không tới được {base}" in zalo["found"]
    assert "DONDOC_ZALO__OAUTH_URL" in zalo["fix"]


# --- Prefect, the exit code, the bounds -------------------------------------------------------


def test_a_prefect_server_that_is_down_is_an_error_saying_what_to_start(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, report, took = run_doctor(env, monkeypatch)
    prefect = finding(report, "prefect")
    assert prefect["status"] == "error"
    assert f"không có máy chủ Prefect trả lời tại {env['PREFECT_API_URL']}" in prefect["found"]
    assert "PREFECT_API_URL" in prefect["fix"]
    assert code == 1
    assert report["ok"] is False
    assert took < 4.5


def test_a_named_secret_block_on_a_server_that_is_down_says_what_to_set_instead(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = {"DONDOC_SECRET_BLOCKS__SMTP_PASSWORD": "dondoc-smtp"}
    _, report, _ = run_doctor(env | settings, monkeypatch)
    blocks = finding(report, "secret-blocks")
    assert blocks["status"] == "error"
    assert (
        "không đọc được khối Secret 'dondoc-smtp' (DONDOC_SECRET_BLOCKS__SMTP_PASSWORD)"
        in (blocks["found"])
    )
    assert "đặt DONDOC_SMTP__PASSWORD thay cho khối" in blocks["fix"]


def test_everything_answering_is_ok_and_exits_zero(
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    smtp_server: SmtpServer,
    tmp_path: Path,
) -> None:
    url, engine, sessions = migrated(f"sqlite:///{tmp_path / 'all.db'}")
    now = datetime.now(UTC)
    names = [spec.name for spec in read_deployments()]
    with FakeZalo() as fake, prefect_stand_in(names) as api:
        access, refresh = fake.issue_tokens()
        store_pair(sessions, access, refresh, now + timedelta(hours=25), now)
        settings = smtp_env("127.0.0.1", smtp_server.settings.port) | zalo_env(fake)
        code, report, _ = run_doctor(
            env | settings | {"DONDOC_DATABASE_URL": url, "PREFECT_API_URL": api}, monkeypatch
        )
        # The stand-in without the deployments: a warning, and still exit 0.
        with prefect_stand_in(names[1:]) as partial:
            warned, partly, _ = run_doctor({"PREFECT_API_URL": partial}, monkeypatch)
    engine.dispose()
    assert [(c["check"], c["status"]) for c in report["checks"]] == [
        ("settings", "ok"),
        ("ledger", "ok"),
        ("prefect", "ok"),
        ("secret-blocks", "ok"),
        ("smtp", "ok"),
        ("zalo", "ok"),
        ("zalo-token", "ok"),
    ]
    assert (code, report["ok"], report["errors"], report["warnings"]) == (0, True, 0, 0)
    assert f"có đủ {len(names)} deployment của prefect.yaml" in finding(report, "prefect")["found"]
    assert warned == 0
    assert partly["warnings"] == 1
    assert f"thiếu 1: {names[0]} trong {len(names)} deployment" in text_of(partly, "prefect")


def test_with_every_server_silent_doctor_answers_within_its_deadline(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, zalo_ledger: tuple[str, Any]
) -> None:
    with silent_port() as port, FakeZalo() as fake:
        silent = f"http://127.0.0.1:{port}"
        settings = (
            smtp_env("127.0.0.1", port)
            | zalo_env(fake, silent)
            | {
                "PREFECT_API_URL": f"{silent}/api",
                "DONDOC_DATABASE_URL": f"postgresql://postgres@127.0.0.1:{port}/test",
            }
        )
        code, report, took = run_doctor(env | settings, monkeypatch)
    assert code == 1
    for check in ("ledger", "prefect", "smtp", "zalo"):
        assert finding(report, check)["status"] == "error", text_of(report, check)
    assert took < 5.0  # side by side, each bounded by 3 s (an unbounded one waits for ever)


# --- bad settings: a sentence, never a traceback ----------------------------------------------


BAD = [
    pytest.param(
        {"DONDOC_SMTP__PORT": "abc"},
        "DONDOC_SMTP__PORT=abc: không phải số nguyên",
        "sửa DONDOC_SMTP__PORT hoặc bỏ biến này",
        id="smtp-port",
    ),
    pytest.param(
        {"DONDOC_SMTP__SECURITY": "tls"},
        "DONDOC_SMTP__SECURITY=tls: phải là một trong: none, starttls hoặc ssl",
        "sửa DONDOC_SMTP__SECURITY hoặc bỏ biến này",
        id="smtp-security",
    ),
    pytest.param(
        {"DONDOC_DATABASE_URL": "postgresql://postgres@127.0.0.1:99999/test"},
        "DONDOC_DATABASE_URL=postgresql://postgres@127.0.0.1:99999/test: không phải địa chỉ "
        "cơ sở dữ liệu dondoc dùng được (SQLite hoặc PostgreSQL)",
        "đặt DONDOC_DATABASE_URL như sqlite:////srv/dondoc/dondoc.db hoặc "
        "postgresql://user@host:5432/dondoc",
        id="database-url-port",
    ),
    pytest.param(
        {"DONDOC_DATABASE_URL": "mysql://u@localhost/x"},
        "DONDOC_DATABASE_URL=mysql://u@localhost/x: không phải địa chỉ cơ sở dữ liệu dondoc "
        "dùng được (SQLite hoặc PostgreSQL)",
        "đặt DONDOC_DATABASE_URL như sqlite:////srv/dondoc/dondoc.db hoặc "
        "postgresql://user@host:5432/dondoc",
        id="database-url-backend",
    ),
    pytest.param(
        {
            "DONDOC_ZALO__APP_ID": "1",
            "DONDOC_ZALO__APP_SECRET": "s",
            "DONDOC_ZALO__OA_SECRET": "o",
            "DONDOC_ZALO__DEVELOPMENT_MODE": "maybe",
        },
        "DONDOC_ZALO__DEVELOPMENT_MODE=maybe: không phải true hay false",
        "sửa DONDOC_ZALO__DEVELOPMENT_MODE hoặc bỏ biến này",
        id="zalo-mode",
    ),
    pytest.param(
        {"DONDOC_ZALO__APP_ID": "1", "DONDOC_ZALO__OA_SECRET": "o"},
        "DONDOC_ZALO__APP_SECRET: chưa đặt, mà đã đặt biến DONDOC_ZALO__… thì phải có biến này",
        "đặt DONDOC_ZALO__APP_SECRET, hoặc bỏ mọi biến DONDOC_ZALO__… nếu không dùng nhóm này",
        id="zalo-incomplete",
    ),
    pytest.param(
        {"DONDOC_NOTIFY__OFFICE_EMAIL": "vanphong@tinh.example"},
        """DONDOC_NOTIFY__OFFICE_EMAIL=vanphong@tinh.example: không phải JSON (danh sách, """
        """như '["a", "b"]')""",
        "sửa DONDOC_NOTIFY__OFFICE_EMAIL hoặc bỏ biến này",
        id="office-email-json",
    ),
]


@pytest.mark.parametrize(("bad", "found", "fix"), BAD)
def test_a_bad_setting_is_a_vietnamese_sentence_and_the_other_checks_still_run(
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    bad: dict[str, str],
    found: str,
    fix: str,
) -> None:
    code, report, _ = run_doctor(env | bad, monkeypatch)
    assert code == 1
    assert {"check": "settings", "status": "error", "found": found, "fix": fix} in report["checks"]
    checks = [c["check"] for c in report["checks"]]
    assert {"ledger", "prefect", "secret-blocks", "smtp", "zalo", "zalo-token"} <= set(checks)


def test_a_check_of_a_bad_group_says_it_was_not_done(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, report, _ = run_doctor(env | {"DONDOC_SMTP__PORT": "abc"}, monkeypatch)
    smtp = finding(report, "smtp")
    assert smtp["status"] == "warning"
    assert smtp["found"] == "chưa kiểm tra: cài đặt SMTP sai (xem các dòng Cài đặt)"
    assert finding(report, "ledger")["status"] == "warning"  # the ledger was still looked at


def test_a_misspelt_variable_is_a_warning_naming_the_one_meant(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, report, _ = run_doctor(env | {"DONDOC_SMPT__HOST": "mail.tinh.example"}, monkeypatch)
    (typo,) = [c for c in report["checks"] if c["check"] == "settings" and c["status"] != "ok"]
    assert typo["status"] == "warning"
    assert typo["found"] == (
        "DONDOC_SMPT__HOST không phải biến dondoc đọc (có phải DONDOC_SMTP__HOST?), nên bị bỏ qua"
    )


def test_doctor_in_a_terminal_prints_one_line_per_check_and_imports_no_prefect(
    tmp_path: Path,
) -> None:
    with closed_port() as port:
        env = {
            "DONDOC_HOME": str(tmp_path),
            "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
            "DONDOC_SMTP__PORT": "abc",
        }
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("DONDOC_", "PREFECT_"))}
        result = subprocess.run(
            [sys.executable, "-c", PROBE, "doctor"],
            cwd=tmp_path,
            env=clean | env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "lỗi       Cài đặt: DONDOC_SMTP__PORT=abc: không phải số nguyên → sửa DONDOC_SMTP__PORT "
        "hoặc bỏ biến này"
    )
    assert len(lines) == 8  # the bad variable, six checks, the summary
    assert lines[-1] == "Tóm lại: 2 ổn, 3 cảnh báo, 2 lỗi."
    modules = set(json.loads(result.stderr.strip().splitlines()[-1]))
    assert not {"prefect", "sqlalchemy", "alembic"} & modules


def test_a_home_that_is_a_file_is_named_and_the_ledger_is_not_looked_for_elsewhere(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "home").write_text("not a directory")
    _, report, _ = run_doctor(env | {"DONDOC_HOME": str(tmp_path / "home")}, monkeypatch)
    assert {
        "check": "settings",
        "status": "error",
        "found": f"DONDOC_HOME={tmp_path / 'home'}: là một tệp, không phải thư mục",
        "fix": "sửa DONDOC_HOME hoặc bỏ biến này",
    } in report["checks"]
    ledger = finding(report, "ledger")
    assert ledger["found"] == "chưa kiểm tra: cài đặt DONDOC_HOME sai (xem các dòng Cài đặt)"


# --- the shared settings path: other commands too ---------------------------------------------


@pytest.mark.parametrize(
    ("args", "bad", "message"),
    [
        pytest.param(
            ["status"],
            {"DONDOC_NOTIFY__OFFICE_EMAIL": "[vanphong@tinh.example"},
            """dondoc: DONDOC_NOTIFY__OFFICE_EMAIL=[vanphong@tinh.example: is not JSON (a """
            """list, like '["a", "b"]'); fix it or unset it""",
            id="json",
        ),
        pytest.param(
            ["status"],
            {"DONDOC_DATABASE_URL": "postgresql://postgres@127.0.0.1:99999/test"},
            "dondoc: DONDOC_DATABASE_URL='postgresql://postgres@127.0.0.1:99999/test' is not a "
            "database URL dondoc can use (SQLite or PostgreSQL): set it like "
            "sqlite:////srv/dondoc/dondoc.db or postgresql://user@host:5432/dondoc",
            id="port",
        ),
        pytest.param(
            ["db", "upgrade"],
            {"DONDOC_HOME": "{tmp}/home"},
            "dondoc: DONDOC_HOME={tmp}/home: is a file, not a directory; fix it or unset it",
            id="home-a-file",
        ),
    ],
)
def test_other_commands_with_an_unreadable_setting_say_a_sentence_not_a_traceback(
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    args: list[str],
    bad: dict[str, str],
    message: str,
) -> None:
    (tmp_path / "home").write_text("not a directory")
    for name, value in (env | bad).items():
        monkeypatch.setenv(name, value.replace("{tmp}", str(tmp_path)))
    result = CliRunner().invoke(app, args)
    assert isinstance(result.exception, SystemExit), result.exception  # not a traceback
    assert result.stderr.strip() == message.replace("{tmp}", str(tmp_path))
    assert result.exit_code == 2
