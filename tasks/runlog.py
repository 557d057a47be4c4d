"""What a run did: counts and the rows of its table, in Vietnamese — plain values, no Prefect.

Every step returns a `StepLog`. A notice's row shows the final outcome of its messages: a
row written when the message is queued is updated when the same run delivers it, and mail
delivered by a run that did not queue it gets a row of its own.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from notifications.channels import mask_address, mask_phone
from notifications.render import vn_date

COUNTER_LABELS = {
    "planned": "nhiệm vụ mới lập kế hoạch",
    "rescheduled": "nhiệm vụ đổi ngày",
    "cancelled": "nhiệm vụ hủy (danh mục thay đổi)",
    "transferred": "nhiệm vụ chuyển cho đơn vị tiếp nhận (sáp nhập)",
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
    "waiting": "tin chờ gửi (kênh chưa được cấu hình)",
    "backing-off": "tin chờ đến lượt gửi lại",
    "fallback": "tin chuyển sang kênh dự phòng",
    "unreachable-recipients": "tin KHÔNG CÒN KÊNH NÀO để gửi (đã báo văn phòng)",
    "held-config": "tin giữ lại chờ sửa cấu hình kênh (đã báo văn phòng)",
    "unknown": "tin chưa rõ kết quả, chờ đối soát",
    "reconciled": "tin gửi lại sau đối soát (không có báo nhận)",
    "released": "tin lấy lại từ lượt gửi đã dừng giữa chừng (sẽ gửi ngay)",
    "digests": "bản tổng hợp trong ngày",
    "digested": "thông báo gộp vào bản tổng hợp",
    "deferred": "thông báo dời sang ngày làm việc sau (người nhận đã có bản tin hôm nay)",
    "quiet-hours": "tin chờ giờ hành chính",
    "submitted": "ghi nhận nộp báo cáo",
    "acknowledged": "ghi nhận đơn vị đã nhận nhiệm vụ",
    "waived": "miễn nhiệm vụ",
    "requested": "yêu cầu đột xuất mới",
    "unchanged": "thao tác lặp lại, không thay đổi",
}

ACTION_LABELS = {
    "open": "Mở nhiệm vụ, gửi đề nghị",
    "remind": "Nhắc hạn",
    "overdue": "Nhắc quá hạn",
    "escalate-head": "Báo cáo người đứng đầu",
    "escalate-supervisor": "Báo cáo cơ quan chỉ đạo",
    "escalate-standing": "Báo cáo Thường trực",
    "unacknowledged": "Nhắc xác nhận đã nhận",
    "acknowledge": "Ghi nhận đã nhận",
    "submit": "Ghi nhận đã nộp",
    "waive": "Miễn",
    "deliver": "Gửi thư đã xếp từ trước",
    "moved": "Báo đổi ngày",
}

OUTCOME_LABELS = {
    "queued": "đã xếp gửi",
    "sent": "đã gửi",
    "waiting": "chờ gửi (kênh chưa được cấu hình)",
    "no-address": "KHÔNG GỬI ĐƯỢC: đơn vị chưa có địa chỉ e-mail hay Zalo",
}

OUTCOME = "Kết quả"
TO = "Gửi tới"
UNIT = "Đơn vị"
FAMILY = "Loại"
ACTION = "Việc"

# A Vietnamese mobile number as it may appear in text: 84… (11–12 digits, maybe with +) or
# 0… (10–11 digits), not inside a longer run of digits.
PHONE_NUMBER = re.compile(r"(?<!\d)(?:\+?84|0)[1-9]\d{8,9}(?!\d)")


def mask_phones(text: str) -> str:
    """Every phone number in `text` masked (`mask_phone`): logs and artifacts never show one."""
    return PHONE_NUMBER.sub(lambda m: mask_phone(m.group()), text)


def masked(values: dict[str, Any]) -> dict[str, Any]:
    """A row as it may be shown (in place): the recipients' phone numbers masked, in any error
    text too."""
    to = values.get(TO)
    if isinstance(to, str) and to:
        values[TO] = ", ".join(mask_address(part.strip()) for part in to.split(","))
    outcome = values.get(OUTCOME)
    if isinstance(outcome, str) and outcome:
        values[OUTCOME] = mask_phones(outcome)
    return values


# A run's artifact shows this many rows; the rest is in the full list. Prefect refuses an
# event over a few MB, and 16,864 rows (a national January) made one of 8.8 MB.
ARTIFACT_ROWS = 100
# The units listed by name in the counts; the others are summed in one line.
TOP_UNITS = 30


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
        self.rows.append(masked(values))

    def delivery(self, message_id: int, values: dict[str, Any]) -> None:
        """A row saying what became of a message (sent, retried, failed)."""
        self.delivered[message_id] = len(self.rows)
        self.rows.append(masked(values))

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


@dataclass(frozen=True)
class Digest:
    """What a run publishes, whatever its size: a bounded table and counts, the full list apart."""

    description: str  # the summary line, and how much of the table is shown
    table: list[dict[str, Any]]  # the first rows
    counts: str  # Markdown: rows per family and action, and per unit
    total: int  # rows in the full list


def digest(
    title: str, day: date, log: StepLog, full_list: str | None, limit: int = ARTIFACT_ROWS
) -> Digest:
    """Summarise a run's log for its artifacts; `full_list`: where the whole table was written."""
    rows = log.rows
    text = summary(title, day, log)
    if len(rows) > limit:
        where = f" trong {full_list}" if full_list else ""
        text += (
            f"\n\nBảng dưới đây chỉ hiện {limit:,} / {len(rows):,} dòng đầu; "
            f"danh sách đầy đủ{where}."
        ).replace(",", ".")
    table = rows[:limit] or [{OUTCOME: "Không có việc nào trong ngày."}]
    return Digest(text, table, counts_markdown(title, day, rows, full_list), len(rows))


def counts_markdown(
    title: str, day: date, rows: list[dict[str, Any]], full_list: str | None
) -> str:
    """Rows per family and action, and per unit (the busiest first), as Markdown tables."""
    lines = [f"### {title} — ngày {vn_date(day)}", ""]
    if not rows:
        return "\n".join([*lines, "Không có việc nào trong ngày."])
    by_kind = Counter((str(r.get(FAMILY) or "—"), str(r.get(ACTION) or "—")) for r in rows)
    lines += ["| Loại | Việc | Số dòng |", "|---|---|---:|"]
    lines += [f"| {md(f)} | {md(a)} | {n} |" for (f, a), n in sorted(by_kind.items())]
    by_unit = Counter(str(r.get(UNIT) or "—") for r in rows)
    busiest = sorted(by_unit.items(), key=lambda item: (-item[1], item[0]))
    lines += ["", "| Đơn vị | Số dòng |", "|---|---:|"]
    lines += [f"| {md(unit)} | {n} |" for unit, n in busiest[:TOP_UNITS]]
    rest = busiest[TOP_UNITS:]
    if rest:
        lines.append(f"| … và {len(rest)} đơn vị khác | {sum(n for _, n in rest)} |")
    lines += ["", f"Tổng cộng {len(rows)} dòng."]
    if full_list:
        lines.append(f"Danh sách đầy đủ: `{full_list.replace('`', '')}`")
    return "\n".join(lines)


def csv_text(rows: list[dict[str, Any]]) -> str:
    """The full table as CSV, every column any row has, in the order they first appear."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, restval="", lineterminator="\n")
    writer.writeheader()
    # A cell a spreadsheet would run as a formula (=, +, -, @) is kept as text.
    writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md(text: str) -> str:
    """Catalogue text inside Markdown: no markup, no HTML, one line."""
    flat = " ".join(text.split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", flat)
