"""The notifications layer's own message types: what a notice says and to whom.

The ledger decides notices; the tasks layer turns a decision into a `Notice`, and this layer
renders it into `RenderedMessage`s. Nothing here knows the ledger's tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

EMAIL = "email"
ZALO_ZNS = "zalo-zns"  # the names of notifications/channels.py, which this module may not need
ZALO_OA = "zalo-oa"
DEFAULT_ORDER = (EMAIL, ZALO_ZNS, ZALO_OA)  # e-mail first: what every plan had before Zalo


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str | None = None
    zalo: str | None = None  # a mobile number, 84xxxxxxxxx (Zalo ZNS)
    zalo_user_id: str | None = None  # a follower of the office's Official Account (Zalo OA)
    channels: tuple[str, ...] = ()  # in order of preference; () = `DEFAULT_ORDER`


def preferred_channels(
    email: str | None,
    zalo: str | None,
    zalo_user_id: str | None,
    channels: Sequence[str] = (),
) -> tuple[tuple[str, str], ...]:
    """(channel, address) in the order a recipient is to be tried, among those it has an
    address for: its own order when it gives one, else e-mail, Zalo ZNS, Zalo OA.

    >>> preferred_channels("a@b.vn", "84912345678", None)
    (('email', 'a@b.vn'), ('zalo-zns', '84912345678'))
    >>> preferred_channels("a@b.vn", "84912345678", "1234567", ("zalo-oa", "email"))
    (('zalo-oa', '1234567'), ('email', 'a@b.vn'))
    """
    addresses = {EMAIL: email, ZALO_ZNS: zalo, ZALO_OA: zalo_user_id}
    found: list[tuple[str, str]] = []
    for channel in channels or DEFAULT_ORDER:
        address = addresses.get(channel)
        if address and all(channel != seen for seen, _ in found):
            found.append((channel, address))
    return tuple(found)


@dataclass(frozen=True)
class TaskSummary:
    """What a message about a task needs to say (the templates call it `task`)."""

    id: int
    obligation_name: str
    unit_name: str
    owner_name: str
    occurrence_label: str  # "Tháng 1/2024", "Quý II/2024", "Đại lễ Phật đản PL 2568 – DL 2024"
    window_start: date | None  # a report's data window
    window_end: date | None
    due_on: date
    family: str = "periodic-report"
    step_kind: str = "report"
    step_name: str = ""  # the step asked for ("Kế hoạch thăm, chúc mừng"); a report: its name
    event: bool = False  # a meeting or a visit, held on a day


@dataclass(frozen=True)
class Notice:
    """One notice of a task's chase, to one or more recipients."""

    template: str  # open | remind | overdue | escalate-head | escalate-supervisor | moved
    stage: str  # the chase stage (before-3, overdue-1, escalate-2 …), named in the footer
    task: TaskSummary
    as_of: date
    recipients: tuple[Recipient, ...] = ()
    workdays_late: int = 0  # working days past the deadline on `as_of`
    reason: str = ""  # why the occurrence was moved (a `moved` notice)
    # The signed links of the task (ledger/links.py): (đã nhận, đã nộp); None: no links.
    links: tuple[str, str] | None = None


@dataclass(frozen=True)
class RenderedMessage:
    """One message of a notice, ready for the outbox (rendered before the transaction ends)."""

    channel: str
    recipient_name: str
    address: str
    subject: str
    text: str
    html: str | None
    payload: dict[str, Any] | None = None  # a Zalo ZNS template's id and parameters
    # The same message on the recipient's next channels, in order: sent when this one fails.
    fallbacks: tuple[RenderedMessage, ...] = ()
    raw: bytes | None = None  # an e-mail serialised when queued (`notifications.email.serialise`)
