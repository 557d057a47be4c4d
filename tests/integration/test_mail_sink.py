"""The demo mail sink, fed by the real e-mail channel and by the standard library's smtplib."""

from __future__ import annotations

import re
import smtplib
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

import pytest

from notifications.config import SmtpSettings
from notifications.email import OutgoingEmail, send_batch
from notifications.sink import MailSink

FILE_NAME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-[A-Za-z0-9._-]+\.eml$")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def mail_sink(tmp_path: Path) -> Iterator[MailSink]:
    with MailSink(tmp_path / "var" / "mail", port=0) as sink:
        yield sink


def reminder(number: int, key: str | None = None) -> OutgoingEmail:
    return OutgoingEmail(
        key=key or f"task-42/remind/unit-{number}",
        to_address=f"unit{number}@example.vn",
        to_name="Văn phòng UBND tỉnh",
        subject=f"Nhắc việc số {number}: nộp báo cáo quý IV",
        text="Kính gửi Văn phòng UBND tỉnh,\nĐề nghị nộp báo cáo quý IV.\n",
        html="<p>Kính gửi <b>Văn phòng UBND tỉnh</b></p>",
    )


def settings_for(sink: MailSink) -> SmtpSettings:
    return SmtpSettings(host=sink.host, port=sink.port, timeout_seconds=5)


def stored(sink: MailSink) -> list[Path]:
    return sorted(sink.directory.iterdir())


def parse(path: Path) -> EmailMessage:
    message = message_from_bytes(path.read_bytes(), policy=default_policy)
    assert isinstance(message, EmailMessage)
    return message


@pytest.mark.anyio
async def test_every_message_sent_is_one_parseable_eml_file(mail_sink: MailSink) -> None:
    mails = [reminder(number) for number in range(25)]

    results = await send_batch(settings_for(mail_sink), mails)

    # No waiting: a 250 from the sink means the file is already in place.
    files = stored(mail_sink)
    assert all(result.ok for result in results)
    assert len(files) == len(mails)
    messages = [parse(path) for path in files]
    assert {m["Message-ID"] for m in messages} == {r.message_id for r in results}
    assert {m["X-Dondoc-Key"] for m in messages} == {mail.key for mail in mails}
    assert {m["Subject"] for m in messages} == {mail.subject for mail in mails}
    assert {m["Delivered-To"] for m in messages} == {mail.to_address for mail in mails}


@pytest.mark.anyio
async def test_files_are_named_by_time_and_key_and_no_temporary_file_remains(
    mail_sink: MailSink,
) -> None:
    await send_batch(settings_for(mail_sink), [reminder(1, key="task-42/remind/Ban Dân vận")])

    [path] = stored(mail_sink)
    assert FILE_NAME.match(path.name), path.name
    assert path.name.endswith("-task-42-remind-Ban-D-n-v-n.eml")


@pytest.mark.anyio
async def test_the_same_key_sent_twice_at_once_keeps_both_files(mail_sink: MailSink) -> None:
    await send_batch(settings_for(mail_sink), [reminder(1), reminder(1)])

    assert len(stored(mail_sink)) == 2


def test_a_message_to_two_recipients_is_filed_once_per_recipient(mail_sink: MailSink) -> None:
    message = EmailMessage()
    message["From"] = "dondoc@tinhuy.example.vn"
    message["To"] = "a@example.vn, b@example.vn"
    message["Subject"] = "Thông báo lịch họp"
    message.set_content("Họp giao ban sáng thứ Hai.")

    with smtplib.SMTP(mail_sink.host, mail_sink.port, timeout=5) as client:
        client.send_message(message)

    files = stored(mail_sink)
    assert sorted(parse(path)["Delivered-To"] for path in files) == ["a@example.vn", "b@example.vn"]
    assert {parse(path)["Subject"] for path in files} == {"Thông báo lịch họp"}
    assert all(FILE_NAME.match(path.name) for path in files)


@pytest.mark.anyio
async def test_a_message_that_cannot_be_stored_is_refused_as_retryable(
    mail_sink: MailSink,
) -> None:
    mail_sink.directory.rmdir()
    mail_sink.directory.write_text("not a directory")

    [result] = await send_batch(settings_for(mail_sink), [reminder(1)])

    assert (result.ok, result.permanent) == (False, False)
    assert result.error is not None
    assert result.error.startswith("451")


def test_port_zero_picks_a_free_port_so_two_sinks_run_side_by_side(tmp_path: Path) -> None:
    with MailSink(tmp_path / "a", port=0) as first, MailSink(tmp_path / "b", port=0) as second:
        assert first.port != 0
        assert second.port != 0
        assert first.port != second.port


def test_a_sink_can_be_stopped_and_started_again(tmp_path: Path) -> None:
    sink = MailSink(tmp_path / "mail", port=0)
    with pytest.raises(RuntimeError, match="not running"):
        _ = sink.port

    for _round in range(2):
        sink.start()
        with smtplib.SMTP(sink.host, sink.port, timeout=5) as client:
            client.sendmail("dondoc@example.vn", ["a@example.vn"], b"Subject: x\r\n\r\nx\r\n")
        sink.stop()

    assert len(stored(sink)) == 2


def test_a_busy_port_fails_to_start_with_the_os_error(mail_sink: MailSink, tmp_path: Path) -> None:
    with pytest.raises(OSError, match=r"(?i)in use"):
        MailSink(tmp_path / "other", port=mail_sink.port).start()
