"""The e-mail channel against a real aiosmtpd server on loopback: no mocks, no fixed ports."""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, message_from_string
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from notifications.channels import EMAIL, Category, Channel, Delivery, Outgoing, Result
from notifications.config import SmtpSecurity, SmtpSettings
from notifications.email import (
    EmailChannel,
    InvalidAddress,
    OutgoingEmail,
    build_message,
    message_id_for,
    send_batch,
    serialise,
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
    peer: Any = None  # the client's (host, port): one per connection
    mail_options: list[str] = field(default_factory=list)

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
    hang_on_data: set[str] = field(default_factory=set)
    data_replies: dict[str, str] = field(default_factory=dict)
    mail_reply: str | None = None
    data_attempts: list[list[str]] = field(default_factory=list)
    attempt_contents: list[bytes] = field(default_factory=list)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    connections: int = 0
    auth_mechanisms: list[str] = field(default_factory=list)

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.mail_reply is not None:
            return self.mail_reply
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address in self.rcpt_replies:
            return self.rcpt_replies[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.data_attempts.append(list(envelope.rcpt_tos))
        self.attempt_contents.append(envelope.original_content or b"")
        recipients = set(envelope.rcpt_tos)
        if recipients & self.hang_on_data:
            # Took the whole message and never answers, like a relay stuck on its disk.
            await self.release.wait()
            return "451 too late"
        for recipient in recipients & set(self.data_replies):
            return self.data_replies[recipient]
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
                peer=session.peer,
                mail_options=list(envelope.mail_options),
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
        values: dict[str, Any] = {"host": "127.0.0.1", "port": self.port, "timeout_seconds": 5}
        return SmtpSettings(**(values | overrides))


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
        handler.release.set()
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


def outgoing(number: int = 0, **changes: Any) -> Outgoing:
    mail = reminder(number)
    values: dict[str, Any] = {
        "id": 100 + number,
        "key": mail.key,
        "address": mail.to_address,
        "name": mail.to_name,
        "subject": mail.subject,
        "text": mail.text,
        "html": mail.html,
    }
    values.update(changes)
    return Outgoing(**values)


async def send(settings: SmtpSettings, batch: list[Outgoing]) -> list[Result]:
    """The channel's reports, in the order it made them."""
    reports: list[Result] = []

    async def report(result: Result) -> None:
        reports.append(result)

    await EmailChannel(settings).send(batch, report)
    return reports


def outcomes(reports: list[Result]) -> list[tuple[int, Delivery]]:
    return [(r.id, r.delivery) for r in reports]


def email_message_from_utf8(content: bytes) -> EmailMessage:
    # An SMTPUTF8 message has UTF-8 headers (RFC 6532): read them as text.
    message = message_from_string(content.decode("utf-8"), policy=default_policy)
    assert isinstance(message, EmailMessage)
    return message


def free_port() -> int:
    # Bound and released: nothing listens there afterwards, so connecting is refused.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# --- the compatibility wrapper, send_batch -----------------------------------------------------


async def test_a_plain_batch_is_delivered_with_the_envelope_addresses(
    smtp_server_plain: RunningServer,
) -> None:
    settings = smtp_server_plain.settings(sender_address="dondoc@tinhuy.example.vn")

    results = await send_batch(settings, [reminder(1), reminder(2)])

    assert [result.ok for result in results] == [True, True]
    received = sorted((r.mail_from, r.rcpt_tos) for r in smtp_server_plain.handler.received)
    assert received == [
        ("dondoc@tinhuy.example.vn", ["unit1@example.vn"]),
        ("dondoc@tinhuy.example.vn", ["unit2@example.vn"]),
    ]


async def test_a_batch_of_fifty_messages_over_one_connection_reuses_it(
    smtp_server_plain: RunningServer,
) -> None:
    mails = [reminder(number) for number in range(50)]

    results = await send_batch(smtp_server_plain.settings(connections=1), mails)

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
    assert message["Subject"] == "Nhắc việc: Báo cáo công tác dân vận tháng 11 — hạn 25/11/2026"
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
    assert message["X-Dondoc-Key"] == "task-2026-11/bao-cao-thang/unit-7"
    assert message["Date"] is not None


async def test_the_message_id_is_the_same_for_the_same_key(
    smtp_server_plain: RunningServer,
) -> None:
    first = await send_batch(smtp_server_plain.settings(), [reminder(1)])
    retry = await send_batch(smtp_server_plain.settings(), [reminder(1, subject="Nhắc lại")])
    other = await send_batch(smtp_server_plain.settings(), [reminder(2)])

    received_ids = [r.parsed()["Message-ID"] for r in smtp_server_plain.handler.received]
    assert received_ids == [
        "<de04c5a4e1bf4f958a521ce04f5feb62@dondoc>",
        "<de04c5a4e1bf4f958a521ce04f5feb62@dondoc>",
        "<4407b07d7147b85aaaab6d80c094e285@dondoc>",
    ]
    assert first[0].message_id == retry[0].message_id == received_ids[0]
    assert other[0].message_id == received_ids[2]
    assert message_id_for(reminder(1).key) == received_ids[0]
    assert build_message(SmtpSettings(), reminder(1))["Message-ID"] == received_ids[0]


async def test_a_recipient_refused_with_550_fails_permanently_and_the_others_are_delivered(
    smtp_server_plain: RunningServer,
) -> None:
    smtp_server_plain.handler.rcpt_replies["unit2@example.vn"] = "550 5.1.1 Mailbox unknown"
    settings = smtp_server_plain.settings(connections=1)

    results = await send_batch(settings, [reminder(n) for n in (1, 2, 3)])

    assert [(r.ok, r.permanent) for r in results] == [(True, False), (False, True), (True, False)]
    assert results[1].error == "550 5.1.1 Mailbox unknown"
    delivered = [r.rcpt_tos for r in smtp_server_plain.handler.received]
    assert delivered == [["unit1@example.vn"], ["unit3@example.vn"]]
    assert smtp_server_plain.handler.connections == 1


async def test_a_451_reply_is_retryable(smtp_server_plain: RunningServer) -> None:
    smtp_server_plain.handler.rcpt_replies["unit1@example.vn"] = "451 4.7.1 Greylisted, try later"

    [result, after] = await send_batch(smtp_server_plain.settings(), [reminder(1), reminder(2)])

    assert (result.ok, result.permanent) == (False, False)
    assert result.error == "451 4.7.1 Greylisted, try later"
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


async def test_a_dropped_connection_is_reopened_once_and_the_batch_continues(
    smtp_server_plain: RunningServer,
) -> None:
    smtp_server_plain.handler.drop_once_on_data.add("unit2@example.vn")
    settings = smtp_server_plain.settings(connections=1)

    results = await send_batch(settings, [reminder(n) for n in (1, 2, 3)])

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
    settings = smtp_server_plain.settings(connections=1)

    results = await send_batch(settings, [reminder(n) for n in (1, 2, 3)])

    assert [(r.ok, r.permanent) for r in results] == [(True, False), (False, False), (False, False)]
    assert smtp_server_plain.handler.connections == 2


async def test_a_421_reply_reconnects_once_then_fails_the_rest_as_retryable(
    smtp_server_plain: RunningServer,
) -> None:
    smtp_server_plain.handler.rcpt_replies["unit2@example.vn"] = "421 4.3.2 Shutting down"
    settings = smtp_server_plain.settings(connections=1)

    results = await send_batch(settings, [reminder(n) for n in (1, 2, 3)])

    assert [(r.ok, r.permanent) for r in results] == [(True, False), (False, False), (False, False)]
    assert smtp_server_plain.handler.connections == 2


async def test_a_permanent_refusal_followed_by_a_hang_up_is_not_sent_again(
    smtp_server_plain: RunningServer,
) -> None:
    smtp_server_plain.handler.reject_and_hang_up_on_data.add("unit2@example.vn")
    settings = smtp_server_plain.settings(connections=1)

    results = await send_batch(settings, [reminder(n) for n in (1, 2, 3)])

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


async def test_a_wrong_password_keeps_every_message_for_later_and_delivers_nothing(
    smtp_server_starttls: RunningServer, smtp_test_ca_file: str
) -> None:
    settings = smtp_server_starttls.settings(
        security=SmtpSecurity.STARTTLS,
        ca_file=smtp_test_ca_file,
        username=USERNAME,
        password="sai-mật-khẩu",
    )

    results = await send_batch(settings, [reminder(n) for n in range(3)])

    assert [(r.ok, r.permanent) for r in results] == [(False, False)] * 3
    assert all("535" in (r.error or "") for r in results)
    assert smtp_server_starttls.handler.received == []


def test_the_password_is_not_shown_in_settings() -> None:
    settings = SmtpSettings(username=USERNAME, password=PASSWORD)

    assert PASSWORD not in repr(settings)
    assert PASSWORD not in str(settings.model_dump())


# --- EmailChannel, the channel contract --------------------------------------------------------


def test_the_email_channel_keeps_the_channel_contract() -> None:
    channel: Channel = EmailChannel(SmtpSettings())

    assert channel.name == EMAIL == "email"


async def test_serialised_bytes_are_sent_exactly_as_queued(
    smtp_server_plain: RunningServer,
) -> None:
    settings = smtp_server_plain.settings()
    queued_at = datetime(2024, 1, 10, 1, 0, tzinfo=UTC)
    raw = serialise(settings, reminder(1), now=queued_at)

    reports = await send(settings, [outgoing(1, raw=raw, subject="not what is sent")])

    assert [(r.id, r.delivery, r.provider_id) for r in reports] == [
        (101, Delivery.SENT, "<de04c5a4e1bf4f958a521ce04f5feb62@dondoc>")
    ]
    [received] = smtp_server_plain.handler.received
    assert received.content == raw
    assert received.parsed()["Date"] == "Wed, 10 Jan 2024 01:00:00 +0000"


async def test_a_message_without_serialised_bytes_is_serialised_on_the_fly(
    smtp_server_plain: RunningServer,
) -> None:
    reports = await send(smtp_server_plain.settings(), [outgoing(2)])

    assert outcomes(reports) == [(102, Delivery.SENT)]
    [received] = smtp_server_plain.handler.received
    message = received.parsed()
    assert message["Subject"] == "Nhắc việc: Báo cáo công tác dân vận tháng 11 — hạn 25/11/2026"
    assert message["Message-ID"] == "<4407b07d7147b85aaaab6d80c094e285@dondoc>"


async def test_fifty_messages_share_four_connections_each_used_for_several(
    smtp_server_plain: RunningServer,
) -> None:
    batch = [outgoing(n) for n in range(50)]

    reports = await send(smtp_server_plain.settings(connections=4), batch)

    assert sorted(r.id for r in reports if r.delivery is Delivery.SENT) == list(range(100, 150))
    assert smtp_server_plain.handler.connections == 4
    peers = [r.peer for r in smtp_server_plain.handler.received]
    assert len(peers) == 50
    assert len(set(peers)) == 4


async def test_a_connection_is_replaced_after_its_quota_of_messages(
    smtp_server_plain: RunningServer,
) -> None:
    settings = smtp_server_plain.settings(connections=1, max_messages_per_connection=5)

    reports = await send(settings, [outgoing(n) for n in range(12)])

    assert [r.delivery for r in reports] == [Delivery.SENT] * 12
    assert smtp_server_plain.handler.connections == 3
    per_connection = [r.connection for r in smtp_server_plain.handler.received]
    assert per_connection == [1] * 5 + [2] * 5 + [3] * 2


async def test_each_message_is_reported_as_soon_as_the_server_accepted_it(
    smtp_server_plain: RunningServer,
) -> None:
    handler = smtp_server_plain.handler
    handler.drop_always_on_data.add("unit3@example.vn")
    seen_by_the_server: list[int] = []
    reports: list[Result] = []

    async def report(result: Result) -> None:
        # How many messages the server had been handed when this one was reported.
        seen_by_the_server.append(len(handler.data_attempts))
        reports.append(result)

    channel = EmailChannel(smtp_server_plain.settings(connections=1))
    await channel.send([outgoing(n) for n in range(1, 6)], report)

    assert outcomes(reports) == [
        (101, Delivery.SENT),
        (102, Delivery.SENT),
        (103, Delivery.RETRY),
        (104, Delivery.RETRY),
        (105, Delivery.RETRY),
    ]
    # 101 and 102 were settled before the server saw 103, and 103 was tried twice.
    assert seen_by_the_server == [1, 2, 4, 4, 4]


async def test_a_report_that_fails_stops_the_batch_with_what_was_reported_kept(
    smtp_server_plain: RunningServer,
) -> None:
    reports: list[Result] = []

    async def report(result: Result) -> None:
        if len(reports) == 2:
            raise RuntimeError("the ledger went away")
        reports.append(result)

    channel = EmailChannel(smtp_server_plain.settings(connections=1))
    with pytest.raises(RuntimeError, match="the ledger went away"):
        await channel.send([outgoing(n) for n in range(1, 6)], report)

    assert outcomes(reports) == [(101, Delivery.SENT), (102, Delivery.SENT)]
    assert len(smtp_server_plain.handler.received) == 3


async def test_refusals_are_reported_with_their_category(
    smtp_server_plain: RunningServer,
) -> None:
    handler = smtp_server_plain.handler
    handler.rcpt_replies["unit1@example.vn"] = "550 5.1.1 Mailbox unknown"
    handler.rcpt_replies["unit2@example.vn"] = "452 4.2.2 Mailbox full"
    handler.data_replies["unit3@example.vn"] = "554 5.7.1 Rejected as spam"
    batch = [outgoing(1), outgoing(2), outgoing(3), outgoing(4, address="x@"), outgoing(5)]

    reports = await send(smtp_server_plain.settings(connections=1), batch)

    assert sorted((r.id, r.delivery, r.category, r.error) for r in reports) == [
        (101, Delivery.FAILED, Category.RECIPIENT, "550 5.1.1 Mailbox unknown"),
        (102, Delivery.RETRY, Category.TRANSIENT, "452 4.2.2 Mailbox full"),
        (103, Delivery.FAILED, Category.RECIPIENT, "554 5.7.1 Rejected as spam"),
        (
            104,
            Delivery.FAILED,
            Category.RECIPIENT,
            "'x@' is not a valid e-mail address: There must be something after the @-sign.",
        ),
        (105, Delivery.SENT, None, None),
    ]


async def test_a_wrong_password_is_a_configuration_problem_naming_the_settings(
    smtp_server_starttls: RunningServer, smtp_test_ca_file: str
) -> None:
    settings = smtp_server_starttls.settings(
        security=SmtpSecurity.STARTTLS,
        ca_file=smtp_test_ca_file,
        username=USERNAME,
        password="sai-mật-khẩu",
    )

    reports = await send(settings, [outgoing(n) for n in range(6)])

    assert sorted((r.id, r.delivery, r.category) for r in reports) == [
        (n, Delivery.CONFIG, Category.AUTH) for n in range(100, 106)
    ]
    error = reports[0].error or ""
    assert "535" in error
    assert "DONDOC_SMTP__USERNAME" in error
    assert "DONDOC_SMTP__PASSWORD" in error
    assert "sai-mật-khẩu" not in error
    # One refused login, not one per connection of the pool.
    assert smtp_server_starttls.handler.connections == 1
    assert smtp_server_starttls.handler.received == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
async def test_a_server_that_requires_a_login_none_configured_is_a_configuration_problem() -> None:
    async with running_server(auth_required=True, auth_require_tls=False) as server:
        reports = await send(server.settings(), [outgoing(n) for n in range(3)])

        assert sorted((r.id, r.delivery, r.category) for r in reports) == [
            (100, Delivery.CONFIG, Category.AUTH),
            (101, Delivery.CONFIG, Category.AUTH),
            (102, Delivery.CONFIG, Category.AUTH),
        ]
        error = reports[0].error or ""
        assert "530" in error
        assert "DONDOC_SMTP__USERNAME" in error
        assert server.handler.received == []


async def test_a_relay_refused_to_an_anonymous_sender_is_a_configuration_problem(
    smtp_server_plain: RunningServer,
) -> None:
    for n in range(3):
        smtp_server_plain.handler.rcpt_replies[f"unit{n}@example.vn"] = (
            "554 5.7.1 <unit@example.vn>: Relay access denied"
        )

    reports = await send(smtp_server_plain.settings(connections=1), [outgoing(n) for n in range(3)])

    assert outcomes(reports) == [(n, Delivery.CONFIG) for n in range(100, 103)]
    assert "DONDOC_SMTP__PASSWORD" in (reports[0].error or "")
    assert len(smtp_server_plain.handler.data_attempts) == 0


async def test_a_refused_sender_address_is_a_configuration_problem_naming_the_setting(
    smtp_server_plain: RunningServer,
) -> None:
    smtp_server_plain.handler.mail_reply = "553 5.7.1 Sender address rejected: not owned by user"

    reports = await send(smtp_server_plain.settings(), [outgoing(n) for n in range(4)])

    assert sorted((r.id, r.delivery, r.category) for r in reports) == [
        (n, Delivery.CONFIG, Category.CONFIG) for n in range(100, 104)
    ]
    assert "553 5.7.1 Sender address rejected" in (reports[0].error or "")
    assert "DONDOC_SMTP__SENDER_ADDRESS" in (reports[0].error or "")
    assert smtp_server_plain.handler.data_attempts == []


async def test_an_untrusted_certificate_is_a_configuration_problem_and_sends_nothing(
    smtp_server_starttls: RunningServer,
) -> None:
    settings = smtp_server_starttls.settings(security=SmtpSecurity.STARTTLS)

    reports = await send(settings, [outgoing(1), outgoing(2)])

    assert outcomes(reports) == [(101, Delivery.CONFIG), (102, Delivery.CONFIG)]
    assert "DONDOC_SMTP__CA_FILE" in (reports[0].error or "")
    assert smtp_server_starttls.handler.received == []


async def test_a_vietnamese_local_part_is_sent_with_smtputf8_when_the_server_offers_it() -> None:
    async with running_server(enable_SMTPUTF8=True) as server:
        batch = [outgoing(1, address="văn.phòng@example.vn"), outgoing(2)]

        reports = await send(server.settings(connections=1), batch)

        assert outcomes(reports) == [(101, Delivery.SENT), (102, Delivery.SENT)]
        first, second = server.handler.received
        assert first.rcpt_tos == ["văn.phòng@example.vn"]
        assert "SMTPUTF8" in first.mail_options
        assert "SMTPUTF8" not in second.mail_options
        message = message_from_bytes(first.content, policy=default_policy)
        assert message["Subject"] == (
            "Nhắc việc: Báo cáo công tác dân vận tháng 11 — hạn 25/11/2026"
        )
        [to] = email_message_from_utf8(first.content)["To"].addresses
        assert (to.display_name, to.addr_spec) == ("Ban Dân vận Tỉnh ủy", "văn.phòng@example.vn")


async def test_a_vietnamese_local_part_fails_for_good_when_the_server_lacks_smtputf8(
    smtp_server_plain: RunningServer,
) -> None:
    batch = [outgoing(1, address="văn.phòng@example.vn"), outgoing(2)]

    reports = await send(smtp_server_plain.settings(connections=1), batch)

    assert [(r.id, r.delivery, r.category) for r in reports] == [
        (101, Delivery.FAILED, Category.RECIPIENT),
        (102, Delivery.SENT, None),
    ]
    assert "SMTPUTF8" in (reports[0].error or "")


async def test_a_server_that_never_answers_the_data_is_given_up_on_after_the_timeout(
    smtp_server_plain: RunningServer,
) -> None:
    handler = smtp_server_plain.handler
    handler.hang_on_data.add("unit1@example.vn")
    settings = smtp_server_plain.settings(connections=1, timeout_seconds=0.3)

    reports = await asyncio.wait_for(send(settings, [outgoing(1), outgoing(2)]), 60)

    assert outcomes(reports) == [(101, Delivery.RETRY), (102, Delivery.RETRY)]
    assert "connection lost twice" in (reports[0].error or "")
    # Sent whole twice, with the one Message-ID a reader deduplicates on.
    assert handler.data_attempts == [["unit1@example.vn"], ["unit1@example.vn"]]
    ids = {
        message_from_bytes(c, policy=default_policy)["Message-ID"] for c in handler.attempt_contents
    }
    assert ids == {"<de04c5a4e1bf4f958a521ce04f5feb62@dondoc>"}
    assert handler.received == []


async def test_a_hung_connection_does_not_hold_up_the_other_connections(
    smtp_server_plain: RunningServer,
) -> None:
    smtp_server_plain.handler.hang_on_data.add("unit1@example.vn")
    settings = smtp_server_plain.settings(connections=2, timeout_seconds=0.3)

    reports = await asyncio.wait_for(send(settings, [outgoing(n) for n in range(1, 11)]), 60)

    assert sorted(outcomes(reports)) == [(101, Delivery.RETRY)] + [
        (n, Delivery.SENT) for n in range(102, 111)
    ]


async def test_a_server_that_accepts_and_never_greets_is_given_up_on_after_the_timeout() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # until the client gives up and closes
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    try:
        port = server.sockets[0].getsockname()[1]
        settings = SmtpSettings(port=port, timeout_seconds=0.3)

        reports = await asyncio.wait_for(send(settings, [outgoing(1), outgoing(2)]), 60)
    finally:
        server.close()

    assert outcomes(reports) == [(101, Delivery.RETRY), (102, Delivery.RETRY)]
    assert (reports[0].error or "").startswith("cannot connect")


async def test_a_missing_ca_file_is_a_configuration_problem(
    smtp_server_starttls: RunningServer, tmp_path: Path
) -> None:
    settings = smtp_server_starttls.settings(
        security=SmtpSecurity.STARTTLS, ca_file=str(tmp_path / "missing-ca.pem")
    )

    reports = await send(settings, [outgoing(1)])

    assert [(r.id, r.delivery, r.category) for r in reports] == [
        (101, Delivery.CONFIG, Category.CONFIG)
    ]
    assert "DONDOC_SMTP__CA_FILE" in (reports[0].error or "")
    assert smtp_server_starttls.handler.connections == 0


async def test_an_unreachable_server_is_reported_retry_for_every_message() -> None:
    settings = SmtpSettings(port=free_port(), timeout_seconds=5)

    reports = await send(settings, [outgoing(1), outgoing(2)])

    # Unavailable: the server is down, so the retries are not counted against the messages.
    assert [(r.id, r.delivery, r.category) for r in reports] == [
        (101, Delivery.RETRY, Category.UNAVAILABLE),
        (102, Delivery.RETRY, Category.UNAVAILABLE),
    ]
    assert (reports[0].error or "").startswith("cannot connect")


async def test_an_attachment_arrives_with_its_vietnamese_file_name(
    smtp_server_plain: RunningServer,
) -> None:
    form = b"PK\x03\x04 the report form \x00\xff"
    mail = reminder(1, attachment=("Mẫu báo cáo tháng 11.docx", form, "application/msword"))

    [result] = await send_batch(smtp_server_plain.settings(), [mail])

    assert result.ok
    [received] = smtp_server_plain.handler.received
    [attachment] = list(received.parsed().iter_attachments())
    assert attachment.get_filename() == "Mẫu báo cáo tháng 11.docx"
    assert attachment.get_content_type() == "application/msword"
    assert attachment.get_content() == form


async def test_an_attachment_stored_as_a_path_is_read_and_sent_with_its_name(
    smtp_server_plain: RunningServer, tmp_path: Path
) -> None:
    form = tmp_path / "mau-bao-cao.pdf"
    form.write_bytes(b"%PDF-1.7 the report form")
    payload = {"attachment": {"name": "Mẫu báo cáo.pdf", "path": str(form)}}
    missing = {"attachment": {"name": "Mẫu.docx", "path": str(tmp_path / "missing.docx")}}

    reports = await send(
        smtp_server_plain.settings(connections=1),
        [outgoing(1, payload=payload), outgoing(2, payload=missing)],
    )

    assert [(r.id, r.delivery) for r in sorted(reports, key=lambda r: r.id)] == [
        (101, Delivery.SENT),
        (102, Delivery.FAILED),
    ]
    failed = next(r for r in reports if r.id == 102)
    assert "the attachment 'Mẫu.docx' cannot be read" in (failed.error or "")
    assert failed.category is Category.CONFIG
    [received] = smtp_server_plain.handler.received
    [attachment] = list(received.parsed().iter_attachments())
    assert attachment.get_filename() == "Mẫu báo cáo.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == b"%PDF-1.7 the report form"
