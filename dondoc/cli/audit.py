"""`dondoc audit TASK`: a task's whole history from the audit log, as lines or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from dondoc.cli._common import dump, fail, load_settings, out, reading

if TYPE_CHECKING:
    from ledger.history import Event

LABELS = {
    ("task", "create"): "Lập kế hoạch nhiệm vụ",
    ("task", "open"): "Mở nhiệm vụ",
    ("task", "notice"): "Xếp thông báo",
    ("task", "overdue"): "Chuyển quá hạn",
    ("task", "acknowledge"): "Đơn vị xác nhận đã nhận",
    ("task", "submit"): "Ghi nhận đã nộp",
    ("task", "waive"): "Miễn nhiệm vụ",
    ("task", "cancel"): "Hủy nhiệm vụ",
    ("task", "reschedule"): "Đổi ngày",
    ("occurrence", "plan"): "Lập kế hoạch kỳ",
    ("occurrence", "move"): "Đổi ngày kỳ",
    ("occurrence", "cancel"): "Hủy kỳ",
    ("outbox", "sent"): "Đã gửi",
    ("outbox", "delivered"): "Đã đến người nhận",
    ("outbox", "fail"): "Gửi lỗi",
    ("outbox", "cancel"): "Hủy tin chưa gửi",
    ("outbox", "retry"): "Xếp gửi lại",
    ("link", "acknowledge"): "Dùng liên kết xác nhận",
    ("link", "submit"): "Dùng liên kết nộp",
}


def label_of(event: Event) -> str:
    return LABELS.get((event.entity, event.action), f"{event.entity}: {event.action}")


def _status(value: Any) -> str:
    from ledger.transitions import STATUS_LABELS

    labels = {str(k): v for k, v in STATUS_LABELS.items()}
    return labels.get(str(value), str(value))


def detail_of(event: Event) -> str:
    """What changed, briefly: the stage and recipients of a notice, a status change, a reason."""
    parts: list[str] = []
    before, after = event.before or {}, event.after or {}
    if event.entity == "task" and event.action == "notice":
        to = ", ".join(str(a) for a in after.get("to", [])) or "không có người nhận"
        parts.append(f"{after.get('stage')} ({after.get('outcome')}) → {to}")
    elif event.entity == "outbox":
        parts.append(f"{event.stage or ''} {event.channel or ''} → {event.recipient or ''}".strip())
        if after.get("message_id"):
            parts.append(f"mã {after['message_id']}")
    elif "status" in after:
        moved = "status" in before and before["status"] != after["status"]
        start = f"{_status(before['status'])} → " if moved else ""
        parts.append(start + _status(after["status"]))
    for key in ("document_ref", "due_on", "anchor"):
        if key in after:
            parts.append(f"{key}: {after[key]}")
    if event.reason:
        parts.append(f"lý do: {event.reason}")
    return "; ".join(p for p in parts if p)


def audit(
    task: Annotated[int, typer.Argument(help="The task's id (the id of `dondoc tasks --json`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """A task's whole history: opened, reminded, escalated, acknowledged, done, messages sent."""
    from zoneinfo import ZoneInfo

    from ledger.history import UnknownTask, history

    with reading(load_settings()) as reader:
        try:
            header, events = history(reader, task)
        except UnknownTask as problem:
            raise fail(str(problem)) from None
    if as_json:
        value = {
            "task": {
                "id": header.id,
                "obligation": header.obligation,
                "unit": header.unit,
                "period_key": header.period_key,
                "period_label": header.period_label,
                "step": header.step,
                "due_on": header.due_on.isoformat(),
                "status": header.status,
            },
            "history": [{**e.as_json(), "label": label_of(e)} for e in events],
        }
        out.print(dump(value), soft_wrap=True, markup=False)
        return
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    out.print(
        f"Nhiệm vụ {header.id}: {header.obligation} — {header.unit_name} — {header.period_label} "
        f"— hạn {header.due_on:%d/%m/%Y} — {_status(header.status)}",
        markup=False,
    )
    for event in events:
        when = event.at.astimezone(zone)
        detail = detail_of(event)
        line = f"{when:%d/%m/%Y %H:%M}  {label_of(event)}" + (f": {detail}" if detail else "")
        acted = f", ngày {event.as_of:%d/%m/%Y}" if event.as_of else ""
        out.print(f"{line}  [{event.actor}{acted}]", markup=False)
    if not events:
        out.print("Chưa có dòng nhật ký nào.", markup=False)
