"""The e-mail channel: build reminder messages and send a batch over one SMTP connection."""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import logging
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy
from typing import Any

import aiosmtplib
import email_validator

from notifications.config import SmtpSecurity, SmtpSettings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutgoingEmail:
    key: str
    to_address: str
    to_name: str | None
    subject: str
    text: str
    html: str | None = None


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


class _Encoded(str):
    """A header value already in RFC 2047 encoded words, folded: written out as it is."""


class _Policy(EmailPolicy):
    """email.policy.default, except that an `_Encoded` value is kept as given.

    Python 3.11's folder drops a space that falls where it splits a long non-ASCII Subject
    into encoded words ("Thông báo kết luận" arrives as "Thông báokết luận"): RFC 2047 makes
    readers ignore whitespace between encoded words, so each space must be inside one.
    `email.header.Header` keeps it inside.
    """

    def header_store_parse(self, name: str, value: Any) -> tuple[str, Any]:
        if isinstance(value, _Encoded):
            return (name, str(value))
        return super().header_store_parse(name, value)


POLICY = _Policy()


def encoded_subject(subject: str) -> str:
    """The Subject as folded encoded words, every space inside one (plain ASCII stays plain)."""
    return Header(_one_line(subject), "utf-8", header_name="Subject").encode()


def build_message(settings: SmtpSettings, mail: OutgoingEmail) -> EmailMessage:
    # email.policy.default encodes only the display name as RFC 2047 words; compat32 would
    # encode the whole "Tên <addr>" and break the address.
    message = EmailMessage(policy=POLICY)
    message["Subject"] = _Encoded(encoded_subject(mail.subject))
    message["From"] = Address(
        display_name=_one_line(settings.sender_name), addr_spec=settings.sender_address
    )
    message["To"] = Address(
        display_name=_one_line(mail.to_name or ""),
        addr_spec=_envelope_address(mail.to_address),
    )
    message["Date"] = email.utils.format_datetime(datetime.now(UTC))
    message["Message-ID"] = message_id_for(mail.key)
    message["X-Dondoc-Key"] = mail.key
    # RFC 3834: tells vacation responders and mailing lists not to answer a robot.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.text, charset="utf-8")
    if mail.html is not None:
        message.add_alternative(mail.html, subtype="html", charset="utf-8")
    return message


async def send_batch(settings: SmtpSettings, mails: Sequence[OutgoingEmail]) -> list[SendResult]:
    """Send `mails` over one connection; never raises for a delivery problem.

    Results come back in input order. `permanent` marks failures a retry cannot fix.
    """
    results: list[SendResult | None] = [None] * len(mails)
    ready: list[_Prepared] = []
    for index, mail in enumerate(mails):
        try:
            recipient = _envelope_address(mail.to_address)
            ready.append(_Prepared(index, mail, recipient, build_message(settings, mail)))
        except ValueError as exc:  # InvalidAddress, or a header Python refuses to write
            results[index] = _failure(mail, str(exc), permanent=True)

    if ready:
        await _deliver(settings, ready, results)

    assert all(result is not None for result in results)
    return [result for result in results if result is not None]


@dataclass(frozen=True)
class _Prepared:
    index: int
    mail: OutgoingEmail
    recipient: str
    message: EmailMessage


# The first connection and one reconnect after a drop; more would hammer a failing relay.
_MAX_CONNECTIONS_PER_BATCH = 2


class _ConnectionFailed(Exception):
    def __init__(self, error: str, *, permanent: bool) -> None:
        super().__init__(error)
        self.error = error
        self.permanent = permanent


async def _deliver(
    settings: SmtpSettings, ready: list[_Prepared], results: list[SendResult | None]
) -> None:
    tls_context = await _tls_context(settings)
    client: aiosmtplib.SMTP | None = None
    connections = 0
    lost = ""
    position = 0
    try:
        while position < len(ready):
            item = ready[position]
            if client is None:
                if connections == _MAX_CONNECTIONS_PER_BATCH:
                    error = f"connection lost: {lost}"
                    _fail_rest(ready[position:], results, error, permanent=False)
                    return
                connections += 1
                try:
                    client = await _connect(settings, tls_context)
                except _ConnectionFailed as exc:
                    logger.warning("SMTP %s:%s unusable: %s", settings.host, settings.port, exc)
                    _fail_rest(ready[position:], results, exc.error, permanent=exc.permanent)
                    return

            try:
                await client.send_message(
                    item.message, sender=settings.sender_address, recipients=[item.recipient]
                )
            except (aiosmtplib.SMTPException, OSError, ValueError) as exc:
                permanent = _is_permanent(exc)
                if not client.is_connected:
                    client, lost = None, _describe(exc)
                    logger.info("SMTP connection lost: %s", lost)
                    if not permanent:
                        # Dropped, timed out or 421: the server may or may not have kept
                        # this message. Resend it; its stable Message-ID gives it away.
                        continue
                results[item.index] = _failure(item.mail, _describe(exc), permanent=permanent)
                position += 1
                continue
            results[item.index] = SendResult(
                key=item.mail.key,
                ok=True,
                permanent=False,
                error=None,
                message_id=message_id_for(item.mail.key),
            )
            position += 1
    except BaseException:
        # Cancelled or a bug: drop the socket rather than wait for a polite QUIT.
        if client is not None:
            client.close()
        raise
    if client is not None:
        await _close(client)


def _fail_rest(
    rest: Sequence[_Prepared], results: list[SendResult | None], error: str, *, permanent: bool
) -> None:
    for item in rest:
        results[item.index] = _failure(item.mail, error, permanent=permanent)


async def _connect(settings: SmtpSettings, tls_context: ssl.SSLContext | None) -> aiosmtplib.SMTP:
    client = aiosmtplib.SMTP(
        hostname=settings.host,
        port=settings.port,
        timeout=settings.timeout_seconds,
        use_tls=settings.security is SmtpSecurity.SSL,
        # False, not None: None would upgrade whenever offered, and fail on a plain server
        # with a self-signed certificate that the operator explicitly chose not to use.
        start_tls=settings.security is SmtpSecurity.STARTTLS,
        tls_context=tls_context,
    )
    try:
        await client.connect()
    except (aiosmtplib.SMTPException, OSError) as exc:
        client.close()
        raise _ConnectionFailed(f"cannot connect: {_describe(exc)}", permanent=False) from exc

    if settings.username:
        password = settings.password.get_secret_value() if settings.password else ""
        try:
            await client.login(settings.username, password)
        except aiosmtplib.SMTPResponseException as exc:
            await _close(client)
            raise _ConnectionFailed(
                f"login refused: {_describe(exc)}", permanent=_is_permanent(exc)
            ) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            client.close()
            raise _ConnectionFailed(f"cannot log in: {_describe(exc)}", permanent=False) from exc
    return client


async def _close(client: aiosmtplib.SMTP) -> None:
    try:
        await client.quit()
    except (aiosmtplib.SMTPException, OSError):
        client.close()


async def _tls_context(settings: SmtpSettings) -> ssl.SSLContext | None:
    if settings.security is SmtpSecurity.NONE:
        return None
    # Built once per batch and shared by the reconnect: loading the system trust store
    # is file I/O, so it runs off the event loop.
    return await asyncio.to_thread(_build_tls_context, settings)


def _build_tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    if settings.ca_file:
        context.load_verify_locations(cafile=settings.ca_file)
    if not settings.validate_certs:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _checked_address(address: str) -> email_validator.ValidatedEmail:
    try:
        return email_validator.validate_email(address, check_deliverability=False)
    except email_validator.EmailNotValidError as exc:
        raise InvalidAddress(f"{address!r} is not a valid e-mail address: {exc}") from exc


def _envelope_address(address: str) -> str:
    checked = _checked_address(address)
    # The ASCII form (punycode domain) needs no SMTPUTF8; it is None only for a
    # non-ASCII local part, which then has to travel as UTF-8.
    return checked.ascii_email or checked.normalized


def _one_line(value: str) -> str:
    # Rendered templates often end in a newline, which a header may not contain.
    return " ".join(value.split())


def _failure(mail: OutgoingEmail, error: str, *, permanent: bool) -> SendResult:
    return SendResult(
        key=mail.key,
        ok=False,
        permanent=permanent,
        error=error,
        message_id=message_id_for(mail.key),
    )


def _reply_code(exc: BaseException) -> int | None:
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused) and exc.recipients:
        return exc.recipients[0].code
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return exc.code
    return None


def _is_permanent(exc: BaseException) -> bool:
    code = _reply_code(exc)
    if code is not None:
        return 500 <= code < 600
    # A non-ASCII mailbox to a server without SMTPUTF8, or an address aiosmtplib will not
    # put on a command line: the same message would fail the same way next time.
    return isinstance(exc, aiosmtplib.SMTPNotSupported | ValueError)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused) and exc.recipients:
        exc = exc.recipients[0]
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return f"{exc.code} {exc.message}"
    return str(exc) or type(exc).__name__


class EmailChannel:
    """The e-mail channel (`notifications.channels.Channel`) over `send_batch`."""

    name = "email"

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    async def send(self, batch: Sequence[Any], report: Any) -> None:
        from notifications.channels import Category, Delivery, Result

        mails = [OutgoingEmail(o.key, o.address, o.name, o.subject, o.text, o.html) for o in batch]
        for item, r in zip(batch, await send_batch(self.settings, mails), strict=True):
            delivery = Delivery.SENT if r.ok else Delivery.FAILED if r.permanent else Delivery.RETRY
            down = (r.error or "").startswith(("cannot connect", "connection lost"))
            category = Category.UNAVAILABLE if down else None
            await report(Result(item.id, delivery, r.message_id, r.error, category))
