"""The contract every channel keeps (e-mail, Zalo ZNS, Zalo OA): send a batch, say per message.

A channel is handed messages claimed from the outbox and reports each one as soon as it knows
— not after the batch — and awaits the report (which returns once the answer is on record)
before it sends that connection's next message: a crash mid-batch re-sends at most one message
per connection that the provider had accepted, under the same key. Pure types: no I/O here,
and cheap to import.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

EMAIL = "email"
ZALO_ZNS = "zalo-zns"  # a registered template to a phone number
ZALO_OA = "zalo-oa"  # a message to a user who follows the office's Official Account
CHANNELS = (EMAIL, ZALO_ZNS, ZALO_OA)


class Delivery(StrEnum):
    SENT = "sent"  # the provider took it (its id in `provider_id`)
    RETRY = "retry"  # a passing fault: try again after a backoff
    FAILED = "failed"  # for good, for this recipient on this channel: fall back to the next
    CONFIG = "config"  # the channel itself cannot work (credentials, billing): keep it, alert
    UNKNOWN = "unknown"  # handed over, answer lost: reconcile before sending it again


class Category(StrEnum):
    """Why a provider refused a message (Zalo's error codes, SMTP's reply codes, mapped)."""

    AUTH = "auth"
    RECIPIENT = "recipient"
    QUOTA = "quota"
    CONFIG = "config"
    TRANSIENT = "transient"
    # The provider cannot be reached at all (a server down, a network cut): no fault of the
    # message, so its retries are not counted against it — an outage of days loses nothing.
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class Outgoing:
    """One claimed outbox row, as a channel needs it."""

    id: int
    key: str  # the dedupe key: a retry of the same message carries the same key
    address: str  # an e-mail address, a phone number (84…), a Zalo user id
    name: str | None
    subject: str
    text: str
    html: str | None = None
    payload: Mapping[str, Any] | None = None  # a Zalo template's parameters; an attachment
    raw: bytes | None = None  # an e-mail serialised when it was queued


@dataclass(frozen=True)
class Result:
    id: int
    delivery: Delivery
    provider_id: str | None = None
    error: str | None = None
    category: Category | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)  # e.g. the quota the provider read


Report = Callable[[Result], Awaitable[None]]


class Channel(Protocol):
    name: str

    async def send(self, batch: Sequence[Outgoing], report: Report) -> None:
        """Send `batch`, awaiting `report` once per message as its outcome is known, and
        going on with that connection (or worker) only once the await has returned; reports
        of several connections may be awaited at the same time.

        Never raises for a delivery problem: a message the channel could not try is reported
        RETRY (or CONFIG), never left out.
        """
        ...


def mask_phone(phone: str) -> str:
    """84987654321 → ********321: logs and artifacts show only the last three digits."""
    digits = str(phone)
    return "*" * max(len(digits) - 3, 0) + digits[-3:]


def mask_address(address: str) -> str:
    """An e-mail address is shown as it is (the catalogue prints them); a phone masked."""
    return address if "@" in address else mask_phone(address)
