"""The e-mail channel: serialise a reminder once, when queued; send the bytes over pooled SMTP.

`serialise` writes the complete RFC 5322 message (CRLF line ends, 7-bit headers except an
SMTPUTF8 address, base64 bodies); the outbox stores those bytes, so a retry sends exactly what
was queued, with the same Message-ID. `EmailChannel` keeps the channel contract of
`notifications.channels`: it sends a claimed batch over a few parallel connections, each
reused across messages, and reports every message as soon as the server has answered it.
"""

from __future__ import annotations

import asyncio
import base64
import email.utils
import functools
import hashlib
import logging
import mimetypes
import ssl
import urllib.parse
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import Header
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import aiosmtplib
import email_validator

from notifications.channels import EMAIL, Category, Delivery, Outgoing, Report, Result
from notifications.config import SmtpSecurity, SmtpSettings

logger = logging.getLogger(__name__)

Attachment = tuple[str, bytes, str]  # file name, content, MIME type


@dataclass(frozen=True)
class OutgoingEmail:
    key: str
    to_address: str
    to_name: str | None
    subject: str
    text: str
    html: str | None = None
    attachment: Attachment | None = None  # e.g. the report form the unit must fill in
    attachments: tuple[Attachment, ...] = ()  # more files (an issued document's DOCX and PDF)


@dataclass(frozen=True)
class SendResult:
    key: str
    ok: bool
    permanent: bool
    error: str | None
    message_id: str


class InvalidAddress(ValueError):
    pass


def validate_address(address: str) -> str:
    """Return the normalised form of `address`, or raise `InvalidAddress`."""
    return _checked_address(address).normalized


def message_id_for(key: str) -> str:
    """The Message-ID of every attempt at sending `key`: a retry carries the same id."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}@dondoc>"


# --- serialising -----------------------------------------------------------------------------


def encoded_subject(subject: str) -> str:
    """The Subject as folded encoded words, every space inside one (plain ASCII stays plain).

    Python 3.11's own folder drops a space that falls where it splits a long non-ASCII
    Subject into encoded words ("Thông báo kết luận" arrives as "Thông báokết luận"): RFC 2047
    makes readers ignore whitespace between encoded words, so each space must be inside one.
    `email.header.Header` keeps it inside.
    """
    return _header_text(_one_line(subject), "Subject", "\n")


def needs_smtputf8(mail: OutgoingEmail, settings: SmtpSettings | None = None) -> bool:
    """Whether sending `mail` takes SMTPUTF8: a non-ASCII local part (`văn.phòng@…`).

    A non-ASCII domain does not: it travels as punycode. Raises `InvalidAddress`.
    """
    sender = _sender_envelope(settings.sender_address) if settings is not None else ""
    return not (_envelope_address(mail.to_address).isascii() and sender.isascii())


def serialise(settings: SmtpSettings, mail: OutgoingEmail, *, now: datetime | None = None) -> bytes:
    """The complete message as it goes on the wire after DATA: RFC 5322, CRLF line ends.

    Headers are 7-bit (RFC 2047 encoded words for the Subject and display names) except an
    address whose local part is not ASCII, which is written as UTF-8 (RFC 6532) and needs
    SMTPUTF8 (`needs_smtputf8`). Bodies are base64, so no relay has to know 8BITMIME; text
    and HTML are alternatives; an attachment's file name is RFC 2231-encoded. `now` is the
    Date (the clock when omitted: this is the edge where a message is queued). Raises
    `InvalidAddress` (a `ValueError`) for an address no server would take.
    """
    recipient = _envelope_address(mail.to_address)
    sender = _sender_envelope(settings.sender_address)
    moment = now if now is not None else datetime.now(UTC)
    digest = hashlib.sha256(mail.key.encode("utf-8")).hexdigest()
    lines = [
        "From: " + _mailbox("From", settings.sender_name, sender),
        "To: " + _mailbox("To", mail.to_name or "", recipient),
        "Subject: " + _header_text(_one_line(mail.subject), "Subject"),
        "Date: " + email.utils.format_datetime(moment.astimezone(UTC)),
        "Message-ID: " + message_id_for(mail.key),
        "X-Dondoc-Key: " + _header_text(_one_line(mail.key), "X-Dondoc-Key"),
        # RFC 3834: tells vacation responders and mailing lists not to answer a robot.
        "Auto-Submitted: auto-generated",
        "MIME-Version: 1.0",
    ]
    head = "\r\n".join(lines).encode("utf-8") + b"\r\n"

    body = _text_part("plain", mail.text)
    if mail.html is not None:
        body = _multipart(
            "alternative", f"=_a_{digest[:24]}", [body, _text_part("html", mail.html)]
        )
    files = ([mail.attachment] if mail.attachment is not None else []) + list(mail.attachments)
    if files:
        parts = [body, *(_attachment_part(*file) for file in files)]
        body = _multipart("mixed", f"=_m_{digest[:24]}", parts)
    return head + body


def build_message(settings: SmtpSettings, mail: OutgoingEmail) -> EmailMessage:
    """`serialise`'s message parsed back: for callers that want an `EmailMessage`."""
    message = email.message_from_bytes(serialise(settings, mail), policy=default_policy)
    assert isinstance(message, EmailMessage)
    return message


def _one_line(value: str) -> str:
    # Rendered templates often end in a newline, which a header may not contain.
    return " ".join(value.split())


def _header_text(value: str, name: str, linesep: str = "\r\n") -> str:
    # Plain ASCII stays readable; "=?" in it would be read as an encoded word, so not that.
    charset = "us-ascii" if value.isascii() and "=?" not in value else "utf-8"
    return Header(value, charset, header_name=name).encode(linesep=linesep)


@functools.lru_cache(maxsize=4096)
def _mailbox(name: str, display_name: str, address: str) -> str:
    """`Tên <addr>` for a From/To header, folded; cached: a province has a few hundred."""
    words = [*_phrase_words(_one_line(display_name)), f"<{address}>"]
    lines: list[str] = []
    line = f"{name}:"
    for word in words:
        # Folding whitespace may replace any space between the words (RFC 5322 FWS).
        if len(line) + 1 + len(word) > 78 and line != f"{name}:":
            lines.append(line)
            line = ""
        line += " " + word
    lines.append(line)
    return "\r\n".join(lines)[len(name) + 2 :]


_ATEXT_SPECIALS = frozenset('()<>[]:;@\\,."')
# A run longer than RFC 2047's 75 characters stays one encoded word (see `_phrase_words`),
# split only where it would not fit a line of 998 octets.
_WORD_BYTES = 600


def _phrase_words(display_name: str) -> list[str]:
    """The display name as phrase words: plain atoms, and encoded words for the rest.

    RFC 2047 readers drop the whitespace between two adjacent encoded words, so a space
    between Vietnamese words has to sit inside one; Python's address parser instead keeps
    that whitespace too ("Ủy  ban"). Each run of words that need encoding therefore becomes
    one encoded word, spaces inside, and the plain ASCII words between runs stay atoms — a
    space next to an atom is read as a space by both. A run longer than RFC 2047's 75
    characters (about 20 Vietnamese letters without a plain word between) stays one encoded
    word nevertheless: every reader met (Python, Thunderbird, Gmail, Outlook) decodes a long
    word, whereas splitting it would lose or double a space in one of them.
    """
    if not display_name:
        return []
    if display_name.isascii() and "=?" not in display_name:
        if not any(char in _ATEXT_SPECIALS for char in display_name):
            return display_name.split(" ")
        escaped = display_name.replace("\\", "\\\\").replace('"', '\\"')
        return [f'"{escaped}"']
    words: list[str] = []
    run: list[str] = []
    for token in display_name.split(" "):
        if token.isascii() and "=?" not in token and not any(c in _ATEXT_SPECIALS for c in token):
            if run:
                words.extend(_encoded_words(" ".join(run)))
                run = []
            words.append(token)
        else:
            run.append(token)
    if run:
        words.extend(_encoded_words(" ".join(run)))
    return words


def _encoded_words(text: str) -> list[str]:
    parts: list[str] = []
    current = ""
    for char in text:
        if len((current + char).encode("utf-8")) > _WORD_BYTES:
            parts.append(current)
            current = ""
        current += char
    parts.append(current)
    return [_b_word(part) for part in parts]


def _b_word(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode("utf-8")).decode("ascii") + "?="


def _text_part(subtype: str, text: str) -> bytes:
    canonical = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    return (
        f"Content-Type: text/{subtype}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    ).encode() + _base64_lines(canonical.encode("utf-8"))


def _attachment_part(file_name: str, content: bytes, mime_type: str) -> bytes:
    maintype, _, subtype = mime_type.partition("/")
    if not maintype or not subtype or any(c in mime_type for c in " \t\r\n;\"'"):
        raise ValueError(f"{mime_type!r} is not a MIME type such as application/pdf")
    return (
        f"Content-Type: {maintype}/{subtype}\r\n"
        f"Content-Disposition: attachment;{_file_name_parameters(_one_line(file_name))}\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
    ).encode() + _base64_lines(content)


_TOKEN_SAFE = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~"
)


def _file_name_parameters(file_name: str) -> str:
    """`filename=…` for a plain name, else RFC 2231's `filename*=utf-8''…`, in short pieces."""
    if file_name.isascii() and len(file_name) <= 60 and "\\" not in file_name:
        quoted = file_name.replace('"', '\\"')
        return f'\r\n filename="{quoted}"'
    encoded = urllib.parse.quote(file_name, safe="".join(sorted(_TOKEN_SAFE - {"%"})))
    # RFC 2231 continuations keep each header line short; a %XX triplet stays whole.
    pieces: list[str] = []
    start = 0
    while start < len(encoded):
        end = min(start + 50, len(encoded))
        while end < len(encoded) and "%" in encoded[end - 2 : end]:
            end -= 1
        pieces.append(encoded[start:end])
        start = end
    if len(pieces) == 1:
        return f"\r\n filename*=utf-8''{pieces[0]}"
    return ";".join(
        f"\r\n filename*{index}*={'utf-8' + chr(39) * 2 if index == 0 else ''}{piece}"
        for index, piece in enumerate(pieces)
    )


def _multipart(subtype: str, boundary: str, parts: Sequence[bytes]) -> bytes:
    # "=_" never occurs in base64 nor in the part headers written here, so the boundary
    # cannot collide with content.
    marker = f"--{boundary}\r\n".encode()
    return (
        f'Content-Type: multipart/{subtype}; boundary="{boundary}"\r\n\r\n'.encode()
        + b"".join(marker + part for part in parts)
        + f"--{boundary}--\r\n".encode()
    )


def _base64_lines(data: bytes) -> bytes:
    return base64.encodebytes(data).replace(b"\n", b"\r\n")


def _checked_address(address: str) -> email_validator.ValidatedEmail:
    try:
        return email_validator.validate_email(address, check_deliverability=False)
    except email_validator.EmailNotValidError as exc:
        raise InvalidAddress(f"{address!r} is not a valid e-mail address: {exc}") from exc


@functools.lru_cache(maxsize=8192)
def _envelope_address(address: str) -> str:
    checked = _checked_address(address)
    # The ASCII form (punycode domain) needs no SMTPUTF8; it is None only for a
    # non-ASCII local part, which then has to travel as UTF-8.
    return checked.ascii_email or checked.normalized


def _sender_envelope(address: str) -> str:
    # The operator's own address: a test relay's "dondoc@localhost" is fine even though
    # email_validator refuses a domain without a dot. The relay has the last word.
    try:
        return _envelope_address(address)
    except InvalidAddress:
        return address.strip()


# --- sending ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Verdict:
    """What became of one message (CONFIG: of the channel, for every message left)."""

    delivery: Delivery
    error: str | None = None
    category: Category | None = None
    reply: str | None = None


@dataclass(frozen=True)
class _Lost:
    """The connection went before the server answered this message."""

    error: str


class _Unusable(Exception):
    """A connection could not be opened or logged into."""

    def __init__(self, verdict: _Verdict) -> None:
        super().__init__(verdict.error)
        self.verdict = verdict


@dataclass
class _Item:
    outgoing: Outgoing
    recipient: str
    raw: bytes
    options: tuple[str, ...]
    losses: int = 0  # connections lost while this message was on them


@dataclass
class _Run:
    queue: deque[_Item]
    report: Report
    halted: _Verdict | None = None  # CONFIG: nothing more is tried
    last_loss: str = "connection lost"

    async def settle(self, item: _Item, verdict: _Verdict) -> None:
        extra: Mapping[str, Any] = {"reply": verdict.reply} if verdict.reply else {}
        result = Result(
            id=item.outgoing.id,
            delivery=verdict.delivery,
            provider_id=message_id_for(item.outgoing.key),
            error=verdict.error,
            category=verdict.category,
            extra=extra,
        )
        # Awaited by the connection that sent it, which sends nothing more until the answer is
        # on record; the other connections report meanwhile, and share the caller's commit.
        await self.report(result)


class EmailChannel:
    """E-mail over SMTP, the `notifications.channels.Channel` contract.

    A batch goes over up to `settings.connections` connections in parallel, each reused for
    up to `settings.max_messages_per_connection` messages; the TLS context is built once per
    channel. The first connection is opened (and logged into) alone, so a wrong password
    costs one refused login, not one per connection.

    Outcomes, each reported as soon as the server has answered:

    - 250 after the data: SENT, `provider_id` the Message-ID;
    - 4xx: RETRY; 5xx for the recipient or the content: FAILED for that recipient;
    - 530/534/535/538, a "relay denied", an untrusted certificate, a server without STARTTLS
      or AUTH: CONFIG for this message and every one not yet tried — the channel cannot work
      until a setting is fixed, and the error names it;
    - a connection lost or timed out (`settings.timeout_seconds`) before the answer: the
      message is resent once on a new connection, then RETRY. A server that took the whole
      message and never said 250 may have kept it; RETRY rather than UNKNOWN is safe because
      the resend carries the same Message-ID, which mail systems and readers deduplicate on,
      and there is no mailbox to reconcile against;
    - a connection that cannot be opened: RETRY for what is left.
    """

    name = EMAIL

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._tls: ssl.SSLContext | None = None
        self._tls_ready = False
        self._sender = _sender_envelope(settings.sender_address)

    async def send(self, batch: Sequence[Outgoing], report: Report) -> None:
        """Send `batch`, awaiting `report` once per message before its connection sends the
        next one (the connections report concurrently).

        Raises only what `report` raises (the other connections are then dropped, and the
        messages not reported stay claimed for the outbox's lease to release).
        """
        run = _Run(deque(), report)
        for outgoing in batch:
            try:
                run.queue.append(self._prepare(outgoing))
            except ValueError as exc:  # InvalidAddress, or an attachment it cannot write
                # Either way no server would take it: FAILED, so the next channel is tried.
                category = (
                    Category.RECIPIENT if isinstance(exc, InvalidAddress) else Category.CONFIG
                )
                item = _Item(outgoing, "", b"", ())
                await run.settle(item, _Verdict(Delivery.FAILED, str(exc), category))
        if not run.queue:
            return

        try:
            tls = await self._tls_context()
        except (ssl.SSLError, OSError) as exc:  # a CA file missing or not PEM
            run.halted = _config(
                "Không dùng được tệp CA", "The CA file cannot be used", str(exc), "CA_FILE"
            )
        else:
            try:
                first = await self._open(tls)
            except _Unusable as exc:
                if exc.verdict.delivery is Delivery.CONFIG:
                    run.halted = exc.verdict
                else:
                    run.last_loss = exc.verdict.error or run.last_loss
                    await self._settle_rest(run, exc.verdict)
                    return
            else:
                await self._drain(run, tls, first)

        if run.halted is not None:
            logger.warning("the e-mail channel cannot work: %s", run.halted.error)
            await self._settle_rest(run, run.halted)
        else:
            error = f"not sent, the connections failed: {run.last_loss}"
            await self._settle_rest(run, _Verdict(Delivery.RETRY, error, Category.UNAVAILABLE))

    async def _drain(self, run: _Run, tls: ssl.SSLContext | None, first: aiosmtplib.SMTP) -> None:
        workers = max(1, min(self.settings.connections, len(run.queue)))
        try:
            async with asyncio.TaskGroup() as group:
                group.create_task(self._work(run, tls, first))
                for _ in range(workers - 1):
                    group.create_task(self._work(run, tls, None))
        except BaseExceptionGroup as failed:
            # Only `report` raises out of a worker: hand its exception back as it was.
            raise failed.exceptions[0] from None

    async def _settle_rest(self, run: _Run, verdict: _Verdict) -> None:
        while run.queue:
            await run.settle(run.queue.popleft(), verdict)

    def _prepare(self, outgoing: Outgoing) -> _Item:
        sender = self._sender
        recipient = _envelope_address(outgoing.address)
        raw = outgoing.raw
        if raw is None:
            raw = serialise(self.settings, _mail_of(outgoing))
        utf8 = not (recipient.isascii() and sender.isascii())
        return _Item(outgoing, recipient, raw, ("SMTPUTF8",) if utf8 else ())

    async def _work(
        self, run: _Run, tls: ssl.SSLContext | None, client: aiosmtplib.SMTP | None
    ) -> None:
        spare = 1  # reconnects after a lost connection; given back once a message gets through
        lost = False
        on_this = 0
        item: _Item | None = None
        try:
            while True:
                if item is None:
                    if run.halted is not None or not run.queue:
                        break
                    item = run.queue.popleft()
                if client is None:
                    if lost:
                        if not spare:
                            break  # the item goes back: another connection may take it
                        spare -= 1
                    try:
                        client = await self._open(tls)
                    except _Unusable as exc:
                        if exc.verdict.delivery is Delivery.CONFIG:
                            run.halted = run.halted or exc.verdict
                        else:
                            run.last_loss = exc.verdict.error or run.last_loss
                        break
                    on_this = 0

                outcome = await self._attempt(client, item)
                if isinstance(outcome, _Lost):
                    # The server may or may not have kept it: resend on a new connection;
                    # its stable Message-ID gives a duplicate away.
                    client, lost = None, True
                    run.last_loss = outcome.error
                    item.losses += 1
                    if item.losses >= 2:
                        error = f"connection lost twice while sending: {outcome.error}"
                        verdict = _Verdict(Delivery.RETRY, error, Category.TRANSIENT)
                        await run.settle(item, verdict)
                        item = None
                    continue
                if outcome.delivery is Delivery.CONFIG:
                    run.halted = run.halted or outcome
                await run.settle(item, outcome)
                item = None
                on_this += 1
                if outcome.delivery is Delivery.SENT:
                    spare, lost = 1, False
                if not client.is_connected:
                    client, lost = None, True
                elif on_this >= self.settings.max_messages_per_connection:
                    await _close(client)
                    client = None
        except BaseException:
            # Cancelled, or the report failed: drop the socket rather than wait for QUIT.
            if client is not None:
                client.close()
            raise
        finally:
            if item is not None:
                # Not settled here: back to the queue for another connection, or the rest.
                run.queue.appendleft(item)
        if client is not None:
            await _close(client)

    async def _attempt(self, client: aiosmtplib.SMTP, item: _Item) -> _Verdict | _Lost:
        """Send one message: the server's verdict, or `_Lost` before it answered."""
        try:
            _, reply = await client.sendmail(
                self._sender, [item.recipient], item.raw, mail_options=item.options
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            refused = exc.recipients[0]
            return self._refused(client, "RCPT", refused.code, refused.message)
        except aiosmtplib.SMTPSenderRefused as exc:
            return self._refused(client, "MAIL", exc.code, exc.message)
        except aiosmtplib.SMTPResponseException as exc:
            return self._refused(client, "DATA", exc.code, exc.message)
        except aiosmtplib.SMTPNotSupported:
            return _Verdict(
                Delivery.FAILED,
                "Địa chỉ có chữ có dấu trước @ mà máy chủ thư không nhận (không có SMTPUTF8). / "
                "The address has non-ASCII characters before the @ and the server does not "
                "offer SMTPUTF8.",
                Category.RECIPIENT,
            )
        except (aiosmtplib.SMTPException, OSError) as exc:
            # Dropped, reset or timed out (aiosmtplib closes a timed-out connection: a late
            # answer would otherwise be read as the next command's).
            client.close()
            logger.info("SMTP connection lost while sending: %s", _describe(exc))
            return _Lost(_describe(exc))
        except ValueError as exc:  # an address aiosmtplib will not put on a command line
            return _Verdict(Delivery.FAILED, str(exc), Category.RECIPIENT)
        return _Verdict(Delivery.SENT, reply=reply)

    def _refused(
        self, client: aiosmtplib.SMTP, stage: str, code: int, message: str
    ) -> _Verdict | _Lost:
        reply = f"{code} {message}"
        if code == 421:  # the server is closing the connection: resend on a new one
            client.close()
            return _Lost(reply)
        if _is_auth_refusal(code, message):
            if self.settings.username:
                return _config(
                    "Máy chủ thư đòi đăng nhập", "The mail server requires a login", reply, None
                )
            return _config(
                "Máy chủ thư đòi đăng nhập mà chưa cấu hình tài khoản",
                "The mail server requires a login and none is configured",
                reply,
                None,
            )
        if 400 <= code < 500:
            return _Verdict(Delivery.RETRY, reply, Category.TRANSIENT, reply)
        if stage == "MAIL" and code not in (552, 555):
            return _config(
                "Máy chủ thư từ chối địa chỉ gửi",
                "The mail server refuses the sender address",
                reply,
                "SENDER_ADDRESS",
            )
        category = Category.RECIPIENT
        return _Verdict(Delivery.FAILED, reply, category, reply)

    async def _tls_context(self) -> ssl.SSLContext | None:
        if self.settings.security is SmtpSecurity.NONE:
            return None
        if not self._tls_ready:
            # Loading the system trust store is file I/O: off the event loop, once.
            self._tls = await asyncio.to_thread(_build_tls_context, self.settings)
            self._tls_ready = True
        return self._tls

    async def _open(self, tls: ssl.SSLContext | None) -> aiosmtplib.SMTP:
        settings = self.settings
        client = aiosmtplib.SMTP(
            hostname=settings.host,
            port=settings.port,
            timeout=settings.timeout_seconds,
            use_tls=settings.security is SmtpSecurity.SSL,
            # False, not None: None would upgrade whenever offered, and fail on a plain server
            # with a self-signed certificate that the operator explicitly chose not to use.
            start_tls=settings.security is SmtpSecurity.STARTTLS,
            tls_context=tls,
        )
        try:
            await client.connect()
        except (aiosmtplib.SMTPException, OSError) as exc:
            client.close()
            raise _Unusable(_connect_verdict(exc)) from exc

        if settings.username:
            password = settings.password.get_secret_value() if settings.password else ""
            try:
                await client.login(settings.username, password)
            except aiosmtplib.SMTPResponseException as exc:
                await _close(client)
                reply = f"{exc.code} {exc.message}"
                if 400 <= exc.code < 500 and exc.code != 432:
                    raise _Unusable(
                        _Verdict(Delivery.RETRY, f"login refused: {reply}", Category.TRANSIENT)
                    ) from exc
                raise _Unusable(
                    _config(
                        "Máy chủ thư từ chối đăng nhập",
                        "The mail server refused the login",
                        reply,
                        None,
                    )
                ) from exc
            except (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPTimeoutError, OSError) as exc:
                client.close()
                raise _Unusable(
                    _Verdict(Delivery.RETRY, f"cannot log in: {_describe(exc)}", Category.TRANSIENT)
                ) from exc
            except aiosmtplib.SMTPException as exc:  # no AUTH offered (often: plain, not TLS)
                await _close(client)
                raise _Unusable(
                    _config(
                        "Máy chủ thư không cho đăng nhập (thường do chưa bật TLS)",
                        "The mail server offers no login (often: TLS is not on)",
                        str(exc),
                        "SECURITY",
                    )
                ) from exc
        return client


def _config(vietnamese: str, english: str, detail: str, setting: str | None) -> _Verdict:
    """CONFIG, saying in both languages what went wrong and which setting to fix.

    `setting` None: the login (DONDOC_SMTP__USERNAME and DONDOC_SMTP__PASSWORD).
    """
    if setting is None:
        vi_names = "DONDOC_SMTP__USERNAME và DONDOC_SMTP__PASSWORD"
        en_names = "DONDOC_SMTP__USERNAME and DONDOC_SMTP__PASSWORD"
    else:
        vi_names = en_names = f"DONDOC_SMTP__{setting}"
    text = (
        f"{vietnamese} ({detail}): kiểm tra {vi_names}. / {english} ({detail}): check {en_names}."
    )
    return _Verdict(Delivery.CONFIG, text, Category.AUTH if setting is None else Category.CONFIG)


def _is_auth_refusal(code: int, message: str) -> bool:
    if code in (530, 534, 535, 538):
        return True
    # Postfix and Exchange refuse an unauthenticated relay with 554/550 5.7.1 "Relay access
    # denied": every recipient would fail the same way, so it is the login that is missing.
    text = message.lower()
    return code in (550, 554) and "5.7.1" in text and "relay" in text


def _connect_verdict(exc: BaseException) -> _Verdict:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return _config(
                "Chứng chỉ của máy chủ thư không được tin cậy",
                "The mail server's certificate is not trusted",
                str(cause.verify_message),
                "CA_FILE",
            )
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, aiosmtplib.SMTPException) and "STARTTLS" in str(exc):
        return _config(
            "Máy chủ thư không có STARTTLS",
            "The mail server does not offer STARTTLS",
            str(exc),
            "SECURITY",
        )
    # The server is down, not the message wrong: its retries are not counted against it.
    return _Verdict(Delivery.RETRY, f"cannot connect: {_describe(exc)}", Category.UNAVAILABLE)


def _mail_of(outgoing: Outgoing) -> OutgoingEmail:
    """The message of an outbox row queued without its bytes, to serialise now."""
    return OutgoingEmail(
        key=outgoing.key,
        to_address=outgoing.address,
        to_name=outgoing.name,
        subject=outgoing.subject,
        text=outgoing.text,
        html=outgoing.html,
        attachment=attachment_of(outgoing.payload),
        attachments=attachments_of(outgoing.payload),
    )


def attachments_of(payload: Mapping[str, Any] | None) -> tuple[Attachment, ...]:
    """`payload["attachments"]`: a list of what `attachment_of` reads, each in turn."""
    values = (payload or {}).get("attachments") or ()
    found = (attachment_of({"attachment": value}) for value in values)
    return tuple(a for a in found if a is not None)


def attachment_of(payload: Mapping[str, Any] | None) -> Attachment | None:
    """`payload["attachment"]`: (name, bytes, type) in memory, or, as the outbox stores it,
    {"name": …, "path": …, "mime_type": …} (the type guessed from the name when absent).
    Raises ValueError for a file that cannot be read."""
    value = (payload or {}).get("attachment")
    if value is None:
        return None
    if isinstance(value, tuple | list) and len(value) == 3 and isinstance(value[1], bytes):
        return (str(value[0]), value[1], str(value[2]))
    if isinstance(value, Mapping) and value.get("path"):
        path = Path(str(value["path"]))
        name = str(value.get("name") or path.name)
        mime_type = value.get("mime_type") or mimetypes.guess_type(name)[0]
        try:
            stat = path.stat()
            content = _file_bytes(str(path), stat.st_mtime_ns, stat.st_size)
        except OSError as exc:
            raise ValueError(f"the attachment {name!r} cannot be read: {exc}") from exc
        return (name, content, str(mime_type or "application/octet-stream"))
    raise ValueError(f"the attachment {value!r} is neither (name, bytes, type) nor a path")


@functools.lru_cache(maxsize=32)
def _file_bytes(path: str, mtime_ns: int, size: int) -> bytes:
    # A step's form goes with each of its units' e-mails: read once while it is unchanged.
    return Path(path).read_bytes()


async def _close(client: aiosmtplib.SMTP) -> None:
    try:
        await client.quit()
    except (aiosmtplib.SMTPException, OSError):
        client.close()


def _build_tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    if settings.ca_file:
        context.load_verify_locations(cafile=settings.ca_file)
    if not settings.validate_certs:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _describe(exc: BaseException) -> str:
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused) and exc.recipients:
        exc = exc.recipients[0]
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return f"{exc.code} {exc.message}"
    return str(exc) or type(exc).__name__


# --- the former interface ---------------------------------------------------------------------


async def send_batch(settings: SmtpSettings, mails: Sequence[OutgoingEmail]) -> list[SendResult]:
    """Send `mails` with `EmailChannel`; never raises for a delivery problem.

    Results come back in input order. `permanent` marks failures a retry cannot fix; a
    CONFIG outcome is not permanent (the message waits until the setting is fixed).
    """
    outgoing = [
        Outgoing(
            id=index,
            key=mail.key,
            address=mail.to_address,
            name=mail.to_name,
            subject=mail.subject,
            text=mail.text,
            html=mail.html,
            payload={"attachment": mail.attachment} if mail.attachment else None,
        )
        for index, mail in enumerate(mails)
    ]
    results: dict[int, Result] = {}

    async def keep(result: Result) -> None:
        results[result.id] = result

    await EmailChannel(settings).send(outgoing, keep)
    return [
        SendResult(
            key=mail.key,
            ok=results[index].delivery is Delivery.SENT,
            permanent=results[index].delivery is Delivery.FAILED,
            error=results[index].error,
            message_id=message_id_for(mail.key),
        )
        for index, mail in enumerate(mails)
    ]
