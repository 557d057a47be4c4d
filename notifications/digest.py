"""A day's digest: one message gathering what a recipient is told that day — pure.

A recipient owing many things (a district's Ban Dân vận: a monthly report, a steering meeting's
minutes, a holiday visit plan …) gets one message a day instead of one per task: the items of
every family, grouped into what is newly given, what is coming due and what is late (an
escalation is late news, and says so), each group by deadline.

An item is kept as JSON (`DigestItem.to_json`) when a notice is queued, so that the digest is
built later from the stored rows; `item_of` makes one from a notice.

Also the alerts to the office: a channel that stopped working, said with what to do about it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from notifications.messages import EMAIL, ZALO_OA, ZALO_ZNS, Notice, Recipient, RenderedMessage
from notifications.render import (
    DEFAULT_TEMPLATES,
    OA_LIMIT,
    TemplateSet,
    about,
    environment,
    render_email_fast,
    vn_date,
    vn_weekday_date,
)
from notifications.zalo_templates import DIGEST, fill, plain

NEW, SOON, LATE = "new", "soon", "late"
GROUP_TITLES = {NEW: "Việc mới giao", SOON: "Sắp đến hạn", LATE: "Quá hạn"}
GROUP_OF = {
    "open": NEW,
    "remind": SOON,
    "moved": SOON,
    "overdue": LATE,
    "escalate-head": LATE,
    "escalate-supervisor": LATE,
    "escalate-standing": LATE,
    "unacknowledged": NEW,  # not yet acknowledged: still a new task to its unit
}


@dataclass(frozen=True)
class DigestItem:
    """One notice, as a line of a digest."""

    template: str  # open | remind | overdue | escalate-head | escalate-supervisor | moved
    family: str
    family_name: str
    subject: str  # the notice's own subject, as its message would have had it
    summary: str  # what is asked, with its obligation ("Kế hoạch thăm, chúc mừng (…)")
    unit_name: str  # the unit that owes it
    occurrence_label: str
    due_on: date
    workdays_late: int = 0
    task_id: int = 0
    owner_name: str = ""  # the office that asks
    event: bool = False  # held on a day (a meeting, a visit), not handed in
    as_of: date | None = None  # the day of the notice (a reminder counts days from it)
    acknowledge_url: str = ""  # the task's signed links ("" when its notice had none)
    submit_url: str = ""

    @property
    def group(self) -> str:
        return GROUP_OF.get(self.template, LATE)

    def status(self, as_of: date) -> str:
        """Where the item stands, in words: "còn 3 ngày, thời hạn thứ Năm, ngày 18/01/2024"."""
        due = vn_weekday_date(self.due_on)
        deadline = "ngày thực hiện" if self.event else "thời hạn"
        if self.template == "open":
            return f"{deadline} {due}"
        if self.template == "moved":
            return f"đã điều chỉnh, {deadline} mới {due}"
        if self.template == "remind":
            # Counted from the day the digest is read: one put off to the next working day, or
            # sent after a downtime, must not say "còn 7 ngày" on the deadline itself.
            left = (self.due_on - as_of).days
            if left == 0:
                return f"hôm nay là {deadline}"
            if left < 0:  # read after the deadline: the reminder came too late to say "còn"
                return f"{deadline} {due}, đã qua {-left} ngày"
            return f"còn {left} ngày, {deadline} {due}"
        late = f"{deadline} {due}, quá hạn {self.workdays_late} ngày làm việc"
        if self.template == "escalate-head":
            return f"{late}; đơn vị đã được nhắc, kính báo cáo đồng chí để chỉ đạo"
        if self.template == "escalate-supervisor":
            return f"{late}; đơn vị và người đứng đầu đã được nhắc, đề nghị đôn đốc"
        return late

    def line(self, as_of: date) -> str:
        """The item's line: "Báo cáo … – Tháng 1/2024 (Ban Dân vận …; mã 42): thời hạn …"."""
        what = self.summary
        if self.occurrence_label and self.occurrence_label != self.summary:
            what = f"{what} – {self.occurrence_label}"
        return f"{what} ({self.unit_name}; mã {self.task_id}): {self.status(as_of)}"

    def to_json(self) -> dict[str, Any]:
        # Shallow: every field is a plain value, and asdict's deep copy costs a national run ~1 s.
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["due_on"] = self.due_on.isoformat()
        data["as_of"] = self.as_of.isoformat() if self.as_of else None
        for key in ("acknowledge_url", "submit_url"):  # kept only when the notice had links
            if not data[key]:
                del data[key]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DigestItem:
        values = dict(data)
        values["due_on"] = date.fromisoformat(values["due_on"])
        if values.get("as_of"):
            values["as_of"] = date.fromisoformat(values["as_of"])
        known = cls.__dataclass_fields__
        return cls(**{key: value for key, value in values.items() if key in known})


def item_of(
    notice: Notice,
    recipient: Recipient,
    family_name: str | None = None,
    templates: TemplateSet | None = None,
) -> DigestItem:
    """The digest line of one notice to one recipient (`family_name`: the family's own name,
    which a notice does not carry; its id by default)."""
    task = notice.task
    subject, _, _ = render_email_fast(notice, recipient, templates)
    what = task.step_name or task.obligation_name
    return DigestItem(
        template=notice.template,
        family=task.family,
        family_name=family_name or task.family,
        subject=subject,
        summary=about(what, task.obligation_name, task.occurrence_label),
        unit_name=task.unit_name,
        occurrence_label=task.occurrence_label,
        due_on=task.due_on,
        workdays_late=notice.workdays_late,
        task_id=task.id,
        owner_name=task.owner_name,
        event=task.event,
        as_of=notice.as_of,
        acknowledge_url=notice.links[0] if notice.links else "",
        submit_url=notice.links[1] if notice.links else "",
    )


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    items: tuple[DigestItem, ...]
    lines: tuple[str, ...]


def latest_per_task(items: Sequence[DigestItem]) -> list[DigestItem]:
    """One line per task: its latest notice — of the latest day, the last queued that day (the
    order given: messages that fell back from another channel are queued in the order their
    answers came). After a downtime a task's opening and its reminders wait together; the
    reader needs where it stands now, once."""
    latest: dict[int, tuple[date, int]] = {}
    for i, item in enumerate(items):
        if item.task_id:
            rank = (item.as_of or date.min, i)
            latest[item.task_id] = max(latest.get(item.task_id, rank), rank)
    return [
        item for i, item in enumerate(items) if not item.task_id or latest[item.task_id][1] == i
    ]


def groups(items: Iterable[DigestItem], as_of: date) -> list[Group]:
    """The items by group (new, coming due, late), each by deadline; empty groups left out."""
    found = []
    ordered = sorted(items, key=lambda item: (item.due_on, item.task_id, item.template))
    for key in (NEW, SOON, LATE):
        chosen = tuple(item for item in ordered if item.group == key)
        if chosen:
            lines = tuple(item.line(as_of) for item in chosen)
            found.append(Group(key, GROUP_TITLES[key], chosen, lines))
    return found


def _context(recipient_name: str, items: Sequence[DigestItem], as_of: date) -> dict[str, Any]:
    found = groups(items, as_of)
    late = sum(len(g.items) for g in found if g.key == LATE)
    owners = sorted({item.owner_name for item in items if item.owner_name})
    return {
        "recipient_name": recipient_name,
        "as_of": as_of,
        "count": len(items),
        "late": late,
        "groups": found,
        "owners": owners,
        "ids": ", ".join(dict.fromkeys(str(i.task_id) for g in found for i in g.items)),
    }


def render_digest(
    recipient_name: str,
    items: Sequence[DigestItem],
    as_of: date,
    channel: str,
    templates: TemplateSet | None = None,
    address: str = "",
) -> RenderedMessage | None:
    """One message gathering `items`, the notices of one recipient on `as_of`.

    E-mail: subject, text and HTML (the catalogue's text escaped); Zalo OA: the text, at most
    2,000 characters (the latest items left out, and counted, past that); Zalo ZNS: the
    registered `digest` template's parameters — None when the office has registered none.
    """
    if not items:
        raise ValueError("a digest gathers at least one item")
    items = latest_per_task(items)
    templates = templates or DEFAULT_TEMPLATES
    env = environment(templates.key)
    values = _context(recipient_name, items, as_of)
    subject = " ".join(env.get_template("email/digest.subject.txt").render(values).split())
    values["subject"] = subject
    if channel == EMAIL:
        text = env.get_template("email/digest.txt").render(values)
        html = env.get_template("email/digest.html").render(values)
        return RenderedMessage(EMAIL, recipient_name, address, subject, text, html)
    text = _zalo_text(env, values)
    if channel == ZALO_OA:
        return RenderedMessage(ZALO_OA, recipient_name, address, subject, text, None)
    if channel == ZALO_ZNS:
        registered = templates.zalo_template(DIGEST)
        if registered is None:
            return None
        ordered = [item for group in values["groups"] for item in group.items]
        params = {
            "nguoi_nhan": recipient_name,
            "ngay": vn_date(as_of),
            "so_viec": str(len(items)),
            "so_qua_han": str(values["late"]),
            "noi_dung": "; ".join(item.summary for item in ordered),
            "han_nop": vn_date(min(item.due_on for item in items)),
        }
        payload = fill(registered, params)
        return RenderedMessage(ZALO_ZNS, recipient_name, address, subject, text, None, payload)
    raise ValueError(f"no channel {channel!r}")


def _zalo_text(env: Any, values: dict[str, Any]) -> str:
    """The OA text, within `OA_LIMIT`: whole lines, the last ones left out (and counted)."""
    template = env.get_template("zalo/digest.txt")
    full: list[Group] = values["groups"]
    total = sum(len(g.lines) for g in full)
    keep = total
    while True:
        shown, left = [], keep
        for group in full:
            lines = group.lines[: max(left, 0)]
            left -= len(lines)
            if lines:
                shown.append(Group(group.key, group.title, group.items, lines))
        text = plain(template.render({**values, "groups": shown, "more": total - keep}), lines=True)
        if len(text) <= OA_LIMIT or keep == 0:
            return text[:OA_LIMIT]
        keep -= 1


# What the office is told when a channel stops working: what happened, and what to do.
ALERTS = {
    "zalo-token": (
        "Kết nối Zalo OA đã mất hiệu lực",
        "Quản trị viên Zalo OA của cơ quan cần đăng nhập và cấp quyền lại cho ứng dụng dondoc. "
        "Cho đến khi đó, tin Zalo không được gửi; các đơn vị có địa chỉ khác được gửi qua kênh "
        "đó.",
    ),
    "smtp-auth": (
        "Máy chủ thư từ chối đăng nhập",
        "Kiểm tra tên đăng nhập và mật khẩu hộp thư gửi đi (biến môi trường "
        "DONDOC_SMTP__PASSWORD), rồi khởi động lại dondoc: các thư đang chờ sẽ được gửi lại.",
    ),
    "zalo-quota": (
        "Đã hết hạn mức gửi tin Zalo",
        "Các tin còn lại được gửi khi hạn mức được cấp lại; nếu cần gửi ngay, nạp thêm hạn mức "
        "trên trang quản trị Zalo Cloud Account của cơ quan.",
    ),
    "no-channel": (
        "Có đơn vị không còn kênh nhận tin",
        "Bổ sung địa chỉ thư điện tử hoặc Zalo của đơn vị trong tệp kế hoạch, rồi nạp lại "
        "bằng lệnh dondoc plan load.",
    ),
}
ALERT_OTHER = ("Cảnh báo của hệ thống đôn đốc", "Xem nội dung dưới đây và xử lý kịp thời.")


def render_alert(
    kind: str, reason: str, as_of: date, templates: TemplateSet | None = None
) -> tuple[str, str, str]:
    """(subject, text, HTML) of an alert to the office. `reason` says what happened, in words
    (never a secret: the caller masks phone numbers and leaves out tokens and passwords)."""
    title, action = ALERTS.get(kind, ALERT_OTHER)
    env = environment((templates or DEFAULT_TEMPLATES).key)
    values = {"kind": kind, "title": title, "action": action, "reason": reason, "as_of": as_of}
    subject = " ".join(env.get_template("email/alert.subject.txt").render(values).split())
    values["subject"] = subject
    text = env.get_template("email/alert.txt").render(values)
    html = env.get_template("email/alert.html").render(values)
    return subject, text, html
