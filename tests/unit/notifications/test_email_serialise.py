"""`serialise`: the bytes queued for an e-mail, read back with Python's own parser."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, message_from_string
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest

from notifications.config import SmtpSettings
from notifications.email import (
    InvalidAddress,
    OutgoingEmail,
    build_message,
    encoded_subject,
    needs_smtputf8,
    serialise,
)

QUEUED_AT = datetime(2024, 1, 10, 1, 0, tzinfo=UTC)
SETTINGS = SmtpSettings(
    sender_address="vanphong@tayninh.dang.vn", sender_name="Văn phòng Tỉnh ủy Tây Ninh"
)


def reminder(**changes: Any) -> OutgoingEmail:
    values: dict[str, Any] = {
        "key": "task-2026-11/bao-cao-thang/unit-1",
        "to_address": "bdv@tayninh.dang.vn",
        "to_name": "Ban Dân vận Tỉnh ủy Tây Ninh",
        "subject": "Nhắc nộp Báo cáo công tác dân vận tháng 1/2024 — hạn 17/01/2024",
        "text": "Kính gửi Ban Dân vận Tỉnh ủy,\nĐề nghị gửi báo cáo trước ngày 17/01/2024.\n",
        "html": "<p>Kính gửi <b>Ban Dân vận Tỉnh ủy</b>,</p><p>Đề nghị gửi báo cáo.</p>",
    }
    values.update(changes)
    return OutgoingEmail(**values)


def parsed(raw: bytes) -> EmailMessage:
    message = message_from_bytes(raw, policy=default_policy)
    assert isinstance(message, EmailMessage)
    return message


def header_block(raw: bytes) -> bytes:
    return raw.split(b"\r\n\r\n", 1)[0]


def test_a_reminder_reads_back_with_its_vietnamese_subject_names_and_bodies() -> None:
    message = parsed(serialise(SETTINGS, reminder(), now=QUEUED_AT))

    assert message["Subject"] == "Nhắc nộp Báo cáo công tác dân vận tháng 1/2024 — hạn 17/01/2024"
    [to] = message["To"].addresses
    assert (to.display_name, to.addr_spec) == (
        "Ban Dân vận Tỉnh ủy Tây Ninh",
        "bdv@tayninh.dang.vn",
    )
    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (
        "Văn phòng Tỉnh ủy Tây Ninh",
        "vanphong@tayninh.dang.vn",
    )
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None
    assert html is not None
    assert plain.get_content() == (
        "Kính gửi Ban Dân vận Tỉnh ủy,\r\nĐề nghị gửi báo cáo trước ngày 17/01/2024.\r\n"
    )
    assert html.get_content() == (
        "<p>Kính gửi <b>Ban Dân vận Tỉnh ủy</b>,</p><p>Đề nghị gửi báo cáo.</p>"
    )
    assert message.get_content_type() == "multipart/alternative"
    assert [part.defects for part in message.walk()] == [[], [], []]


def test_the_fixed_headers_are_the_stable_message_id_the_date_queued_and_auto_submitted() -> None:
    message = parsed(serialise(SETTINGS, reminder(), now=QUEUED_AT))

    assert message["Message-ID"] == "<de04c5a4e1bf4f958a521ce04f5feb62@dondoc>"
    assert message["Date"] == "Wed, 10 Jan 2024 01:00:00 +0000"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["MIME-Version"] == "1.0"
    assert message["X-Dondoc-Key"] == "task-2026-11/bao-cao-thang/unit-1"


def test_a_retry_serialises_to_the_same_bytes() -> None:
    assert serialise(SETTINGS, reminder(), now=QUEUED_AT) == serialise(
        SETTINGS, reminder(), now=QUEUED_AT
    )


def test_a_date_in_another_zone_is_written_in_utc() -> None:
    from zoneinfo import ZoneInfo

    at_the_office = datetime(2024, 1, 10, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

    message = parsed(serialise(SETTINGS, reminder(), now=at_the_office))

    assert message["Date"] == "Wed, 10 Jan 2024 01:00:00 +0000"


def test_every_line_ends_in_crlf_and_the_headers_are_seven_bit_and_short() -> None:
    raw = serialise(SETTINGS, reminder(), now=QUEUED_AT)

    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert b"\r" not in raw.replace(b"\r\n", b"")
    header = header_block(raw).decode("ascii")
    assert all(len(line) <= 78 for line in header.split("\r\n"))


@pytest.mark.parametrize(
    "subject",
    [
        "[Đôn đốc] Thông báo kết luận cuộc họp Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh – "
        "Quý II/2024: đề nghị làm việc",
        "Nhắc hạn: Báo cáo sơ kết 5 năm thực hiện Kết luận số 65-KL/TW ngày 30/10/2019 của Bộ "
        "Chính trị về tiếp tục thực hiện Nghị quyết số 22-NQ/TW — hạn 31/10/2024",
        # A space at every possible fold point: one letter words between the spaces.
        " ".join(["ă", "â", "đ", "ê", "ô", "ơ", "ư"] * 12),
        "Nhắc   việc  với   nhiều khoảng trắng",
        "Monthly report reminder for the units that have not yet sent the report of the month "
        "of January",
        "=?utf-8?q?not_an_encoded_word?= but plain text",
    ],
)
def test_a_long_subject_round_trips_with_every_space(subject: str) -> None:
    raw = serialise(SETTINGS, reminder(subject=subject), now=QUEUED_AT)

    assert parsed(raw)["Subject"] == " ".join(subject.split())
    assert all(len(line) <= 78 for line in header_block(raw).decode("ascii").split("\r\n"))


def test_a_plain_ascii_subject_stays_readable() -> None:
    raw = serialise(SETTINGS, reminder(subject="Monthly report reminder"), now=QUEUED_AT)

    assert b"\r\nSubject: Monthly report reminder\r\n" in raw
    assert encoded_subject("Monthly report reminder") == "Monthly report reminder"


@pytest.mark.parametrize(
    "name",
    [
        "Ban Dân vận Tỉnh ủy Tây Ninh",
        "Ban Dân vận Tỉnh ủy Tây Ninh và Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Tây Ninh",
        # A long run of words none of which is plain ASCII.
        "Đảng ủy Khối Doanh nghiệp tỉnh Bà Rịa – Vũng Tàu thuộc Ủy ban nhân dân Thành phố",
        'Văn phòng "Tỉnh ủy", Tây Ninh',
        "Sở G.D. và Đ.T. Tây Ninh",
        "Ban (Tổ) <công tác> @ tỉnh",
        "Monthly, reports (team)",
        'Say "hi" \\ there',
        "Plain Name",
        "Ủy",
        "=?utf-8?q?Ban?=",
    ],
)
def test_a_display_name_round_trips_exactly(name: str) -> None:
    raw = serialise(SETTINGS, reminder(to_name=name), now=QUEUED_AT)

    [to] = parsed(raw)["To"].addresses
    assert (to.display_name, to.addr_spec) == (name, "bdv@tayninh.dang.vn")
    assert parsed(raw)["To"].defects == ()
    # RFC 5322's hard limit; 78 is only advised, and a long unbroken run of Vietnamese words
    # stays one encoded word.
    assert all(len(line) <= 998 for line in header_block(raw).decode("ascii").split("\r\n"))


def test_a_typical_unit_name_folds_within_78_characters_a_line() -> None:
    name = "Ban Dân vận Tỉnh ủy Tây Ninh và Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Tây Ninh"

    raw = serialise(SETTINGS, reminder(to_name=name), now=QUEUED_AT)

    lines = header_block(raw).decode("ascii").split("\r\n")
    assert all(len(line) <= 78 for line in lines)
    assert sum(line.startswith(" ") for line in lines) >= 3  # folded, not one long line


def test_only_the_display_name_is_encoded_and_the_address_stays_readable() -> None:
    raw = serialise(SETTINGS, reminder(), now=QUEUED_AT)

    to = header_block(raw).split(b"\r\nTo: ", 1)[1].split(b"\r\nSubject:", 1)[0]
    assert to.endswith(b" <bdv@tayninh.dang.vn>")
    assert b"=?utf-8?" in to
    assert b"Ban =?utf-8?" in to  # the plain words stay plain


def test_no_display_name_gives_the_bare_address() -> None:
    raw = serialise(SETTINGS, reminder(to_name=None), now=QUEUED_AT)

    assert b"\r\nTo: <bdv@tayninh.dang.vn>\r\n" in raw
    [to] = parsed(raw)["To"].addresses
    assert (to.display_name, to.addr_spec) == ("", "bdv@tayninh.dang.vn")


def test_a_text_only_reminder_is_a_single_text_part() -> None:
    message = parsed(serialise(SETTINGS, reminder(html=None, text="Kính gửi\n"), now=QUEUED_AT))

    assert message.get_content_type() == "text/plain"
    assert message.get_content() == "Kính gửi\r\n"


def test_a_subject_rendered_with_a_trailing_newline_makes_one_header_line() -> None:
    message = build_message(SETTINGS, reminder(subject="Nhắc việc\n"))

    assert message["Subject"] == "Nhắc việc"


def test_a_non_ascii_key_is_encoded_and_reads_back() -> None:
    raw = serialise(SETTINGS, reminder(key="task-42/remind/Ban Dân vận"), now=QUEUED_AT)

    assert parsed(raw)["X-Dondoc-Key"] == "task-42/remind/Ban Dân vận"
    header_block(raw).decode("ascii")


def test_a_vietnamese_domain_travels_as_punycode_without_smtputf8() -> None:
    mail = reminder(to_address="vanphong@tỉnhủy.vn")

    raw = serialise(SETTINGS, mail, now=QUEUED_AT)

    assert b"<vanphong@xn--tnhy-vw5a2h.vn>" in raw
    assert needs_smtputf8(mail, SETTINGS) is False


def test_a_vietnamese_local_part_is_written_as_utf8_and_needs_smtputf8() -> None:
    mail = reminder(to_address="văn.phòng@tayninh.dang.vn")

    raw = serialise(SETTINGS, mail, now=QUEUED_AT)

    assert needs_smtputf8(mail) is True
    assert needs_smtputf8(mail, SETTINGS) is True
    assert needs_smtputf8(reminder(), SETTINGS) is False
    # RFC 6532: the headers are UTF-8, and read back as text.
    message = message_from_string(raw.decode("utf-8"), policy=default_policy)
    [to] = message["To"].addresses
    assert (to.display_name, to.addr_spec) == (
        "Ban Dân vận Tỉnh ủy Tây Ninh",
        "văn.phòng@tayninh.dang.vn",
    )


def test_an_invalid_address_is_refused_before_anything_is_written() -> None:
    with pytest.raises(InvalidAddress, match="not a valid e-mail address"):
        serialise(SETTINGS, reminder(to_address="bdv@"), now=QUEUED_AT)


FORM = b"PK\x03\x04 the report form \x00\xff" * 40
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize(
    "file_name",
    [
        "Mẫu báo cáo.docx",
        "Mẫu báo cáo công tác dân vận tháng 1 năm 2024 (kèm phụ lục số 01, 02).docx",
        "report-form.docx",
        'the "quoted" form.docx',
    ],
)
def test_an_attachment_keeps_its_vietnamese_file_name_type_and_bytes(file_name: str) -> None:
    raw = serialise(SETTINGS, reminder(attachment=(file_name, FORM, DOCX)), now=QUEUED_AT)

    message = parsed(raw)
    assert message.get_content_type() == "multipart/mixed"
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == file_name
    assert attachment.get_content_type() == DOCX
    assert attachment.get_content() == FORM
    body = message.get_body(preferencelist=("html", "plain"))
    assert body is not None
    assert body.get_content_type() == "text/html"
    assert [part.defects for part in message.walk()] == [[]] * 5
    disposition = raw.split(b"Content-Disposition: ", 1)[1].split(b"\r\nContent-Transfer", 1)[0]
    assert all(len(line) <= 78 for line in disposition.decode("ascii").split("\r\n"))


def test_an_attachment_with_a_malformed_type_is_refused() -> None:
    with pytest.raises(ValueError, match="not a MIME type"):
        serialise(SETTINGS, reminder(attachment=("x.pdf", b"%PDF", "pdf")), now=QUEUED_AT)
