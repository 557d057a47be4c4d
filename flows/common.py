"""What every flow does the same way: read the clock once, publish the run's table artifact."""

from __future__ import annotations

from datetime import UTC, date, datetime

from prefect.artifacts import acreate_table_artifact
from prefect.runtime import flow_run

from ledger.transitions import BUSINESS_TZ
from notifications.render import vn_date
from tasks.steps import StepLog

COUNTER_LABELS = {
    "planned": "nhiệm vụ mới lập kế hoạch",
    "rescheduled": "nhiệm vụ đổi ngày",
    "cancelled": "nhiệm vụ hủy (danh mục thay đổi)",
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
    "submitted": "ghi nhận nộp báo cáo",
    "waived": "miễn nhiệm vụ",
    "unchanged": "thao tác lặp lại, không thay đổi",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today in Vietnam (for commands; flows take their scheduled day, see `business_day`)."""
    return datetime.now(BUSINESS_TZ).date()


def business_day(as_of: date | None) -> date:
    """The day a run acts for: the parameter, else the run's scheduled start in Vietnam.

    Taking the scheduled time (not the moment the run happens to start) keeps a late or
    re-run flow deterministic: it acts for the day it was scheduled for.
    """
    if as_of is not None:
        return as_of
    scheduled = flow_run.get_scheduled_start_time()
    return scheduled.astimezone(BUSINESS_TZ).date()


def summary(title: str, day: date, log: StepLog) -> str:
    parts = [f"{n} {COUNTER_LABELS.get(k, k)}" for k, n in log.counts.items() if n]
    return f"**{title}** — ngày {vn_date(day)}: " + ("; ".join(parts) or "không có việc nào")


async def publish(key: str, title: str, day: date, log: StepLog) -> str:
    """A table artifact of what the run did, in Vietnamese, under a stable key per flow."""
    text = summary(title, day, log)
    rows = log.rows or [{"Kết quả": "Không có việc nào trong ngày."}]
    await acreate_table_artifact(table=rows, key=key, description=text)
    return text
