"""The e-mail channel against a real aiosmtpd server on loopback: no mocks, no fixed ports."""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
import trustme
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from notifications.config import SmtpSecurity, SmtpSettings
from notifications.email import (
    InvalidAddress,
    OutgoingEmail,
    build_message,
    message_id_for,
    send_batch,
    validate_address,
)

pytestmark = pytest.mark.anyio

USERNAME = "dondoc"
PASSWORD = "đúng-mật-khẩu"


@pytest.fixture
def anyio_backend() -> str:
    # aiosmtpd and aiosmtplib are asyncio libraries.
    return "asyncio"


@dataclass
class Received:
    connection: int
    mail_from: str
    rcpt_tos: list[str]
    content: bytes

    def parsed(self) -> EmailMessage:
        message = message_from_bytes(self.content, policy=default_policy)
        assert isinstance(message, EmailMessage)
        return message


@dataclass
class RecordingHandler:
    """An aiosmtpd handler that keeps what it accepts and misbehaves on request."""

    received: list[Received] = field(default_factory=list)
    rcpt_replies: dict[str, str] = field(default_factory=dict)
    drop_once_on_data: set[str] = field(default_factory=set)
    drop_always_on_data: set[str] = field(default_factory=set)
    reject_and_hang_up_on_data: set[str] = field(default_factory=set)
    data_attempts: list[list[str]] = field(default_factory=list)
    connections: int = 0
    auth_mechanisms: list[str] = field(default_factory=list)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address in self.rcpt_replies:
            return self.rcpt_replies[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.data_attempts.append(list(envelope.rcpt_tos))
        recipients = set(envelope.rcpt_tos)
        if recipients & self.reject_and_hang_up_on_data:
            # close() still flushes the reply written after this hook returns.
            assert isinstance(server.transport, asyncio.Transport)
            asyncio.get_running_loop().call_soon(server.transport.close)
            return "554 5.7.1 Rejected as spam"
        once = recipients & self.drop_once_on_data
        if once or recipients & self.drop_always_on_data:
            self.drop_once_on_data -= once
            # Hang up before the reply, as a crashing or restarting relay would.
            assert isinstance(server.transport, asyncio.Transport)
            server.transport.abort()
            return "451 dropped"
        self.received.append(
            Received(
                connection=self.connections,
                mail_from=envelope.mail_from or "",
                rcpt_tos=list(envelope.rcpt_tos),
                content=envelope.original_content or b"",
            )
        )
        return "250 OK"

    def authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        self.auth_mechanisms.append(mechanism)
        valid = isinstance(data, LoginPassword) and data == (
            USERNAME.encode(),
            PASSWORD.encode(),
        )
        # handled=False: let aiosmtpd send the standard 535 reply itself.
        return AuthResult(success=valid, handled=False)


@dataclass
class RunningServer:
    handler: RecordingHandler
    port: int

    def settings(self, **overrides: Any) -> SmtpSettings:
        return SmtpSettings(host="127.0.0.1", port=self.port, timeout_seconds=5, **overrides)


@asynccontextmanager
async def running_server(
    *, ssl_context: ssl.SSLContext | None = None, **smtp_options: Any
) -> AsyncIterator[RunningServer]:
    handler = RecordingHandler()
    loop = asyncio.get_running_loop()

    def new_session() -> SMTP:
        handler.connections += 1
        return SMTP(
            handler,
            hostname="test-relay",
            authenticator=handler.authenticate,
            loop=loop,
            **smtp_options,
        )

    server = await loop.create_server(new_session, "127.0.0.1", 0, ssl=ssl_context)
    try:
        yield RunningServer(handler, server.sockets[0].getsockname()[1])
    finally:
        server.close()
        await server.wait_closed()


@pytest.fixture(scope="module")
def smtp_test_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def smtp_test_ca_file(smtp_test_ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("smtp-ca") / "ca.pem"
    smtp_test_ca.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture(scope="module")
def smtp_server_tls_context(smtp_test_ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    smtp_test_ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@pytest.fixture
async def smtp_server_plain() -> AsyncIterator[RunningServer]:
    async with running_server() as server:
        yield server


@pytest.fixture
async def smtp_server_starttls(
    smtp_server_tls_context: ssl.SSLContext,
) -> AsyncIterator[RunningServer]:
    async with running_server(
        tls_context=smtp_server_tls_context, require_starttls=True, auth_required=True
    ) as server:
        yield server


@pytest.fixture
async def smtp_server_ssl(smtp_server_tls_context: ssl.SSLContext) -> AsyncIterator[RunningServer]:
    # aiosmtpd only counts STARTTLS as TLS for AUTH, so allow AUTH on this implicit-TLS port.
    async with running_server(
        ssl_context=smtp_server_tls_context, auth_required=True, auth_require_tls=False
    ) as server:
        yield server


def reminder(number: int = 0, **changes: Any) -> OutgoingEmail:
    values: dict[str, Any] = {
        "key": f"task-2026-11/bao-cao-thang/unit-{number}",
        "to_address": f"unit{number}@example.vn",
        "to_name": "Ban Dân vận Tỉnh ủy",
        "subject": "Nhắc việc: Báo cáo công tác dân vận tháng 11 — hạn 25/11/2026",
        "text": "Kính gửi Ban Dân vận Tỉnh ủy,\nĐề nghị gửi báo cáo trước ngày 25/11/2026.\n",
        "html": "<p>Kính gửi <b>Ban Dân vận Tỉnh ủy</b>,</p><p>Đề nghị gửi báo cáo.</p>",
    }
    values.update(changes)
    return OutgoingEmail(**values)


def free_port() -> int:
    # Bound and released: nothing listens there afterwards, so connecting is refused.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_a_plain_batch_is_delivered_with_the_envelope_addresses(
    smtp_server_plain: RunningServer,
) -> None:
    settings = smtp_server_plain.settings(sender_address="dondoc@tinhuy.example.vn")

    results = await send_batch(settings, [reminder(1), reminder(2)])

    assert [result.ok for result in results] == [True, True]
    assert [(r.mail_from, r.rcpt_tos) for r in smtp_server_plain.handler.received] == [
        ("dondoc@tinhuy.example.vn", ["unit1@example.vn"]),
        ("dondoc@tinhuy.example.vn", ["unit2@example.vn"]),
    ]


async def test_a_batch_of_fifty_messages_uses_one_connection(
    smtp_server_plain: RunningServer,
) -> None:
    mails = [reminder(number) for number in range(50)]

    results = await send_batch(smtp_server_plain.settings(), mails)

    assert all(result.ok for result in results)
    assert len(smtp_server_plain.handler.received) == 50
    assert smtp_server_plain.handler.connections == 1


async def test_results_come_back_in_input_order(smtp_server_plain: RunningServer) -> None:
    smtp_server_plain.handler.rcpt_replies["unit2@example.vn"] = "550 5.1.1 No such user"
    mails = [reminder(1), reminder(2, to_address="not an address"), reminder(2), reminder(3)]

    results = await send_batch(smtp_server_plain.settings(), mails)

    assert [result.key for result in results] == [mail.key for mail in mails]
    assert [result.ok for result in results] == [True, False, False, True]


async def test_vietnamese_subject_and_display_names_survive_the_round_trip(
    smtp_server_plain: RunningServer,
) -> None:
    mail = reminder(7, to_address="bdv@example.vn")
    settings = smtp_server_plain.settings(
        sender_address="dondoc@tinhuy.example.vn", sender_name="Văn phòng Tỉnh ủy"
    )

    [result] = await send_batch(settings, [mail])

    assert result.ok
    [received] = smtp_server_plain.handler.received
    message = received.parsed()
    assert message["Subject"] == mail.subject
    [to] = message["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Ban Dân vận Tỉnh ủy", "bdv@example.vn")
    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (
        "Văn phòng Tỉnh ủy",
        "dondoc@tinhuy.example.vn",
    )
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None
    assert html is not None
    # On the wire every line ends in CRLF; the words are what must survive.
    assert plain.get_content().replace("\r\n", "\n") == mail.text
    assert html.get_content().strip() == mail.html
    assert message["X-Dondoc-Key"] == mail.key
    assert message["Date"] is not None


async def test_only_the_display_name_is_encoded_and_the_address_stays_readable(
    smtp_server_plain: RunningServer,
) -> None:
    await send_batch(smtp_server_plain.settings(), [reminder(1, to_address="bdv@example.vn")])

    [received] = smtp_server_plain.handler.received
    header_block = received.content.split(b"\r\n\r\n", 1)[0]
    header_block.decode("ascii")  # every header is 7-bit: encoded words, not raw UTF-8
    to_line = next(line for line in header_block.split(b"\r\n") if line.startswith(b"To:"))
    assert to_line.endswith(b" <bdv@example.vn>")
    assert b"=?utf-8?" in to_line


async def test_the_message_id_is_the_same_for_the_same_key(
    smtp_server_plain: RunningServer,
) -> None:
    first = await send_batch(smtp_server_plain.settings(), [reminder(1)])
    retry = await send_batch(smtp_server_plain.settings(), [reminder(1, subject="Nhắc lại")])
    other = await send_batch(smtp_server_plain.settings(), [reminder(2)])

    received_ids = [r.parsed()["Message-ID"] for r in smtp_server_plain.handler.received]
    assert received_ids[0] == received_ids[1] == first[0].message_id == retry[0].message_id
    assert received_ids[2] == other[0].message_id != first[0].message_id
    assert first[0].message_id == message_id_for(reminder(1).key)
    assert build_message(SmtpSettings(), reminder(1))["Message-ID"] == first[0].message_id


async def test_a_recipient_refused_with_550_fails_permanently_and_the_others_are_delivered(
    smtp_server_plain: RunningServer,
) -> None:
    smtp_server_plain.handler.rcpt_replies["unit2@example.vn"] = "550 5.1.1 Mailbox unknown"

    results = await send_batch(smtp_server_plain.settings(), [reminder(n) for n in (1, 2, 3)])

    assert [(r.ok, r.permanent) for r in results] == [(True, False), (False, True), (True, False)]
    assert results[1].error == "550 5.1.1 Mailbox unknown"
    delivered = [r.rcpt_tos for r in smtp_server_plain.handler.received]
    assert delivered == [["unit1@example.vn"], ["unit3@example.vn"]]
    assert smtp_server_plain.handler.connections == 1


async def test_a_451_reply_is_retryable(smtp_server_plain: RunningServer) -> None:
    smtp_server_plain.handler.rcpt_replies["unit1@example.vn"] = "451 4.7.1 Greylisted, try later"

    [result, after] = await send_batch(smtp_server_plain.settings(), [reminder(1), reminder(2)])

    assert (result.ok, result.permanent) == (False, False)
    assert result.error is not None
    assert result.error.startswith("451")
    assert after.ok


async def test_an_invalid_address_fails_permanently_without_any_smtp_traffic(
    smtp_server_plain: RunningServer,
) -> None:
    mails = [reminder(1, to_address="bdv@"), reminder(2, to_address="Ban Dân vận")]

    results = await send_batch(smtp_server_plain.settings(), mails)

    assert [(r.ok, r.permanent) for r in results] == [(False, True), (False, True)]
    assert all("not a valid e-mail address" in (r.error or "") for r in results)
    assert smtp_server_plain.handler.connections == 0


async def test_an_invalid_address_in_a_batch_is_skipped_and_the_rest_is_sent(
    smtp_server_plain: RunningServer,
) -> None:
    mails = [reminder(1), reminder(2, to_address="unit2@@example.vn"), reminder(3)]

    results = await send_batch(smtp_server_plain.settings(), mails)

    assert [(r.ok, r.permanent) for r in results] == [(True, False), (False, True), (True, False)]
    assert len(smtp_server_plain.handler.received) == 2


def test_validate_address_normalises_or_explains() -> None:
    assert validate_address("BDV@Example.VN") == "BDV@example.vn"
    with pytest.raises(InvalidAddress, match="not a valid e-mail address"):
        validate_address("bdv.example.vn")


@pytest.mark.parametrize(
    "subject",
    [
        # Subjects of seed 003's meetings and reviews: long enough to fold into several encoded
        # words; Python 3.11's own folder lost the spaces at the folds ("Thông báokết luận").
        "[Đôn đốc] Thông báo kết luận cuộc họp Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh – "
        "Quý II/2024: đề nghị làm việc",
        "Nhắc hạn: Báo cáo sơ kết 5 năm thực hiện Kết luận số 65-KL/TW ngày 30/10/2019 của Bộ "
        "Chính trị về tiếp tục thực hiện Nghị quyết số 22-NQ/TW — hạn 31/10/2024",
        "Monthly report reminder",
    ],
)
async def test_a_long_vietnamese_subject_arrives_with_every_space(
    smtp_server_plain: RunningServer, subject: str
) -> None:
    [result] = await send_batch(smtp_server_plain.settings(), [reminder(1, subject=subject)])

    assert result.ok
    [received] = smtp_server_plain.handler.received
    assert received.parsed()["Subject"] == subject
    # RFC 5322's 78 characters a line, and RFC 2047's encoded words in plain ASCII.
    header = received.content.split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert all(len(line) <= 78 for line in header.split("\r\n"))


def test_a_subject_rendered_with_a_trailing_newline_still_makes_one_header_line() -> None:
    message = build_message(SmtpSettings(), reminder(1, subject="Nhắc việc\n"))

    assert message["Subject"] == "Nhắc việc"


async def test_a_dropped_connection_is_reopened_once_and_the_batch_continues(
    smtp_server_plain: RunningServer,
) -> None:
    smtp_server_plain.handler.drop_once_on_data.add("unit2@example.vn")

    results = await send_batch(smtp_server_plain.settings(), [reminder(n) for n in (1, 2, 3)])

    assert all(result.ok for result in results)
    delivered = [(r.connection, r.rcpt_tos) for r in smtp_server_plain.handler.received]
    assert delivered == [
        (1, ["unit1@example.vn"]),
        (2, ["unit2@example.vn"]),
        (2, ["unit3@example.vn"]),
    ]


async def test_a_second_drop_fails_the_rest_of_the_batch_as_retryable(
    smtp_server_plain: RunningServer,
) -> None:
    smtp_server_plain.handler.drop_always_on_data.add("unit2@example.vn")

    results = await send_batch(smtp_server_plain.settings(), [reminder(n) for n in (1, 2, 3)])

    assert [(r.ok, r.permanent) for r in results] == [(True, False), (False, False), (False, False)]
    assert smtp_server_plain.handler.connections == 2


async def test_a_421_reply_reconnects_once_then_fails_the_rest_as_retryable(
    smtp_server_plain: RunningServer,
) -> None:
    smtp_server_plain.handler.rcpt_replies["unit2@example.vn"] = "421 4.3.2 Shutting down"

    results = await send_batch(smtp_server_plain.settings(), [reminder(n) for n in (1, 2, 3)])

    assert [(r.ok, r.permanent) for r in results] == [(True, False), (False, False), (False, False)]
    assert smtp_server_plain.handler.connections == 2


async def test_a_permanent_refusal_followed_by_a_hang_up_is_not_sent_again(
    smtp_server_plain: RunningServer,
) -> None:
    smtp_server_plain.handler.reject_and_hang_up_on_data.add("unit2@example.vn")

    results = await send_batch(smtp_server_plain.settings(), [reminder(n) for n in (1, 2, 3)])

    assert [(r.ok, r.permanent) for r in results] == [(True, False), (False, True), (True, False)]
    assert smtp_server_plain.handler.data_attempts.count(["unit2@example.vn"]) == 1
    assert smtp_server_plain.handler.connections == 2


async def test_an_unreachable_server_fails_every_message_as_retryable_without_raising() -> None:
    settings = SmtpSettings(port=free_port(), timeout_seconds=5)

    results = await send_batch(settings, [reminder(1), reminder(2, to_address="x@")])

    assert [(r.ok, r.permanent) for r in results] == [(False, False), (False, True)]
    assert results[0].error is not None
    assert results[0].error.startswith("cannot connect")


async def test_starttls_with_a_private_ca_and_login_delivers(
    smtp_server_starttls: RunningServer, smtp_test_ca_file: str
) -> None:
    settings = smtp_server_starttls.settings(
        security=SmtpSecurity.STARTTLS,
        ca_file=smtp_test_ca_file,
        username=USERNAME,
        password=PASSWORD,
    )

    results = await send_batch(settings, [reminder(1), reminder(2)])

    assert all(result.ok for result in results)
    assert len(smtp_server_starttls.handler.received) == 2
    assert smtp_server_starttls.handler.connections == 1


async def test_starttls_with_an_untrusted_certificate_is_retryable_and_sends_nothing(
    smtp_server_starttls: RunningServer,
) -> None:
    settings = smtp_server_starttls.settings(security=SmtpSecurity.STARTTLS)

    [result] = await send_batch(settings, [reminder(1)])

    assert (result.ok, result.permanent) == (False, False)
    assert smtp_server_starttls.handler.received == []


# The fixture allows AUTH without STARTTLS on purpose (the port is TLS from the start).
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
async def test_implicit_ssl_with_a_private_ca_and_login_delivers(
    smtp_server_ssl: RunningServer, smtp_test_ca_file: str
) -> None:
    settings = smtp_server_ssl.settings(
        security=SmtpSecurity.SSL, ca_file=smtp_test_ca_file, username=USERNAME, password=PASSWORD
    )

    results = await send_batch(settings, [reminder(1), reminder(2)])

    assert all(result.ok for result in results)
    assert len(smtp_server_ssl.handler.received) == 2


@pytest.mark.parametrize("mechanism", ["LOGIN", "PLAIN"])
async def test_each_auth_mechanism_logs_in_with_the_configured_password(
    mechanism: str, smtp_server_tls_context: ssl.SSLContext, smtp_test_ca_file: str
) -> None:
    other = {"LOGIN": "PLAIN", "PLAIN": "LOGIN"}[mechanism]
    async with running_server(
        tls_context=smtp_server_tls_context,
        require_starttls=True,
        auth_required=True,
        auth_exclude_mechanism=[other],
    ) as server:
        settings = server.settings(
            security=SmtpSecurity.STARTTLS,
            ca_file=smtp_test_ca_file,
            username=USERNAME,
            password=PASSWORD,
        )

        [result] = await send_batch(settings, [reminder(1)])

        assert result.ok
        assert server.handler.auth_mechanisms == [mechanism]
        assert len(server.handler.received) == 1


async def test_a_wrong_password_fails_every_message_permanently_and_delivers_nothing(
    smtp_server_starttls: RunningServer, smtp_test_ca_file: str
) -> None:
    settings = smtp_server_starttls.settings(
        security=SmtpSecurity.STARTTLS,
        ca_file=smtp_test_ca_file,
        username=USERNAME,
        password="sai-mật-khẩu",
    )

    results = await send_batch(settings, [reminder(n) for n in range(3)])

    assert [(r.ok, r.permanent) for r in results] == [(False, True)] * 3
    assert all((r.error or "").startswith("login refused: 535") for r in results)
    assert smtp_server_starttls.handler.received == []


def test_the_password_is_not_shown_in_settings() -> None:
    settings = SmtpSettings(username=USERNAME, password=PASSWORD)

    assert PASSWORD not in repr(settings)
    assert PASSWORD not in str(settings.model_dump())
