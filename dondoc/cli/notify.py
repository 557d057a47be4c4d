"""`dondoc notify …`: what the messages say, before anyone is sent one.

`dondoc notify preview KIND` renders one message with sample data (a district's Ban Dân vận of
Tây Ninh, a monthly report due on Wednesday 17/01/2024) on a channel, with dondoc's templates or
a plan's own (`--plan`: its template directory and its Zalo ZNS registrations). The catalogue's
text may hold rich markup: it is printed as text, never interpreted.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from dondoc.cli._common import errors, fail, out

if TYPE_CHECKING:
    from notifications.messages import Notice, Recipient
    from notifications.render import TemplateSet

notify_app = typer.Typer(help="Notifications: what the messages say.", no_args_is_help=True)


class Kind(StrEnum):
    OPEN = "open"
    REMIND = "remind"
    OVERDUE = "overdue"
    ESCALATE_HEAD = "escalate-head"
    ESCALATE_SUPERVISOR = "escalate-supervisor"
    MOVED = "moved"
    DIGEST = "digest"
    ALERT = "alert"


class ChannelChoice(StrEnum):
    EMAIL = "email"
    ZALO_ZNS = "zalo-zns"
    ZALO_OA = "zalo-oa"


class AlertKind(StrEnum):
    ZALO_TOKEN = "zalo-token"
    SMTP_AUTH = "smtp-auth"
    ZALO_QUOTA = "zalo-quota"
    NO_CHANNEL = "no-channel"


OWNER = "Ban Dân vận Tỉnh ủy Tây Ninh"
UNIT = "Ban Dân vận Huyện ủy Gò Dầu"
DUE = date(2024, 1, 17)  # a Wednesday
# (stage, as of, working days late) of each sample notice of the report due on `DUE`.
SAMPLES = {
    "open": ("open", date(2024, 1, 8), 0),
    "remind": ("before-3", date(2024, 1, 14), 0),
    "overdue": ("overdue-1", date(2024, 1, 19), 2),
    "escalate-head": ("escalate-1", date(2024, 1, 22), 3),
    "escalate-supervisor": ("escalate-2", date(2024, 1, 26), 7),
    "moved": ("moved-1", date(2024, 1, 10), 0),
}
SAMPLE_ID = "mau-thu"  # the made-up ZNS registration shown without --plan
ALERT_REASONS = {
    "zalo-token": "Zalo từ chối mã làm mới (refresh token) của ứng dụng: chuỗi cấp quyền đã đứt.",
    "smtp-auth": "Máy chủ thư trả lời 535: tên đăng nhập hoặc mật khẩu không đúng.",
    "zalo-quota": "Zalo báo đã dùng hết hạn mức tin ZNS trong ngày (còn 12 tin chưa gửi).",
    "no-channel": f"{UNIT} không còn địa chỉ nào nhận được tin: thư điện tử bị trả lại.",
}


def _recipients() -> dict[str, Recipient]:
    from notifications.messages import Recipient

    phone, follower = "84900000100", "1234567890"  # made up: no one's number
    return {
        "unit": Recipient(UNIT, "bdv@godau.tayninh.example", phone, follower),
        "head": Recipient(
            f"Trưởng ban Thái Minh Đức ({UNIT})",
            "truongban.bdv@godau.tayninh.example",
            phone,
            follower,
        ),
        "supervisor": Recipient(
            "Huyện ủy Gò Dầu", "vanphong@godau.tayninh.example", phone, follower
        ),
    }


def _notice(kind: str, family: str, step_kind: str, due: date = DUE, task_id: int = 42) -> Notice:
    from notifications.messages import Notice, TaskSummary
    from obligations.loader import built_in_families
    from obligations.schema import EVENT_KINDS

    obligation, step_name = "Báo cáo công tác dân vận tháng", "Báo cáo công tác dân vận tháng"
    known = {f.id: f for f in built_in_families().families}.get(family)
    step = next((s for s in known.steps if s.kind == step_kind), None) if known else None
    if step_kind != "report" or (known and family != "periodic-report"):
        obligation = known.name if known else obligation
        step_name = (step.name if step else None) or obligation
    report = step_kind == "report"
    task = TaskSummary(
        task_id,
        obligation,
        UNIT,
        OWNER,
        "Tháng 1/2024",
        date(2023, 12, 15) if report else None,
        date(2024, 1, 14) if report else None,
        due,
        family,
        step_kind,
        step_name,
        step_kind in EVENT_KINDS,
    )
    stage, as_of, late = SAMPLES[kind]
    audience = {"escalate-head": "head", "escalate-supervisor": "supervisor"}.get(kind, "unit")
    reason = "trùng lịch họp Ban Thường vụ Tỉnh ủy" if kind == "moved" else ""
    return Notice(kind, stage, task, as_of, (_recipients()[audience],), late, reason)


def _templates(plan: Path | None) -> tuple[TemplateSet, bool]:
    """The plan's template set (and whether it registers Zalo templates), or dondoc's own."""
    from notifications.render import TemplateSet
    from obligations.loader import parse_document
    from obligations.schema import PlanDoc
    from obligations.yamlsrc import CatalogueError, Issue, read_source

    if plan is None:
        return TemplateSet(), False
    source = read_source(plan, str(plan))
    document, issues = parse_document(source)
    if issues:
        raise CatalogueError(issues)
    if not isinstance(document, PlanDoc):
        raise CatalogueError([Issue(str(plan), 1, "--plan takes a plan file (kind: plan)")])
    spec = document.notifications
    if spec is None:
        return TemplateSet(), False
    if spec.templates is not None and not (plan.parent / spec.templates).is_dir():
        line = source.line(("notifications", "templates"))
        raise CatalogueError(
            [Issue(str(plan), line, f"there is no directory {spec.templates!r} beside the plan")]
        )
    return TemplateSet.of(spec.model_dump(mode="json"), plan.parent.resolve()), True


def _sample_registration(templates: TemplateSet, kind: str) -> TemplateSet:
    """dondoc's own templates with a made-up ZNS registration of `kind`: every parameter."""
    from notifications.zalo_templates import FILLED, ZaloTemplate

    made_up = ZaloTemplate(SAMPLE_ID, tuple((name, 100) for name in FILLED[kind]))
    return replace(templates, zalo=((kind, made_up),))


def _print(channel: str, subject: str, text: str, payload: dict[str, Any] | None = None) -> None:
    out.print(Text.assemble(("Kênh: ", "bold"), channel))
    out.print(Text.assemble(("Tiêu đề: ", "bold"), subject))
    if payload is not None:
        out.print(Text.assemble(("Mẫu ZNS: ", "bold"), str(payload["template_id"])))
        if payload["template_id"] == SAMPLE_ID:
            out.print(Text("(mẫu thử: chưa có mẫu đăng ký; dùng --plan để xem mẫu của kế hoạch)"))
        for name, value in payload["template_data"].items():
            out.print(Text(f"  {name} = {value}"))
    out.print(Text(""))
    out.print(Text(text.rstrip("\n")))


@notify_app.command("preview")
def notify_preview(
    kind: Annotated[Kind, typer.Argument(help="The message to render.", show_default=False)],
    channel: Annotated[
        ChannelChoice, typer.Option("--channel", help="The channel to render it for.")
    ] = ChannelChoice.EMAIL,
    family: Annotated[
        str, typer.Option("--family", help="The obligation's family (periodic-report …).")
    ] = "periodic-report",
    step_kind: Annotated[
        str, typer.Option("--step-kind", help="The step's kind (report, meeting, visit …).")
    ] = "report",
    alert: Annotated[
        AlertKind, typer.Option("--alert", help="Which alert, for KIND alert.")
    ] = AlertKind.ZALO_TOKEN,
    plan: Annotated[
        Path | None,
        typer.Option(
            "--plan", help="A plan file: its own templates and Zalo registrations.", exists=True
        ),
    ] = None,
) -> None:
    """Print one message (subject and text) as it would be sent, with sample data."""
    with errors():
        from notifications.digest import item_of, render_alert, render_digest
        from notifications.render import render_on
        from notifications.zalo_templates import fill, plain

        templates, registered = _templates(plan)
        name = Kind(kind).value
        if channel is ChannelChoice.ZALO_ZNS and templates.zalo_template(name) is None:
            if registered:
                raise fail(
                    f"{plan}: no Zalo ZNS template is registered for {name!r} "
                    "(notifications.zalo_templates): its recipients get the next channel"
                )
            templates = _sample_registration(templates, name)
        if kind is Kind.ALERT:
            subject, text, _ = render_alert(alert.value, ALERT_REASONS[alert.value], DUE, templates)
            found = templates.zalo_template(name)
            payload = None
            if channel is ChannelChoice.ZALO_ZNS and found is not None:
                payload = fill(found, {"ngay": "17/01/2024", "noi_dung": subject})
            shown = plain(text, lines=True) if channel is not ChannelChoice.EMAIL else text
            _print(channel.value, subject, shown, payload)
            return
        if kind is Kind.DIGEST:
            recipient = _recipients()["unit"]
            opened = _notice("open", family, step_kind, date(2024, 1, 26), 44)
            reminded = _notice("remind", family, step_kind, date(2024, 1, 19), 43)
            late = _notice("overdue", family, step_kind, date(2024, 1, 15), 42)
            as_of = date(2024, 1, 17)  # Mon 15 → Tue 16, Wed 17: two working days late
            items = [
                item_of(replace(n, as_of=as_of), recipient, None, templates)
                for n in (opened, reminded, late)
            ]
            message = render_digest(recipient.name, items, as_of, channel.value, templates)
        else:
            notice = _notice(name, family, step_kind)
            recipient = notice.recipients[0]
            address = {
                ChannelChoice.EMAIL: recipient.email,
                ChannelChoice.ZALO_ZNS: recipient.zalo,
                ChannelChoice.ZALO_OA: recipient.zalo_user_id,
            }[channel]
            message = render_on(channel.value, address or "", notice, recipient, templates)
        if message is None:
            raise fail(f"no Zalo ZNS template is registered for {name!r}")
        _print(message.channel, message.subject, message.text, message.payload)
