"""Delivery: the outbox's messages to their channels, settled one by one, with fallbacks.

One run, for each channel (Zalo first, so that a number not on Zalo falls back to e-mail in
the same run): claim a batch, hand it to the channel, settle each message as the channel
reports it. A channel goes on with a connection only once its last answer is committed (a
writer commits whatever has been reported since its last commit), so a crash loses at most one
answer per connection: those messages go again in the next run, under the same key. Before
any of it, the notices of the day are gathered into one digest per recipient
(`ledger.digests`) — only in office hours on working days; outside them only urgent messages
go. A channel that cannot work (a refused login, no quota, a broken Zalo token chain) keeps
its messages pending and alerts the office by e-mail.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from calendars.business_time import business_date
from ledger.audit import Actor
from ledger.claims import Claimer, claimer
from ledger.db import Sessions, transaction
from ledger.digests import Compose, Composed, Item, gather
from ledger.models import OutboxKind, OutboxMessage, OutboxStatus
from ledger.outbox import (
    Claimed,
    Recorder,
    Settled,
    claim,
    move_to_fallback,
    queue_alert,
    release_expired,
    release_unknown,
)
from notifications.channels import (
    EMAIL,
    ZALO_OA,
    ZALO_ZNS,
    Category,
    Channel,
    Delivery,
    Outgoing,
    Result,
    mask_address,
)
from notifications.digest import DigestItem, render_alert, render_digest
from notifications.render import TemplateSet
from notifications.timing import OfficeHours, in_office_hours, next_send_at
from tasks.runlog import ACTION_LABELS, OUTCOME, OUTCOME_LABELS, StepLog

logger = logging.getLogger(__name__)

ORDER = (ZALO_ZNS, ZALO_OA, EMAIL)  # e-mail last: it takes the other channels' fallbacks
# What the provider may have taken: the channel waits for these answers to be on record.
TAKEN = frozenset({Delivery.SENT, Delivery.UNKNOWN})
CLAIM = 1000  # messages claimed at a time: a batch's bytes (≈ 6 MB of e-mail) held in memory
CHANNEL_NAMES = {EMAIL: "e-mail", ZALO_ZNS: "Zalo ZNS", ZALO_OA: "Zalo OA"}


class Timing:
    """When messages may go: working days, inside office hours (Vietnamese time)."""

    def __init__(
        self,
        in_hours: Callable[[datetime], bool],
        day_start: Callable[[datetime], datetime],
        next_start: Callable[[datetime], datetime],
    ) -> None:
        self.in_hours = in_hours
        self.day_start = day_start  # when the office's sending began on the day of an instant
        self.next_start = next_start  # when sending begins on the next working day


# kind, reason, day → (subject, text, html) of an alert to the office
AlertText = Callable[[str, str, date], tuple[str, str, str | None]]


@dataclass
class Dispatch:
    """What a delivery run works with: the configured channels and the office's rules."""

    channels: Mapping[str, Channel]
    office: Sequence[tuple[str, str]] = ()  # (name, e-mail address): who hears of alerts
    timing: Timing | None = None  # None: any time (tests and one-off runs)
    compose_digest: Compose | None = None  # None: every notice goes on its own
    alert_text: AlertText | None = None
    alerts: list[tuple[str, str]] = field(default_factory=list)  # (kind, reason) raised


async def deliver(
    sessions: Sessions, dispatch: Dispatch, now: datetime, batch: int = CLAIM
) -> StepLog:
    """Send what the outbox holds, channel by channel; report what each message became."""
    log = StepLog()
    with claimer(sessions) as owner:
        return await _deliver(sessions, dispatch, now, batch, owner, log)


async def _deliver(
    sessions: Sessions,
    dispatch: Dispatch,
    now: datetime,
    batch: int,
    owner: Claimer,
    log: StepLog,
) -> StepLog:
    actor = Actor("flow:deliver", now)
    day = business_date(now)
    with transaction(sessions) as session:
        again = release_unknown(session, now)
        released = release_expired(session, now)
    log.add("reconciled", len(again))
    log.add("released", released)
    usable = set(dispatch.channels)
    # First, what waits on a channel with no settings moves on if it can — before the digests
    # are gathered, so that what moved is gathered too (one message per recipient and day).
    for name in ORDER:
        if name not in usable:
            with transaction(sessions) as session:
                _unconfigured(session, actor, name, usable, log)
    in_hours = dispatch.timing is None or dispatch.timing.in_hours(now)
    _gather(sessions, dispatch, actor, day, in_hours, log)
    fell_back = False
    for name in ORDER:
        channel = dispatch.channels.get(name)
        if channel is None:
            continue
        if fell_back:
            # What an earlier channel handed over joins its recipient's day on this one: one
            # digest, not one message per item that fell back.
            _gather(sessions, dispatch, actor, day, in_hours, log)
            fell_back = False
        while True:
            owner.check()
            with transaction(sessions) as session:
                claimed = claim(
                    session, now, name, batch, urgent_only=not in_hours, owner=str(owner)
                )
            if not claimed:
                break
            settled = await _send(sessions, actor, channel, claimed, log, str(owner))
            fell_back = fell_back or bool(settled.fallbacks)
            if settled.config:
                reason = settled.config[0][1]
                kind = _config_alert(name, settled.config_category)
                _alert(sessions, dispatch, actor, kind, kind, reason, day)
                log.row(_alert_row(name, reason))
                break  # the rest of this channel waits for the settings to be fixed
            if settled.unreachable:
                _unreachable(sessions, dispatch, actor, settled.unreachable, day, log)
    if not in_hours and usable:
        # Waiting for office hours on a channel that could send them (the others are waiting).
        quiet = _count(sessions, OutboxMessage.urgent.is_(False), OutboxMessage.channel.in_(usable))
        log.add("quiet-hours", quiet)
    # Waiting for a later attempt; those this run itself put back are counted already.
    later = _count(sessions, OutboxMessage.next_attempt_at > now)
    counted = sum(log.counts.get(name, 0) for name in ("retry", "held-config", "deferred"))
    log.add("backing-off", max(later - counted, 0))
    return log


def _gather(
    sessions: Sessions, dispatch: Dispatch, actor: Actor, day: date, in_hours: bool, log: StepLog
) -> None:
    """Each recipient's notices of the day into one digest, when the office sends digests and
    it is office hours (outside them only urgent messages go, each on its own)."""
    if dispatch.compose_digest is None or dispatch.timing is None or not in_hours:
        return
    with transaction(sessions) as session:
        gathered = gather(
            session,
            actor,
            day,
            dispatch.timing.day_start(actor.now),
            dispatch.timing.next_start(actor.now),
            dispatch.compose_digest,
        )
    log.add("digests", gathered.digests)
    log.add("digested", gathered.items + gathered.joined)
    log.add("deferred", gathered.deferred)


def _count(sessions: Sessions, *where: ColumnElement[bool]) -> int:
    with transaction(sessions) as session:
        found = session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.PENDING, *where)
        )
    return int(found or 0)


def _outgoing(c: Claimed) -> Outgoing:
    return Outgoing(
        c.id,
        c.dedupe_key,
        c.recipient,
        c.recipient_name,
        c.subject,
        c.body_text,
        c.body_html,
        c.payload,
        c.raw,
    )


async def _send(
    sessions: Sessions,
    actor: Actor,
    channel: Channel,
    claimed: Sequence[Claimed],
    log: StepLog,
    owner: str | None = None,
) -> Settled:
    """Send one claimed batch; each result is on record before the channel goes on.

    A channel awaits `report` once per message and sends its connection's next message only
    once that await returns — for a message the provider took (`TAKEN`), once its answer is
    committed — so a kill can leave at most one message per connection taken by the provider
    and not recorded (sent again in the next run, under the same key). The writer
    commits whatever has been reported since its last commit: the answers of the connections
    that finished while one commit was running go in the next one, so a commit (an fsync) is
    shared by the connections rather than paid per message.
    """
    total = Settled()
    waiting: list[tuple[Result, asyncio.Future[None] | None]] = []
    wake = asyncio.Event()
    finished = False
    failed: BaseException | None = None
    by_id = {c.id: c for c in claimed}

    digests = {c.id for c in claimed if c.kind == OutboxKind.DIGEST}

    recorder = Recorder(sessions)

    def commit(group: list[Result]) -> Settled:
        return recorder.settle(actor, group, digests, owner)

    async def writer() -> None:
        nonlocal failed
        while True:
            await wake.wait()
            wake.clear()
            while waiting:
                group = waiting[:]
                waiting.clear()
                try:
                    settled = await asyncio.to_thread(commit, [result for result, _ in group])
                except BaseException as error:
                    failed = error
                    for _, done in group + waiting:
                        if done is not None and not done.done():
                            done.set_exception(error)
                    waiting.clear()
                    raise
                _merge(total, settled)
                for result, done in group:
                    _delivery_row(log, by_id[result.id], result, settled)
                    if done is not None and not done.done():
                        done.set_result(None)
            if finished:
                return

    async def report(result: Result) -> None:
        if failed is not None:
            raise failed
        if result.delivery not in TAKEN:
            # Not taken by the provider: a lost answer only means it is tried again. The
            # channel goes on (a server that is down reports a whole batch at once).
            waiting.append((result, None))
            wake.set()
            return
        done = asyncio.get_running_loop().create_future()
        waiting.append((result, done))
        wake.set()
        await done

    task = asyncio.create_task(writer())
    try:
        await channel.send([_outgoing(c) for c in claimed], report)
    except Exception as error:
        if not getattr(error, "chain_broken", False):
            raise
        # Zalo's token chain broke: the channel reported every message CONFIG (kept pending);
        # an OA admin must authorise again, and the office hears of it.
        total.config_category = total.config_category or Category.AUTH.value
        total.config.append((claimed[0].id, str(error)))
    finally:
        finished = True
        wake.set()
        try:
            await task
        finally:
            recorder.close()
    for name, n in total.counts.items():
        log.add(name, n)
    return total


def _merge(total: Settled, part: Settled) -> None:
    for name, n in part.counts.items():
        total.add(name, n)
    total.fallbacks.update(part.fallbacks)
    total.unreachable += part.unreachable
    total.config += part.config
    total.config_category = total.config_category or part.config_category


_OUTCOMES = {
    Delivery.SENT: OUTCOME_LABELS["sent"],
    Delivery.RETRY: "sẽ gửi lại: ",
    Delivery.FAILED: "lỗi vĩnh viễn: ",
    Delivery.CONFIG: "chờ sửa cấu hình kênh: ",
    Delivery.UNKNOWN: "chưa rõ kết quả, sẽ đối soát: ",
}


def _delivery_row(log: StepLog, c: Claimed, result: Result, settled: Settled) -> None:
    outcome = _OUTCOMES[result.delivery]
    if result.delivery is not Delivery.SENT:
        outcome += result.error or ""
    if c.id in settled.fallbacks:
        outcome += " — chuyển sang kênh dự phòng"
    elif c.id in settled.unreachable:
        outcome += " — KHÔNG CÒN KÊNH NÀO KHÁC để gửi"
    channel = CHANNEL_NAMES.get(c.channel, c.channel)
    log.delivery(
        c.id,
        {
            "Đơn vị": c.recipient_name or "",
            "Loại": "",
            "Nội dung": c.subject,
            "Kỳ": "",
            "Hạn gửi": "",
            "Việc": ACTION_LABELS["deliver"] + ("" if c.channel == EMAIL else f" ({channel})"),
            "Gửi tới": mask_address(c.recipient),
            OUTCOME: outcome,
        },
    )


def _unconfigured(
    session: Session, actor: Actor, name: str, usable: set[str], log: StepLog
) -> None:
    """A channel with no settings: its messages with a configured channel next move there; the
    rest wait (reported), and go once the channel is configured."""
    reason = f"kênh {CHANNEL_NAMES.get(name, name)} chưa được cấu hình"
    log.add("fallback", move_to_fallback(session, actor, name, reason, usable))
    waiting = set(
        session.scalars(
            select(OutboxMessage.id).where(
                OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.channel == name
            )
        )
    )
    log.waiting |= waiting
    log.add("waiting", len(waiting))


def _config_alert(channel: str, category: str | None) -> str:
    """The alert a channel that cannot work raises (the alert templates' kinds)."""
    if channel == EMAIL:
        return "smtp-auth"
    if category == Category.QUOTA:
        return "zalo-quota"
    if category == Category.AUTH:
        return "zalo-token"
    return f"{channel}-config"


def _alert(
    sessions: Sessions,
    dispatch: Dispatch,
    actor: Actor,
    kind: str,
    dedupe: str,
    reason: str,
    day: date,
) -> None:
    """Tell the office, once per alert and day: in the log, and by e-mail when it has one."""
    dispatch.alerts.append((kind, reason))
    logger.error("kênh gửi cần người xử lý (%s): %s", kind, reason)
    if not dispatch.office or dispatch.alert_text is None:
        return
    subject, text, html = dispatch.alert_text(kind, reason, day)
    with transaction(sessions) as session:
        queue_alert(session, actor, dedupe, day, subject, text, html, dispatch.office)


def _alert_row(name: str, reason: str) -> dict[str, str]:
    return {
        "Đơn vị": "Văn phòng",
        "Việc": f"CẢNH BÁO: kênh {CHANNEL_NAMES.get(name, name)} không gửi được",
        OUTCOME: f"các tin còn lại giữ nguyên trong hàng đợi; {reason}",
    }


def _unreachable(
    sessions: Sessions,
    dispatch: Dispatch,
    actor: Actor,
    ids: Sequence[int],
    day: date,
    log: StepLog,
) -> None:
    with transaction(sessions) as session:
        names = session.execute(
            select(OutboxMessage.recipient_name, OutboxMessage.recipient).where(
                OutboxMessage.id.in_(list(ids))
            )
        ).all()
    who = "; ".join(sorted({f"{n or ''} ({mask_address(a)})" for n, a in names}))
    log.add("unreachable-recipients", len(ids))
    _alert(
        sessions,
        dispatch,
        actor,
        "no-channel",
        f"no-channel-{min(ids)}",
        f"không còn kênh nào liên lạc được: {who}",
        day,
    )


def digest_composer(templates: TemplateSet | None = None) -> Compose:
    """Digests rendered by `notifications.digest` from the items stored with each notice."""

    def compose(channel: str, name: str, items: Sequence[Item], day: date) -> Composed | None:
        found = [i.payload["item"] for i in items if i.payload and "item" in i.payload]
        if len(found) != len(items):
            return None  # queued before digests existed: each goes as it was written
        message = render_digest(
            name, [DigestItem.from_json(item) for item in found], day, channel, templates
        )
        if message is None:
            return None
        return Composed(message.subject, message.text, message.html, message.payload)

    return compose


def office_timing(
    is_working_day: Callable[[date], bool], hours: OfficeHours, *, always: bool = False
) -> Timing:
    """Office hours on the catalogue's working days, as `Dispatch` asks them (`always`: any
    hour counts as inside them; the day still begins at their start, for the digests)."""

    def day_start(now: datetime) -> datetime:
        day = business_date(now)
        return datetime.combine(day, hours.start, tzinfo=ZoneInfo(hours.tz)).astimezone(UTC)

    def next_start(now: datetime) -> datetime:
        local = now.astimezone(ZoneInfo(hours.tz))
        after_today = datetime.combine(local.date(), hours.end, tzinfo=ZoneInfo(hours.tz))
        return next_send_at(max(now, after_today.astimezone(UTC)), is_working_day, hours)

    def in_hours(now: datetime) -> bool:
        return always or in_office_hours(now, is_working_day, hours)

    return Timing(in_hours, day_start, next_start)


def alert_text(kind: str, reason: str, day: date) -> tuple[str, str, str | None]:
    return render_alert(kind, reason, day)
