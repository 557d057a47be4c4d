"""The `dondoc` command line. Its command names and JSON shapes are a public interface: keep them.

Commands read settings from the environment (`DONDOC_DATABASE_URL`, `DONDOC_HOME`, …) when they
run, migrate an empty ledger first, and say what to run when the ledger is from another version.
Only `run` and `up` import Prefect.
"""

from __future__ import annotations

import typer

from dondoc.cli import (
    audit,
    bulletin,
    doctor,
    feeds,
    operator,
    preview,
    reports,
    runs,
    stats,
    web,
)
from dondoc.cli._common import errors, load_settings, out
from dondoc.cli.calendar import calendar_app
from dondoc.cli.catalogue import db_app, plan_app
from dondoc.cli.field_days import field_day_app
from dondoc.cli.notify import notify_app
from dondoc.cli.outbox import outbox_app
from dondoc.cli.requests import request_app
from dondoc.cli.zalo import zalo_app

app = typer.Typer(
    help="dondoc — lịch đôn đốc: báo cáo định kỳ, họp Ban Chỉ đạo, sơ kết, tổng kết văn bản, "
    "thăm, chúc mừng lễ trọng; mở nhiệm vụ, nhắc hạn, báo cáo vượt cấp qua e-mail và Zalo; "
    "chạy trên Prefect.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(db_app, name="db")
app.add_typer(plan_app, name="plan")
app.add_typer(calendar_app, name="calendar")
app.add_typer(request_app, name="request")
app.add_typer(field_day_app, name="field-day")
app.add_typer(notify_app, name="notify")
app.add_typer(outbox_app, name="outbox")
app.add_typer(zalo_app, name="zalo")
app.add_typer(feeds.feed_token_app, name="feed-token")
app.command("run")(runs.run)
app.command("submit")(operator.submit)
app.command("acknowledge")(operator.acknowledge)
app.command("waive")(operator.waive)
app.command("reschedule")(operator.reschedule)
app.command("cancel")(operator.cancel)
app.command("preview")(preview.preview)
app.command("tasks")(reports.tasks)
app.command("status")(reports.status)
app.command("feed")(feeds.feed)
app.command("stats")(stats.stats)
app.command("audit")(audit.audit)
app.command("web")(web.web)
app.command("bulletin")(bulletin.bulletin)
app.command("doctor")(doctor.doctor)


@app.command("up")
def up() -> None:
    """Migrate, load the catalogue, start Prefect and serve every deployment; Ctrl-C stops."""
    from dondoc.up import run_up

    settings = load_settings()
    with errors():
        raise typer.Exit(run_up(settings, out))


def main() -> None:
    app()
