"""Rendering the steps of every family — `notifications.render`, pure: a hand-built `Notice` in,
text out.

Each step is worded for what it asks: a meeting is prepared and held (and an overdue one is "not
yet recorded as held"), a visit plan is issued before the festival, a document is issued, and
only a report is "sent" — the periodic report's own wording (`steps/report/`, pinned in
test_render.py) is not the wording of a meeting invitation. The wording is pinned here literally,
for every stage of every step of the built-in families; and the catalogue's names, typed by
people, arrive escaped in the HTML part of every one of these templates too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from notifications.messages import Notice, Recipient, TaskSummary
from notifications.render import (
    KIND_TEMPLATES,
    TEMPLATES,
    about,
    family_directory,
    generic_parts,
    has_own_wording,
    kind_directory,
    render_email,
    template_names,
    vn_weekday_date,
)
from obligations.loader import built_in_families
from tests.unit.notifications.test_render import ESCAPED, HOSTILE, OWN_TAGS, Reader

D = date
OWNER = "Ban Dân vận Tỉnh ủy Tây Ninh"
UNIT = Recipient("Ban Dân vận Huyện ủy Gò Dầu", "bdv@godau.tayninh.example")
HEAD = Recipient(
    "Trưởng ban Thái Minh Đức (Ban Dân vận Huyện ủy Gò Dầu)",
    "truongban.bdv@godau.tayninh.example",
)
SUPERVISOR = Recipient("Huyện ủy Gò Dầu", "vanphong@godau.tayninh.example")
# Who a step's messages go to when its unit is not Gò Dầu's Ban Dân vận (tay-ninh-2024.yaml): the
# unit, its head, and the body its escalations go to.
STANDING = Recipient("Thường trực Tỉnh ủy Tây Ninh", "thuongtruc@tinhuy.tayninh.example")
PROVINCE = (  # the office itself, when it leads a step (a supervision it holds)
    Recipient(OWNER, "bdv@tinhuy.tayninh.example"),
    Recipient(
        "Trưởng ban Phạm Văn Dũng (Ban Dân vận Tỉnh ủy Tây Ninh)",
        "truongban.bdv@tinhuy.tayninh.example",
    ),
    STANDING,
)
CHAU_THANH = (  # a unit the 2024 supervision of Chỉ thị 06-CT/TU supervises
    Recipient("Huyện ủy Châu Thành", "vanphong@chauthanh.tayninh.example"),
    Recipient("Bí thư Quách Văn Bảo (Huyện ủy Châu Thành)", "bithu@chauthanh.tayninh.example"),
    STANDING,
)

STEERING = "Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh"
REVIEW = "Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW"  # an unnamed review: named as its label
VISITS = "Thăm, chúc mừng chức sắc, tín đồ Phật giáo nhân dịp Đại lễ Phật đản"
FESTIVAL = "Đại lễ Phật đản năm 2024"
SUPERVISION = "Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy"
CAMPAIGN = "Ra quân làm công tác dân vận"
TRADITIONAL_DAY = "Ngày truyền thống công tác dân vận của Đảng"
ANNIVERSARY = "Kỷ niệm 94 năm (15/10/1930 – 15/10/2024)"
TERM = "Tổng kết 5 năm thực hiện Nghị quyết Đại hội XIII của Đảng"
QCDC = "Kế hoạch xây dựng và thực hiện QCDC ở cơ sở năm 2024"  # a programme task: its own name
STORM = "Tình hình dư luận và kết quả vận động ủng hộ đồng bào bị thiệt hại do cơn bão số 3"


def step(
    family: str,
    kind: str,
    name: str,
    obligation: str,
    occurrence: str,
    due: date,
    unit: str = UNIT.name,
) -> TaskSummary:
    return TaskSummary(
        id=101,
        obligation_name=obligation,
        unit_name=unit,
        owner_name=OWNER,
        occurrence_label=occurrence,
        window_start=None,
        window_end=None,
        due_on=due,
        family=family,
        step_kind=kind,
        step_name=name,
        event=kind in {"meeting", "conference", "visit", "supervision", "launch", "event"},
    )


# The steps of obligations/families.yaml (but the periodic report, in test_render.py), as the
# ledger would describe them: (family, step kind) → the task.
TASKS = {
    # Họp Ban Chỉ đạo quý II/2024 on Wed 19/6: reports 5 working days before, minutes 5 after.
    ("steering-meeting", "report"): step(
        "steering-meeting",
        "report",
        "Báo cáo kết quả hoạt động quý và phương hướng, nhiệm vụ quý sau",
        STEERING,
        "Quý II/2024",
        D(2024, 6, 12),
    ),
    ("steering-meeting", "budget-request"): step(
        "steering-meeting",
        "budget-request",
        "Văn bản đề nghị cấp kinh phí hoạt động quý sau",
        STEERING,
        "Quý II/2024",
        D(2024, 6, 12),
    ),
    ("steering-meeting", "meeting"): step(
        "steering-meeting",
        "meeting",
        "Họp Ban Chỉ đạo định kỳ",
        STEERING,
        "Quý II/2024",
        D(2024, 6, 19),
    ),
    ("steering-meeting", "minutes"): step(
        "steering-meeting",
        "minutes",
        "Thông báo kết luận cuộc họp",
        STEERING,
        "Quý II/2024",
        D(2024, 6, 26),
    ),
    # Sơ kết 5 năm Kết luận 65-KL/TW (30/10/2019), to be done by the end of 2024.
    ("directive-review", "guidance-letter"): step(
        "directive-review",
        "guidance-letter",
        "Công văn chỉ đạo, hướng dẫn sơ kết, tổng kết",
        REVIEW,
        REVIEW,
        D(2024, 10, 31),
    ),
    ("directive-review", "report"): step(
        "directive-review",
        "report",
        "Báo cáo sơ kết, tổng kết của đơn vị",
        REVIEW,
        REVIEW,
        D(2024, 11, 29),
    ),
    ("directive-review", "consolidated-report"): step(
        "directive-review",
        "consolidated-report",
        "Báo cáo sơ kết, tổng kết (tổng hợp)",
        REVIEW,
        REVIEW,
        D(2024, 12, 31),
    ),
    ("directive-review", "conference"): step(
        "directive-review",
        "conference",
        "Hội nghị sơ kết, tổng kết",
        REVIEW,
        REVIEW,
        D(2024, 12, 31),
    ),
    # Đại lễ Phật đản on Wed 22/5/2024: the plan 10 days before (a Sunday), the report 3
    # working days after.
    ("holiday-visit", "plan"): step(
        "holiday-visit", "plan", "Kế hoạch thăm, chúc mừng", VISITS, FESTIVAL, D(2024, 5, 12)
    ),
    ("holiday-visit", "visit"): step(
        "holiday-visit", "visit", "Thăm, chúc mừng", VISITS, FESTIVAL, D(2024, 5, 22)
    ),
    ("holiday-visit", "report"): step(
        "holiday-visit",
        "report",
        "Báo cáo kết quả thăm, chúc mừng",
        VISITS,
        FESTIVAL,
        D(2024, 5, 27),
    ),
    # The 2024 supervision of 3 years of Chỉ thị 06-CT/TU, held by the Ban in April (Fri 26/4,
    # the month's last working day: 29/4 and 30/4 are days off): plan, decision and guidance by
    # the end of March (Fri 29/3), the supervised units' reports on Fri 12/4 (9 working days
    # before: Thu 18/4 is Giỗ Tổ Hùng Vương), the results adopted in June (Fri 28/6).
    ("supervision", "plan"): step(
        "supervision",
        "plan",
        "Kế hoạch giám sát, kiểm tra",
        SUPERVISION,
        "Tháng 4/2024",
        D(2024, 3, 29),
        OWNER,
    ),
    ("supervision", "decision"): step(
        "supervision",
        "decision",
        "Quyết định thành lập đoàn giám sát, kiểm tra",
        SUPERVISION,
        "Tháng 4/2024",
        D(2024, 3, 29),
        OWNER,
    ),
    ("supervision", "guidance-letter"): step(
        "supervision",
        "guidance-letter",
        "Hướng dẫn báo cáo phục vụ giám sát, kiểm tra",
        SUPERVISION,
        "Tháng 4/2024",
        D(2024, 3, 29),
        OWNER,
    ),
    ("supervision", "report"): step(
        "supervision",
        "report",
        "Báo cáo của đơn vị được giám sát, kiểm tra",
        SUPERVISION,
        "Tháng 4/2024",
        D(2024, 4, 12),
        CHAU_THANH[0].name,
    ),
    ("supervision", "supervision"): step(
        "supervision",
        "supervision",
        "Tổ chức giám sát, kiểm tra",
        SUPERVISION,
        "Tháng 4/2024",
        D(2024, 4, 26),
        OWNER,
    ),
    ("supervision", "conclusion"): step(
        "supervision",
        "conclusion",
        "Thông qua kết quả giám sát, kiểm tra",
        SUPERVISION,
        "Tháng 4/2024",
        D(2024, 6, 28),
        OWNER,
    ),
    # Ra quân làm công tác dân vận đợt 1/2024 in Gò Dầu, launched on Mon 1/7: the plan by the end
    # of June (Fri 28/6), the report by the end of August (Fri 30/8).
    ("campaign", "plan"): step(
        "campaign", "plan", "Kế hoạch ra quân", CAMPAIGN, "Đợt 1/2024", D(2024, 6, 28)
    ),
    ("campaign", "launch"): step(
        "campaign", "launch", "Lễ ra quân", CAMPAIGN, "Đợt 1/2024", D(2024, 7, 1)
    ),
    ("campaign", "report"): step(
        "campaign",
        "report",
        "Báo cáo kết quả đợt ra quân",
        CAMPAIGN,
        "Đợt 1/2024",
        D(2024, 8, 30),
    ),
    # The 94th anniversary of the traditional day of mass-mobilisation work, Tue 15/10/2024: the
    # plan by the end of September (Mon 30/9), the report 5 working days after (Tue 22/10).
    ("event", "plan"): step(
        "event", "plan", "Kế hoạch tổ chức", TRADITIONAL_DAY, ANNIVERSARY, D(2024, 9, 30)
    ),
    ("event", "event"): step(
        "event", "event", "Tổ chức sự kiện", TRADITIONAL_DAY, ANNIVERSARY, D(2024, 10, 15)
    ),
    ("event", "report"): step(
        "event", "report", "Báo cáo kết quả", TRADITIONAL_DAY, ANNIVERSARY, D(2024, 10, 22)
    ),
    # Tổng kết 5 năm Nghị quyết Đại hội XIII, due in quý IV/2025 (Wed 31/12/2025): the guidance 2
    # months before (Fri 31/10), the units' reports a month before (30/11 is a Sunday: Fri 28/11).
    ("term-milestone", "guidance-letter"): step(
        "term-milestone",
        "guidance-letter",
        "Hướng dẫn sơ kết, tổng kết",
        TERM,
        "Quý IV/2025",
        D(2025, 10, 31),
    ),
    ("term-milestone", "report"): step(
        "term-milestone",
        "report",
        "Báo cáo sơ kết, tổng kết của đơn vị",
        TERM,
        "Quý IV/2025",
        D(2025, 11, 28),
    ),
    ("term-milestone", "consolidated-report"): step(
        "term-milestone",
        "consolidated-report",
        "Báo cáo sơ kết, tổng kết (tổng hợp)",
        TERM,
        "Quý IV/2025",
        D(2025, 12, 31),
    ),
    ("term-milestone", "conference"): step(
        "term-milestone",
        "conference",
        "Hội nghị sơ kết, tổng kết",
        TERM,
        "Quý IV/2025",
        D(2025, 12, 31),
    ),
    # A programme task of January 2024 (due on the month's last working day, Wed 31/1); its step
    # has no name of its own: it is named as the obligation.
    ("task", "report"): step("task", "report", QCDC, QCDC, "Tháng 1/2024", D(2024, 1, 31)),
    # An ad-hoc request after typhoon Yagi (bão số 3), due Fri 20/9/2024.
    ("ad-hoc-request", "report"): step(
        "ad-hoc-request", "report", "Báo cáo đột xuất", STORM, "Tháng 9/2024", D(2024, 9, 20)
    ),
}
REPORTS = {  # the steps that hand in a report
    ("steering-meeting", "report"),
    ("directive-review", "report"),
    ("directive-review", "consolidated-report"),
    ("holiday-visit", "report"),
    ("supervision", "report"),
    ("campaign", "report"),
    ("event", "report"),
    ("term-milestone", "report"),
    ("term-milestone", "consolidated-report"),
    ("ad-hoc-request", "report"),
    # not ("task", "report"): a programme task is done and its document sent, whatever it is
}
# The units (with their head and supervisor) of the steps not owed by Gò Dầu's Ban Dân vận.
PEOPLE = {
    **{
        ("supervision", kind): PROVINCE
        for kind in ("plan", "decision", "guidance-letter", "supervision", "conclusion")
    },
    ("supervision", "report"): CHAU_THANH,
}

# The stages a task's chase sends: (template, stage, days from the deadline to the run, working
# days late, recipient). The two reminders before a deadline differ (3 days left, and today).
STAGES = {
    "open": ("open", "open", -14, 0, UNIT),
    "before-3": ("remind", "before-3", -3, 0, UNIT),
    "due-day": ("remind", "due-day", 0, 0, UNIT),
    "overdue-1": ("overdue", "overdue-1", 2, 2, UNIT),
    "escalate-1": ("escalate-head", "escalate-1", 5, 3, HEAD),
    "escalate-2": ("escalate-supervisor", "escalate-2", 9, 7, SUPERVISOR),
    "moved-1": ("moved", "moved-1", -20, 0, UNIT),
}
REASON = "trùng lịch làm việc của Thường trực Tỉnh ủy"


def recipient_of(key: tuple[str, str], stage: str) -> Recipient:
    """Who a stage's message goes to: the step's unit, its head or its supervisor."""
    role = (UNIT, HEAD, SUPERVISOR).index(STAGES[stage][4])
    return PEOPLE.get(key, (UNIT, HEAD, SUPERVISOR))[role]


def render(key: tuple[str, str], stage: str, task: TaskSummary | None = None) -> tuple[str, ...]:
    template, name, offset, late, _ = STAGES[stage]
    recipient = recipient_of(key, stage)
    task = task or TASKS[key]
    as_of = task.due_on + timedelta(days=offset)
    reason = REASON if template == "moved" else ""
    notice = Notice(template, name, task, as_of, (recipient,), late, reason)
    return render_email(notice, recipient)


WORDING: dict[tuple[str, str], dict[str, tuple[str, str]]] = {
    ("steering-meeting", "report"): {
        "open": (
            (
                "[Đôn đốc] Báo cáo kết quả hoạt động quý và phương hướng, nhiệm vụ quý sau – Quý "
                "II/2024: hạn gửi 12/06/2024"
            ),
            (
                "Để chuẩn bị cuộc họp định kỳ Quý II/2024 của Ban Chỉ đạo, Ban Dân vận Tỉnh ủy Tây "
                "Ninh đề nghị quý đơn vị xây dựng và gửi đúng hạn “Báo cáo kết quả hoạt động quý "
                "và phương hướng, nhiệm vụ quý sau (Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh)”, "
                "đánh giá kết quả hoạt động của Ban Chỉ đạo, làm cơ sở thảo luận tại cuộc họp."
            ),
        ),
        "before-3": (
            (
                "[Nhắc hạn] Còn 3 ngày: Báo cáo kết quả hoạt động quý và phương hướng, nhiệm vụ "
                "quý sau – Quý II/2024 (hạn 12/06/2024)"
            ),
            (
                "Còn 3 ngày nữa là đến hạn gửi “Báo cáo kết quả hoạt động quý và phương hướng, "
                "nhiệm vụ quý sau (Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh)” – Quý II/2024, Ban "
                "Dân vận Tỉnh ủy Tây Ninh chưa nhận được báo cáo của quý đơn vị. Đề nghị quý đơn "
                "vị khẩn trương hoàn thành và gửi đúng hạn để kịp tổng hợp, phục vụ cuộc họp Ban "
                "Chỉ đạo. Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "due-day": (
            (
                "[Nhắc hạn] Hôm nay là hạn gửi Báo cáo kết quả hoạt động quý và phương hướng, "
                "nhiệm vụ quý sau – Quý II/2024"
            ),
            (
                "Hôm nay là hạn gửi “Báo cáo kết quả hoạt động quý và phương hướng, nhiệm vụ quý "
                "sau (Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh)” – Quý II/2024, Ban Dân vận Tỉnh "
                "ủy Tây Ninh chưa nhận được báo cáo của quý đơn vị. Đề nghị quý đơn vị khẩn trương "
                "hoàn thành và gửi đúng hạn để kịp tổng hợp, phục vụ cuộc họp Ban Chỉ đạo. Nếu đã "
                "gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Báo cáo kết quả hoạt động quý và phương hướng, nhiệm vụ quý sau – Quý "
                "II/2024: quá hạn 2 ngày làm việc"
            ),
            (
                "“Báo cáo kết quả hoạt động quý và phương hướng, nhiệm vụ quý sau (Ban Chỉ đạo "
                "thực hiện dân chủ ở cơ sở tỉnh)” – Quý II/2024 có hạn gửi thứ Tư, ngày "
                "12/06/2024; đến nay đã quá hạn 2 ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh "
                "chưa nhận được báo cáo của quý đơn vị. Đề nghị quý đơn vị gửi ngay. Nếu đã gửi, "
                "xin báo lại số, ký hiệu văn bản để ghi nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa gửi Báo cáo kết quả hoạt động quý và "
                "phương hướng, nhiệm vụ quý sau – Quý II/2024 (quá hạn 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "chưa gửi “Báo cáo kết quả hoạt động quý và phương hướng, nhiệm vụ quý sau (Ban "
                "Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh)” – Quý II/2024, hạn gửi thứ Tư, ngày "
                "12/06/2024, đến nay đã quá hạn 3 ngày làm việc dù đã được nhắc, ảnh hưởng đến "
                "việc chuẩn bị cuộc họp Ban Chỉ đạo. Đề nghị đồng chí quan tâm, chỉ đạo bộ phận "
                "tham mưu hoàn thành và gửi báo cáo."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Báo cáo kết quả hoạt động "
                "quý và phương hướng, nhiệm vụ quý sau – Quý II/2024 quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu chưa gửi “Báo "
                "cáo kết quả hoạt động quý và phương hướng, nhiệm vụ quý sau (Ban Chỉ đạo thực "
                "hiện dân chủ ở cơ sở tỉnh)” – Quý II/2024, hạn gửi thứ Tư, ngày 12/06/2024, đến "
                "nay đã quá hạn 7 ngày làm việc; đơn vị và người đứng đầu đã được nhắc. Đề nghị "
                "quý cơ quan, với vai trò chỉ đạo, đôn đốc Ban Dân vận Huyện ủy Gò Dầu hoàn thành "
                "và gửi báo cáo."
            ),
        ),
        "moved-1": (
            (
                "[Điều chỉnh] Báo cáo kết quả hoạt động quý và phương hướng, nhiệm vụ quý sau – "
                "Quý II/2024: hạn gửi mới 12/06/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: lịch họp Ban Chỉ đạo Quý II/2024 đã được "
                "điều chỉnh; hạn gửi “Báo cáo kết quả hoạt động quý và phương hướng, nhiệm vụ quý "
                "sau (Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh)” nay là thứ Tư, ngày 12/06/2024 "
                "(lý do: trùng lịch làm việc của Thường trực Tỉnh ủy). Đề nghị quý đơn vị lưu ý, "
                "gửi báo cáo theo thời hạn mới."
            ),
        ),
    },
    ("steering-meeting", "budget-request"): {
        "open": (
            (
                "[Đôn đốc] Văn bản đề nghị cấp kinh phí hoạt động quý sau – Quý II/2024: thời hạn "
                "12/06/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị chủ động chuẩn bị, hoàn thành và "
                "ban hành “Văn bản đề nghị cấp kinh phí hoạt động quý sau (Ban Chỉ đạo thực hiện "
                "dân chủ ở cơ sở tỉnh)” – Quý II/2024 đúng thời hạn, đồng thời gửi văn bản để theo "
                "dõi, tổng hợp."
            ),
        ),
        "before-3": (
            (
                "[Nhắc hạn] Còn 3 ngày: Văn bản đề nghị cấp kinh phí hoạt động quý sau – Quý "
                "II/2024 (thời hạn 12/06/2024)"
            ),
            (
                "Còn 3 ngày nữa là đến thời hạn hoàn thành “Văn bản đề nghị cấp kinh phí hoạt động "
                "quý sau (Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh)” – Quý II/2024, Ban Dân vận "
                "Tỉnh ủy Tây Ninh chưa nhận được văn bản của quý đơn vị. Đề nghị quý đơn vị khẩn "
                "trương hoàn thành, ban hành và gửi đúng thời hạn. Nếu đã gửi, xin vui lòng bỏ qua "
                "thư này."
            ),
        ),
        "due-day": (
            (
                "[Nhắc hạn] Hôm nay là thời hạn: Văn bản đề nghị cấp kinh phí hoạt động quý sau – "
                "Quý II/2024"
            ),
            (
                "Hôm nay là thời hạn hoàn thành “Văn bản đề nghị cấp kinh phí hoạt động quý sau "
                "(Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh)” – Quý II/2024, Ban Dân vận Tỉnh ủy "
                "Tây Ninh chưa nhận được văn bản của quý đơn vị. Đề nghị quý đơn vị khẩn trương "
                "hoàn thành, ban hành và gửi đúng thời hạn. Nếu đã gửi, xin vui lòng bỏ qua thư "
                "này."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Văn bản đề nghị cấp kinh phí hoạt động quý sau – Quý II/2024: quá hạn 2 "
                "ngày làm việc"
            ),
            (
                "“Văn bản đề nghị cấp kinh phí hoạt động quý sau (Ban Chỉ đạo thực hiện dân chủ ở "
                "cơ sở tỉnh)” – Quý II/2024 có thời hạn thứ Tư, ngày 12/06/2024; đến nay đã quá "
                "hạn 2 ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được văn bản của "
                "quý đơn vị. Đề nghị quý đơn vị khẩn trương hoàn thành, ban hành và gửi ngay. Nếu "
                "đã ban hành, xin báo lại số, ký hiệu văn bản để ghi nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa hoàn thành Văn bản đề nghị cấp kinh "
                "phí hoạt động quý sau – Quý II/2024 (quá hạn 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "chưa hoàn thành, ban hành “Văn bản đề nghị cấp kinh phí hoạt động quý sau (Ban "
                "Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh)” – Quý II/2024, thời hạn thứ Tư, ngày "
                "12/06/2024, đến nay đã quá hạn 3 ngày làm việc dù đã được nhắc. Đề nghị đồng chí "
                "quan tâm, chỉ đạo bộ phận tham mưu khẩn trương hoàn thành, ban hành văn bản."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Văn bản đề nghị cấp kinh "
                "phí hoạt động quý sau – Quý II/2024 quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu chưa hoàn "
                "thành, ban hành “Văn bản đề nghị cấp kinh phí hoạt động quý sau (Ban Chỉ đạo thực "
                "hiện dân chủ ở cơ sở tỉnh)” – Quý II/2024, thời hạn thứ Tư, ngày 12/06/2024, đến "
                "nay đã quá hạn 7 ngày làm việc; đơn vị và người đứng đầu đã được nhắc. Đề nghị "
                "quý cơ quan, với vai trò chỉ đạo, đôn đốc Ban Dân vận Huyện ủy Gò Dầu khẩn trương "
                "hoàn thành, ban hành văn bản."
            ),
        ),
        "moved-1": (
            (
                "[Điều chỉnh] Văn bản đề nghị cấp kinh phí hoạt động quý sau – Quý II/2024: thời "
                "hạn mới 12/06/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: thời hạn hoàn thành “Văn bản đề nghị cấp "
                "kinh phí hoạt động quý sau (Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh)” – Quý "
                "II/2024 đã được điều chỉnh, nay là thứ Tư, ngày 12/06/2024 (lý do: trùng lịch làm "
                "việc của Thường trực Tỉnh ủy). Đề nghị quý đơn vị lưu ý, hoàn thành và ban hành "
                "văn bản theo thời hạn mới."
            ),
        ),
    },
    ("steering-meeting", "meeting"): {
        "open": (
            "[Chuẩn bị] Họp Ban Chỉ đạo định kỳ – Quý II/2024: tổ chức ngày 19/06/2024",
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị chủ động chuẩn bị chu đáo (nội "
                "dung, tài liệu, thành phần dự họp, địa điểm và giấy mời) và tổ chức “Họp Ban Chỉ "
                "đạo định kỳ (Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh)” – Quý II/2024 vào thứ "
                "Tư, ngày 19/06/2024. Sau cuộc họp, đề nghị báo lại ngày họp và số, ký hiệu thông "
                "báo kết luận."
            ),
        ),
        "before-3": (
            "[Nhắc lịch] Còn 3 ngày: Họp Ban Chỉ đạo định kỳ – Quý II/2024 (ngày 19/06/2024)",
            (
                "Còn 3 ngày nữa là đến ngày tổ chức “Họp Ban Chỉ đạo định kỳ (Ban Chỉ đạo thực "
                "hiện dân chủ ở cơ sở tỉnh)” – Quý II/2024 (thứ Tư, ngày 19/06/2024). Đề nghị quý "
                "đơn vị hoàn tất công tác chuẩn bị và tổ chức cuộc họp đúng lịch; sau cuộc họp, đề "
                "nghị báo lại Ban Dân vận Tỉnh ủy Tây Ninh ngày họp và số, ký hiệu thông báo kết "
                "luận."
            ),
        ),
        "due-day": (
            "[Nhắc lịch] Hôm nay tổ chức Họp Ban Chỉ đạo định kỳ – Quý II/2024",
            (
                "Hôm nay, thứ Tư, ngày 19/06/2024, là ngày tổ chức “Họp Ban Chỉ đạo định kỳ (Ban "
                "Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh)” – Quý II/2024. Đề nghị quý đơn vị hoàn "
                "tất công tác chuẩn bị và tổ chức cuộc họp đúng lịch; sau cuộc họp, đề nghị báo "
                "lại Ban Dân vận Tỉnh ủy Tây Ninh ngày họp và số, ký hiệu thông báo kết luận."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Họp Ban Chỉ đạo định kỳ – Quý II/2024: chưa ghi nhận đã tổ chức (quá 2 "
                "ngày làm việc)"
            ),
            (
                "“Họp Ban Chỉ đạo định kỳ (Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh)” – Quý "
                "II/2024 dự kiến tổ chức vào thứ Tư, ngày 19/06/2024; đến nay đã quá 2 ngày làm "
                "việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh chưa ghi nhận cuộc họp đã được tổ chức. "
                "Nếu cuộc họp đã diễn ra, đề nghị quý đơn vị báo lại ngày họp và số, ký hiệu thông "
                "báo kết luận; nếu chưa tổ chức, đề nghị báo rõ lý do và thời gian dự kiến tổ "
                "chức."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa báo kết quả tổ chức Họp Ban Chỉ đạo "
                "định kỳ – Quý II/2024 (quá 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "được giao chuẩn bị, tổ chức “Họp Ban Chỉ đạo định kỳ (Ban Chỉ đạo thực hiện dân "
                "chủ ở cơ sở tỉnh)” – Quý II/2024 vào thứ Tư, ngày 19/06/2024; đến nay đã quá 3 "
                "ngày làm việc nhưng chưa ghi nhận cuộc họp đã được tổ chức, dù đơn vị đã được "
                "nhắc. Đề nghị đồng chí quan tâm, chỉ đạo tổ chức cuộc họp (nếu chưa tổ chức) và "
                "báo lại kết quả."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Họp Ban Chỉ đạo định kỳ – "
                "Quý II/2024 chưa ghi nhận đã tổ chức (quá 7 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu được giao "
                "chuẩn bị, tổ chức “Họp Ban Chỉ đạo định kỳ (Ban Chỉ đạo thực hiện dân chủ ở cơ sở "
                "tỉnh)” – Quý II/2024 vào thứ Tư, ngày 19/06/2024; đến nay đã quá 7 ngày làm việc "
                "nhưng chưa ghi nhận cuộc họp đã được tổ chức; đơn vị và người đứng đầu đã được "
                "nhắc. Đề nghị quý cơ quan, với vai trò chỉ đạo, đôn đốc Ban Dân vận Huyện ủy Gò "
                "Dầu tổ chức cuộc họp và báo lại kết quả."
            ),
        ),
        "moved-1": (
            "[Điều chỉnh] Họp Ban Chỉ đạo định kỳ – Quý II/2024: chuyển sang ngày 19/06/2024",
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: “Họp Ban Chỉ đạo định kỳ (Ban Chỉ đạo "
                "thực hiện dân chủ ở cơ sở tỉnh)” – Quý II/2024 đã được điều chỉnh thời gian, nay "
                "tổ chức vào thứ Tư, ngày 19/06/2024 (lý do: trùng lịch làm việc của Thường trực "
                "Tỉnh ủy). Đề nghị quý đơn vị lưu ý, điều chỉnh công tác chuẩn bị và giấy mời cho "
                "phù hợp."
            ),
        ),
    },
    ("steering-meeting", "minutes"): {
        "open": (
            "[Đôn đốc] Thông báo kết luận cuộc họp – Quý II/2024: thời hạn 26/06/2024",
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị chủ động chuẩn bị, hoàn thành và "
                "ban hành “Thông báo kết luận cuộc họp (Ban Chỉ đạo thực hiện dân chủ ở cơ sở "
                "tỉnh)” – Quý II/2024 đúng thời hạn, đồng thời gửi văn bản để theo dõi, tổng hợp."
            ),
        ),
        "before-3": (
            (
                "[Nhắc hạn] Còn 3 ngày: Thông báo kết luận cuộc họp – Quý II/2024 (thời hạn "
                "26/06/2024)"
            ),
            (
                "Còn 3 ngày nữa là đến thời hạn hoàn thành “Thông báo kết luận cuộc họp (Ban Chỉ "
                "đạo thực hiện dân chủ ở cơ sở tỉnh)” – Quý II/2024, Ban Dân vận Tỉnh ủy Tây Ninh "
                "chưa nhận được văn bản của quý đơn vị. Đề nghị quý đơn vị khẩn trương hoàn thành, "
                "ban hành và gửi đúng thời hạn. Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "due-day": (
            "[Nhắc hạn] Hôm nay là thời hạn: Thông báo kết luận cuộc họp – Quý II/2024",
            (
                "Hôm nay là thời hạn hoàn thành “Thông báo kết luận cuộc họp (Ban Chỉ đạo thực "
                "hiện dân chủ ở cơ sở tỉnh)” – Quý II/2024, Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận "
                "được văn bản của quý đơn vị. Đề nghị quý đơn vị khẩn trương hoàn thành, ban hành "
                "và gửi đúng thời hạn. Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "overdue-1": (
            "[Quá hạn] Thông báo kết luận cuộc họp – Quý II/2024: quá hạn 2 ngày làm việc",
            (
                "“Thông báo kết luận cuộc họp (Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh)” – Quý "
                "II/2024 có thời hạn thứ Tư, ngày 26/06/2024; đến nay đã quá hạn 2 ngày làm việc "
                "nhưng Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được văn bản của quý đơn vị. Đề nghị "
                "quý đơn vị khẩn trương hoàn thành, ban hành và gửi ngay. Nếu đã ban hành, xin báo "
                "lại số, ký hiệu văn bản để ghi nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa hoàn thành Thông báo kết luận cuộc họp "
                "– Quý II/2024 (quá hạn 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "chưa hoàn thành, ban hành “Thông báo kết luận cuộc họp (Ban Chỉ đạo thực hiện dân "
                "chủ ở cơ sở tỉnh)” – Quý II/2024, thời hạn thứ Tư, ngày 26/06/2024, đến nay đã "
                "quá hạn 3 ngày làm việc dù đã được nhắc. Đề nghị đồng chí quan tâm, chỉ đạo bộ "
                "phận tham mưu khẩn trương hoàn thành, ban hành văn bản."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Thông báo kết luận cuộc "
                "họp – Quý II/2024 quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu chưa hoàn "
                "thành, ban hành “Thông báo kết luận cuộc họp (Ban Chỉ đạo thực hiện dân chủ ở cơ "
                "sở tỉnh)” – Quý II/2024, thời hạn thứ Tư, ngày 26/06/2024, đến nay đã quá hạn 7 "
                "ngày làm việc; đơn vị và người đứng đầu đã được nhắc. Đề nghị quý cơ quan, với "
                "vai trò chỉ đạo, đôn đốc Ban Dân vận Huyện ủy Gò Dầu khẩn trương hoàn thành, ban "
                "hành văn bản."
            ),
        ),
        "moved-1": (
            "[Điều chỉnh] Thông báo kết luận cuộc họp – Quý II/2024: thời hạn mới 26/06/2024",
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: thời hạn hoàn thành “Thông báo kết luận "
                "cuộc họp (Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh)” – Quý II/2024 đã được điều "
                "chỉnh, nay là thứ Tư, ngày 26/06/2024 (lý do: trùng lịch làm việc của Thường trực "
                "Tỉnh ủy). Đề nghị quý đơn vị lưu ý, hoàn thành và ban hành văn bản theo thời hạn "
                "mới."
            ),
        ),
    },
    ("directive-review", "guidance-letter"): {
        "open": (
            (
                "[Đôn đốc] Công văn chỉ đạo, hướng dẫn sơ kết, tổng kết – Sơ kết 5 năm thực hiện "
                "Kết luận số 65-KL/TW: thời hạn 31/10/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị ban hành “Công văn chỉ đạo, hướng "
                "dẫn sơ kết, tổng kết” – Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW đúng thời "
                "hạn, kèm đề cương, hướng dẫn cụ thể, để các đơn vị liên quan có đủ thời gian "
                "triển khai sơ kết, tổng kết tại đơn vị."
            ),
        ),
        "before-3": (
            (
                "[Nhắc hạn] Còn 3 ngày: Công văn chỉ đạo, hướng dẫn sơ kết, tổng kết – Sơ kết 5 "
                "năm thực hiện Kết luận số 65-KL/TW (thời hạn 31/10/2024)"
            ),
            (
                "Còn 3 ngày nữa là đến thời hạn ban hành “Công văn chỉ đạo, hướng dẫn sơ kết, tổng "
                "kết” – Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW, Ban Dân vận Tỉnh ủy Tây Ninh "
                "chưa nhận được văn bản của quý đơn vị. Đề nghị quý đơn vị khẩn trương ban hành để "
                "các đơn vị có đủ thời gian triển khai. Nếu đã ban hành, xin vui lòng bỏ qua thư "
                "này."
            ),
        ),
        "due-day": (
            (
                "[Nhắc hạn] Hôm nay là thời hạn: Công văn chỉ đạo, hướng dẫn sơ kết, tổng kết – Sơ "
                "kết 5 năm thực hiện Kết luận số 65-KL/TW"
            ),
            (
                "Hôm nay là thời hạn ban hành “Công văn chỉ đạo, hướng dẫn sơ kết, tổng kết” – Sơ "
                "kết 5 năm thực hiện Kết luận số 65-KL/TW, Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận "
                "được văn bản của quý đơn vị. Đề nghị quý đơn vị khẩn trương ban hành để các đơn "
                "vị có đủ thời gian triển khai. Nếu đã ban hành, xin vui lòng bỏ qua thư này."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Công văn chỉ đạo, hướng dẫn sơ kết, tổng kết – Sơ kết 5 năm thực hiện "
                "Kết luận số 65-KL/TW: quá hạn 2 ngày làm việc"
            ),
            (
                "“Công văn chỉ đạo, hướng dẫn sơ kết, tổng kết” – Sơ kết 5 năm thực hiện Kết luận "
                "số 65-KL/TW có thời hạn thứ Năm, ngày 31/10/2024; đến nay đã quá hạn 2 ngày làm "
                "việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được văn bản của quý đơn vị; "
                "việc chậm ban hành ảnh hưởng đến tiến độ sơ kết, tổng kết của các đơn vị. Đề nghị "
                "quý đơn vị ban hành ngay. Nếu đã ban hành, xin báo lại số, ký hiệu văn bản để ghi "
                "nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa hoàn thành Công văn chỉ đạo, hướng dẫn "
                "sơ kết, tổng kết – Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW (quá hạn 3 ngày "
                "làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "chưa hoàn thành, ban hành “Công văn chỉ đạo, hướng dẫn sơ kết, tổng kết” – Sơ kết "
                "5 năm thực hiện Kết luận số 65-KL/TW, thời hạn thứ Năm, ngày 31/10/2024, đến nay "
                "đã quá hạn 3 ngày làm việc dù đã được nhắc. Đề nghị đồng chí quan tâm, chỉ đạo bộ "
                "phận tham mưu khẩn trương hoàn thành, ban hành văn bản."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Công văn chỉ đạo, hướng "
                "dẫn sơ kết, tổng kết – Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW quá hạn 7 ngày "
                "làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu chưa hoàn "
                "thành, ban hành “Công văn chỉ đạo, hướng dẫn sơ kết, tổng kết” – Sơ kết 5 năm "
                "thực hiện Kết luận số 65-KL/TW, thời hạn thứ Năm, ngày 31/10/2024, đến nay đã quá "
                "hạn 7 ngày làm việc; đơn vị và người đứng đầu đã được nhắc. Đề nghị quý cơ quan, "
                "với vai trò chỉ đạo, đôn đốc Ban Dân vận Huyện ủy Gò Dầu khẩn trương hoàn thành, "
                "ban hành văn bản."
            ),
        ),
        "moved-1": (
            (
                "[Điều chỉnh] Công văn chỉ đạo, hướng dẫn sơ kết, tổng kết – Sơ kết 5 năm thực "
                "hiện Kết luận số 65-KL/TW: thời hạn mới 31/10/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: thời hạn hoàn thành “Công văn chỉ đạo, "
                "hướng dẫn sơ kết, tổng kết” – Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW đã được "
                "điều chỉnh, nay là thứ Năm, ngày 31/10/2024 (lý do: trùng lịch làm việc của "
                "Thường trực Tỉnh ủy). Đề nghị quý đơn vị lưu ý, hoàn thành và ban hành văn bản "
                "theo thời hạn mới."
            ),
        ),
    },
    ("directive-review", "report"): {
        "open": (
            (
                "[Đôn đốc] Báo cáo sơ kết, tổng kết của đơn vị – Sơ kết 5 năm thực hiện Kết luận "
                "số 65-KL/TW: hạn gửi 29/11/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị xây dựng “Báo cáo sơ kết, tổng "
                "kết của đơn vị” – Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW theo đề cương, "
                "hướng dẫn đã ban hành, đánh giá đầy đủ kết quả, hạn chế, bài học kinh nghiệm và "
                "đề xuất, kiến nghị; gửi đúng hạn để tổng hợp, xây dựng báo cáo chung."
            ),
        ),
        "before-3": (
            (
                "[Nhắc hạn] Còn 3 ngày: Báo cáo sơ kết, tổng kết của đơn vị – Sơ kết 5 năm thực "
                "hiện Kết luận số 65-KL/TW (hạn 29/11/2024)"
            ),
            (
                "Còn 3 ngày nữa là đến hạn gửi “Báo cáo sơ kết, tổng kết của đơn vị” – Sơ kết 5 "
                "năm thực hiện Kết luận số 65-KL/TW, Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được "
                "báo cáo sơ kết, tổng kết của quý đơn vị. Đề nghị quý đơn vị khẩn trương hoàn "
                "thành và gửi đúng hạn để kịp tổng hợp. Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "due-day": (
            (
                "[Nhắc hạn] Hôm nay là hạn gửi Báo cáo sơ kết, tổng kết của đơn vị – Sơ kết 5 năm "
                "thực hiện Kết luận số 65-KL/TW"
            ),
            (
                "Hôm nay là hạn gửi “Báo cáo sơ kết, tổng kết của đơn vị” – Sơ kết 5 năm thực hiện "
                "Kết luận số 65-KL/TW, Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được báo cáo sơ kết, "
                "tổng kết của quý đơn vị. Đề nghị quý đơn vị khẩn trương hoàn thành và gửi đúng "
                "hạn để kịp tổng hợp. Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Báo cáo sơ kết, tổng kết của đơn vị – Sơ kết 5 năm thực hiện Kết luận "
                "số 65-KL/TW: quá hạn 2 ngày làm việc"
            ),
            (
                "“Báo cáo sơ kết, tổng kết của đơn vị” – Sơ kết 5 năm thực hiện Kết luận số "
                "65-KL/TW có hạn gửi thứ Sáu, ngày 29/11/2024; đến nay đã quá hạn 2 ngày làm việc "
                "nhưng Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được báo cáo sơ kết, tổng kết của "
                "quý đơn vị. Đề nghị quý đơn vị gửi ngay để kịp tổng hợp chung. Nếu đã gửi, xin "
                "báo lại số, ký hiệu văn bản để ghi nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa gửi Báo cáo sơ kết, tổng kết của đơn "
                "vị – Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW (quá hạn 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "chưa gửi “Báo cáo sơ kết, tổng kết của đơn vị” – Sơ kết 5 năm thực hiện Kết luận "
                "số 65-KL/TW, hạn gửi thứ Sáu, ngày 29/11/2024, đến nay đã quá hạn 3 ngày làm việc "
                "dù đã được nhắc, ảnh hưởng đến tiến độ tổng hợp chung. Đề nghị đồng chí quan tâm, "
                "chỉ đạo bộ phận tham mưu hoàn thành và gửi báo cáo."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Báo cáo sơ kết, tổng kết "
                "của đơn vị – Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu chưa gửi “Báo "
                "cáo sơ kết, tổng kết của đơn vị” – Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW, "
                "hạn gửi thứ Sáu, ngày 29/11/2024, đến nay đã quá hạn 7 ngày làm việc, ảnh hưởng "
                "đến tiến độ tổng hợp chung; đơn vị và người đứng đầu đã được nhắc. Đề nghị quý cơ "
                "quan, với vai trò chỉ đạo, đôn đốc Ban Dân vận Huyện ủy Gò Dầu hoàn thành và gửi "
                "báo cáo."
            ),
        ),
        "moved-1": (
            (
                "[Điều chỉnh] Báo cáo sơ kết, tổng kết của đơn vị – Sơ kết 5 năm thực hiện Kết "
                "luận số 65-KL/TW: hạn gửi mới 29/11/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: thời gian tổ chức Sơ kết 5 năm thực hiện "
                "Kết luận số 65-KL/TW đã được điều chỉnh; hạn gửi “Báo cáo sơ kết, tổng kết của "
                "đơn vị” nay là thứ Sáu, ngày 29/11/2024 (lý do: trùng lịch làm việc của Thường "
                "trực Tỉnh ủy). Đề nghị quý đơn vị lưu ý, gửi báo cáo theo thời hạn mới."
            ),
        ),
    },
    ("directive-review", "consolidated-report"): {
        "open": (
            (
                "[Đôn đốc] Báo cáo sơ kết, tổng kết (tổng hợp) – Sơ kết 5 năm thực hiện Kết luận "
                "số 65-KL/TW: thời hạn 31/12/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị tổng hợp báo cáo của các đơn vị, "
                "xây dựng “Báo cáo sơ kết, tổng kết (tổng hợp)” – Sơ kết 5 năm thực hiện Kết luận "
                "số 65-KL/TW và gửi đúng hạn, làm cơ sở tổ chức hội nghị sơ kết, tổng kết."
            ),
        ),
        "before-3": (
            (
                "[Nhắc hạn] Còn 3 ngày: Báo cáo sơ kết, tổng kết (tổng hợp) – Sơ kết 5 năm thực "
                "hiện Kết luận số 65-KL/TW (thời hạn 31/12/2024)"
            ),
            (
                "Còn 3 ngày nữa là đến thời hạn hoàn thành “Báo cáo sơ kết, tổng kết (tổng hợp)” – "
                "Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW, Ban Dân vận Tỉnh ủy Tây Ninh chưa "
                "nhận được báo cáo tổng hợp của quý đơn vị. Đề nghị quý đơn vị khẩn trương hoàn "
                "thành và gửi đúng thời hạn. Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "due-day": (
            (
                "[Nhắc hạn] Hôm nay là thời hạn: Báo cáo sơ kết, tổng kết (tổng hợp) – Sơ kết 5 "
                "năm thực hiện Kết luận số 65-KL/TW"
            ),
            (
                "Hôm nay là thời hạn hoàn thành “Báo cáo sơ kết, tổng kết (tổng hợp)” – Sơ kết 5 "
                "năm thực hiện Kết luận số 65-KL/TW, Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được "
                "báo cáo tổng hợp của quý đơn vị. Đề nghị quý đơn vị khẩn trương hoàn thành và gửi "
                "đúng thời hạn. Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Báo cáo sơ kết, tổng kết (tổng hợp) – Sơ kết 5 năm thực hiện Kết luận "
                "số 65-KL/TW: quá hạn 2 ngày làm việc"
            ),
            (
                "“Báo cáo sơ kết, tổng kết (tổng hợp)” – Sơ kết 5 năm thực hiện Kết luận số "
                "65-KL/TW có thời hạn thứ Ba, ngày 31/12/2024; đến nay đã quá hạn 2 ngày làm việc "
                "nhưng Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được báo cáo tổng hợp của quý đơn "
                "vị. Đề nghị quý đơn vị khẩn trương hoàn thành và gửi ngay. Nếu đã gửi, xin báo "
                "lại số, ký hiệu văn bản để ghi nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa hoàn thành Báo cáo sơ kết, tổng kết "
                "(tổng hợp) – Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW (quá hạn 3 ngày làm "
                "việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "chưa hoàn thành “Báo cáo sơ kết, tổng kết (tổng hợp)” – Sơ kết 5 năm thực hiện "
                "Kết luận số 65-KL/TW, thời hạn thứ Ba, ngày 31/12/2024, đến nay đã quá hạn 3 ngày "
                "làm việc dù đã được nhắc. Đề nghị đồng chí quan tâm, chỉ đạo bộ phận tham mưu "
                "khẩn trương tổng hợp, hoàn thành và gửi báo cáo."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Báo cáo sơ kết, tổng kết "
                "(tổng hợp) – Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu chưa hoàn "
                "thành “Báo cáo sơ kết, tổng kết (tổng hợp)” – Sơ kết 5 năm thực hiện Kết luận số "
                "65-KL/TW, thời hạn thứ Ba, ngày 31/12/2024, đến nay đã quá hạn 7 ngày làm việc; "
                "đơn vị và người đứng đầu đã được nhắc. Đề nghị quý cơ quan, với vai trò chỉ đạo, "
                "đôn đốc Ban Dân vận Huyện ủy Gò Dầu khẩn trương tổng hợp, hoàn thành và gửi báo "
                "cáo."
            ),
        ),
        "moved-1": (
            (
                "[Điều chỉnh] Báo cáo sơ kết, tổng kết (tổng hợp) – Sơ kết 5 năm thực hiện Kết "
                "luận số 65-KL/TW: thời hạn mới 31/12/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: thời hạn hoàn thành “Báo cáo sơ kết, tổng "
                "kết (tổng hợp)” – Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW đã được điều chỉnh, "
                "nay là thứ Ba, ngày 31/12/2024 (lý do: trùng lịch làm việc của Thường trực Tỉnh "
                "ủy). Đề nghị quý đơn vị lưu ý, hoàn thành và gửi báo cáo theo thời hạn mới."
            ),
        ),
    },
    ("directive-review", "conference"): {
        "open": (
            (
                "[Chuẩn bị] Hội nghị sơ kết, tổng kết – Sơ kết 5 năm thực hiện Kết luận số "
                "65-KL/TW: tổ chức ngày 31/12/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị chủ động chuẩn bị chu đáo (chương "
                "trình, nội dung, tài liệu, thành phần đại biểu, địa điểm và giấy mời) và tổ chức "
                "“Hội nghị sơ kết, tổng kết” – Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW vào thứ "
                "Ba, ngày 31/12/2024. Sau hội nghị, đề nghị báo lại ngày tổ chức và số, ký hiệu "
                "văn bản kết luận hội nghị (nếu có)."
            ),
        ),
        "before-3": (
            (
                "[Nhắc lịch] Còn 3 ngày: Hội nghị sơ kết, tổng kết – Sơ kết 5 năm thực hiện Kết "
                "luận số 65-KL/TW (ngày 31/12/2024)"
            ),
            (
                "Còn 3 ngày nữa là đến ngày tổ chức “Hội nghị sơ kết, tổng kết” – Sơ kết 5 năm "
                "thực hiện Kết luận số 65-KL/TW (thứ Ba, ngày 31/12/2024). Đề nghị quý đơn vị hoàn "
                "tất công tác chuẩn bị và tổ chức hội nghị đúng lịch; sau hội nghị, đề nghị báo "
                "lại Ban Dân vận Tỉnh ủy Tây Ninh ngày tổ chức và số, ký hiệu văn bản kết luận hội "
                "nghị (nếu có)."
            ),
        ),
        "due-day": (
            (
                "[Nhắc lịch] Hôm nay tổ chức Hội nghị sơ kết, tổng kết – Sơ kết 5 năm thực hiện "
                "Kết luận số 65-KL/TW"
            ),
            (
                "Hôm nay, thứ Ba, ngày 31/12/2024, là ngày tổ chức “Hội nghị sơ kết, tổng kết” – "
                "Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW. Đề nghị quý đơn vị hoàn tất công tác "
                "chuẩn bị và tổ chức hội nghị đúng lịch; sau hội nghị, đề nghị báo lại Ban Dân vận "
                "Tỉnh ủy Tây Ninh ngày tổ chức và số, ký hiệu văn bản kết luận hội nghị (nếu có)."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Hội nghị sơ kết, tổng kết – Sơ kết 5 năm thực hiện Kết luận số "
                "65-KL/TW: chưa ghi nhận đã tổ chức (quá 2 ngày làm việc)"
            ),
            (
                "“Hội nghị sơ kết, tổng kết” – Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW dự kiến "
                "tổ chức vào thứ Ba, ngày 31/12/2024; đến nay đã quá 2 ngày làm việc nhưng Ban Dân "
                "vận Tỉnh ủy Tây Ninh chưa ghi nhận hội nghị đã được tổ chức. Nếu hội nghị đã diễn "
                "ra, đề nghị quý đơn vị báo lại ngày tổ chức và số, ký hiệu văn bản kết luận hội "
                "nghị (nếu có); nếu chưa tổ chức, đề nghị báo rõ lý do và thời gian dự kiến tổ "
                "chức."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa báo kết quả tổ chức Hội nghị sơ kết, "
                "tổng kết – Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW (quá 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "được giao chuẩn bị, tổ chức “Hội nghị sơ kết, tổng kết” – Sơ kết 5 năm thực hiện "
                "Kết luận số 65-KL/TW vào thứ Ba, ngày 31/12/2024; đến nay đã quá 3 ngày làm việc "
                "nhưng chưa ghi nhận hội nghị đã được tổ chức, dù đơn vị đã được nhắc. Đề nghị "
                "đồng chí quan tâm, chỉ đạo tổ chức hội nghị (nếu chưa tổ chức) và báo lại kết "
                "quả."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Hội nghị sơ kết, tổng kết "
                "– Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW chưa ghi nhận đã tổ chức (quá 7 "
                "ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu được giao "
                "chuẩn bị, tổ chức “Hội nghị sơ kết, tổng kết” – Sơ kết 5 năm thực hiện Kết luận "
                "số 65-KL/TW vào thứ Ba, ngày 31/12/2024; đến nay đã quá 7 ngày làm việc nhưng "
                "chưa ghi nhận hội nghị đã được tổ chức; đơn vị và người đứng đầu đã được nhắc. Đề "
                "nghị quý cơ quan, với vai trò chỉ đạo, đôn đốc Ban Dân vận Huyện ủy Gò Dầu tổ "
                "chức hội nghị và báo lại kết quả."
            ),
        ),
        "moved-1": (
            (
                "[Điều chỉnh] Hội nghị sơ kết, tổng kết – Sơ kết 5 năm thực hiện Kết luận số "
                "65-KL/TW: chuyển sang ngày 31/12/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: “Hội nghị sơ kết, tổng kết” – Sơ kết 5 "
                "năm thực hiện Kết luận số 65-KL/TW đã được điều chỉnh thời gian, nay tổ chức vào "
                "thứ Ba, ngày 31/12/2024 (lý do: trùng lịch làm việc của Thường trực Tỉnh ủy). Đề "
                "nghị quý đơn vị lưu ý, điều chỉnh công tác chuẩn bị và giấy mời đại biểu cho phù "
                "hợp."
            ),
        ),
    },
    ("holiday-visit", "plan"): {
        "open": (
            ("[Đôn đốc] Kế hoạch thăm, chúc mừng – Đại lễ Phật đản năm 2024: thời hạn 12/05/2024"),
            (
                "Nhân dịp Đại lễ Phật đản năm 2024, Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn "
                "vị xây dựng, ban hành “Kế hoạch thăm, chúc mừng” đúng thời hạn, trong đó xác định "
                "rõ thành phần đoàn, thời gian, địa điểm, chức sắc, chức việc, người có uy tín "
                "được thăm và quà tặng; đồng thời gửi kế hoạch để phối hợp thực hiện."
            ),
        ),
        "before-3": (
            (
                "[Nhắc hạn] Còn 3 ngày: Kế hoạch thăm, chúc mừng – Đại lễ Phật đản năm 2024 (thời "
                "hạn 12/05/2024)"
            ),
            (
                "Còn 3 ngày nữa là đến thời hạn ban hành “Kế hoạch thăm, chúc mừng” – Đại lễ Phật "
                "đản năm 2024, Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được kế hoạch của quý đơn "
                "vị. Đề nghị quý đơn vị khẩn trương hoàn thành để kịp chuẩn bị đoàn thăm, chúc "
                "mừng trước ngày lễ. Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "due-day": (
            ("[Nhắc hạn] Hôm nay là thời hạn: Kế hoạch thăm, chúc mừng – Đại lễ Phật đản năm 2024"),
            (
                "Hôm nay là thời hạn ban hành “Kế hoạch thăm, chúc mừng” – Đại lễ Phật đản năm "
                "2024, Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được kế hoạch của quý đơn vị. Đề "
                "nghị quý đơn vị khẩn trương hoàn thành để kịp chuẩn bị đoàn thăm, chúc mừng trước "
                "ngày lễ. Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Kế hoạch thăm, chúc mừng – Đại lễ Phật đản năm 2024: quá hạn 2 ngày làm "
                "việc"
            ),
            (
                "“Kế hoạch thăm, chúc mừng” – Đại lễ Phật đản năm 2024 có thời hạn chủ nhật, ngày "
                "12/05/2024; đến nay đã quá hạn 2 ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh "
                "chưa nhận được kế hoạch của quý đơn vị. Đề nghị quý đơn vị khẩn trương ban hành "
                "để kịp tổ chức thăm, chúc mừng đúng dịp lễ. Nếu đã ban hành, xin báo lại số, ký "
                "hiệu văn bản để ghi nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa hoàn thành Kế hoạch thăm, chúc mừng – "
                "Đại lễ Phật đản năm 2024 (quá hạn 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "chưa ban hành “Kế hoạch thăm, chúc mừng” – Đại lễ Phật đản năm 2024, thời hạn chủ "
                "nhật, ngày 12/05/2024, đến nay đã quá hạn 3 ngày làm việc dù đã được nhắc. Đề "
                "nghị đồng chí quan tâm, chỉ đạo khẩn trương ban hành kế hoạch để kịp tổ chức "
                "thăm, chúc mừng đúng dịp lễ."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Kế hoạch thăm, chúc mừng – "
                "Đại lễ Phật đản năm 2024 quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu chưa ban hành "
                "“Kế hoạch thăm, chúc mừng” – Đại lễ Phật đản năm 2024, thời hạn chủ nhật, ngày "
                "12/05/2024, đến nay đã quá hạn 7 ngày làm việc; đơn vị và người đứng đầu đã được "
                "nhắc. Đề nghị quý cơ quan, với vai trò chỉ đạo, đôn đốc Ban Dân vận Huyện ủy Gò "
                "Dầu khẩn trương ban hành kế hoạch để kịp tổ chức thăm, chúc mừng đúng dịp lễ."
            ),
        ),
        "moved-1": (
            (
                "[Điều chỉnh] Kế hoạch thăm, chúc mừng – Đại lễ Phật đản năm 2024: thời hạn mới "
                "12/05/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: lịch thăm, chúc mừng nhân dịp Đại lễ Phật "
                "đản năm 2024 đã được điều chỉnh; thời hạn ban hành “Kế hoạch thăm, chúc mừng” nay "
                "là chủ nhật, ngày 12/05/2024 (lý do: trùng lịch làm việc của Thường trực Tỉnh "
                "ủy). Đề nghị quý đơn vị lưu ý, hoàn thành kế hoạch theo thời hạn mới."
            ),
        ),
    },
    ("holiday-visit", "visit"): {
        "open": (
            "[Chuẩn bị] Thăm, chúc mừng – Đại lễ Phật đản năm 2024: ngày 22/05/2024",
            (
                "Nhân dịp Đại lễ Phật đản năm 2024, Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn "
                "vị chủ động chuẩn bị chu đáo (thành phần đoàn, lịch trình, lời chúc mừng, quà "
                "tặng) và tổ chức thăm, chúc mừng chức sắc, chức việc, cơ sở tôn giáo, người có uy "
                "tín theo kế hoạch vào thứ Tư, ngày 22/05/2024. Sau khi thăm, đề nghị báo lại ngày "
                "thăm và thành phần đoàn."
            ),
        ),
        "before-3": (
            (
                "[Nhắc lịch] Còn 3 ngày: Thăm, chúc mừng – Đại lễ Phật đản năm 2024 (ngày "
                "22/05/2024)"
            ),
            (
                "Còn 3 ngày nữa là đến ngày thăm, chúc mừng nhân dịp Đại lễ Phật đản năm 2024 (thứ "
                "Tư, ngày 22/05/2024). Đề nghị quý đơn vị hoàn tất công tác chuẩn bị: thành phần "
                "đoàn, lịch trình, lời chúc mừng, quà tặng; sau khi thăm, đề nghị báo lại Ban Dân "
                "vận Tỉnh ủy Tây Ninh ngày thăm và thành phần đoàn."
            ),
        ),
        "due-day": (
            "[Nhắc lịch] Hôm nay: Thăm, chúc mừng – Đại lễ Phật đản năm 2024",
            (
                "Hôm nay, thứ Tư, ngày 22/05/2024, là ngày thăm, chúc mừng nhân dịp Đại lễ Phật "
                "đản năm 2024. Đề nghị quý đơn vị hoàn tất công tác chuẩn bị: thành phần đoàn, "
                "lịch trình, lời chúc mừng, quà tặng; sau khi thăm, đề nghị báo lại Ban Dân vận "
                "Tỉnh ủy Tây Ninh ngày thăm và thành phần đoàn."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Thăm, chúc mừng – Đại lễ Phật đản năm 2024: chưa ghi nhận đã thực hiện "
                "(quá 2 ngày làm việc)"
            ),
            (
                "Việc thăm, chúc mừng nhân dịp Đại lễ Phật đản năm 2024 dự kiến thực hiện vào thứ "
                "Tư, ngày 22/05/2024; đến nay đã quá 2 ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây "
                "Ninh chưa ghi nhận việc thăm, chúc mừng đã được thực hiện. Nếu đã thăm, đề nghị "
                "quý đơn vị báo lại ngày thăm và thành phần đoàn; nếu chưa thực hiện, đề nghị báo "
                "rõ lý do."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa báo kết quả Thăm, chúc mừng – Đại lễ "
                "Phật đản năm 2024 (quá 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "được giao tổ chức “Thăm, chúc mừng chức sắc, tín đồ Phật giáo nhân dịp Đại lễ "
                "Phật đản” – Đại lễ Phật đản năm 2024 vào thứ Tư, ngày 22/05/2024; đến nay đã quá "
                "3 ngày làm việc nhưng chưa ghi nhận việc thăm, chúc mừng đã được thực hiện, dù "
                "đơn vị đã được nhắc. Đề nghị đồng chí quan tâm, chỉ đạo báo lại kết quả thăm, "
                "chúc mừng hoặc lý do chưa thực hiện."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Thăm, chúc mừng – Đại lễ "
                "Phật đản năm 2024 chưa ghi nhận đã thực hiện (quá 7 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu được giao tổ "
                "chức “Thăm, chúc mừng chức sắc, tín đồ Phật giáo nhân dịp Đại lễ Phật đản” – Đại "
                "lễ Phật đản năm 2024 vào thứ Tư, ngày 22/05/2024; đến nay đã quá 7 ngày làm việc "
                "nhưng chưa ghi nhận việc thăm, chúc mừng đã được thực hiện; đơn vị và người đứng "
                "đầu đã được nhắc. Đề nghị quý cơ quan, với vai trò chỉ đạo, đôn đốc Ban Dân vận "
                "Huyện ủy Gò Dầu báo lại kết quả thăm, chúc mừng hoặc lý do chưa thực hiện."
            ),
        ),
        "moved-1": (
            (
                "[Điều chỉnh] Thăm, chúc mừng – Đại lễ Phật đản năm 2024: chuyển sang ngày "
                "22/05/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: lịch thăm, chúc mừng nhân dịp Đại lễ Phật "
                "đản năm 2024 đã được điều chỉnh, nay thực hiện vào thứ Tư, ngày 22/05/2024 (lý "
                "do: trùng lịch làm việc của Thường trực Tỉnh ủy). Đề nghị quý đơn vị lưu ý, điều "
                "chỉnh lịch trình và thông báo lại cho thành phần đoàn."
            ),
        ),
    },
    ("holiday-visit", "report"): {
        "open": (
            (
                "[Đôn đốc] Báo cáo kết quả thăm, chúc mừng – Đại lễ Phật đản năm 2024: hạn gửi "
                "27/05/2024"
            ),
            (
                "Sau đợt thăm, chúc mừng nhân dịp Đại lễ Phật đản năm 2024, Ban Dân vận Tỉnh ủy "
                "Tây Ninh đề nghị quý đơn vị gửi “Báo cáo kết quả thăm, chúc mừng” đúng hạn, nêu "
                "rõ kết quả thăm, chúc mừng và tình hình, tâm tư, nguyện vọng của chức sắc, chức "
                "việc, người có uy tín và đồng bào."
            ),
        ),
        "before-3": (
            (
                "[Nhắc hạn] Còn 3 ngày: Báo cáo kết quả thăm, chúc mừng – Đại lễ Phật đản năm 2024 "
                "(hạn 27/05/2024)"
            ),
            (
                "Còn 3 ngày nữa là đến hạn gửi “Báo cáo kết quả thăm, chúc mừng” – Đại lễ Phật đản "
                "năm 2024, Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được báo cáo của quý đơn vị. Đề "
                "nghị quý đơn vị khẩn trương hoàn thành và gửi đúng hạn. Nếu đã gửi, xin vui lòng "
                "bỏ qua thư này."
            ),
        ),
        "due-day": (
            (
                "[Nhắc hạn] Hôm nay là hạn gửi Báo cáo kết quả thăm, chúc mừng – Đại lễ Phật đản "
                "năm 2024"
            ),
            (
                "Hôm nay là hạn gửi “Báo cáo kết quả thăm, chúc mừng” – Đại lễ Phật đản năm 2024, "
                "Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được báo cáo của quý đơn vị. Đề nghị quý "
                "đơn vị khẩn trương hoàn thành và gửi đúng hạn. Nếu đã gửi, xin vui lòng bỏ qua "
                "thư này."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Báo cáo kết quả thăm, chúc mừng – Đại lễ Phật đản năm 2024: quá hạn 2 "
                "ngày làm việc"
            ),
            (
                "“Báo cáo kết quả thăm, chúc mừng” – Đại lễ Phật đản năm 2024 có hạn gửi thứ Hai, "
                "ngày 27/05/2024; đến nay đã quá hạn 2 ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây "
                "Ninh chưa nhận được báo cáo của quý đơn vị. Đề nghị quý đơn vị gửi ngay. Nếu đã "
                "gửi, xin báo lại số, ký hiệu văn bản để ghi nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa gửi Báo cáo kết quả thăm, chúc mừng – "
                "Đại lễ Phật đản năm 2024 (quá hạn 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "chưa gửi “Báo cáo kết quả thăm, chúc mừng” – Đại lễ Phật đản năm 2024, hạn gửi "
                "thứ Hai, ngày 27/05/2024, đến nay đã quá hạn 3 ngày làm việc dù đã được nhắc. Đề "
                "nghị đồng chí quan tâm, chỉ đạo bộ phận tham mưu hoàn thành và gửi báo cáo."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Báo cáo kết quả thăm, chúc "
                "mừng – Đại lễ Phật đản năm 2024 quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu chưa gửi “Báo "
                "cáo kết quả thăm, chúc mừng” – Đại lễ Phật đản năm 2024, hạn gửi thứ Hai, ngày "
                "27/05/2024, đến nay đã quá hạn 7 ngày làm việc; đơn vị và người đứng đầu đã được "
                "nhắc. Đề nghị quý cơ quan, với vai trò chỉ đạo, đôn đốc Ban Dân vận Huyện ủy Gò "
                "Dầu hoàn thành và gửi báo cáo."
            ),
        ),
        "moved-1": (
            (
                "[Điều chỉnh] Báo cáo kết quả thăm, chúc mừng – Đại lễ Phật đản năm 2024: hạn gửi "
                "mới 27/05/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: lịch thăm, chúc mừng nhân dịp Đại lễ Phật "
                "đản năm 2024 đã được điều chỉnh; hạn gửi “Báo cáo kết quả thăm, chúc mừng” nay là "
                "thứ Hai, ngày 27/05/2024 (lý do: trùng lịch làm việc của Thường trực Tỉnh ủy). Đề "
                "nghị quý đơn vị lưu ý, gửi báo cáo theo thời hạn mới."
            ),
        ),
    },
    ("supervision", "plan"): {
        "open": (
            "[Đôn đốc] Kế hoạch giám sát, kiểm tra – Tháng 4/2024: thời hạn 29/03/2024",
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị chủ động chuẩn bị, hoàn thành và "
                "ban hành “Kế hoạch giám sát, kiểm tra (Giám sát 03 năm thực hiện Chỉ thị số "
                "06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024 đúng thời hạn, đồng thời gửi "
                "văn bản để theo dõi, tổng hợp."
            ),
        ),
        "before-3": (
            (
                "[Nhắc hạn] Còn 3 ngày: Kế hoạch giám sát, kiểm tra – Tháng 4/2024 (thời hạn "
                "29/03/2024)"
            ),
            (
                "Còn 3 ngày nữa là đến thời hạn hoàn thành “Kế hoạch giám sát, kiểm tra (Giám sát "
                "03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024, "
                "Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được văn bản của quý đơn vị. Đề nghị quý "
                "đơn vị khẩn trương hoàn thành, ban hành và gửi đúng thời hạn. Nếu đã gửi, xin vui "
                "lòng bỏ qua thư này."
            ),
        ),
        "due-day": (
            "[Nhắc hạn] Hôm nay là thời hạn: Kế hoạch giám sát, kiểm tra – Tháng 4/2024",
            (
                "Hôm nay là thời hạn hoàn thành “Kế hoạch giám sát, kiểm tra (Giám sát 03 năm thực "
                "hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024, Ban Dân vận "
                "Tỉnh ủy Tây Ninh chưa nhận được văn bản của quý đơn vị. Đề nghị quý đơn vị khẩn "
                "trương hoàn thành, ban hành và gửi đúng thời hạn. Nếu đã gửi, xin vui lòng bỏ qua "
                "thư này."
            ),
        ),
        "overdue-1": (
            "[Quá hạn] Kế hoạch giám sát, kiểm tra – Tháng 4/2024: quá hạn 2 ngày làm việc",
            (
                "“Kế hoạch giám sát, kiểm tra (Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của "
                "Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024 có thời hạn thứ Sáu, ngày 29/03/2024; đến "
                "nay đã quá hạn 2 ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được "
                "văn bản của quý đơn vị. Đề nghị quý đơn vị khẩn trương hoàn thành, ban hành và "
                "gửi ngay. Nếu đã ban hành, xin báo lại số, ký hiệu văn bản để ghi nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Tỉnh ủy Tây Ninh chưa hoàn thành Kế hoạch giám sát, kiểm "
                "tra – Tháng 4/2024 (quá hạn 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Tỉnh ủy Tây Ninh "
                "chưa hoàn thành, ban hành “Kế hoạch giám sát, kiểm tra (Giám sát 03 năm thực hiện "
                "Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024, thời hạn thứ Sáu, "
                "ngày 29/03/2024, đến nay đã quá hạn 3 ngày làm việc dù đã được nhắc. Đề nghị đồng "
                "chí quan tâm, chỉ đạo bộ phận tham mưu khẩn trương hoàn thành, ban hành văn bản."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Tỉnh ủy Tây Ninh: Kế hoạch giám sát, kiểm "
                "tra – Tháng 4/2024 quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Tỉnh ủy Tây Ninh chưa hoàn "
                "thành, ban hành “Kế hoạch giám sát, kiểm tra (Giám sát 03 năm thực hiện Chỉ thị "
                "số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024, thời hạn thứ Sáu, ngày "
                "29/03/2024, đến nay đã quá hạn 7 ngày làm việc; đơn vị và người đứng đầu đã được "
                "nhắc. Đề nghị quý cơ quan, với vai trò chỉ đạo, đôn đốc Ban Dân vận Tỉnh ủy Tây "
                "Ninh khẩn trương hoàn thành, ban hành văn bản."
            ),
        ),
        "moved-1": (
            "[Điều chỉnh] Kế hoạch giám sát, kiểm tra – Tháng 4/2024: thời hạn mới 29/03/2024",
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: thời hạn hoàn thành “Kế hoạch giám sát, "
                "kiểm tra (Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh "
                "ủy)” – Tháng 4/2024 đã được điều chỉnh, nay là thứ Sáu, ngày 29/03/2024 (lý do: "
                "trùng lịch làm việc của Thường trực Tỉnh ủy). Đề nghị quý đơn vị lưu ý, hoàn "
                "thành và ban hành văn bản theo thời hạn mới."
            ),
        ),
    },
    ("supervision", "decision"): {
        "open": (
            (
                "[Đôn đốc] Quyết định thành lập đoàn giám sát, kiểm tra – Tháng 4/2024: thời hạn "
                "29/03/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị chủ động chuẩn bị, hoàn thành và "
                "ban hành “Quyết định thành lập đoàn giám sát, kiểm tra (Giám sát 03 năm thực hiện "
                "Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024 đúng thời hạn, "
                "đồng thời gửi văn bản để theo dõi, tổng hợp."
            ),
        ),
        "before-3": (
            (
                "[Nhắc hạn] Còn 3 ngày: Quyết định thành lập đoàn giám sát, kiểm tra – Tháng "
                "4/2024 (thời hạn 29/03/2024)"
            ),
            (
                "Còn 3 ngày nữa là đến thời hạn hoàn thành “Quyết định thành lập đoàn giám sát, "
                "kiểm tra (Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh "
                "ủy)” – Tháng 4/2024, Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được văn bản của quý "
                "đơn vị. Đề nghị quý đơn vị khẩn trương hoàn thành, ban hành và gửi đúng thời hạn. "
                "Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "due-day": (
            (
                "[Nhắc hạn] Hôm nay là thời hạn: Quyết định thành lập đoàn giám sát, kiểm tra – "
                "Tháng 4/2024"
            ),
            (
                "Hôm nay là thời hạn hoàn thành “Quyết định thành lập đoàn giám sát, kiểm tra "
                "(Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – "
                "Tháng 4/2024, Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được văn bản của quý đơn vị. "
                "Đề nghị quý đơn vị khẩn trương hoàn thành, ban hành và gửi đúng thời hạn. Nếu đã "
                "gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Quyết định thành lập đoàn giám sát, kiểm tra – Tháng 4/2024: quá hạn 2 "
                "ngày làm việc"
            ),
            (
                "“Quyết định thành lập đoàn giám sát, kiểm tra (Giám sát 03 năm thực hiện Chỉ thị "
                "số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024 có thời hạn thứ Sáu, ngày "
                "29/03/2024; đến nay đã quá hạn 2 ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh "
                "chưa nhận được văn bản của quý đơn vị. Đề nghị quý đơn vị khẩn trương hoàn thành, "
                "ban hành và gửi ngay. Nếu đã ban hành, xin báo lại số, ký hiệu văn bản để ghi "
                "nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Tỉnh ủy Tây Ninh chưa hoàn thành Quyết định thành lập đoàn "
                "giám sát, kiểm tra – Tháng 4/2024 (quá hạn 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Tỉnh ủy Tây Ninh "
                "chưa hoàn thành, ban hành “Quyết định thành lập đoàn giám sát, kiểm tra (Giám sát "
                "03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024, "
                "thời hạn thứ Sáu, ngày 29/03/2024, đến nay đã quá hạn 3 ngày làm việc dù đã được "
                "nhắc. Đề nghị đồng chí quan tâm, chỉ đạo bộ phận tham mưu khẩn trương hoàn thành, "
                "ban hành văn bản."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Tỉnh ủy Tây Ninh: Quyết định thành lập đoàn "
                "giám sát, kiểm tra – Tháng 4/2024 quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Tỉnh ủy Tây Ninh chưa hoàn "
                "thành, ban hành “Quyết định thành lập đoàn giám sát, kiểm tra (Giám sát 03 năm "
                "thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024, thời "
                "hạn thứ Sáu, ngày 29/03/2024, đến nay đã quá hạn 7 ngày làm việc; đơn vị và người "
                "đứng đầu đã được nhắc. Đề nghị quý cơ quan, với vai trò chỉ đạo, đôn đốc Ban Dân "
                "vận Tỉnh ủy Tây Ninh khẩn trương hoàn thành, ban hành văn bản."
            ),
        ),
        "moved-1": (
            (
                "[Điều chỉnh] Quyết định thành lập đoàn giám sát, kiểm tra – Tháng 4/2024: thời "
                "hạn mới 29/03/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: thời hạn hoàn thành “Quyết định thành lập "
                "đoàn giám sát, kiểm tra (Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban "
                "Thường vụ Tỉnh ủy)” – Tháng 4/2024 đã được điều chỉnh, nay là thứ Sáu, ngày "
                "29/03/2024 (lý do: trùng lịch làm việc của Thường trực Tỉnh ủy). Đề nghị quý đơn "
                "vị lưu ý, hoàn thành và ban hành văn bản theo thời hạn mới."
            ),
        ),
    },
    ("supervision", "guidance-letter"): {
        "open": (
            (
                "[Đôn đốc] Hướng dẫn báo cáo phục vụ giám sát, kiểm tra – Tháng 4/2024: thời hạn "
                "29/03/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị ban hành “Hướng dẫn báo cáo phục "
                "vụ giám sát, kiểm tra (Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban "
                "Thường vụ Tỉnh ủy)” – Tháng 4/2024 đúng thời hạn, kèm đề cương cụ thể, để các đơn "
                "vị được giám sát, kiểm tra có đủ thời gian chuẩn bị trước khi đoàn đến làm việc; "
                "đồng thời gửi văn bản để theo dõi, tổng hợp."
            ),
        ),
        "before-3": (
            (
                "[Nhắc hạn] Còn 3 ngày: Hướng dẫn báo cáo phục vụ giám sát, kiểm tra – Tháng "
                "4/2024 (thời hạn 29/03/2024)"
            ),
            (
                "Còn 3 ngày nữa là đến thời hạn hoàn thành “Hướng dẫn báo cáo phục vụ giám sát, "
                "kiểm tra (Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh "
                "ủy)” – Tháng 4/2024, Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được văn bản của quý "
                "đơn vị. Đề nghị quý đơn vị khẩn trương hoàn thành, ban hành và gửi đúng thời hạn. "
                "Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "due-day": (
            (
                "[Nhắc hạn] Hôm nay là thời hạn: Hướng dẫn báo cáo phục vụ giám sát, kiểm tra – "
                "Tháng 4/2024"
            ),
            (
                "Hôm nay là thời hạn hoàn thành “Hướng dẫn báo cáo phục vụ giám sát, kiểm tra "
                "(Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – "
                "Tháng 4/2024, Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được văn bản của quý đơn vị. "
                "Đề nghị quý đơn vị khẩn trương hoàn thành, ban hành và gửi đúng thời hạn. Nếu đã "
                "gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Hướng dẫn báo cáo phục vụ giám sát, kiểm tra – Tháng 4/2024: quá hạn 2 "
                "ngày làm việc"
            ),
            (
                "“Hướng dẫn báo cáo phục vụ giám sát, kiểm tra (Giám sát 03 năm thực hiện Chỉ thị "
                "số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024 có thời hạn thứ Sáu, ngày "
                "29/03/2024; đến nay đã quá hạn 2 ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh "
                "chưa nhận được văn bản của quý đơn vị. Đề nghị quý đơn vị khẩn trương hoàn thành, "
                "ban hành và gửi ngay. Nếu đã ban hành, xin báo lại số, ký hiệu văn bản để ghi "
                "nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Tỉnh ủy Tây Ninh chưa hoàn thành Hướng dẫn báo cáo phục vụ "
                "giám sát, kiểm tra – Tháng 4/2024 (quá hạn 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Tỉnh ủy Tây Ninh "
                "chưa hoàn thành, ban hành “Hướng dẫn báo cáo phục vụ giám sát, kiểm tra (Giám sát "
                "03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024, "
                "thời hạn thứ Sáu, ngày 29/03/2024, đến nay đã quá hạn 3 ngày làm việc dù đã được "
                "nhắc. Đề nghị đồng chí quan tâm, chỉ đạo bộ phận tham mưu khẩn trương hoàn thành, "
                "ban hành văn bản."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Tỉnh ủy Tây Ninh: Hướng dẫn báo cáo phục vụ "
                "giám sát, kiểm tra – Tháng 4/2024 quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Tỉnh ủy Tây Ninh chưa hoàn "
                "thành, ban hành “Hướng dẫn báo cáo phục vụ giám sát, kiểm tra (Giám sát 03 năm "
                "thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024, thời "
                "hạn thứ Sáu, ngày 29/03/2024, đến nay đã quá hạn 7 ngày làm việc; đơn vị và người "
                "đứng đầu đã được nhắc. Đề nghị quý cơ quan, với vai trò chỉ đạo, đôn đốc Ban Dân "
                "vận Tỉnh ủy Tây Ninh khẩn trương hoàn thành, ban hành văn bản."
            ),
        ),
        "moved-1": (
            (
                "[Điều chỉnh] Hướng dẫn báo cáo phục vụ giám sát, kiểm tra – Tháng 4/2024: thời "
                "hạn mới 29/03/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: thời hạn hoàn thành “Hướng dẫn báo cáo "
                "phục vụ giám sát, kiểm tra (Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban "
                "Thường vụ Tỉnh ủy)” – Tháng 4/2024 đã được điều chỉnh, nay là thứ Sáu, ngày "
                "29/03/2024 (lý do: trùng lịch làm việc của Thường trực Tỉnh ủy). Đề nghị quý đơn "
                "vị lưu ý, hoàn thành và ban hành văn bản theo thời hạn mới."
            ),
        ),
    },
    ("supervision", "report"): {
        "open": (
            (
                "[Đôn đốc] Báo cáo của đơn vị được giám sát, kiểm tra – Tháng 4/2024: hạn gửi "
                "12/04/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị xây dựng “Báo cáo của đơn vị được "
                "giám sát, kiểm tra (Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường "
                "vụ Tỉnh ủy)” – Tháng 4/2024 theo đề cương, hướng dẫn đã ban hành, tự đánh giá đầy "
                "đủ kết quả, hạn chế, nguyên nhân và đề xuất, kiến nghị; gửi đúng hạn để phục vụ "
                "đoàn giám sát, kiểm tra nghiên cứu trước khi làm việc với đơn vị."
            ),
        ),
        "before-3": (
            (
                "[Nhắc hạn] Còn 3 ngày: Báo cáo của đơn vị được giám sát, kiểm tra – Tháng 4/2024 "
                "(hạn 12/04/2024)"
            ),
            (
                "Còn 3 ngày nữa là đến hạn gửi “Báo cáo của đơn vị được giám sát, kiểm tra (Giám "
                "sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng "
                "4/2024, Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được báo cáo của quý đơn vị. Đề "
                "nghị quý đơn vị khẩn trương hoàn thành và gửi đúng hạn để đoàn giám sát, kiểm tra "
                "kịp nghiên cứu trước khi làm việc với đơn vị. Nếu đã gửi, xin vui lòng bỏ qua thư "
                "này."
            ),
        ),
        "due-day": (
            (
                "[Nhắc hạn] Hôm nay là hạn gửi Báo cáo của đơn vị được giám sát, kiểm tra – Tháng "
                "4/2024"
            ),
            (
                "Hôm nay là hạn gửi “Báo cáo của đơn vị được giám sát, kiểm tra (Giám sát 03 năm "
                "thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024, Ban Dân "
                "vận Tỉnh ủy Tây Ninh chưa nhận được báo cáo của quý đơn vị. Đề nghị quý đơn vị "
                "khẩn trương hoàn thành và gửi đúng hạn để đoàn giám sát, kiểm tra kịp nghiên cứu "
                "trước khi làm việc với đơn vị. Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Báo cáo của đơn vị được giám sát, kiểm tra – Tháng 4/2024: quá hạn 2 "
                "ngày làm việc"
            ),
            (
                "“Báo cáo của đơn vị được giám sát, kiểm tra (Giám sát 03 năm thực hiện Chỉ thị số "
                "06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024 có hạn gửi thứ Sáu, ngày "
                "12/04/2024; đến nay đã quá hạn 2 ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh "
                "chưa nhận được báo cáo của quý đơn vị, ảnh hưởng đến việc chuẩn bị của đoàn giám "
                "sát, kiểm tra. Đề nghị quý đơn vị gửi ngay. Nếu đã gửi, xin báo lại số, ký hiệu "
                "văn bản để ghi nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Huyện ủy Châu Thành chưa gửi Báo cáo của đơn vị được giám sát, kiểm tra "
                "– Tháng 4/2024 (quá hạn 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Huyện ủy Châu Thành chưa gửi "
                "“Báo cáo của đơn vị được giám sát, kiểm tra (Giám sát 03 năm thực hiện Chỉ thị số "
                "06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024, hạn gửi thứ Sáu, ngày "
                "12/04/2024, đến nay đã quá hạn 3 ngày làm việc dù đã được nhắc, ảnh hưởng đến "
                "việc chuẩn bị của đoàn giám sát, kiểm tra. Đề nghị đồng chí quan tâm, chỉ đạo bộ "
                "phận tham mưu hoàn thành và gửi báo cáo."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Huyện ủy Châu Thành: Báo cáo của đơn vị được giám sát, "
                "kiểm tra – Tháng 4/2024 quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Huyện ủy Châu Thành chưa gửi “Báo cáo của "
                "đơn vị được giám sát, kiểm tra (Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của "
                "Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024, hạn gửi thứ Sáu, ngày 12/04/2024, đến nay "
                "đã quá hạn 7 ngày làm việc; đơn vị và người đứng đầu đã được nhắc. Đề nghị quý cơ "
                "quan, với vai trò chỉ đạo, đôn đốc Huyện ủy Châu Thành hoàn thành và gửi báo cáo "
                "phục vụ đoàn giám sát, kiểm tra."
            ),
        ),
        "moved-1": (
            (
                "[Điều chỉnh] Báo cáo của đơn vị được giám sát, kiểm tra – Tháng 4/2024: hạn gửi "
                "mới 12/04/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: lịch giám sát, kiểm tra đã được điều "
                "chỉnh; hạn gửi “Báo cáo của đơn vị được giám sát, kiểm tra (Giám sát 03 năm thực "
                "hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024 nay là thứ "
                "Sáu, ngày 12/04/2024 (lý do: trùng lịch làm việc của Thường trực Tỉnh ủy). Đề "
                "nghị quý đơn vị lưu ý, gửi báo cáo theo thời hạn mới."
            ),
        ),
    },
    ("supervision", "supervision"): {
        "open": (
            "[Chuẩn bị] Tổ chức giám sát, kiểm tra – Tháng 4/2024: thực hiện ngày 26/04/2024",
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị chủ động chuẩn bị chu đáo (nội "
                "dung, thành phần, địa điểm, phương tiện) và thực hiện “Tổ chức giám sát, kiểm tra "
                "(Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – "
                "Tháng 4/2024 vào thứ Sáu, ngày 26/04/2024. Sau khi thực hiện, đề nghị báo lại "
                "ngày thực hiện và kết quả."
            ),
        ),
        "before-3": (
            "[Nhắc lịch] Còn 3 ngày: Tổ chức giám sát, kiểm tra – Tháng 4/2024 (ngày 26/04/2024)",
            (
                "Còn 3 ngày nữa là đến ngày thực hiện “Tổ chức giám sát, kiểm tra (Giám sát 03 năm "
                "thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024 (thứ "
                "Sáu, ngày 26/04/2024). Đề nghị quý đơn vị hoàn tất công tác chuẩn bị và thực hiện "
                "đúng lịch; sau đó, đề nghị báo lại Ban Dân vận Tỉnh ủy Tây Ninh ngày thực hiện và "
                "kết quả."
            ),
        ),
        "due-day": (
            "[Nhắc lịch] Hôm nay thực hiện Tổ chức giám sát, kiểm tra – Tháng 4/2024",
            (
                "Hôm nay, thứ Sáu, ngày 26/04/2024, là ngày thực hiện “Tổ chức giám sát, kiểm tra "
                "(Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – "
                "Tháng 4/2024. Đề nghị quý đơn vị hoàn tất công tác chuẩn bị và thực hiện đúng "
                "lịch; sau đó, đề nghị báo lại Ban Dân vận Tỉnh ủy Tây Ninh ngày thực hiện và kết "
                "quả."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Tổ chức giám sát, kiểm tra – Tháng 4/2024: chưa ghi nhận đã thực hiện "
                "(quá 2 ngày làm việc)"
            ),
            (
                "“Tổ chức giám sát, kiểm tra (Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của "
                "Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024 dự kiến thực hiện vào thứ Sáu, ngày "
                "26/04/2024; đến nay đã quá 2 ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh "
                "chưa ghi nhận hoạt động đã được thực hiện. Nếu đã thực hiện, đề nghị quý đơn vị "
                "báo lại ngày thực hiện và kết quả; nếu chưa thực hiện, đề nghị báo rõ lý do và "
                "thời gian dự kiến."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Tỉnh ủy Tây Ninh chưa báo kết quả Tổ chức giám sát, kiểm "
                "tra – Tháng 4/2024 (quá 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Tỉnh ủy Tây Ninh "
                "được giao chuẩn bị, thực hiện “Tổ chức giám sát, kiểm tra (Giám sát 03 năm thực "
                "hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024 vào thứ Sáu, "
                "ngày 26/04/2024; đến nay đã quá 3 ngày làm việc nhưng chưa ghi nhận hoạt động đã "
                "được thực hiện, dù đơn vị đã được nhắc. Đề nghị đồng chí quan tâm, chỉ đạo thực "
                "hiện (nếu chưa thực hiện) và báo lại kết quả."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Tỉnh ủy Tây Ninh: Tổ chức giám sát, kiểm "
                "tra – Tháng 4/2024 chưa ghi nhận đã thực hiện (quá 7 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Tỉnh ủy Tây Ninh được giao "
                "chuẩn bị, thực hiện “Tổ chức giám sát, kiểm tra (Giám sát 03 năm thực hiện Chỉ "
                "thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024 vào thứ Sáu, ngày "
                "26/04/2024; đến nay đã quá 7 ngày làm việc nhưng chưa ghi nhận hoạt động đã được "
                "thực hiện; đơn vị và người đứng đầu đã được nhắc. Đề nghị quý cơ quan, với vai "
                "trò chỉ đạo, đôn đốc Ban Dân vận Tỉnh ủy Tây Ninh thực hiện và báo lại kết quả."
            ),
        ),
        "moved-1": (
            "[Điều chỉnh] Tổ chức giám sát, kiểm tra – Tháng 4/2024: chuyển sang ngày 26/04/2024",
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: “Tổ chức giám sát, kiểm tra (Giám sát 03 "
                "năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024 đã "
                "được điều chỉnh thời gian, nay thực hiện vào thứ Sáu, ngày 26/04/2024 (lý do: "
                "trùng lịch làm việc của Thường trực Tỉnh ủy). Đề nghị quý đơn vị lưu ý, điều "
                "chỉnh công tác chuẩn bị cho phù hợp."
            ),
        ),
    },
    ("supervision", "conclusion"): {
        "open": (
            "[Đôn đốc] Thông qua kết quả giám sát, kiểm tra – Tháng 4/2024: thời hạn 28/06/2024",
            (
                "Sau đợt giám sát, kiểm tra, Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị tổng "
                "hợp kết quả, dự thảo thông báo kết luận và hoàn thành “Thông qua kết quả giám "
                "sát, kiểm tra (Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ "
                "Tỉnh ủy)” – Tháng 4/2024 đúng thời hạn; sau khi thông qua, đề nghị gửi văn bản "
                "kết luận để theo dõi, tổng hợp."
            ),
        ),
        "before-3": (
            (
                "[Nhắc hạn] Còn 3 ngày: Thông qua kết quả giám sát, kiểm tra – Tháng 4/2024 (thời "
                "hạn 28/06/2024)"
            ),
            (
                "Còn 3 ngày nữa là đến thời hạn hoàn thành “Thông qua kết quả giám sát, kiểm tra "
                "(Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – "
                "Tháng 4/2024, Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được văn bản của quý đơn vị. "
                "Đề nghị quý đơn vị khẩn trương hoàn thành, ban hành và gửi đúng thời hạn. Nếu đã "
                "gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "due-day": (
            "[Nhắc hạn] Hôm nay là thời hạn: Thông qua kết quả giám sát, kiểm tra – Tháng 4/2024",
            (
                "Hôm nay là thời hạn hoàn thành “Thông qua kết quả giám sát, kiểm tra (Giám sát 03 "
                "năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024, Ban "
                "Dân vận Tỉnh ủy Tây Ninh chưa nhận được văn bản của quý đơn vị. Đề nghị quý đơn "
                "vị khẩn trương hoàn thành, ban hành và gửi đúng thời hạn. Nếu đã gửi, xin vui "
                "lòng bỏ qua thư này."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Thông qua kết quả giám sát, kiểm tra – Tháng 4/2024: quá hạn 2 ngày làm "
                "việc"
            ),
            (
                "“Thông qua kết quả giám sát, kiểm tra (Giám sát 03 năm thực hiện Chỉ thị số "
                "06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024 có thời hạn thứ Sáu, ngày "
                "28/06/2024; đến nay đã quá hạn 2 ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh "
                "chưa nhận được văn bản của quý đơn vị. Đề nghị quý đơn vị khẩn trương hoàn thành, "
                "ban hành và gửi ngay. Nếu đã ban hành, xin báo lại số, ký hiệu văn bản để ghi "
                "nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Tỉnh ủy Tây Ninh chưa hoàn thành Thông qua kết quả giám "
                "sát, kiểm tra – Tháng 4/2024 (quá hạn 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Tỉnh ủy Tây Ninh "
                "chưa hoàn thành, ban hành “Thông qua kết quả giám sát, kiểm tra (Giám sát 03 năm "
                "thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024, thời "
                "hạn thứ Sáu, ngày 28/06/2024, đến nay đã quá hạn 3 ngày làm việc dù đã được nhắc. "
                "Đề nghị đồng chí quan tâm, chỉ đạo bộ phận tham mưu khẩn trương hoàn thành, ban "
                "hành văn bản."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Tỉnh ủy Tây Ninh: Thông qua kết quả giám "
                "sát, kiểm tra – Tháng 4/2024 quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Tỉnh ủy Tây Ninh chưa hoàn "
                "thành, ban hành “Thông qua kết quả giám sát, kiểm tra (Giám sát 03 năm thực hiện "
                "Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy)” – Tháng 4/2024, thời hạn thứ Sáu, "
                "ngày 28/06/2024, đến nay đã quá hạn 7 ngày làm việc; đơn vị và người đứng đầu đã "
                "được nhắc. Đề nghị quý cơ quan, với vai trò chỉ đạo, đôn đốc Ban Dân vận Tỉnh ủy "
                "Tây Ninh khẩn trương hoàn thành, ban hành văn bản."
            ),
        ),
        "moved-1": (
            (
                "[Điều chỉnh] Thông qua kết quả giám sát, kiểm tra – Tháng 4/2024: thời hạn mới "
                "28/06/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: thời hạn hoàn thành “Thông qua kết quả "
                "giám sát, kiểm tra (Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường "
                "vụ Tỉnh ủy)” – Tháng 4/2024 đã được điều chỉnh, nay là thứ Sáu, ngày 28/06/2024 "
                "(lý do: trùng lịch làm việc của Thường trực Tỉnh ủy). Đề nghị quý đơn vị lưu ý, "
                "hoàn thành và ban hành văn bản theo thời hạn mới."
            ),
        ),
    },
    ("campaign", "plan"): {
        "open": (
            "[Đôn đốc] Kế hoạch ra quân – Đợt 1/2024: thời hạn 28/06/2024",
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị chủ động chuẩn bị, hoàn thành và "
                "ban hành “Kế hoạch ra quân (Ra quân làm công tác dân vận)” – Đợt 1/2024 đúng thời "
                "hạn, đồng thời gửi văn bản để theo dõi, tổng hợp."
            ),
        ),
        "before-3": (
            "[Nhắc hạn] Còn 3 ngày: Kế hoạch ra quân – Đợt 1/2024 (thời hạn 28/06/2024)",
            (
                "Còn 3 ngày nữa là đến thời hạn hoàn thành “Kế hoạch ra quân (Ra quân làm công tác "
                "dân vận)” – Đợt 1/2024, Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được văn bản của "
                "quý đơn vị. Đề nghị quý đơn vị khẩn trương hoàn thành, ban hành và gửi đúng thời "
                "hạn. Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "due-day": (
            "[Nhắc hạn] Hôm nay là thời hạn: Kế hoạch ra quân – Đợt 1/2024",
            (
                "Hôm nay là thời hạn hoàn thành “Kế hoạch ra quân (Ra quân làm công tác dân vận)” "
                "– Đợt 1/2024, Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được văn bản của quý đơn vị. "
                "Đề nghị quý đơn vị khẩn trương hoàn thành, ban hành và gửi đúng thời hạn. Nếu đã "
                "gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "overdue-1": (
            "[Quá hạn] Kế hoạch ra quân – Đợt 1/2024: quá hạn 2 ngày làm việc",
            (
                "“Kế hoạch ra quân (Ra quân làm công tác dân vận)” – Đợt 1/2024 có thời hạn thứ "
                "Sáu, ngày 28/06/2024; đến nay đã quá hạn 2 ngày làm việc nhưng Ban Dân vận Tỉnh "
                "ủy Tây Ninh chưa nhận được văn bản của quý đơn vị. Đề nghị quý đơn vị khẩn trương "
                "hoàn thành, ban hành và gửi ngay. Nếu đã ban hành, xin báo lại số, ký hiệu văn "
                "bản để ghi nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa hoàn thành Kế hoạch ra quân – Đợt "
                "1/2024 (quá hạn 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "chưa hoàn thành, ban hành “Kế hoạch ra quân (Ra quân làm công tác dân vận)” – Đợt "
                "1/2024, thời hạn thứ Sáu, ngày 28/06/2024, đến nay đã quá hạn 3 ngày làm việc dù "
                "đã được nhắc. Đề nghị đồng chí quan tâm, chỉ đạo bộ phận tham mưu khẩn trương "
                "hoàn thành, ban hành văn bản."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Kế hoạch ra quân – Đợt "
                "1/2024 quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu chưa hoàn "
                "thành, ban hành “Kế hoạch ra quân (Ra quân làm công tác dân vận)” – Đợt 1/2024, "
                "thời hạn thứ Sáu, ngày 28/06/2024, đến nay đã quá hạn 7 ngày làm việc; đơn vị và "
                "người đứng đầu đã được nhắc. Đề nghị quý cơ quan, với vai trò chỉ đạo, đôn đốc "
                "Ban Dân vận Huyện ủy Gò Dầu khẩn trương hoàn thành, ban hành văn bản."
            ),
        ),
        "moved-1": (
            "[Điều chỉnh] Kế hoạch ra quân – Đợt 1/2024: thời hạn mới 28/06/2024",
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: thời hạn hoàn thành “Kế hoạch ra quân (Ra "
                "quân làm công tác dân vận)” – Đợt 1/2024 đã được điều chỉnh, nay là thứ Sáu, ngày "
                "28/06/2024 (lý do: trùng lịch làm việc của Thường trực Tỉnh ủy). Đề nghị quý đơn "
                "vị lưu ý, hoàn thành và ban hành văn bản theo thời hạn mới."
            ),
        ),
    },
    ("campaign", "launch"): {
        "open": (
            "[Chuẩn bị] Lễ ra quân – Đợt 1/2024: thực hiện ngày 01/07/2024",
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị chủ động chuẩn bị chu đáo (nội "
                "dung, thành phần, địa điểm, phương tiện) và thực hiện “Lễ ra quân (Ra quân làm "
                "công tác dân vận)” – Đợt 1/2024 vào thứ Hai, ngày 01/07/2024. Sau khi thực hiện, "
                "đề nghị báo lại ngày thực hiện và kết quả."
            ),
        ),
        "before-3": (
            "[Nhắc lịch] Còn 3 ngày: Lễ ra quân – Đợt 1/2024 (ngày 01/07/2024)",
            (
                "Còn 3 ngày nữa là đến ngày thực hiện “Lễ ra quân (Ra quân làm công tác dân vận)” "
                "– Đợt 1/2024 (thứ Hai, ngày 01/07/2024). Đề nghị quý đơn vị hoàn tất công tác "
                "chuẩn bị và thực hiện đúng lịch; sau đó, đề nghị báo lại Ban Dân vận Tỉnh ủy Tây "
                "Ninh ngày thực hiện và kết quả."
            ),
        ),
        "due-day": (
            "[Nhắc lịch] Hôm nay thực hiện Lễ ra quân – Đợt 1/2024",
            (
                "Hôm nay, thứ Hai, ngày 01/07/2024, là ngày thực hiện “Lễ ra quân (Ra quân làm "
                "công tác dân vận)” – Đợt 1/2024. Đề nghị quý đơn vị hoàn tất công tác chuẩn bị và "
                "thực hiện đúng lịch; sau đó, đề nghị báo lại Ban Dân vận Tỉnh ủy Tây Ninh ngày "
                "thực hiện và kết quả."
            ),
        ),
        "overdue-1": (
            "[Quá hạn] Lễ ra quân – Đợt 1/2024: chưa ghi nhận đã thực hiện (quá 2 ngày làm việc)",
            (
                "“Lễ ra quân (Ra quân làm công tác dân vận)” – Đợt 1/2024 dự kiến thực hiện vào "
                "thứ Hai, ngày 01/07/2024; đến nay đã quá 2 ngày làm việc nhưng Ban Dân vận Tỉnh "
                "ủy Tây Ninh chưa ghi nhận hoạt động đã được thực hiện. Nếu đã thực hiện, đề nghị "
                "quý đơn vị báo lại ngày thực hiện và kết quả; nếu chưa thực hiện, đề nghị báo rõ "
                "lý do và thời gian dự kiến."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa báo kết quả Lễ ra quân – Đợt 1/2024 "
                "(quá 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "được giao chuẩn bị, thực hiện “Lễ ra quân (Ra quân làm công tác dân vận)” – Đợt "
                "1/2024 vào thứ Hai, ngày 01/07/2024; đến nay đã quá 3 ngày làm việc nhưng chưa "
                "ghi nhận hoạt động đã được thực hiện, dù đơn vị đã được nhắc. Đề nghị đồng chí "
                "quan tâm, chỉ đạo thực hiện (nếu chưa thực hiện) và báo lại kết quả."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Lễ ra quân – Đợt 1/2024 "
                "chưa ghi nhận đã thực hiện (quá 7 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu được giao "
                "chuẩn bị, thực hiện “Lễ ra quân (Ra quân làm công tác dân vận)” – Đợt 1/2024 vào "
                "thứ Hai, ngày 01/07/2024; đến nay đã quá 7 ngày làm việc nhưng chưa ghi nhận hoạt "
                "động đã được thực hiện; đơn vị và người đứng đầu đã được nhắc. Đề nghị quý cơ "
                "quan, với vai trò chỉ đạo, đôn đốc Ban Dân vận Huyện ủy Gò Dầu thực hiện và báo "
                "lại kết quả."
            ),
        ),
        "moved-1": (
            "[Điều chỉnh] Lễ ra quân – Đợt 1/2024: chuyển sang ngày 01/07/2024",
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: “Lễ ra quân (Ra quân làm công tác dân "
                "vận)” – Đợt 1/2024 đã được điều chỉnh thời gian, nay thực hiện vào thứ Hai, ngày "
                "01/07/2024 (lý do: trùng lịch làm việc của Thường trực Tỉnh ủy). Đề nghị quý đơn "
                "vị lưu ý, điều chỉnh công tác chuẩn bị cho phù hợp."
            ),
        ),
    },
    ("campaign", "report"): {
        "open": (
            "[Đôn đốc] Báo cáo kết quả đợt ra quân – Đợt 1/2024: hạn gửi 30/08/2024",
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị tổng hợp kết quả thực hiện đợt ra "
                "quân và gửi “Báo cáo kết quả đợt ra quân (Ra quân làm công tác dân vận)” – Đợt "
                "1/2024 đúng hạn, nêu rõ các phần việc, công trình đã thực hiện, lực lượng tham "
                "gia, kết quả đạt được và đề xuất, kiến nghị."
            ),
        ),
        "before-3": (
            "[Nhắc hạn] Còn 3 ngày: Báo cáo kết quả đợt ra quân – Đợt 1/2024 (hạn 30/08/2024)",
            (
                "Còn 3 ngày nữa là đến hạn gửi “Báo cáo kết quả đợt ra quân (Ra quân làm công tác "
                "dân vận)” – Đợt 1/2024, Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được báo cáo của "
                "quý đơn vị. Đề nghị quý đơn vị khẩn trương hoàn thành và gửi đúng hạn để kịp tổng "
                "hợp kết quả đợt ra quân. Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "due-day": (
            "[Nhắc hạn] Hôm nay là hạn gửi Báo cáo kết quả đợt ra quân – Đợt 1/2024",
            (
                "Hôm nay là hạn gửi “Báo cáo kết quả đợt ra quân (Ra quân làm công tác dân vận)” – "
                "Đợt 1/2024, Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được báo cáo của quý đơn vị. "
                "Đề nghị quý đơn vị khẩn trương hoàn thành và gửi đúng hạn để kịp tổng hợp kết quả "
                "đợt ra quân. Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "overdue-1": (
            "[Quá hạn] Báo cáo kết quả đợt ra quân – Đợt 1/2024: quá hạn 2 ngày làm việc",
            (
                "“Báo cáo kết quả đợt ra quân (Ra quân làm công tác dân vận)” – Đợt 1/2024 có hạn "
                "gửi thứ Sáu, ngày 30/08/2024; đến nay đã quá hạn 2 ngày làm việc nhưng Ban Dân "
                "vận Tỉnh ủy Tây Ninh chưa nhận được báo cáo của quý đơn vị. Đề nghị quý đơn vị "
                "gửi ngay để kịp tổng hợp kết quả đợt ra quân. Nếu đã gửi, xin báo lại số, ký hiệu "
                "văn bản để ghi nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa gửi Báo cáo kết quả đợt ra quân – Đợt "
                "1/2024 (quá hạn 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "chưa gửi “Báo cáo kết quả đợt ra quân (Ra quân làm công tác dân vận)” – Đợt "
                "1/2024, hạn gửi thứ Sáu, ngày 30/08/2024, đến nay đã quá hạn 3 ngày làm việc dù "
                "đã được nhắc, ảnh hưởng đến việc tổng hợp kết quả đợt ra quân. Đề nghị đồng chí "
                "quan tâm, chỉ đạo bộ phận tham mưu hoàn thành và gửi báo cáo."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Báo cáo kết quả đợt ra "
                "quân – Đợt 1/2024 quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu chưa gửi “Báo "
                "cáo kết quả đợt ra quân (Ra quân làm công tác dân vận)” – Đợt 1/2024, hạn gửi thứ "
                "Sáu, ngày 30/08/2024, đến nay đã quá hạn 7 ngày làm việc; đơn vị và người đứng "
                "đầu đã được nhắc. Đề nghị quý cơ quan, với vai trò chỉ đạo, đôn đốc Ban Dân vận "
                "Huyện ủy Gò Dầu hoàn thành và gửi báo cáo."
            ),
        ),
        "moved-1": (
            "[Điều chỉnh] Báo cáo kết quả đợt ra quân – Đợt 1/2024: hạn gửi mới 30/08/2024",
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: thời gian đợt ra quân đã được điều chỉnh; "
                "hạn gửi “Báo cáo kết quả đợt ra quân (Ra quân làm công tác dân vận)” – Đợt 1/2024 "
                "nay là thứ Sáu, ngày 30/08/2024 (lý do: trùng lịch làm việc của Thường trực Tỉnh "
                "ủy). Đề nghị quý đơn vị lưu ý, gửi báo cáo theo thời hạn mới."
            ),
        ),
    },
    ("event", "plan"): {
        "open": (
            (
                "[Đôn đốc] Kế hoạch tổ chức – Kỷ niệm 94 năm (15/10/1930 – 15/10/2024): thời hạn "
                "30/09/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị chủ động chuẩn bị, hoàn thành và "
                "ban hành “Kế hoạch tổ chức (Ngày truyền thống công tác dân vận của Đảng)” – Kỷ "
                "niệm 94 năm (15/10/1930 – 15/10/2024) đúng thời hạn, đồng thời gửi văn bản để "
                "theo dõi, tổng hợp."
            ),
        ),
        "before-3": (
            (
                "[Nhắc hạn] Còn 3 ngày: Kế hoạch tổ chức – Kỷ niệm 94 năm (15/10/1930 – "
                "15/10/2024) (thời hạn 30/09/2024)"
            ),
            (
                "Còn 3 ngày nữa là đến thời hạn hoàn thành “Kế hoạch tổ chức (Ngày truyền thống "
                "công tác dân vận của Đảng)” – Kỷ niệm 94 năm (15/10/1930 – 15/10/2024), Ban Dân "
                "vận Tỉnh ủy Tây Ninh chưa nhận được văn bản của quý đơn vị. Đề nghị quý đơn vị "
                "khẩn trương hoàn thành, ban hành và gửi đúng thời hạn. Nếu đã gửi, xin vui lòng "
                "bỏ qua thư này."
            ),
        ),
        "due-day": (
            (
                "[Nhắc hạn] Hôm nay là thời hạn: Kế hoạch tổ chức – Kỷ niệm 94 năm (15/10/1930 – "
                "15/10/2024)"
            ),
            (
                "Hôm nay là thời hạn hoàn thành “Kế hoạch tổ chức (Ngày truyền thống công tác dân "
                "vận của Đảng)” – Kỷ niệm 94 năm (15/10/1930 – 15/10/2024), Ban Dân vận Tỉnh ủy "
                "Tây Ninh chưa nhận được văn bản của quý đơn vị. Đề nghị quý đơn vị khẩn trương "
                "hoàn thành, ban hành và gửi đúng thời hạn. Nếu đã gửi, xin vui lòng bỏ qua thư "
                "này."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Kế hoạch tổ chức – Kỷ niệm 94 năm (15/10/1930 – 15/10/2024): quá hạn 2 "
                "ngày làm việc"
            ),
            (
                "“Kế hoạch tổ chức (Ngày truyền thống công tác dân vận của Đảng)” – Kỷ niệm 94 năm "
                "(15/10/1930 – 15/10/2024) có thời hạn thứ Hai, ngày 30/09/2024; đến nay đã quá "
                "hạn 2 ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được văn bản của "
                "quý đơn vị. Đề nghị quý đơn vị khẩn trương hoàn thành, ban hành và gửi ngay. Nếu "
                "đã ban hành, xin báo lại số, ký hiệu văn bản để ghi nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa hoàn thành Kế hoạch tổ chức – Kỷ niệm "
                "94 năm (15/10/1930 – 15/10/2024) (quá hạn 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "chưa hoàn thành, ban hành “Kế hoạch tổ chức (Ngày truyền thống công tác dân vận "
                "của Đảng)” – Kỷ niệm 94 năm (15/10/1930 – 15/10/2024), thời hạn thứ Hai, ngày "
                "30/09/2024, đến nay đã quá hạn 3 ngày làm việc dù đã được nhắc. Đề nghị đồng chí "
                "quan tâm, chỉ đạo bộ phận tham mưu khẩn trương hoàn thành, ban hành văn bản."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Kế hoạch tổ chức – Kỷ niệm "
                "94 năm (15/10/1930 – 15/10/2024) quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu chưa hoàn "
                "thành, ban hành “Kế hoạch tổ chức (Ngày truyền thống công tác dân vận của Đảng)” "
                "– Kỷ niệm 94 năm (15/10/1930 – 15/10/2024), thời hạn thứ Hai, ngày 30/09/2024, "
                "đến nay đã quá hạn 7 ngày làm việc; đơn vị và người đứng đầu đã được nhắc. Đề "
                "nghị quý cơ quan, với vai trò chỉ đạo, đôn đốc Ban Dân vận Huyện ủy Gò Dầu khẩn "
                "trương hoàn thành, ban hành văn bản."
            ),
        ),
        "moved-1": (
            (
                "[Điều chỉnh] Kế hoạch tổ chức – Kỷ niệm 94 năm (15/10/1930 – 15/10/2024): thời "
                "hạn mới 30/09/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: thời hạn hoàn thành “Kế hoạch tổ chức "
                "(Ngày truyền thống công tác dân vận của Đảng)” – Kỷ niệm 94 năm (15/10/1930 – "
                "15/10/2024) đã được điều chỉnh, nay là thứ Hai, ngày 30/09/2024 (lý do: trùng "
                "lịch làm việc của Thường trực Tỉnh ủy). Đề nghị quý đơn vị lưu ý, hoàn thành và "
                "ban hành văn bản theo thời hạn mới."
            ),
        ),
    },
    ("event", "event"): {
        "open": (
            (
                "[Chuẩn bị] Tổ chức sự kiện – Kỷ niệm 94 năm (15/10/1930 – 15/10/2024): thực hiện "
                "ngày 15/10/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị chủ động chuẩn bị chu đáo (nội "
                "dung, thành phần, địa điểm, phương tiện) và thực hiện “Tổ chức sự kiện (Ngày "
                "truyền thống công tác dân vận của Đảng)” – Kỷ niệm 94 năm (15/10/1930 – "
                "15/10/2024) vào thứ Ba, ngày 15/10/2024. Sau khi thực hiện, đề nghị báo lại ngày "
                "thực hiện và kết quả."
            ),
        ),
        "before-3": (
            (
                "[Nhắc lịch] Còn 3 ngày: Tổ chức sự kiện – Kỷ niệm 94 năm (15/10/1930 – "
                "15/10/2024) (ngày 15/10/2024)"
            ),
            (
                "Còn 3 ngày nữa là đến ngày thực hiện “Tổ chức sự kiện (Ngày truyền thống công tác "
                "dân vận của Đảng)” – Kỷ niệm 94 năm (15/10/1930 – 15/10/2024) (thứ Ba, ngày "
                "15/10/2024). Đề nghị quý đơn vị hoàn tất công tác chuẩn bị và thực hiện đúng "
                "lịch; sau đó, đề nghị báo lại Ban Dân vận Tỉnh ủy Tây Ninh ngày thực hiện và kết "
                "quả."
            ),
        ),
        "due-day": (
            (
                "[Nhắc lịch] Hôm nay thực hiện Tổ chức sự kiện – Kỷ niệm 94 năm (15/10/1930 – "
                "15/10/2024)"
            ),
            (
                "Hôm nay, thứ Ba, ngày 15/10/2024, là ngày thực hiện “Tổ chức sự kiện (Ngày truyền "
                "thống công tác dân vận của Đảng)” – Kỷ niệm 94 năm (15/10/1930 – 15/10/2024). Đề "
                "nghị quý đơn vị hoàn tất công tác chuẩn bị và thực hiện đúng lịch; sau đó, đề "
                "nghị báo lại Ban Dân vận Tỉnh ủy Tây Ninh ngày thực hiện và kết quả."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Tổ chức sự kiện – Kỷ niệm 94 năm (15/10/1930 – 15/10/2024): chưa ghi "
                "nhận đã thực hiện (quá 2 ngày làm việc)"
            ),
            (
                "“Tổ chức sự kiện (Ngày truyền thống công tác dân vận của Đảng)” – Kỷ niệm 94 năm "
                "(15/10/1930 – 15/10/2024) dự kiến thực hiện vào thứ Ba, ngày 15/10/2024; đến nay "
                "đã quá 2 ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh chưa ghi nhận hoạt động "
                "đã được thực hiện. Nếu đã thực hiện, đề nghị quý đơn vị báo lại ngày thực hiện và "
                "kết quả; nếu chưa thực hiện, đề nghị báo rõ lý do và thời gian dự kiến."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa báo kết quả Tổ chức sự kiện – Kỷ niệm "
                "94 năm (15/10/1930 – 15/10/2024) (quá 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "được giao chuẩn bị, thực hiện “Tổ chức sự kiện (Ngày truyền thống công tác dân "
                "vận của Đảng)” – Kỷ niệm 94 năm (15/10/1930 – 15/10/2024) vào thứ Ba, ngày "
                "15/10/2024; đến nay đã quá 3 ngày làm việc nhưng chưa ghi nhận hoạt động đã được "
                "thực hiện, dù đơn vị đã được nhắc. Đề nghị đồng chí quan tâm, chỉ đạo thực hiện "
                "(nếu chưa thực hiện) và báo lại kết quả."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Tổ chức sự kiện – Kỷ niệm "
                "94 năm (15/10/1930 – 15/10/2024) chưa ghi nhận đã thực hiện (quá 7 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu được giao "
                "chuẩn bị, thực hiện “Tổ chức sự kiện (Ngày truyền thống công tác dân vận của "
                "Đảng)” – Kỷ niệm 94 năm (15/10/1930 – 15/10/2024) vào thứ Ba, ngày 15/10/2024; "
                "đến nay đã quá 7 ngày làm việc nhưng chưa ghi nhận hoạt động đã được thực hiện; "
                "đơn vị và người đứng đầu đã được nhắc. Đề nghị quý cơ quan, với vai trò chỉ đạo, "
                "đôn đốc Ban Dân vận Huyện ủy Gò Dầu thực hiện và báo lại kết quả."
            ),
        ),
        "moved-1": (
            (
                "[Điều chỉnh] Tổ chức sự kiện – Kỷ niệm 94 năm (15/10/1930 – 15/10/2024): chuyển "
                "sang ngày 15/10/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: “Tổ chức sự kiện (Ngày truyền thống công "
                "tác dân vận của Đảng)” – Kỷ niệm 94 năm (15/10/1930 – 15/10/2024) đã được điều "
                "chỉnh thời gian, nay thực hiện vào thứ Ba, ngày 15/10/2024 (lý do: trùng lịch làm "
                "việc của Thường trực Tỉnh ủy). Đề nghị quý đơn vị lưu ý, điều chỉnh công tác "
                "chuẩn bị cho phù hợp."
            ),
        ),
    },
    ("event", "report"): {
        "open": (
            (
                "[Đôn đốc] Báo cáo kết quả – Kỷ niệm 94 năm (15/10/1930 – 15/10/2024): hạn gửi "
                "22/10/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị tổng hợp kết quả tổ chức và gửi "
                "“Báo cáo kết quả (Ngày truyền thống công tác dân vận của Đảng)” – Kỷ niệm 94 năm "
                "(15/10/1930 – 15/10/2024) đúng hạn, nêu rõ các hoạt động đã tổ chức, thành phần "
                "tham dự, kết quả đạt được, hạn chế và đề xuất, kiến nghị."
            ),
        ),
        "before-3": (
            (
                "[Nhắc hạn] Còn 3 ngày: Báo cáo kết quả – Kỷ niệm 94 năm (15/10/1930 – 15/10/2024) "
                "(hạn 22/10/2024)"
            ),
            (
                "Còn 3 ngày nữa là đến hạn gửi “Báo cáo kết quả (Ngày truyền thống công tác dân "
                "vận của Đảng)” – Kỷ niệm 94 năm (15/10/1930 – 15/10/2024), Ban Dân vận Tỉnh ủy "
                "Tây Ninh chưa nhận được báo cáo của quý đơn vị. Đề nghị quý đơn vị khẩn trương "
                "hoàn thành và gửi đúng hạn. Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "due-day": (
            (
                "[Nhắc hạn] Hôm nay là hạn gửi Báo cáo kết quả – Kỷ niệm 94 năm (15/10/1930 – "
                "15/10/2024)"
            ),
            (
                "Hôm nay là hạn gửi “Báo cáo kết quả (Ngày truyền thống công tác dân vận của "
                "Đảng)” – Kỷ niệm 94 năm (15/10/1930 – 15/10/2024), Ban Dân vận Tỉnh ủy Tây Ninh "
                "chưa nhận được báo cáo của quý đơn vị. Đề nghị quý đơn vị khẩn trương hoàn thành "
                "và gửi đúng hạn. Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Báo cáo kết quả – Kỷ niệm 94 năm (15/10/1930 – 15/10/2024): quá hạn 2 "
                "ngày làm việc"
            ),
            (
                "“Báo cáo kết quả (Ngày truyền thống công tác dân vận của Đảng)” – Kỷ niệm 94 năm "
                "(15/10/1930 – 15/10/2024) có hạn gửi thứ Ba, ngày 22/10/2024; đến nay đã quá hạn "
                "2 ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được báo cáo của quý "
                "đơn vị. Đề nghị quý đơn vị gửi ngay. Nếu đã gửi, xin báo lại số, ký hiệu văn bản "
                "để ghi nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa gửi Báo cáo kết quả – Kỷ niệm 94 năm "
                "(15/10/1930 – 15/10/2024) (quá hạn 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "chưa gửi “Báo cáo kết quả (Ngày truyền thống công tác dân vận của Đảng)” – Kỷ "
                "niệm 94 năm (15/10/1930 – 15/10/2024), hạn gửi thứ Ba, ngày 22/10/2024, đến nay "
                "đã quá hạn 3 ngày làm việc dù đã được nhắc. Đề nghị đồng chí quan tâm, chỉ đạo bộ "
                "phận tham mưu hoàn thành và gửi báo cáo."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Báo cáo kết quả – Kỷ niệm "
                "94 năm (15/10/1930 – 15/10/2024) quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu chưa gửi “Báo "
                "cáo kết quả (Ngày truyền thống công tác dân vận của Đảng)” – Kỷ niệm 94 năm "
                "(15/10/1930 – 15/10/2024), hạn gửi thứ Ba, ngày 22/10/2024, đến nay đã quá hạn 7 "
                "ngày làm việc; đơn vị và người đứng đầu đã được nhắc. Đề nghị quý cơ quan, với "
                "vai trò chỉ đạo, đôn đốc Ban Dân vận Huyện ủy Gò Dầu hoàn thành và gửi báo cáo."
            ),
        ),
        "moved-1": (
            (
                "[Điều chỉnh] Báo cáo kết quả – Kỷ niệm 94 năm (15/10/1930 – 15/10/2024): hạn gửi "
                "mới 22/10/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: thời gian tổ chức sự kiện đã được điều "
                "chỉnh; hạn gửi “Báo cáo kết quả (Ngày truyền thống công tác dân vận của Đảng)” – "
                "Kỷ niệm 94 năm (15/10/1930 – 15/10/2024) nay là thứ Ba, ngày 22/10/2024 (lý do: "
                "trùng lịch làm việc của Thường trực Tỉnh ủy). Đề nghị quý đơn vị lưu ý, gửi báo "
                "cáo theo thời hạn mới."
            ),
        ),
    },
    ("term-milestone", "guidance-letter"): {
        "open": (
            "[Đôn đốc] Hướng dẫn sơ kết, tổng kết – Quý IV/2025: thời hạn 31/10/2025",
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị chủ động chuẩn bị, hoàn thành và "
                "ban hành “Hướng dẫn sơ kết, tổng kết (Tổng kết 5 năm thực hiện Nghị quyết Đại hội "
                "XIII của Đảng)” – Quý IV/2025 đúng thời hạn, đồng thời gửi văn bản để theo dõi, "
                "tổng hợp."
            ),
        ),
        "before-3": (
            "[Nhắc hạn] Còn 3 ngày: Hướng dẫn sơ kết, tổng kết – Quý IV/2025 (thời hạn 31/10/2025)",
            (
                "Còn 3 ngày nữa là đến thời hạn hoàn thành “Hướng dẫn sơ kết, tổng kết (Tổng kết 5 "
                "năm thực hiện Nghị quyết Đại hội XIII của Đảng)” – Quý IV/2025, Ban Dân vận Tỉnh "
                "ủy Tây Ninh chưa nhận được văn bản của quý đơn vị. Đề nghị quý đơn vị khẩn trương "
                "hoàn thành, ban hành và gửi đúng thời hạn. Nếu đã gửi, xin vui lòng bỏ qua thư "
                "này."
            ),
        ),
        "due-day": (
            "[Nhắc hạn] Hôm nay là thời hạn: Hướng dẫn sơ kết, tổng kết – Quý IV/2025",
            (
                "Hôm nay là thời hạn hoàn thành “Hướng dẫn sơ kết, tổng kết (Tổng kết 5 năm thực "
                "hiện Nghị quyết Đại hội XIII của Đảng)” – Quý IV/2025, Ban Dân vận Tỉnh ủy Tây "
                "Ninh chưa nhận được văn bản của quý đơn vị. Đề nghị quý đơn vị khẩn trương hoàn "
                "thành, ban hành và gửi đúng thời hạn. Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "overdue-1": (
            "[Quá hạn] Hướng dẫn sơ kết, tổng kết – Quý IV/2025: quá hạn 2 ngày làm việc",
            (
                "“Hướng dẫn sơ kết, tổng kết (Tổng kết 5 năm thực hiện Nghị quyết Đại hội XIII của "
                "Đảng)” – Quý IV/2025 có thời hạn thứ Sáu, ngày 31/10/2025; đến nay đã quá hạn 2 "
                "ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được văn bản của quý "
                "đơn vị. Đề nghị quý đơn vị khẩn trương hoàn thành, ban hành và gửi ngay. Nếu đã "
                "ban hành, xin báo lại số, ký hiệu văn bản để ghi nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa hoàn thành Hướng dẫn sơ kết, tổng kết "
                "– Quý IV/2025 (quá hạn 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "chưa hoàn thành, ban hành “Hướng dẫn sơ kết, tổng kết (Tổng kết 5 năm thực hiện "
                "Nghị quyết Đại hội XIII của Đảng)” – Quý IV/2025, thời hạn thứ Sáu, ngày "
                "31/10/2025, đến nay đã quá hạn 3 ngày làm việc dù đã được nhắc. Đề nghị đồng chí "
                "quan tâm, chỉ đạo bộ phận tham mưu khẩn trương hoàn thành, ban hành văn bản."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Hướng dẫn sơ kết, tổng kết "
                "– Quý IV/2025 quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu chưa hoàn "
                "thành, ban hành “Hướng dẫn sơ kết, tổng kết (Tổng kết 5 năm thực hiện Nghị quyết "
                "Đại hội XIII của Đảng)” – Quý IV/2025, thời hạn thứ Sáu, ngày 31/10/2025, đến nay "
                "đã quá hạn 7 ngày làm việc; đơn vị và người đứng đầu đã được nhắc. Đề nghị quý cơ "
                "quan, với vai trò chỉ đạo, đôn đốc Ban Dân vận Huyện ủy Gò Dầu khẩn trương hoàn "
                "thành, ban hành văn bản."
            ),
        ),
        "moved-1": (
            "[Điều chỉnh] Hướng dẫn sơ kết, tổng kết – Quý IV/2025: thời hạn mới 31/10/2025",
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: thời hạn hoàn thành “Hướng dẫn sơ kết, "
                "tổng kết (Tổng kết 5 năm thực hiện Nghị quyết Đại hội XIII của Đảng)” – Quý "
                "IV/2025 đã được điều chỉnh, nay là thứ Sáu, ngày 31/10/2025 (lý do: trùng lịch "
                "làm việc của Thường trực Tỉnh ủy). Đề nghị quý đơn vị lưu ý, hoàn thành và ban "
                "hành văn bản theo thời hạn mới."
            ),
        ),
    },
    ("term-milestone", "report"): {
        "open": (
            "[Đôn đốc] Báo cáo sơ kết, tổng kết của đơn vị – Quý IV/2025: hạn gửi 28/11/2025",
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị xây dựng “Báo cáo sơ kết, tổng "
                "kết của đơn vị (Tổng kết 5 năm thực hiện Nghị quyết Đại hội XIII của Đảng)” – Quý "
                "IV/2025 theo hướng dẫn đã ban hành, đánh giá đầy đủ kết quả thực hiện trong nhiệm "
                "kỳ, giai đoạn, hạn chế, nguyên nhân, bài học kinh nghiệm và phương hướng, nhiệm "
                "vụ thời gian tới; gửi đúng hạn để tổng hợp, xây dựng báo cáo chung."
            ),
        ),
        "before-3": (
            (
                "[Nhắc hạn] Còn 3 ngày: Báo cáo sơ kết, tổng kết của đơn vị – Quý IV/2025 (hạn "
                "28/11/2025)"
            ),
            (
                "Còn 3 ngày nữa là đến hạn gửi “Báo cáo sơ kết, tổng kết của đơn vị (Tổng kết 5 "
                "năm thực hiện Nghị quyết Đại hội XIII của Đảng)” – Quý IV/2025, Ban Dân vận Tỉnh "
                "ủy Tây Ninh chưa nhận được báo cáo sơ kết, tổng kết của quý đơn vị. Đề nghị quý "
                "đơn vị khẩn trương hoàn thành và gửi đúng hạn để kịp tổng hợp chung. Nếu đã gửi, "
                "xin vui lòng bỏ qua thư này."
            ),
        ),
        "due-day": (
            "[Nhắc hạn] Hôm nay là hạn gửi Báo cáo sơ kết, tổng kết của đơn vị – Quý IV/2025",
            (
                "Hôm nay là hạn gửi “Báo cáo sơ kết, tổng kết của đơn vị (Tổng kết 5 năm thực hiện "
                "Nghị quyết Đại hội XIII của Đảng)” – Quý IV/2025, Ban Dân vận Tỉnh ủy Tây Ninh "
                "chưa nhận được báo cáo sơ kết, tổng kết của quý đơn vị. Đề nghị quý đơn vị khẩn "
                "trương hoàn thành và gửi đúng hạn để kịp tổng hợp chung. Nếu đã gửi, xin vui lòng "
                "bỏ qua thư này."
            ),
        ),
        "overdue-1": (
            "[Quá hạn] Báo cáo sơ kết, tổng kết của đơn vị – Quý IV/2025: quá hạn 2 ngày làm việc",
            (
                "“Báo cáo sơ kết, tổng kết của đơn vị (Tổng kết 5 năm thực hiện Nghị quyết Đại hội "
                "XIII của Đảng)” – Quý IV/2025 có hạn gửi thứ Sáu, ngày 28/11/2025; đến nay đã quá "
                "hạn 2 ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được báo cáo sơ "
                "kết, tổng kết của quý đơn vị, ảnh hưởng đến tiến độ xây dựng báo cáo chung. Đề "
                "nghị quý đơn vị gửi ngay. Nếu đã gửi, xin báo lại số, ký hiệu văn bản để ghi nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa gửi Báo cáo sơ kết, tổng kết của đơn "
                "vị – Quý IV/2025 (quá hạn 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "chưa gửi “Báo cáo sơ kết, tổng kết của đơn vị (Tổng kết 5 năm thực hiện Nghị "
                "quyết Đại hội XIII của Đảng)” – Quý IV/2025, hạn gửi thứ Sáu, ngày 28/11/2025, "
                "đến nay đã quá hạn 3 ngày làm việc dù đã được nhắc, ảnh hưởng đến tiến độ tổng "
                "hợp chung. Đề nghị đồng chí quan tâm, chỉ đạo bộ phận tham mưu hoàn thành và gửi "
                "báo cáo."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Báo cáo sơ kết, tổng kết "
                "của đơn vị – Quý IV/2025 quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu chưa gửi “Báo "
                "cáo sơ kết, tổng kết của đơn vị (Tổng kết 5 năm thực hiện Nghị quyết Đại hội XIII "
                "của Đảng)” – Quý IV/2025, hạn gửi thứ Sáu, ngày 28/11/2025, đến nay đã quá hạn 7 "
                "ngày làm việc, ảnh hưởng đến tiến độ tổng hợp chung; đơn vị và người đứng đầu đã "
                "được nhắc. Đề nghị quý cơ quan, với vai trò chỉ đạo, đôn đốc Ban Dân vận Huyện ủy "
                "Gò Dầu hoàn thành và gửi báo cáo."
            ),
        ),
        "moved-1": (
            (
                "[Điều chỉnh] Báo cáo sơ kết, tổng kết của đơn vị – Quý IV/2025: hạn gửi mới "
                "28/11/2025"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: kế hoạch sơ kết, tổng kết đã được điều "
                "chỉnh; hạn gửi “Báo cáo sơ kết, tổng kết của đơn vị (Tổng kết 5 năm thực hiện "
                "Nghị quyết Đại hội XIII của Đảng)” – Quý IV/2025 nay là thứ Sáu, ngày 28/11/2025 "
                "(lý do: trùng lịch làm việc của Thường trực Tỉnh ủy). Đề nghị quý đơn vị lưu ý, "
                "gửi báo cáo theo thời hạn mới."
            ),
        ),
    },
    ("term-milestone", "consolidated-report"): {
        "open": (
            "[Đôn đốc] Báo cáo sơ kết, tổng kết (tổng hợp) – Quý IV/2025: thời hạn 31/12/2025",
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị tổng hợp báo cáo của các đơn vị, "
                "đánh giá toàn diện kết quả thực hiện trong nhiệm kỳ, giai đoạn, xây dựng “Báo cáo "
                "sơ kết, tổng kết (tổng hợp) (Tổng kết 5 năm thực hiện Nghị quyết Đại hội XIII của "
                "Đảng)” – Quý IV/2025 và gửi đúng thời hạn, làm cơ sở tổ chức hội nghị sơ kết, "
                "tổng kết."
            ),
        ),
        "before-3": (
            (
                "[Nhắc hạn] Còn 3 ngày: Báo cáo sơ kết, tổng kết (tổng hợp) – Quý IV/2025 (thời "
                "hạn 31/12/2025)"
            ),
            (
                "Còn 3 ngày nữa là đến thời hạn hoàn thành “Báo cáo sơ kết, tổng kết (tổng hợp) "
                "(Tổng kết 5 năm thực hiện Nghị quyết Đại hội XIII của Đảng)” – Quý IV/2025, Ban "
                "Dân vận Tỉnh ủy Tây Ninh chưa nhận được báo cáo tổng hợp của quý đơn vị. Đề nghị "
                "quý đơn vị khẩn trương hoàn thành và gửi đúng thời hạn để kịp chuẩn bị hội nghị "
                "sơ kết, tổng kết. Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "due-day": (
            "[Nhắc hạn] Hôm nay là thời hạn: Báo cáo sơ kết, tổng kết (tổng hợp) – Quý IV/2025",
            (
                "Hôm nay là thời hạn hoàn thành “Báo cáo sơ kết, tổng kết (tổng hợp) (Tổng kết 5 "
                "năm thực hiện Nghị quyết Đại hội XIII của Đảng)” – Quý IV/2025, Ban Dân vận Tỉnh "
                "ủy Tây Ninh chưa nhận được báo cáo tổng hợp của quý đơn vị. Đề nghị quý đơn vị "
                "khẩn trương hoàn thành và gửi đúng thời hạn để kịp chuẩn bị hội nghị sơ kết, tổng "
                "kết. Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "overdue-1": (
            "[Quá hạn] Báo cáo sơ kết, tổng kết (tổng hợp) – Quý IV/2025: quá hạn 2 ngày làm việc",
            (
                "“Báo cáo sơ kết, tổng kết (tổng hợp) (Tổng kết 5 năm thực hiện Nghị quyết Đại hội "
                "XIII của Đảng)” – Quý IV/2025 có thời hạn thứ Tư, ngày 31/12/2025; đến nay đã quá "
                "hạn 2 ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được báo cáo "
                "tổng hợp của quý đơn vị. Đề nghị quý đơn vị khẩn trương hoàn thành và gửi ngay. "
                "Nếu đã gửi, xin báo lại số, ký hiệu văn bản để ghi nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa hoàn thành Báo cáo sơ kết, tổng kết "
                "(tổng hợp) – Quý IV/2025 (quá hạn 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "chưa hoàn thành “Báo cáo sơ kết, tổng kết (tổng hợp) (Tổng kết 5 năm thực hiện "
                "Nghị quyết Đại hội XIII của Đảng)” – Quý IV/2025, thời hạn thứ Tư, ngày "
                "31/12/2025, đến nay đã quá hạn 3 ngày làm việc dù đã được nhắc. Đề nghị đồng chí "
                "quan tâm, chỉ đạo bộ phận tham mưu khẩn trương tổng hợp, hoàn thành và gửi báo "
                "cáo."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Báo cáo sơ kết, tổng kết "
                "(tổng hợp) – Quý IV/2025 quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu chưa hoàn "
                "thành “Báo cáo sơ kết, tổng kết (tổng hợp) (Tổng kết 5 năm thực hiện Nghị quyết "
                "Đại hội XIII của Đảng)” – Quý IV/2025, thời hạn thứ Tư, ngày 31/12/2025, đến nay "
                "đã quá hạn 7 ngày làm việc; đơn vị và người đứng đầu đã được nhắc. Đề nghị quý cơ "
                "quan, với vai trò chỉ đạo, đôn đốc Ban Dân vận Huyện ủy Gò Dầu khẩn trương tổng "
                "hợp, hoàn thành và gửi báo cáo."
            ),
        ),
        "moved-1": (
            (
                "[Điều chỉnh] Báo cáo sơ kết, tổng kết (tổng hợp) – Quý IV/2025: thời hạn mới "
                "31/12/2025"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: thời hạn hoàn thành “Báo cáo sơ kết, tổng "
                "kết (tổng hợp) (Tổng kết 5 năm thực hiện Nghị quyết Đại hội XIII của Đảng)” – Quý "
                "IV/2025 đã được điều chỉnh, nay là thứ Tư, ngày 31/12/2025 (lý do: trùng lịch làm "
                "việc của Thường trực Tỉnh ủy). Đề nghị quý đơn vị lưu ý, hoàn thành và gửi báo "
                "cáo theo thời hạn mới."
            ),
        ),
    },
    ("term-milestone", "conference"): {
        "open": (
            "[Chuẩn bị] Hội nghị sơ kết, tổng kết – Quý IV/2025: tổ chức ngày 31/12/2025",
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị chủ động chuẩn bị chu đáo (chương "
                "trình, nội dung, tài liệu, thành phần đại biểu, địa điểm và giấy mời) và tổ chức "
                "“Hội nghị sơ kết, tổng kết (Tổng kết 5 năm thực hiện Nghị quyết Đại hội XIII của "
                "Đảng)” – Quý IV/2025 vào thứ Tư, ngày 31/12/2025. Sau hội nghị, đề nghị báo lại "
                "ngày tổ chức và số, ký hiệu văn bản kết luận hội nghị (nếu có)."
            ),
        ),
        "before-3": (
            "[Nhắc lịch] Còn 3 ngày: Hội nghị sơ kết, tổng kết – Quý IV/2025 (ngày 31/12/2025)",
            (
                "Còn 3 ngày nữa là đến ngày tổ chức “Hội nghị sơ kết, tổng kết (Tổng kết 5 năm "
                "thực hiện Nghị quyết Đại hội XIII của Đảng)” – Quý IV/2025 (thứ Tư, ngày "
                "31/12/2025). Đề nghị quý đơn vị hoàn tất công tác chuẩn bị và tổ chức hội nghị "
                "đúng lịch; sau hội nghị, đề nghị báo lại Ban Dân vận Tỉnh ủy Tây Ninh ngày tổ "
                "chức và số, ký hiệu văn bản kết luận hội nghị (nếu có)."
            ),
        ),
        "due-day": (
            "[Nhắc lịch] Hôm nay tổ chức Hội nghị sơ kết, tổng kết – Quý IV/2025",
            (
                "Hôm nay, thứ Tư, ngày 31/12/2025, là ngày tổ chức “Hội nghị sơ kết, tổng kết "
                "(Tổng kết 5 năm thực hiện Nghị quyết Đại hội XIII của Đảng)” – Quý IV/2025. Đề "
                "nghị quý đơn vị hoàn tất công tác chuẩn bị và tổ chức hội nghị đúng lịch; sau hội "
                "nghị, đề nghị báo lại Ban Dân vận Tỉnh ủy Tây Ninh ngày tổ chức và số, ký hiệu "
                "văn bản kết luận hội nghị (nếu có)."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Hội nghị sơ kết, tổng kết – Quý IV/2025: chưa ghi nhận đã tổ chức (quá "
                "2 ngày làm việc)"
            ),
            (
                "“Hội nghị sơ kết, tổng kết (Tổng kết 5 năm thực hiện Nghị quyết Đại hội XIII của "
                "Đảng)” – Quý IV/2025 dự kiến tổ chức vào thứ Tư, ngày 31/12/2025; đến nay đã quá "
                "2 ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh chưa ghi nhận hội nghị đã được "
                "tổ chức. Nếu hội nghị đã diễn ra, đề nghị quý đơn vị báo lại ngày tổ chức và số, "
                "ký hiệu văn bản kết luận hội nghị (nếu có); nếu chưa tổ chức, đề nghị báo rõ lý "
                "do và thời gian dự kiến tổ chức."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa báo kết quả tổ chức Hội nghị sơ kết, "
                "tổng kết – Quý IV/2025 (quá 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "được giao chuẩn bị, tổ chức “Hội nghị sơ kết, tổng kết (Tổng kết 5 năm thực hiện "
                "Nghị quyết Đại hội XIII của Đảng)” – Quý IV/2025 vào thứ Tư, ngày 31/12/2025; đến "
                "nay đã quá 3 ngày làm việc nhưng chưa ghi nhận hội nghị đã được tổ chức, dù đơn "
                "vị đã được nhắc. Đề nghị đồng chí quan tâm, chỉ đạo tổ chức hội nghị (nếu chưa tổ "
                "chức) và báo lại kết quả."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Hội nghị sơ kết, tổng kết "
                "– Quý IV/2025 chưa ghi nhận đã tổ chức (quá 7 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu được giao "
                "chuẩn bị, tổ chức “Hội nghị sơ kết, tổng kết (Tổng kết 5 năm thực hiện Nghị quyết "
                "Đại hội XIII của Đảng)” – Quý IV/2025 vào thứ Tư, ngày 31/12/2025; đến nay đã quá "
                "7 ngày làm việc nhưng chưa ghi nhận hội nghị đã được tổ chức; đơn vị và người "
                "đứng đầu đã được nhắc. Đề nghị quý cơ quan, với vai trò chỉ đạo, đôn đốc Ban Dân "
                "vận Huyện ủy Gò Dầu tổ chức hội nghị và báo lại kết quả."
            ),
        ),
        "moved-1": (
            "[Điều chỉnh] Hội nghị sơ kết, tổng kết – Quý IV/2025: chuyển sang ngày 31/12/2025",
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: “Hội nghị sơ kết, tổng kết (Tổng kết 5 "
                "năm thực hiện Nghị quyết Đại hội XIII của Đảng)” – Quý IV/2025 đã được điều chỉnh "
                "thời gian, nay tổ chức vào thứ Tư, ngày 31/12/2025 (lý do: trùng lịch làm việc "
                "của Thường trực Tỉnh ủy). Đề nghị quý đơn vị lưu ý, điều chỉnh công tác chuẩn bị "
                "và giấy mời đại biểu cho phù hợp."
            ),
        ),
    },
    ("task", "report"): {
        "open": (
            (
                "[Đôn đốc] Kế hoạch xây dựng và thực hiện QCDC ở cơ sở năm 2024 – Tháng 1/2024: "
                "thời hạn 31/01/2024"
            ),
            (
                "Theo chương trình công tác, Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị chủ "
                "động triển khai, hoàn thành “Kế hoạch xây dựng và thực hiện QCDC ở cơ sở năm "
                "2024” – Tháng 1/2024 đúng thời hạn và gửi văn bản để theo dõi, tổng hợp."
            ),
        ),
        "before-3": (
            (
                "[Nhắc hạn] Còn 3 ngày: Kế hoạch xây dựng và thực hiện QCDC ở cơ sở năm 2024 – "
                "Tháng 1/2024 (thời hạn 31/01/2024)"
            ),
            (
                "Còn 3 ngày nữa là đến thời hạn hoàn thành “Kế hoạch xây dựng và thực hiện QCDC ở "
                "cơ sở năm 2024” – Tháng 1/2024 theo chương trình công tác, Ban Dân vận Tỉnh ủy "
                "Tây Ninh chưa nhận được văn bản của quý đơn vị. Đề nghị quý đơn vị khẩn trương "
                "hoàn thành và gửi đúng thời hạn. Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "due-day": (
            (
                "[Nhắc hạn] Hôm nay là thời hạn: Kế hoạch xây dựng và thực hiện QCDC ở cơ sở năm "
                "2024 – Tháng 1/2024"
            ),
            (
                "Hôm nay là thời hạn hoàn thành “Kế hoạch xây dựng và thực hiện QCDC ở cơ sở năm "
                "2024” – Tháng 1/2024 theo chương trình công tác, Ban Dân vận Tỉnh ủy Tây Ninh "
                "chưa nhận được văn bản của quý đơn vị. Đề nghị quý đơn vị khẩn trương hoàn thành "
                "và gửi đúng thời hạn. Nếu đã gửi, xin vui lòng bỏ qua thư này."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Kế hoạch xây dựng và thực hiện QCDC ở cơ sở năm 2024 – Tháng 1/2024: "
                "quá hạn 2 ngày làm việc"
            ),
            (
                "“Kế hoạch xây dựng và thực hiện QCDC ở cơ sở năm 2024” – Tháng 1/2024 theo chương "
                "trình công tác có thời hạn thứ Tư, ngày 31/01/2024; đến nay đã quá hạn 2 ngày làm "
                "việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được văn bản của quý đơn vị. Đề "
                "nghị quý đơn vị khẩn trương hoàn thành và gửi ngay. Nếu đã gửi, xin báo lại số, "
                "ký hiệu văn bản để ghi nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa hoàn thành Kế hoạch xây dựng và thực "
                "hiện QCDC ở cơ sở năm 2024 – Tháng 1/2024 (quá hạn 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "chưa hoàn thành “Kế hoạch xây dựng và thực hiện QCDC ở cơ sở năm 2024” – Tháng "
                "1/2024 theo chương trình công tác, thời hạn thứ Tư, ngày 31/01/2024, đến nay đã "
                "quá hạn 3 ngày làm việc dù đã được nhắc. Đề nghị đồng chí quan tâm, chỉ đạo bộ "
                "phận tham mưu khẩn trương hoàn thành."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Kế hoạch xây dựng và thực "
                "hiện QCDC ở cơ sở năm 2024 – Tháng 1/2024 quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu chưa hoàn "
                "thành “Kế hoạch xây dựng và thực hiện QCDC ở cơ sở năm 2024” – Tháng 1/2024 theo "
                "chương trình công tác, thời hạn thứ Tư, ngày 31/01/2024, đến nay đã quá hạn 7 "
                "ngày làm việc; đơn vị và người đứng đầu đã được nhắc. Đề nghị quý cơ quan, với "
                "vai trò chỉ đạo, đôn đốc Ban Dân vận Huyện ủy Gò Dầu khẩn trương hoàn thành."
            ),
        ),
        "moved-1": (
            (
                "[Điều chỉnh] Kế hoạch xây dựng và thực hiện QCDC ở cơ sở năm 2024 – Tháng 1/2024: "
                "thời hạn mới 31/01/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: chương trình công tác đã được điều chỉnh; "
                "thời hạn hoàn thành “Kế hoạch xây dựng và thực hiện QCDC ở cơ sở năm 2024” – "
                "Tháng 1/2024 nay là thứ Tư, ngày 31/01/2024 (lý do: trùng lịch làm việc của "
                "Thường trực Tỉnh ủy). Đề nghị quý đơn vị lưu ý, hoàn thành theo thời hạn mới."
            ),
        ),
    },
    ("ad-hoc-request", "report"): {
        "open": (
            (
                "[Đôn đốc] Báo cáo đột xuất (Tình hình dư luận và kết quả vận động ủng hộ đồng bào "
                "bị thiệt hại do cơn bão số 3) – Tháng 9/2024: hạn gửi 20/09/2024"
            ),
            (
                "Theo yêu cầu đột xuất, Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị xây dựng "
                "“Báo cáo đột xuất (Tình hình dư luận và kết quả vận động ủng hộ đồng bào bị thiệt "
                "hại do cơn bão số 3)” – Tháng 9/2024, phản ánh đầy đủ, kịp thời tình hình tại đơn "
                "vị, địa phương, và gửi đúng hạn để kịp tổng hợp, báo cáo cấp trên."
            ),
        ),
        "before-3": (
            (
                "[Nhắc hạn] Còn 3 ngày: Báo cáo đột xuất (Tình hình dư luận và kết quả vận động "
                "ủng hộ đồng bào bị thiệt hại do cơn bão số 3) – Tháng 9/2024 (hạn 20/09/2024)"
            ),
            (
                "Còn 3 ngày nữa là đến hạn gửi “Báo cáo đột xuất (Tình hình dư luận và kết quả vận "
                "động ủng hộ đồng bào bị thiệt hại do cơn bão số 3)” – Tháng 9/2024, Ban Dân vận "
                "Tỉnh ủy Tây Ninh chưa nhận được báo cáo của quý đơn vị. Đề nghị quý đơn vị khẩn "
                "trương hoàn thành và gửi đúng hạn để kịp tổng hợp, báo cáo cấp trên. Nếu đã gửi, "
                "xin vui lòng bỏ qua thư này."
            ),
        ),
        "due-day": (
            (
                "[Nhắc hạn] Hôm nay là hạn gửi Báo cáo đột xuất (Tình hình dư luận và kết quả vận "
                "động ủng hộ đồng bào bị thiệt hại do cơn bão số 3) – Tháng 9/2024"
            ),
            (
                "Hôm nay là hạn gửi “Báo cáo đột xuất (Tình hình dư luận và kết quả vận động ủng "
                "hộ đồng bào bị thiệt hại do cơn bão số 3)” – Tháng 9/2024, Ban Dân vận Tỉnh ủy "
                "Tây Ninh chưa nhận được báo cáo của quý đơn vị. Đề nghị quý đơn vị khẩn trương "
                "hoàn thành và gửi đúng hạn để kịp tổng hợp, báo cáo cấp trên. Nếu đã gửi, xin vui "
                "lòng bỏ qua thư này."
            ),
        ),
        "overdue-1": (
            (
                "[Quá hạn] Báo cáo đột xuất (Tình hình dư luận và kết quả vận động ủng hộ đồng bào "
                "bị thiệt hại do cơn bão số 3) – Tháng 9/2024: quá hạn 2 ngày làm việc"
            ),
            (
                "“Báo cáo đột xuất (Tình hình dư luận và kết quả vận động ủng hộ đồng bào bị thiệt "
                "hại do cơn bão số 3)” – Tháng 9/2024 có hạn gửi thứ Sáu, ngày 20/09/2024; đến nay "
                "đã quá hạn 2 ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được báo "
                "cáo của quý đơn vị. Đây là báo cáo đột xuất cần tổng hợp gấp, đề nghị quý đơn vị "
                "gửi ngay. Nếu đã gửi, xin báo lại số, ký hiệu văn bản để ghi nhận."
            ),
        ),
        "escalate-1": (
            (
                "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa gửi Báo cáo đột xuất (Tình hình dư "
                "luận và kết quả vận động ủng hộ đồng bào bị thiệt hại do cơn bão số 3) – Tháng "
                "9/2024 (quá hạn 3 ngày làm việc)"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu "
                "chưa gửi “Báo cáo đột xuất (Tình hình dư luận và kết quả vận động ủng hộ đồng bào "
                "bị thiệt hại do cơn bão số 3)” – Tháng 9/2024, hạn gửi thứ Sáu, ngày 20/09/2024, "
                "đến nay đã quá hạn 3 ngày làm việc dù đã được nhắc, ảnh hưởng đến việc tổng hợp, "
                "báo cáo cấp trên. Đề nghị đồng chí quan tâm, chỉ đạo bộ phận tham mưu khẩn trương "
                "hoàn thành và gửi báo cáo."
            ),
        ),
        "escalate-2": (
            (
                "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Báo cáo đột xuất (Tình "
                "hình dư luận và kết quả vận động ủng hộ đồng bào bị thiệt hại do cơn bão số 3) – "
                "Tháng 9/2024 quá hạn 7 ngày làm việc"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu chưa gửi “Báo "
                "cáo đột xuất (Tình hình dư luận và kết quả vận động ủng hộ đồng bào bị thiệt hại "
                "do cơn bão số 3)” – Tháng 9/2024, hạn gửi thứ Sáu, ngày 20/09/2024, đến nay đã "
                "quá hạn 7 ngày làm việc; đơn vị và người đứng đầu đã được nhắc. Đề nghị quý cơ "
                "quan, với vai trò chỉ đạo, đôn đốc Ban Dân vận Huyện ủy Gò Dầu khẩn trương hoàn "
                "thành và gửi báo cáo."
            ),
        ),
        "moved-1": (
            (
                "[Điều chỉnh] Báo cáo đột xuất (Tình hình dư luận và kết quả vận động ủng hộ đồng "
                "bào bị thiệt hại do cơn bão số 3) – Tháng 9/2024: hạn gửi mới 20/09/2024"
            ),
            (
                "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: hạn gửi “Báo cáo đột xuất (Tình hình dư "
                "luận và kết quả vận động ủng hộ đồng bào bị thiệt hại do cơn bão số 3)” – Tháng "
                "9/2024 đã được điều chỉnh, nay là thứ Sáu, ngày 20/09/2024 (lý do: trùng lịch làm "
                "việc của Thường trực Tỉnh ủy). Đề nghị quý đơn vị lưu ý, gửi báo cáo theo thời "
                "hạn mới."
            ),
        ),
    },
}

FACTS = {
    ("steering-meeting", "report"): (
        "- Việc: Báo cáo kết quả hoạt động quý và phương hướng, nhiệm vụ quý sau\n"
        "- Nội dung: Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh – Quý II/2024\n"
        "- Thời hạn: thứ Tư, ngày 12/06/2024\n"
    ),
    ("steering-meeting", "budget-request"): (
        "- Việc: Văn bản đề nghị cấp kinh phí hoạt động quý sau\n"
        "- Nội dung: Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh – Quý II/2024\n"
        "- Thời hạn: thứ Tư, ngày 12/06/2024\n"
    ),
    ("steering-meeting", "meeting"): (
        "- Việc: Họp Ban Chỉ đạo định kỳ\n"
        "- Nội dung: Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh – Quý II/2024\n"
        "- Ngày thực hiện: thứ Tư, ngày 19/06/2024\n"
    ),
    ("steering-meeting", "minutes"): (
        "- Việc: Thông báo kết luận cuộc họp\n"
        "- Nội dung: Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh – Quý II/2024\n"
        "- Thời hạn: thứ Tư, ngày 26/06/2024\n"
    ),
    ("directive-review", "guidance-letter"): (
        "- Việc: Công văn chỉ đạo, hướng dẫn sơ kết, tổng kết\n"
        "- Nội dung: Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW\n"
        "- Thời hạn: thứ Năm, ngày 31/10/2024\n"
    ),
    ("directive-review", "report"): (
        "- Việc: Báo cáo sơ kết, tổng kết của đơn vị\n"
        "- Nội dung: Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW\n"
        "- Thời hạn: thứ Sáu, ngày 29/11/2024\n"
    ),
    ("directive-review", "consolidated-report"): (
        "- Việc: Báo cáo sơ kết, tổng kết (tổng hợp)\n"
        "- Nội dung: Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW\n"
        "- Thời hạn: thứ Ba, ngày 31/12/2024\n"
    ),
    ("directive-review", "conference"): (
        "- Việc: Hội nghị sơ kết, tổng kết\n"
        "- Nội dung: Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW\n"
        "- Ngày thực hiện: thứ Ba, ngày 31/12/2024\n"
    ),
    ("holiday-visit", "plan"): (
        "- Việc: Kế hoạch thăm, chúc mừng\n"
        "- Nội dung: Thăm, chúc mừng chức sắc, tín đồ Phật giáo nhân dịp Đại lễ Phật đản – Đại "
        "lễ Phật đản năm 2024\n"
        "- Thời hạn: chủ nhật, ngày 12/05/2024\n"
    ),
    ("holiday-visit", "visit"): (
        "- Việc: Thăm, chúc mừng\n"
        "- Nội dung: Thăm, chúc mừng chức sắc, tín đồ Phật giáo nhân dịp Đại lễ Phật đản – Đại "
        "lễ Phật đản năm 2024\n"
        "- Ngày thực hiện: thứ Tư, ngày 22/05/2024\n"
    ),
    ("holiday-visit", "report"): (
        "- Việc: Báo cáo kết quả thăm, chúc mừng\n"
        "- Nội dung: Thăm, chúc mừng chức sắc, tín đồ Phật giáo nhân dịp Đại lễ Phật đản – Đại "
        "lễ Phật đản năm 2024\n"
        "- Thời hạn: thứ Hai, ngày 27/05/2024\n"
    ),
    ("supervision", "plan"): (
        "- Việc: Kế hoạch giám sát, kiểm tra\n"
        "- Nội dung: Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy – "
        "Tháng 4/2024\n"
        "- Thời hạn: thứ Sáu, ngày 29/03/2024\n"
    ),
    ("supervision", "decision"): (
        "- Việc: Quyết định thành lập đoàn giám sát, kiểm tra\n"
        "- Nội dung: Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy – "
        "Tháng 4/2024\n"
        "- Thời hạn: thứ Sáu, ngày 29/03/2024\n"
    ),
    ("supervision", "guidance-letter"): (
        "- Việc: Hướng dẫn báo cáo phục vụ giám sát, kiểm tra\n"
        "- Nội dung: Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy – "
        "Tháng 4/2024\n"
        "- Thời hạn: thứ Sáu, ngày 29/03/2024\n"
    ),
    ("supervision", "report"): (
        "- Việc: Báo cáo của đơn vị được giám sát, kiểm tra\n"
        "- Nội dung: Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy – "
        "Tháng 4/2024\n"
        "- Thời hạn: thứ Sáu, ngày 12/04/2024\n"
    ),
    ("supervision", "supervision"): (
        "- Việc: Tổ chức giám sát, kiểm tra\n"
        "- Nội dung: Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy – "
        "Tháng 4/2024\n"
        "- Ngày thực hiện: thứ Sáu, ngày 26/04/2024\n"
    ),
    ("supervision", "conclusion"): (
        "- Việc: Thông qua kết quả giám sát, kiểm tra\n"
        "- Nội dung: Giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU của Ban Thường vụ Tỉnh ủy – "
        "Tháng 4/2024\n"
        "- Thời hạn: thứ Sáu, ngày 28/06/2024\n"
    ),
    ("campaign", "plan"): (
        "- Việc: Kế hoạch ra quân\n"
        "- Nội dung: Ra quân làm công tác dân vận – Đợt 1/2024\n"
        "- Thời hạn: thứ Sáu, ngày 28/06/2024\n"
    ),
    ("campaign", "launch"): (
        "- Việc: Lễ ra quân\n"
        "- Nội dung: Ra quân làm công tác dân vận – Đợt 1/2024\n"
        "- Ngày thực hiện: thứ Hai, ngày 01/07/2024\n"
    ),
    ("campaign", "report"): (
        "- Việc: Báo cáo kết quả đợt ra quân\n"
        "- Nội dung: Ra quân làm công tác dân vận – Đợt 1/2024\n"
        "- Thời hạn: thứ Sáu, ngày 30/08/2024\n"
    ),
    ("event", "plan"): (
        "- Việc: Kế hoạch tổ chức\n"
        "- Nội dung: Ngày truyền thống công tác dân vận của Đảng – Kỷ niệm 94 năm (15/10/1930 – "
        "15/10/2024)\n"
        "- Thời hạn: thứ Hai, ngày 30/09/2024\n"
    ),
    ("event", "event"): (
        "- Việc: Tổ chức sự kiện\n"
        "- Nội dung: Ngày truyền thống công tác dân vận của Đảng – Kỷ niệm 94 năm (15/10/1930 – "
        "15/10/2024)\n"
        "- Ngày thực hiện: thứ Ba, ngày 15/10/2024\n"
    ),
    ("event", "report"): (
        "- Việc: Báo cáo kết quả\n"
        "- Nội dung: Ngày truyền thống công tác dân vận của Đảng – Kỷ niệm 94 năm (15/10/1930 – "
        "15/10/2024)\n"
        "- Thời hạn: thứ Ba, ngày 22/10/2024\n"
    ),
    ("term-milestone", "guidance-letter"): (
        "- Việc: Hướng dẫn sơ kết, tổng kết\n"
        "- Nội dung: Tổng kết 5 năm thực hiện Nghị quyết Đại hội XIII của Đảng – Quý IV/2025\n"
        "- Thời hạn: thứ Sáu, ngày 31/10/2025\n"
    ),
    ("term-milestone", "report"): (
        "- Việc: Báo cáo sơ kết, tổng kết của đơn vị\n"
        "- Nội dung: Tổng kết 5 năm thực hiện Nghị quyết Đại hội XIII của Đảng – Quý IV/2025\n"
        "- Thời hạn: thứ Sáu, ngày 28/11/2025\n"
    ),
    ("term-milestone", "consolidated-report"): (
        "- Việc: Báo cáo sơ kết, tổng kết (tổng hợp)\n"
        "- Nội dung: Tổng kết 5 năm thực hiện Nghị quyết Đại hội XIII của Đảng – Quý IV/2025\n"
        "- Thời hạn: thứ Tư, ngày 31/12/2025\n"
    ),
    ("term-milestone", "conference"): (
        "- Việc: Hội nghị sơ kết, tổng kết\n"
        "- Nội dung: Tổng kết 5 năm thực hiện Nghị quyết Đại hội XIII của Đảng – Quý IV/2025\n"
        "- Ngày thực hiện: thứ Tư, ngày 31/12/2025\n"
    ),
    ("task", "report"): (
        "- Việc: Kế hoạch xây dựng và thực hiện QCDC ở cơ sở năm 2024\n"
        "- Nội dung: Kế hoạch xây dựng và thực hiện QCDC ở cơ sở năm 2024 – Tháng 1/2024\n"
        "- Thời hạn: thứ Tư, ngày 31/01/2024\n"
    ),
    ("ad-hoc-request", "report"): (
        "- Việc: Báo cáo đột xuất\n"
        "- Nội dung: Tình hình dư luận và kết quả vận động ủng hộ đồng bào bị thiệt hại do cơn "
        "bão số 3 – Tháng 9/2024\n"
        "- Thời hạn: thứ Sáu, ngày 20/09/2024\n"
    ),
}

# The footer's line on what to write back, per kind of step (`reply.txt`).
SEND_REPORT = "Khi trả lời hoặc gửi báo cáo, xin ghi rõ số, ký hiệu văn bản."
SEND_DOCUMENT = "Khi trả lời hoặc gửi văn bản, xin ghi rõ số, ký hiệu văn bản."
HELD = "Khi trả lời, xin ghi rõ ngày thực hiện và kết quả."  # an event held on a day
CONFERENCE_HELD = (
    "Khi trả lời, xin ghi rõ ngày tổ chức và số, ký hiệu văn bản kết luận hội nghị (nếu có)."
)
REPLY = {
    ("steering-meeting", "report"): SEND_REPORT,
    ("steering-meeting", "budget-request"): SEND_DOCUMENT,
    ("steering-meeting", "meeting"): (
        "Khi trả lời, xin ghi rõ ngày họp và số, ký hiệu thông báo kết luận."
    ),
    ("steering-meeting", "minutes"): SEND_DOCUMENT,
    ("directive-review", "guidance-letter"): SEND_DOCUMENT,
    ("directive-review", "report"): SEND_REPORT,
    ("directive-review", "consolidated-report"): SEND_REPORT,
    ("directive-review", "conference"): CONFERENCE_HELD,
    ("holiday-visit", "plan"): SEND_DOCUMENT,
    ("holiday-visit", "visit"): "Khi trả lời, xin ghi rõ ngày thăm và thành phần đoàn.",
    ("holiday-visit", "report"): SEND_REPORT,
    ("supervision", "plan"): SEND_DOCUMENT,
    ("supervision", "decision"): SEND_DOCUMENT,
    ("supervision", "guidance-letter"): SEND_DOCUMENT,
    ("supervision", "report"): SEND_REPORT,
    ("supervision", "supervision"): HELD,
    ("supervision", "conclusion"): SEND_DOCUMENT,
    ("campaign", "plan"): SEND_DOCUMENT,
    ("campaign", "launch"): HELD,
    ("campaign", "report"): SEND_REPORT,
    ("event", "plan"): SEND_DOCUMENT,
    ("event", "event"): HELD,
    ("event", "report"): SEND_REPORT,
    ("term-milestone", "guidance-letter"): SEND_DOCUMENT,
    ("term-milestone", "report"): SEND_REPORT,
    ("term-milestone", "consolidated-report"): SEND_REPORT,
    ("term-milestone", "conference"): CONFERENCE_HELD,
    ("task", "report"): SEND_DOCUMENT,
    ("ad-hoc-request", "report"): SEND_REPORT,
}


def text_of(key: tuple[str, str], stage: str) -> str:
    """The plain-text part: greeting, the sentence, the facts and the footer, as pinned."""
    recipient = recipient_of(key, stage)
    sentence = WORDING[key][stage][1]
    return (
        f"Kính gửi: {recipient.name}\n\n{sentence}\n\n{FACTS[key]}\nTrân trọng./.\n\n--\n"
        f"Thư gửi tự động từ hệ thống đôn đốc của {OWNER} (mã nhiệm vụ 101, {stage}).\n"
        f"{REPLY[key]}\n"
    )


CASES = [(key, stage) for key in TASKS for stage in STAGES]
IDS = [f"{family}/{kind}/{stage}" for (family, kind), stage in CASES]


# ------------------------------------------------------------------- the wording, per step


# Families whose wording other modules pin: the periodic report's (the first family's own tests)
# and the field day's (test_render_field_day.py, with its specialist and commune).
PINNED_ELSEWHERE = {"periodic-report", "field-coverage"}


def test_every_step_of_the_built_in_families_is_pinned_here_but_the_periodic_report() -> None:
    steps = {
        (family.id, step.kind)
        for family in built_in_families().families
        for step in family.steps
        if family.id not in PINNED_ELSEWHERE
    }
    assert steps == set(TASKS) == set(WORDING) == set(FACTS) == set(REPLY)
    assert {template for template, *_ in STAGES.values()} == set(TEMPLATES)


@pytest.mark.parametrize(("key", "stage"), CASES, ids=IDS)
def test_the_wording_of_every_stage_of_every_step(key: tuple[str, str], stage: str) -> None:
    subject, text, _ = render(key, stage)
    assert subject == WORDING[key][stage][0]
    assert text == text_of(key, stage)


@pytest.mark.parametrize(("key", "stage"), CASES, ids=IDS)
def test_the_html_part_says_the_same_as_the_text(key: tuple[str, str], stage: str) -> None:
    subject, _, html = render(key, stage)
    reader = Reader()
    reader.feed(html)
    greeting, sentence = reader.paragraphs[:2]
    assert greeting == f"Kính gửi: {recipient_of(key, stage).name}"
    assert sentence == WORDING[key][stage][1]
    assert reader.paragraphs[-1].endswith(f"\n{REPLY[key]}")
    assert f"<title>{subject}</title>" in html
    day = "Ngày thực hiện" if TASKS[key].event else "Thời hạn"
    assert f'color: #555;">{day}</td>' in html


# What a step that reports nothing must not say: a report's period, or "send the report".
REPORTING = ("kỳ báo cáo", "gửi báo cáo", "hạn gửi", "báo cáo của quý đơn vị")
# The office reporting to a unit's head ("kính báo cáo đồng chí") is the register's salutation,
# not a report asked for.
SALUTATION = "kính báo cáo đồng chí"


NOT_REPORTS = [(key, stage) for key, stage in CASES if key not in REPORTS]


@pytest.mark.parametrize(
    ("key", "stage"), NOT_REPORTS, ids=[f"{f}/{k}/{s}" for (f, k), s in NOT_REPORTS]
)
def test_a_step_that_is_not_a_report_asks_for_no_report(key: tuple[str, str], stage: str) -> None:
    subject, text, html = render(key, stage)
    names = (TASKS[key].step_name.casefold(), TASKS[key].obligation_name.casefold())
    for part in (subject, text, html):
        said = part.casefold()
        for name in names:  # a guidance for reports ("Hướng dẫn báo cáo …") is named so
            said = said.replace(name, "")
        assert not [phrase for phrase in REPORTING if phrase in said]
        assert "báo cáo" not in said.replace(SALUTATION, "")


@pytest.mark.parametrize("stage", ["overdue-1", "escalate-1", "escalate-2"])
@pytest.mark.parametrize(
    ("key", "noun"),
    [
        (("steering-meeting", "meeting"), "cuộc họp"),
        (("directive-review", "conference"), "hội nghị"),
        (("holiday-visit", "visit"), "việc thăm, chúc mừng"),
        (("supervision", "supervision"), "hoạt động"),
        (("campaign", "launch"), "hoạt động"),
        (("event", "event"), "hoạt động"),
        (("term-milestone", "conference"), "hội nghị"),
    ],
)
def test_an_overdue_event_is_one_not_yet_recorded_as_held(
    key: tuple[str, str], noun: str, stage: str
) -> None:
    _, text, _ = render(key, stage)
    held = "đã được tổ chức" if key[1] in {"meeting", "conference"} else "đã được thực hiện"
    assert f"chưa ghi nhận {noun} {held}" in text
    assert "quá hạn" not in text  # an event is not late, it is not yet known to have been held


def test_an_overdue_meeting_asks_for_its_date_and_the_number_of_its_conclusions() -> None:
    _, text, _ = render(("steering-meeting", "meeting"), "overdue-1")
    assert "báo lại ngày họp và số, ký hiệu thông báo kết luận" in text


@pytest.mark.parametrize("key", list(TASKS))
def test_a_moved_notice_gives_the_new_date_and_the_reason(key: tuple[str, str]) -> None:
    subject, text, _ = render(key, "moved-1")
    task = TASKS[key]
    assert subject.startswith("[Điều chỉnh] ")
    assert subject.endswith(task.due_on.strftime(" %d/%m/%Y"))
    assert vn_weekday_date(task.due_on) in text.split("\n")[2]  # the sentence says the new day
    assert f"(lý do: {REASON})" in text


# --------------------------------------------------------- which wording a step kind gets


def test_step_kinds_worded_alike_share_a_directory() -> None:
    assert {kind: kind_directory(kind) for kind in KIND_TEMPLATES} == {
        "report": "report",
        "plan": "document",
        "guidance-letter": "document",
        "budget-request": "document",
        "minutes": "document",
        "consolidated-report": "document",
        "decision": "document",
        "conclusion": "document",
        "supervision": "event",
        "launch": "event",
        "ceremony": "event",
    }
    assert kind_directory("meeting") == "meeting"
    assert kind_directory("event") == "event"
    assert kind_directory("conference") == "conference"
    assert kind_directory("visit") == "visit"
    assert kind_directory("field-trip") is None  # an event kind nobody has worded yet
    assert kind_directory("_generic") is None  # the generic wording is nobody's own


def test_the_most_specific_wording_comes_first() -> None:
    assert template_names("holiday-visit", "plan", "open", "sentence") == [
        "email/families/holiday-visit/plan/open.sentence.txt",
        "email/steps/document/open.sentence.txt",
        "email/steps/_generic/open.sentence.txt",
    ]
    assert template_names("steering-meeting", "field-trip", "moved", "subject") == [
        "email/families/steering-meeting/field-trip/moved.subject.txt",
        "email/steps/_generic/moved.subject.txt",
    ]
    assert family_directory("holiday-visit", "visit") == "email/families/holiday-visit/visit"
    assert family_directory("periodic-report", "report") is None


def test_every_step_of_the_built_in_families_has_wording_of_its_own() -> None:
    for family in built_in_families().families:
        for step in family.steps:
            assert step.kind is not None
            assert has_own_wording(step.kind, family.id), (family.id, step.kind)
            generic = generic_parts(step.kind, family.id)
            if family.id == "periodic-report":  # its moved notice is the generic one
                assert generic == ("moved.subject.txt", "moved.sentence.txt")
            else:
                assert generic == (), (family.id, step.kind)


def test_a_step_kind_without_wording_of_its_own_is_said_so() -> None:
    assert not has_own_wording("field-trip")
    assert not has_own_wording("field-trip", "steering-meeting")
    assert has_own_wording("decision")  # a document: steps/document
    assert has_own_wording("visit", "holiday-visit")
    assert len(generic_parts("field-trip", "steering-meeting")) == 2 * len(TEMPLATES) + 1


def test_a_step_kind_without_wording_of_its_own_gets_the_plain_generic_wording() -> None:
    task = step(
        "steering-meeting",
        "field-trip",
        "Kiểm tra, giám sát việc thực hiện dân chủ ở cơ sở",
        STEERING,
        "Quý II/2024",
        D(2024, 6, 20),
    )
    task = replace(task, event=True)  # an event kind: held on a day
    subject, text, _ = render(("steering-meeting", "meeting"), "open", task)
    assert subject == (
        "[Đôn đốc] Kiểm tra, giám sát việc thực hiện dân chủ ở cơ sở – Quý II/2024: thời hạn "
        "20/06/2024"
    )
    assert text.split("\n")[2] == (
        "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: “Kiểm tra, giám sát việc thực hiện dân chủ ở cơ "
        "sở (Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh)” – Quý II/2024 thực hiện vào thứ Năm, "
        "ngày 20/06/2024. Đề nghị quý đơn vị chủ động chuẩn bị và thực hiện đúng thời hạn."
    )
    assert text.endswith("\nKhi trả lời, xin ghi rõ ngày đã thực hiện.\n")


def test_a_step_is_named_with_its_obligation_once() -> None:
    assert about("Báo cáo", "Báo cáo", "Tháng 1/2024") == "Báo cáo"
    assert about("Họp Ban Chỉ đạo định kỳ", STEERING, "Quý II/2024") == (
        f"Họp Ban Chỉ đạo định kỳ ({STEERING})"
    )
    # a review named after its directive is named so by its occurrence already
    assert about("Hội nghị sơ kết, tổng kết", REVIEW, REVIEW) == "Hội nghị sơ kết, tổng kết"
    # an obligation that starts with the step's name says more than the step
    assert about("Thăm, chúc mừng", VISITS, FESTIVAL) == VISITS


# --------------------------------------------------------------------------- HTML injection

HOSTILE_TASKS = {
    key: replace(
        task,
        obligation_name=f"Chương trình {HOSTILE}",
        unit_name=f"Ban {HOSTILE}",
        owner_name=f"Ban Dân vận {HOSTILE}",
        occurrence_label=f"Quý II/2024 {HOSTILE}",
        step_name=f"{task.step_name} {HOSTILE}",
    )
    for key, task in TASKS.items()
}
HOSTILE_RECIPIENT = Recipient(f"Đồng chí {HOSTILE}", "x@example.org")


def hostile(key: tuple[str, str], stage: str) -> tuple[str, str, str]:
    template, name, offset, late, _ = STAGES[stage]
    task = HOSTILE_TASKS[key]
    message = Notice(
        template,
        name,
        task,
        task.due_on + timedelta(days=offset),
        (HOSTILE_RECIPIENT,),
        late,
        f"lý do {HOSTILE}",
    )
    return render_email(message, HOSTILE_RECIPIENT)


@pytest.mark.parametrize(("key", "stage"), CASES, ids=IDS)
def test_html_in_the_catalogues_names_is_escaped_in_every_familys_templates(
    key: tuple[str, str], stage: str
) -> None:
    subject, text, html = hostile(key, stage)
    assert "<script" not in html.lower()
    assert "<b>" not in html
    reader = Reader()
    reader.feed(html)
    assert reader.tags <= OWN_TAGS
    assert f"Kính gửi: <strong>Đồng chí {ESCAPED}</strong>" in html
    assert f"<td><strong>{TASKS[key].step_name} {ESCAPED}</strong></td>" in html
    assert f"hệ thống đôn đốc của Ban Dân vận {ESCAPED} (mã nhiệm vụ 101," in html
    # The sentence: what the HTML shows is the plain-text sentence, every name in it escaped.
    sentence = text.split("\n")[2]
    assert reader.paragraphs[1] == sentence
    source = html.split("<p>")[2].split("</p>")[0]
    assert sentence.count(HOSTILE) >= 2  # the owner or the unit, and the step or its occasion
    assert source.count(ESCAPED) == sentence.count(HOSTILE)
    assert source.count("&lt;script&gt;") == sentence.count(HOSTILE)
    title = html.split("<title>")[1].split("</title>")[0]
    assert title.count(ESCAPED) == subject.count(HOSTILE) >= 1


@pytest.mark.parametrize(("key", "stage"), CASES, ids=IDS)
def test_the_plain_text_part_and_the_subject_of_every_family_keep_the_names_as_written(
    key: tuple[str, str], stage: str
) -> None:
    subject, text, _ = hostile(key, stage)
    assert text.startswith(f"Kính gửi: Đồng chí {HOSTILE}\n")
    assert f"- Việc: {TASKS[key].step_name} {HOSTILE}\n" in text
    assert f"Quý II/2024 {HOSTILE}" in subject
    for entity in ("&lt;", "&gt;", "&amp;", "&#34;", "&#39;"):
        assert entity not in text + subject
