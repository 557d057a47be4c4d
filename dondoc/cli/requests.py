"""`dondoc request …`: ad-hoc requests (yêu cầu đột xuất), as the request-report flow makes them.

`request new` stores the request, opens its tasks and sends the requests at once (the
request-report flow's steps, without Prefect); `request list` lists the requests with their
tasks' standing; `request cancel` calls one off (the cancel-occurrence flow's step).
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dondoc.cli._common import AsOf, day_of, dump, errors, in_calendar, ledger, load_settings, out
from dondoc.cli.reports import print_log

if TYPE_CHECKING:
    from ledger.requests import RequestSummary

request_app = typer.Typer(
    help="Ad-hoc requests (yêu cầu đột xuất): ask some units for a report by a day.",
    no_args_is_help=True,
)


def _codes(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


@request_app.command("new")
def new(
    title: Annotated[str, typer.Option("--title", help="Tên báo cáo yêu cầu.", show_default=False)],
    due: Annotated[
        datetime,
        typer.Option(
            "--due",
            formats=["%Y-%m-%d"],
            help="Hạn gửi (YYYY-MM-DD), một ngày làm việc.",
            callback=in_calendar,
            show_default=False,
        ),
    ],
    units: Annotated[
        str | None, typer.Option("--units", help="Mã các đơn vị, cách nhau bởi dấu phẩy.")
    ] = None,
    tags: Annotated[
        str | None,
        typer.Option(
            "--tags", help="Nhóm đơn vị của kế hoạch (unit tags), cách nhau bởi dấu phẩy."
        ),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="Ghi chú, nội dung yêu cầu.")] = "",
    request_id: Annotated[
        str | None,
        typer.Option(
            "--id", help="Mã yêu cầu (mặc định: đặt theo nội dung — gửi lại không tạo thêm)."
        ),
    ] = None,
    plan: Annotated[
        str | None, typer.Option("--plan", help="Kế hoạch (khi các đơn vị chưa đủ để biết).")
    ] = None,
    requested_by: Annotated[
        str | None, typer.Option("--by", help="Người, đơn vị yêu cầu (mặc định: văn phòng).")
    ] = None,
    as_of: AsOf = None,
) -> None:
    """Ask units for a report by a day: the request is sent at once, then chased and escalated
    like any task (the request-report flow)."""
    from calendars.business_time import now_utc

    settings = load_settings()
    sessions = ledger(settings)
    day = day_of(as_of)
    values: dict[str, Any] = {
        "title": title,
        "due": due.date(),
        "units": _codes(units),
        "unit_tags": _codes(tags),
        "note": note,
        "request_id": request_id,
        "plan": plan,
        "requested_by": requested_by,
    }
    with errors():
        from tasks import steps

        now = now_utc()
        from dondoc.wiring import link_signer

        horizon = settings.horizon_end(day)
        links = link_signer(settings)
        log = steps.request_report(sessions, now, day, horizon, values, links=links)
        log.extend(asyncio.run(steps.deliver(sessions, settings.smtp, now)))
    print_log("request-report", day, log)


def _standing(row: RequestSummary) -> str:
    from ledger.models import TaskStatus
    from ledger.transitions import STATUS_LABELS

    if row.cancelled is not None:
        return f"đã hủy: {row.cancelled}"
    return ", ".join(f"{n} {STATUS_LABELS[TaskStatus(s)]}" for s, n in row.tasks.items())


@request_app.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """The ad-hoc requests the ledger holds, the latest deadline first, with their tasks."""
    settings = load_settings()
    sessions = ledger(settings, create=False)
    with errors():
        from ledger.db import transaction
        from ledger.requests import list_requests

        with transaction(sessions) as session:
            rows = list_requests(session)
    if as_json:
        out.print(
            dump(
                [
                    {
                        "id": r.id,
                        "plan": r.plan_id,
                        "title": r.title,
                        "requested_on": r.requested_on.isoformat(),
                        "due": r.due.isoformat(),
                        "units": list(r.units),
                        "note": r.note,
                        "source": r.source,
                        "cancelled": r.cancelled,
                        "tasks": r.tasks,
                    }
                    for r in rows
                ]
            )
        )
        return
    if not rows:
        out.print("Chưa có yêu cầu đột xuất nào.")
        return
    for r in rows:
        # Catalogue text is untrusted: printed as it is, never read as markup.
        out.print(
            f"{r.id} | {r.title} | yêu cầu ngày {r.requested_on:%d/%m/%Y} | hạn "
            f"{r.due:%d/%m/%Y} | {', '.join(r.units)} | {_standing(r)}",
            markup=False,
        )


@request_app.command("cancel")
def cancel(
    request_id: Annotated[str, typer.Argument(help="The request's id (request list).")],
    reason: Annotated[str, typer.Option("--reason", help="Lý do.")],
    as_of: AsOf = None,
) -> None:
    """Call a request off, with a reason: its tasks end, its queued mail is not sent (the
    cancel-occurrence flow, on the request's one occurrence)."""
    from calendars.business_time import now_utc

    settings = load_settings()
    sessions = ledger(settings)
    day = day_of(as_of)
    with errors():
        from tasks import steps

        log = steps.cancel_request(sessions, now_utc(), day, request_id, reason)
    print_log("cancel-occurrence", day, log)
