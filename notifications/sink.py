"""A local SMTP server that files every message as an .eml file, for demos without a relay."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import re
import tempfile
import threading
from datetime import UTC, datetime
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from pathlib import Path
from types import TracebackType
from typing import Self

from aiosmtpd.smtp import SMTP, Envelope, Session

logger = logging.getLogger(__name__)

_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class MailSink:
    """Accepts mail on loopback and writes one `.eml` file per recipient.

    A message is on disk (fsynced, renamed into place) before the server answers 250, so
    whatever the sender was told is delivered survives a crash of the sink. One sink owns
    its directory: file names are made unique within this process only.
    """

    def __init__(self, directory: Path, host: str = "127.0.0.1", port: int = 1025) -> None:
        self._directory = Path(directory)
        self._host = host
        self._requested_port = port
        self._bound_port: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def directory(self) -> Path:
        return self._directory

    @property
    def host(self) -> str:
        return self._host

    @property
    def port(self) -> int:
        """The port actually listened on (the free one chosen when 0 was asked for)."""
        if self._bound_port is None:
            raise RuntimeError("the mail sink is not running")
        return self._bound_port

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the mail sink is already running")
        self._directory.mkdir(parents=True, exist_ok=True)
        started = threading.Event()
        failure: list[BaseException] = []
        # Its own loop on its own thread: the sink then works the same from a CLI, from
        # synchronous code and next to a caller's running event loop.
        self._thread = threading.Thread(
            target=self._serve, args=(started, failure), name="dondoc-mail-sink", daemon=True
        )
        self._thread.start()
        started.wait()
        if failure:
            self._thread.join()
            self._thread = None
            raise failure[0]
        logger.info("mail sink on %s:%s writing to %s", self._host, self.port, self._directory)

    def stop(self) -> None:
        if self._thread is None or self._loop is None:
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._thread = None
        self._loop = None
        self._bound_port = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _serve(self, started: threading.Event, failure: list[BaseException]) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        handler = _WriteToDirectory(self._directory)
        try:
            server = loop.run_until_complete(
                loop.create_server(
                    # An explicit hostname spares a socket.getfqdn() DNS lookup per connection.
                    lambda: SMTP(handler, hostname="dondoc-sink", enable_SMTPUTF8=True, loop=loop),
                    host=self._host,
                    port=self._requested_port,
                )
            )
            self._bound_port = server.sockets[0].getsockname()[1]
        except BaseException as exc:
            failure.append(exc)
            loop.close()
            started.set()
            return

        self._loop = loop
        started.set()
        try:
            loop.run_forever()
        finally:
            server.close()
            # Sessions still open never got a 250 for unfinished messages, so cancelling
            # them loses nothing that was acknowledged.
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(server.wait_closed())
            loop.close()


class _WriteToDirectory:
    def __init__(self, directory: Path) -> None:
        self._directory = directory

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        try:
            for recipient in envelope.rcpt_tos:
                self._store(envelope.mail_from or "", recipient, content)
        except OSError as exc:
            logger.error("mail sink cannot store a message: %s", exc)
            # A 4xx keeps the message the sender's responsibility: it will try again.
            return "451 4.3.0 Cannot store the message, try again later"
        return "250 2.0.0 Stored"

    def _store(self, sender: str, recipient: str, content: bytes) -> Path:
        # Written synchronously on the loop thread, which serialises writers and makes the
        # name check below race-free; a demo sink does not need concurrent disk writes.
        headers = BytesHeaderParser(policy=default_policy).parsebytes(content)
        target = self._unique_name(_short_key(headers.get("X-Dondoc-Key"), content))
        trace = f"Return-Path: <{sender}>\r\nDelivered-To: {recipient}\r\n".encode()
        descriptor, temporary = tempfile.mkstemp(
            dir=self._directory, prefix=".incoming-", suffix=".tmp"
        )
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(trace)
                file.write(content)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _fsync_directory(self._directory)
        return target

    def _unique_name(self, short_key: str) -> Path:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%SZ")
        stem = f"{stamp}-{short_key}"
        name = f"{stem}.eml"
        counter = 1
        while (self._directory / name).exists():
            counter += 1
            name = f"{stem}-{counter}.eml"
        return self._directory / name


def _short_key(key: object, content: bytes) -> str:
    if isinstance(key, str) and key:
        readable = _UNSAFE_IN_NAME.sub("-", key).strip("-.")[:40]
        if readable:
            return readable
    return hashlib.sha256(content).hexdigest()[:12]


def _fsync_directory(directory: Path) -> None:
    # The rename is durable only once the directory entry itself reaches the disk.
    if not hasattr(os, "O_DIRECTORY"):
        return
    descriptor = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
