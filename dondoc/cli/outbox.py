"""`dondoc outbox` and `dondoc outbox retry`: what the outbox holds, and failed messages sent
again once the settings are fixed.

Phone numbers are masked wherever they are printed, the JSON included; catalogue text (a
subject, a provider's error) is printed as text, never read as markup, control characters
dropped — a subject may hold "[bold]" or a terminal escape.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from dondoc.cli._common import dump, errors, fail, ledger, load_settings, out

if TYPE_CHECKING:
    from ledger.outbox_admin import Candidate, MessageRow, Requeued

STATUS_LABELS = {
    "pending": "chờ gửi",
    "sending": "đang gửi",
    "sent": "đã gửi",
    "failed": "lỗi",
    "cancelled": "đã hủy",
    "held": "gộp vào thư tổng hợp",
    "unknown": "chưa rõ kết quả",
}
CHANNELS = ("email", "zalo-zns", "zalo-oa")  # notifications.channels.CHANNELS
NEXT_RUN = (
    "Thư sẽ được gửi ở lượt chạy kế tiếp; để gửi ngay: dondoc run chase "
    "(lượt nhắc hạn gửi kèm mọi thư đang chờ)."
)
SHOWN = 50  # messages listed by name after a retry; the rest counted

outbox_app = typer.Typer(
    help="Hàng đợi thư: xem các thư đã xếp gửi, gửi lại thư lỗi sau khi đã sửa cấu hình.",
    invoke_without_command=True,
)


def _status(value: str | None) -> str | None:
    if value is not None and value not in STATUS_LABELS:
        raise typer.BadParameter(
            f"'{value}' không phải trạng thái thư: chọn một trong {', '.join(STATUS_LABELS)}"
        )
    return value


def _channel(value: str | None) -> str | None:
    if value is not None and value not in CHANNELS:
        raise typer.BadParameter(
            f"'{value}' không phải kênh gửi: chọn một trong {', '.join(CHANNELS)}"
        )
    return value


Channel = Annotated[
    str | None,
    typer.Option("--channel", help="Kênh: email, zalo-zns, zalo-oa.", callback=_channel),
]

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|.)")
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean(text: str | None) -> str:
    """Text safe for a terminal: escapes and control characters gone, phones masked, one line."""
    from tasks.runlog import mask_phones

    if not text:
        return ""
    text = _ANSI.sub("", text)
    kept = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text if c not in _BIDI)
    return mask_phones(" ".join(kept.split()))


def _recipient(address: str, name: str | None) -> str:
    from notifications.channels import mask_address

    shown = clean(mask_address(address))
    return f"{clean(name)} <{shown}>" if name else shown


def _when(value: datetime | None) -> str:
    from calendars.business_time import local

    return local(value).strftime("%d/%m/%Y %H:%M") if value is not None else ""


# Whose a message being sent is, and what happens to it if that run is gone (ledger.claims).
HOLDER = {
    "alive": "tiến trình còn chạy",
    "dead": "tiến trình đã dừng: lần gửi tới trả thư về hàng đợi",
    "unknown": "không kiểm tra được từ máy này: thư về hàng đợi {lease} phút sau khi được nhận gửi",
}


def _liveness(row: MessageRow, alive: Mapping[str, str]) -> str:
    return alive.get(row.claimed_by or "", "unknown")


def _holder(row: MessageRow, alive: Mapping[str, str]) -> str:
    """`đang gửi` with the run that holds the message: where, since when, alive or not."""
    from ledger.claims import Owner
    from ledger.outbox import LEASE

    label = STATUS_LABELS["sending"]
    owner = Owner.parse(row.claimed_by)
    state = HOLDER[_liveness(row, alive)].format(lease=LEASE.seconds // 60)
    where = f"tiến trình {owner.pid} trên máy {clean(owner.host)}, " if owner else ""
    return f"{label} ({where}nhận gửi lúc {_when(row.claimed_at)}; {state})"


def _json(row: MessageRow, alive: Mapping[str, str]) -> dict[str, Any]:
    from notifications.channels import mask_address
    from tasks.runlog import mask_phones

    def text(value: str | None) -> str | None:
        return mask_phones(value) if value is not None else None

    def instant(value: datetime | None) -> str | None:
        return value.isoformat() if value is not None else None

    sending = row.status == "sending"

    return {
        "id": row.id,
        "channel": row.channel,
        "kind": row.kind,
        "task_id": row.task_id,
        "recipient": mask_address(row.recipient),
        "recipient_name": text(row.recipient_name),
        "subject": text(row.subject),
        "status": row.status,
        "attempts": row.attempts,
        "last_error": text(row.last_error),
        "created_at": instant(row.created_at),
        "next_attempt_at": instant(row.next_attempt_at),
        "sent_at": instant(row.sent_at),
        "delivered_at": instant(row.delivered_at),
        "message_id": row.message_id,
        # Only a message being sent has a holder: a claim left on another row is history.
        "claimed_at": instant(row.claimed_at) if sending else None,
        "claimed_by": row.claimed_by if sending else None,
        "holder": _liveness(row, alive) if sending else None,
    }


COLUMNS = (
    "Mã",
    "Kênh",
    "Người nhận",
    "Tiêu đề",
    "Trạng thái",
    "Lần gửi",
    "Lỗi gần nhất",
    "Gửi lần tới",
    "Đã gửi lúc",
)


def _cells(row: MessageRow, alive: Mapping[str, str]) -> tuple[str, ...]:
    waiting = row.status in ("pending", "failed", "unknown")
    if row.status == "sending":
        status = _holder(row, alive)
    else:
        status = STATUS_LABELS.get(row.status, clean(row.status))
    return (
        str(row.id),
        row.channel,
        _recipient(row.recipient, row.recipient_name),
        clean(row.subject),
        status,
        str(row.attempts),
        clean(row.last_error),
        _when(row.next_attempt_at) if row.status == "pending" else "",
        _when(row.sent_at) if not waiting else "",
    )


def message_table(rows: list[MessageRow], alive: Mapping[str, str] | None = None) -> Table:
    """The messages as a table; every cell a `Text`, so nothing in it is read as markup.
    `alive`: whether each run holding a message being sent is alive (`holders`)."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for title in COLUMNS:
        table.add_column(title, overflow="fold", justify="right" if title == "Mã" else "left")
    for row in rows:
        table.add_row(*(Text(cell) for cell in _cells(row, alive or {})))
    return table


def _count_lines(found: dict[tuple[str, str], int]) -> list[str]:
    by_channel: dict[str, list[str]] = {}
    for (channel, status), n in found.items():
        by_channel.setdefault(channel, []).append(f"{n} {STATUS_LABELS.get(status, status)}")
    return [f"  {clean(channel)}: {', '.join(parts)}" for channel, parts in by_channel.items()]


@outbox_app.callback(invoke_without_command=True)
def show(
    ctx: typer.Context,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="Trạng thái: pending, sending, sent, failed, cancelled, held, unknown.",
            callback=_status,
        ),
    ] = None,
    channel: Channel = None,
    task: Annotated[int | None, typer.Option("--task", help="Mã nhiệm vụ.", min=1)] = None,
    limit: Annotated[
        int, typer.Option("--limit", help="Số thư tối đa, mới nhất trước.", min=1, max=10_000)
    ] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The outbox's messages, newest first, and how many there are per channel and status."""
    if ctx.invoked_subcommand is not None:
        return
    settings = load_settings()
    sessions = ledger(settings, create=False)
    with errors():
        from ledger.db import transaction
        from ledger.outbox_admin import counts, holders, list_messages

        with transaction(sessions) as session:
            rows = list_messages(session, status=status, channel=channel, task_id=task, limit=limit)
            found = counts(session)
            alive = holders(session, rows)  # Liveness is a str: "alive", "dead", "unknown"
    if as_json:
        shown = [{"channel": c, "status": s, "count": n} for (c, s), n in found.items()]
        listed = [_json(r, alive) for r in rows]
        out.print(dump({"messages": listed, "counts": shown}), markup=False)
        return
    if not found:
        out.print("Hàng đợi thư trống: chưa có thư nào được xếp gửi.", markup=False)
        return
    if not rows:
        out.print("Không có thư nào khớp điều kiện lọc.", markup=False)
    elif out.is_terminal:
        out.print(message_table(rows, alive))
    else:  # a pipe or a file: whole lines, never a cell cut in two
        for row in rows:
            cells = zip(COLUMNS, _cells(row, alive), strict=True)
            out.print(" | ".join(f"{k}: {v}" for k, v in cells if v), markup=False)
    out.print("Toàn bộ hàng đợi, theo kênh:", markup=False)
    for line in _count_lines(found):
        out.print(line, markup=False)


def _line(c: Candidate) -> str:
    return f"  #{c.id} {c.channel} {_recipient(c.recipient, c.recipient_name)} — {clean(c.subject)}"


def _listed(ids: list[int], done: Requeued) -> list[str]:
    lines = [_line(done.messages[i]) for i in ids[:SHOWN]]
    if len(ids) > SHOWN:
        lines.append(f"  … và {len(ids) - SHOWN} thư khác")
    return lines


def _report(done: Requeued, *, planned: bool) -> list[str]:
    will = "Sẽ" if planned else "Đã"
    lines: list[str] = []
    if done.requeued:
        lines.append(f"{will} xếp gửi lại {len(done.requeued)} thư:")
        lines += _listed(done.requeued, done)
    if done.cancelled:
        lines.append(
            f"{will} hủy {len(done.cancelled)} thư vì nhiệm vụ đã nộp, được miễn hoặc bị hủy:"
        )
        lines += _listed(done.cancelled, done)
    if done.fallen_back:
        lines.append(
            f"Không gửi lại {len(done.fallen_back)} thư: người nhận đã được báo qua kênh khác:"
        )
        lines += _listed(done.fallen_back, done)
    for message_id, status in done.not_eligible.items():
        if status == "missing":
            lines.append(f"Không có thư #{message_id}.")
        else:
            label = STATUS_LABELS.get(status, status)
            lines.append(f"Thư #{message_id} đang ở trạng thái '{label}': không gửi lại.")
    return lines


@outbox_app.command("retry")
def retry(
    ids: Annotated[
        list[int] | None,
        typer.Option("--id", help="Mã thư (lặp lại để chọn nhiều thư).", min=1),
    ] = None,
    channel: Channel = None,
    failed: Annotated[
        bool, typer.Option("--failed", help="Các thư lỗi (mặc định khi không có --unknown).")
    ] = False,
    unknown: Annotated[
        bool,
        typer.Option(
            "--unknown",
            help="Các thư chưa rõ kết quả (có thể đã đến người nhận: gửi lại có thể trùng).",
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Không hỏi lại.")] = False,
) -> None:
    """Send failed messages again, as new (those whose task is closed since: cancelled).

    A message whose task was handed in, waived or cancelled since is cancelled instead.
    """
    from calendars.business_time import now_utc
    from ledger.audit import Actor
    from ledger.db import transaction
    from ledger.outbox_admin import OutboxAdminError, plan_requeue, requeue

    settings = load_settings()
    sessions = ledger(settings, create=False)
    choice: dict[str, Any] = {
        "ids": ids or None,
        "channel": channel,
        "status": ("failed",) if failed or not unknown else (),
        "include_unknown": unknown,
    }
    with errors():
        try:
            if not yes:
                with transaction(sessions) as session:
                    plan = plan_requeue(session, **choice)
                if plan.nothing:
                    for line in [*_report(plan, planned=True), "Không có thư nào cần gửi lại."]:
                        out.print(line, markup=False)
                    return
                for line in _report(plan, planned=True):
                    out.print(line, markup=False)
                try:
                    agreed = typer.confirm("Tiếp tục?", default=False)
                except typer.Abort:
                    agreed = False
                if not agreed:
                    raise fail("Chưa thay đổi gì (thêm --yes để không phải xác nhận).")
            with transaction(sessions) as session:
                done = requeue(session, Actor("cli:outbox-retry", now_utc()), **choice)
        except OutboxAdminError as error:
            raise fail(f"dondoc: {error}") from None
    if done.nothing:
        for line in [*_report(done, planned=False), "Không có thư nào cần gửi lại."]:
            out.print(line, markup=False)
        return
    for line in _report(done, planned=False):
        out.print(line, markup=False)
    if done.requeued:
        channels = {done.messages[i].channel for i in done.requeued}
        if "email" in channels and settings.smtp is None:
            out.print(
                "Lưu ý: chưa cấu hình SMTP (DONDOC_SMTP__HOST): thư e-mail vẫn chờ đến khi "
                "có cấu hình.",
                markup=False,
            )
        out.print(NEXT_RUN, markup=False)
