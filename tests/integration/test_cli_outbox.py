"""`dondoc outbox` and `dondoc outbox retry`, in process, on a real ledger and a real SMTP server
on loopback: failed mail listed, sent again once the server takes it; phones never shown."""

from __future__ import annotations

import io
import json
import os
import subprocess
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy import select, text
from typer.testing import CliRunner

from dondoc.cli import app
from dondoc.cli.outbox import message_table
from ledger.claims import LOCK_CLASS, Owner, process_start, this_host
from ledger.db import make_engine, session_factory, transaction
from ledger.models import OutboxMessage
from ledger.outbox_admin import list_messages
from tests.conftest import SmtpServer, at, demo_catalogue_files

DEMO = [str(p) for p in demo_catalogue_files()]
REQUEST = [
    "request", "new", "--units", "tn-mttq,tn-ldld,tn-hnd", "--due", "2024-10-16",
    "--title", "Báo cáo nhanh kết quả vận động quỹ “Vì người nghèo”", "--as-of", "2024-10-09",
]  # fmt: skip
TITLE = (
    "[Đôn đốc] Báo cáo đột xuất (Báo cáo nhanh kết quả vận động quỹ “Vì người nghèo”) – Yêu cầu "
    "ngày 09/10/2024: hạn gửi 16/10/2024"
)


def invoke(*args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), input=input)
    return result.exit_code, result.output


@pytest.fixture
def refused(cli: CliRunner, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """The demo plans loaded and a request sent to three units: two refused by the server."""
    monkeypatch.setenv("DONDOC_SMTP__HOST", smtp_server.settings.host)
    monkeypatch.setenv("DONDOC_SMTP__PORT", str(smtp_server.settings.port))
    assert invoke("plan", "load", *DEMO, "--track-from", "2024-01-01")[0] == 0
    smtp_server.handler.refuse["vanphong@hnd.tayninh.example"] = "550 5.1.1 Mailbox unavailable"
    smtp_server.handler.refuse["vanphong@ldld.tayninh.example"] = "550 5.1.1 Mailbox unavailable"
    code, output = invoke(*REQUEST)
    assert code == 0, output
    smtp_server.handler.refuse.clear()
    smtp_server.received.clear()
    return os.environ["DONDOC_DATABASE_URL"]


def unboxed(output: str) -> str:
    """A usage error as one line: without the frame click's rich box draws around it."""
    return " ".join(output.replace("│", " ").split())


def add_zalo_message(
    url: str, status: str = "failed", claimed_by: str | None = None, key: str = "zalo:test"
) -> int:
    """A Zalo message with a phone number and a subject full of markup and terminal escapes;
    `claimed_by`: the delivery run holding it since 09:05 on 9 October 2024."""
    engine = make_engine(url)
    try:
        with transaction(session_factory(engine)) as session:
            row = OutboxMessage(
                dedupe_key=key,
                stage="open",
                channel="zalo-zns",
                recipient="84987654321",
                recipient_name="Chủ tịch [red]UBND[/red]",
                subject="[bold]Nhắc hạn[/bold] \x1b[31mbáo cáo\x1b[0m\x07 tháng\n01",
                body_text="…",
                status=status,
                attempts=1,
                last_error="-124: số 0912345678 chưa dùng Zalo",
                next_attempt_at=at(date(2024, 10, 9), 9),
                created_at=at(date(2024, 10, 9), 9),
                kind="notice",
                claimed_by=claimed_by,
                claimed_at=at(date(2024, 10, 9), 9, 5) if claimed_by else None,
            )
            session.add(row)
            session.flush()
            return row.id
    finally:
        engine.dispose()


def test_the_outbox_lists_the_failed_mail_and_the_counts_per_channel(refused: str) -> None:
    code, output = invoke("outbox", "--status", "failed")
    assert code == 0, output
    lines = output.splitlines()
    assert len(lines) == 4
    for line in lines[:2]:
        assert line.startswith("Mã: ")
        assert " | Kênh: email | " in line
        assert (
            " | Trạng thái: lỗi | Lần gửi: 1 | Lỗi gần nhất: 550 5.1.1 Mailbox unavailable" in line
        )
    assert {line.split(" | ")[2] for line in lines[:2]} == {
        "Người nhận: Hội Nông dân tỉnh Tây Ninh <vanphong@hnd.tayninh.example>",
        "Người nhận: Liên đoàn Lao động tỉnh Tây Ninh <vanphong@ldld.tayninh.example>",
    }
    assert lines[2:] == ["Toàn bộ hàng đợi, theo kênh:", "  email: 2 lỗi, 1 đã gửi"]
    code, output = invoke("outbox", "--status", "failed", "--json")
    assert code == 0, output
    found = json.loads(output)
    assert sorted(m["recipient"] for m in found["messages"]) == [
        "vanphong@hnd.tayninh.example",
        "vanphong@ldld.tayninh.example",
    ]
    assert {(m["status"], m["attempts"], m["last_error"]) for m in found["messages"]} == {
        ("failed", 1, "550 5.1.1 Mailbox unavailable")
    }
    assert found["counts"] == [
        {"channel": "email", "status": "failed", "count": 2},
        {"channel": "email", "status": "sent", "count": 1},
    ]


def test_failed_mail_is_sent_again_after_the_fix_and_the_command_says_what_to_run(
    refused: str, smtp_server: SmtpServer
) -> None:
    code, output = invoke("outbox", "retry", "--yes")
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == "Đã xếp gửi lại 2 thư:"
    assert sorted(line.split(" ", 3)[3] for line in lines[1:3]) == [
        f"email Hội Nông dân tỉnh Tây Ninh <vanphong@hnd.tayninh.example> — {TITLE}",
        f"email Liên đoàn Lao động tỉnh Tây Ninh <vanphong@ldld.tayninh.example> — {TITLE}",
    ]
    assert lines[3:] == [
        "Thư sẽ được gửi ở lượt chạy kế tiếp; để gửi ngay: dondoc run chase (lượt nhắc hạn "
        "gửi kèm mọi thư đang chờ)."
    ]
    code, output = invoke("run", "chase", "--as-of", "2024-10-09", "--direct")
    assert code == 0, output
    assert sorted(r for m in smtp_server.received for r in m.rcpt_tos) == [
        "vanphong@hnd.tayninh.example",
        "vanphong@ldld.tayninh.example",
    ]
    code, output = invoke("outbox", "retry", "--yes")
    assert (code, output) == (0, "Không có thư nào cần gửi lại.\n")


def test_a_retry_asks_first_and_a_no_changes_nothing(refused: str) -> None:
    code, output = invoke("outbox", "retry", "--channel", "email", input="n\n")
    assert code == 1
    assert output.startswith("Sẽ xếp gửi lại 2 thư:\n")
    assert "Tiếp tục? [y/N]: n\nChưa thay đổi gì (thêm --yes để không phải xác nhận).\n" in output
    code, output = invoke("outbox", "--status", "failed", "--json")
    assert len(json.loads(output)["messages"]) == 2
    code, output = invoke("outbox", "retry", input="y\n")
    assert code == 0, output
    assert "Đã xếp gửi lại 2 thư:" in output


def test_retry_by_id_names_what_it_leaves_alone(refused: str) -> None:
    code, output = invoke("outbox", "--status", "sent", "--json")
    (sent,) = json.loads(output)["messages"]
    code, output = invoke("outbox", "retry", "--id", str(sent["id"]), "--id", "99999", "--yes")
    assert (code, output) == (
        0,
        f"Thư #{sent['id']} đang ở trạng thái 'đã gửi': không gửi lại.\n"
        "Không có thư #99999.\n"
        "Không có thư nào cần gửi lại.\n",
    )


def test_phone_numbers_are_masked_and_catalogue_text_is_never_markup_or_escapes(
    refused: str,
) -> None:
    message = add_zalo_message(refused)
    code, output = invoke("outbox", "--channel", "zalo-zns")
    assert code == 0, output
    assert output.splitlines()[0] == (
        f"Mã: {message} | Kênh: zalo-zns | Người nhận: Chủ tịch [red]UBND[/red] <********321> | "
        "Tiêu đề: [bold]Nhắc hạn[/bold] báo cáo tháng 01 | Trạng thái: lỗi | Lần gửi: 1 | "
        "Lỗi gần nhất: -124: số *******678 chưa dùng Zalo"
    )
    code, output = invoke("outbox", "--json", "--channel", "zalo-zns")
    (shown,) = json.loads(output)["messages"]
    assert (shown["recipient"], shown["last_error"]) == (
        "********321",
        "-124: số *******678 chưa dùng Zalo",
    )
    assert "84987654321" not in output
    assert "0912345678" not in output
    code, output = invoke("outbox", "retry", "--channel", "zalo-zns", "--yes")
    assert code == 0, output
    assert output.splitlines()[1] == (
        f"  #{message} zalo-zns Chủ tịch [red]UBND[/red] <********321> — "
        "[bold]Nhắc hạn[/bold] báo cáo tháng 01"
    )
    # On a terminal: a table whose cells are text, not markup; the only escapes are rich's own.
    engine = make_engine(refused)
    with transaction(session_factory(engine)) as session:
        rows = list_messages(session, channel="zalo-zns")
    engine.dispose()
    screen = io.StringIO()
    Console(file=screen, force_terminal=True, width=250, color_system="standard").print(
        message_table(rows)
    )
    drawn = screen.getvalue()
    assert "[bold]Nhắc hạn[/bold]" in drawn
    assert "[red]UBND[/red]" in drawn
    assert "\x1b[31m" not in drawn  # the subject's red: rich draws none in this table
    assert "\x07" not in drawn
    for header in ("Mã", "Kênh", "Người nhận", "Tiêu đề", "Trạng thái", "Lần gửi", "Lỗi gần nhất"):
        assert header in drawn
    assert "84987654321" not in drawn


def test_a_message_being_sent_says_which_run_holds_it_and_whether_that_run_is_alive(
    refused: str,
) -> None:
    # Three delivery runs hold a message each, as `ledger.claims.Owner` writes them: one still
    # running, one whose process is gone, one on another machine.
    running = subprocess.Popen(["sleep", "60"])
    gone = subprocess.Popen(["true"])
    gone_started = process_start(gone.pid)
    gone.wait()
    alive = Owner(0x1234, running.pid, process_start(running.pid), this_host())
    dead = Owner(0x2345, gone.pid, gone_started, this_host())
    elsewhere = Owner(0x3456, 4242, 777, "may-chu-khac")
    ids = {
        str(owner): add_zalo_message(refused, "sending", str(owner), f"zalo:{owner.token}")
        for owner in (alive, dead, elsewhere)
    }
    on_postgresql = refused.startswith("postgresql")
    holder = make_engine(refused)
    try:
        with holder.connect() as connection:
            if on_postgresql:  # the running one holds its run's advisory lock, as a run does
                connection.execute(
                    text("SELECT pg_advisory_lock(:c, :t)"), {"c": LOCK_CLASS, "t": alive.token}
                )
            code, output = invoke("outbox", "--status", "sending")
            _, listed = invoke("outbox", "--status", "sending", "--json")
    finally:
        holder.dispose()
        running.kill()
        running.wait()
    assert code == 0, output
    lines = {line.split(" | ")[0]: line for line in output.splitlines()[:3]}
    since = "nhận gửi lúc 09/10/2024 09:05"
    host = this_host()
    assert (
        f"Trạng thái: đang gửi (tiến trình {running.pid} trên máy {host}, {since}; "
        in (lines[f"Mã: {ids[str(alive)]}"])
    )
    assert "; tiến trình còn chạy) |" in lines[f"Mã: {ids[str(alive)]}"]
    assert (
        f"(tiến trình {gone.pid} trên máy {host}, {since}; tiến trình đã dừng: lần gửi tới trả thư "
        "về hàng đợi) |" in lines[f"Mã: {ids[str(dead)]}"]
    )
    # PostgreSQL proves any machine's run gone by its lock; SQLite cannot see another machine.
    other = (
        "tiến trình đã dừng: lần gửi tới trả thư về hàng đợi"
        if on_postgresql
        else "không kiểm tra được từ máy này: thư về hàng đợi 15 phút sau khi được nhận gửi"
    )
    assert (
        f"(tiến trình 4242 trên máy may-chu-khac, {since}; {other}) |"
        in (lines[f"Mã: {ids[str(elsewhere)]}"])
    )
    shown = {m["id"]: m for m in json.loads(listed)["messages"]}
    assert shown[ids[str(alive)]]["holder"] == "alive"
    assert shown[ids[str(dead)]]["holder"] == "dead"
    assert shown[ids[str(elsewhere)]]["holder"] == ("dead" if on_postgresql else "unknown")
    assert shown[ids[str(dead)]]["claimed_by"] == str(dead)
    assert shown[ids[str(dead)]]["claimed_at"] == "2024-10-09T02:05:00+00:00"


def test_an_empty_outbox_and_a_wrong_option_are_sentences(cli: CliRunner) -> None:
    assert invoke("plan", "load", *DEMO, "--track-from", "2024-01-01")[0] == 0
    assert invoke("outbox") == (0, "Hàng đợi thư trống: chưa có thư nào được xếp gửi.\n")
    assert invoke("outbox", "retry", "--yes") == (0, "Không có thư nào cần gửi lại.\n")
    code, output = invoke("outbox", "--status", "lost")
    assert code == 2
    assert "'lost' không phải trạng thái thư: chọn một trong pending, sending, sent" in unboxed(
        output
    )
    code, output = invoke("outbox", "retry", "--channel", "sms")
    assert code == 2
    assert "'sms' không phải kênh gửi: chọn một trong email, zalo-zns, zalo-oa" in unboxed(output)
    assert "Traceback" not in output


def test_the_outbox_of_a_ledger_that_does_not_exist_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only a SQLite file can be missing (a server database is there, and an empty one is
    # migrated): this case has no PostgreSQL variant.
    monkeypatch.setenv("DONDOC_DATABASE_URL", f"sqlite:///{tmp_path / 'none' / 'ledger.db'}")
    monkeypatch.setenv("DONDOC_HOME", str(tmp_path / "var"))
    code, output = invoke("outbox")
    assert code == 2
    assert "load a catalogue first" in output


def test_no_outbox_row_holds_a_masked_phone(refused: str) -> None:
    """The masking is for what is shown: the ledger keeps the number it sends to."""
    add_zalo_message(refused)
    engine = make_engine(refused)
    with transaction(session_factory(engine)) as session:
        stored = session.scalar(
            select(OutboxMessage.recipient).where(OutboxMessage.channel == "zalo-zns")
        )
    engine.dispose()
    assert stored == "84987654321"
