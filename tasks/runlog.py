"""What a run did: counts and the rows of its table, in Vietnamese — plain values, no Prefect.

Every step returns a `StepLog`. A notice's row shows the final outcome of its messages: a
row written when the message is queued is updated when the same run delivers it, and mail
delivered by a run that did not queue it gets a row of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from notifications.render import vn_date

COUNTER_LABELS = {
    "planned": "nhiệm vụ mới lập kế hoạch",
    "rescheduled": "nhiệm vụ đổi ngày",
    "cancelled": "nhiệm vụ hủy (danh mục thay đổi)",
    "called-off": "nhiệm vụ dừng (kỳ bị hủy)",
    "opened": "nhiệm vụ mở",
    "overdue": "nhiệm vụ chuyển quá hạn",
    "queued": "thông báo xếp gửi",
    "superseded": "thông báo bỏ qua vì đã có thông báo mới hơn",
    "unreachable": "thông báo KHÔNG gửi được (thiếu địa chỉ)",
    "messages": "thư vào hàng đợi",
    "sent": "thư đã gửi",
    "retry": "thư sẽ gửi lại",
    "failed": "thư gửi lỗi vĩnh viễn",
    "waiting": "thư chờ gửi (chưa cấu hình SMTP)",
    "backing-off": "thư chờ đến lượt gửi lại",
    "submitted": "ghi nhận nộp báo cáo",
    "waived": "miễn nhiệm vụ",
    "unchanged": "thao tác lặp lại, không thay đổi",
}

ACTION_LABELS = {
    "open": "Mở nhiệm vụ, gửi đề nghị",
    "remind": "Nhắc hạn",
    "overdue": "Nhắc quá hạn",
    "escalate-head": "Báo cáo người đứng đầu",
    "escalate-supervisor": "Báo cáo cơ quan chỉ đạo",
    "submit": "Ghi nhận đã nộp",
    "waive": "Miễn",
    "deliver": "Gửi thư đã xếp từ trước",
    "moved": "Báo đổi ngày",
}

OUTCOME_LABELS = {
    "queued": "đã xếp gửi",
    "sent": "đã gửi",
    "waiting": "chờ gửi (chưa cấu hình SMTP)",
    "no-address": "KHÔNG GỬI ĐƯỢC: đơn vị chưa có địa chỉ e-mail",
}

OUTCOME = "Kết quả"


@dataclass
class StepLog:
    counts: dict[str, int] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)
    # outbox message id → the index of the row that queued it, whose outcome delivery settles
    queued: dict[int, int] = field(default_factory=dict)
    # outbox message id → the index of the row that reports its delivery, in a delivery step
    delivered: dict[int, int] = field(default_factory=dict)
    # outbox message ids left pending because no channel is configured
    waiting: set[int] = field(default_factory=set)

    def add(self, counter: str, n: int = 1) -> None:
        if n:
            self.counts[counter] = self.counts.get(counter, 0) + n

    def row(self, values: dict[str, Any], message_ids: tuple[int, ...] = ()) -> None:
        """A row of the run's table; `message_ids`: the messages it queued."""
        for message_id in message_ids:
            self.queued[message_id] = len(self.rows)
        self.rows.append(values)

    def delivery(self, message_id: int, values: dict[str, Any]) -> None:
        """A row saying what became of a message (sent, retried, failed)."""
        self.delivered[message_id] = len(self.rows)
        self.rows.append(values)

    def extend(self, other: StepLog) -> StepLog:
        """Add a later step's log; its deliveries settle the rows that queued their messages."""
        for key, value in other.counts.items():
            self.add(key, value)
        settled: dict[int, list[str]] = {}
        for message_id in other.waiting & self.queued.keys():
            settled.setdefault(self.queued[message_id], []).append(OUTCOME_LABELS["waiting"])
        merged: set[int] = set()
        for message_id, index in other.delivered.items():
            if message_id in self.queued:
                settled.setdefault(self.queued[message_id], []).append(other.rows[index][OUTCOME])
                merged.add(index)
        moved: dict[int, int] = {}
        for index, values in enumerate(other.rows):
            if index not in merged:
                moved[index] = len(self.rows)
                self.rows.append(values)
        for mine, theirs in ((self.queued, other.queued), (self.delivered, other.delivered)):
            mine.update({mid: moved[i] for mid, i in theirs.items() if i in moved})
        for index, outcomes in settled.items():
            self.rows[index][OUTCOME] = "; ".join(dict.fromkeys(outcomes))
        self.waiting |= other.waiting
        return self


def summary(title: str, day: date, log: StepLog) -> str:
    """One line: what the run did, in counts ("chase — ngày 22/01/2024: 19 nhiệm vụ …")."""
    parts = [f"{n} {COUNTER_LABELS.get(k, k)}" for k, n in log.counts.items() if n]
    return f"{title} — ngày {vn_date(day)}: " + ("; ".join(parts) or "không có việc nào")
