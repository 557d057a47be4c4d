"""The small web endpoint of the signed links: "đã nhận" and "đã nộp" without an account.

`GET /nhiem-vu/{id}/da-nhan?t=…` and `GET /nhiem-vu/{id}/da-nop?t=…` show the task and a form;
only the form's POST changes anything (mail scanners and Zalo's link previews fetch GET links,
and must not spend a single-use token). Every refusal — a link altered, expired, replayed, for
another task or action — is a plain Vietnamese page, a warning in the log and an audit row.

FastAPI and uvicorn come with Prefect; `WebServer` runs uvicorn on a thread (`dondoc up`,
`dondoc web`). Other routers (the calendar feeds) are mounted through `create_app(routers=…)`.
"""

from __future__ import annotations

import html
import logging
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from calendars.business_time import business_date, now_utc
from dondoc.settings import Settings, SettingsError
from ledger import lifecycle
from ledger.audit import Actor, audit
from ledger.db import Sessions, transaction
from ledger.links import (
    PATHS,
    USED,
    Action,
    LinkRefused,
    LinkSigner,
    record_refusal,
    redeem,
    token_id,
    verify,
)
from ledger.models import LinkUse, Task, TaskStatus
from ledger.store import read_catalogue
from ledger.transitions import STATUS_LABELS, TransitionError
from obligations.schema import Deliverable

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8790
_STATUS = {"tampered": 403, "task": 403, "action": 403, "expired": 410, "used": 410}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def vn_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def page(title: str, body: str, status: int = 200) -> HTMLResponse:
    """A plain page: readable on a phone, no script, nothing fetched from elsewhere."""
    text = f"""<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: Arial, Helvetica, sans-serif; font-size: 16px; color: #1a1a1a;
  max-width: 40rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; background: #fff; }}
h1 {{ font-size: 1.4rem; color: #8b0000; }}
table {{ border-collapse: collapse; margin: 1rem 0; }}
td {{ padding: 4px 12px 4px 0; vertical-align: top; }}
td.k {{ color: #555; }}
label {{ display: block; margin-top: 0.8rem; font-weight: bold; }}
input[type=text], input[type=date] {{ font-size: 1rem; padding: 6px; width: 100%;
  max-width: 24rem; }}
button {{ margin-top: 1.2rem; font-size: 1.05rem; padding: 10px 20px; background: #8b0000;
  color: #fff; border: none; border-radius: 4px; }}
.ok {{ border-left: 6px solid #1b7f3b; padding: 0.6rem 1rem; background: #eef8f0; }}
.refused {{ border-left: 6px solid #b00020; padding: 0.6rem 1rem; background: #fdecee; }}
</style></head>
<body>
<h1>{html.escape(title)}</h1>
{body}
<p style="font-size: 0.85rem; color: #777;">
Hệ thống đôn đốc — trang ghi nhận qua đường dẫn trong thư.</p>
</body></html>
"""
    return HTMLResponse(text, status_code=status)


@dataclass(frozen=True)
class TaskFacts:
    """What the page says of a task (catalogue text: escaped when shown)."""

    id: int
    obligation: str
    step: str
    unit: str
    period: str
    due_on: date
    status: str
    event: bool
    submitted_file: str | None


def task_facts(session: Session, task: Task) -> TaskFacts:
    catalogue = read_catalogue(session).catalogue
    resolved = catalogue.resolved.get(task.obligation_id)
    step = resolved.step(task.step_id) if resolved else None
    unit = catalogue.units.get(task.unit_code)
    return TaskFacts(
        task.id,
        resolved.name if resolved else task.obligation_id,
        step.name if step else task.step_id,
        unit.name if unit else task.unit_code,
        task.occurrence_label,
        task.due_on,
        task.status,
        step is not None and step.deliverable is Deliverable.EVENT,
        task.submitted_file,
    )


def facts_table(facts: TaskFacts) -> str:
    e = html.escape
    rows = [("Việc", facts.step)]
    if facts.obligation != facts.step:
        rows.append(("Nội dung", facts.obligation))
    rows += [
        ("Kỳ", facts.period),
        ("Đơn vị", facts.unit),
        ("Ngày thực hiện" if facts.event else "Thời hạn", vn_date(facts.due_on)),
        ("Tình trạng", STATUS_LABELS[TaskStatus(facts.status)]),
    ]
    if facts.submitted_file:
        rows.append(("Tệp đã nhận", Path(facts.submitted_file).name))
    cells = "\n".join(f'<tr><td class="k">{e(k)}</td><td>{e(v)}</td></tr>' for k, v in rows)
    return f"<table>\n{cells}\n</table>"


def safe_filename(name: str) -> str:
    """A file name that is only letters, digits, '.', '-', '_' (Vietnamese letters unaccented),
    never a path and never hidden: what a clerk's upload is stored as."""
    base = Path(name.replace("\\", "/")).name
    plain = unicodedata.normalize("NFKD", base.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", plain).strip("._") or "tep"
    if len(cleaned) > 100:
        stem, dot, ext = cleaned.rpartition(".")
        cleaned = (stem[: 90 - len(ext)] + dot + ext) if dot and len(ext) <= 10 else cleaned[:100]
    return cleaned


class UploadTooLarge(ValueError):
    pass


def create_app(
    sessions: Sessions,
    settings: Settings,
    *,
    routers: Iterable[APIRouter] = (),
    clock: Callable[[], datetime] = now_utc,
    signer: LinkSigner | None = None,
) -> FastAPI:
    """The endpoint: the link pages, `/suc-khoe`, and the `routers` given (calendar feeds …)."""
    if signer is None:
        from dondoc.wiring import link_signer

        signer = link_signer(settings)
    secret = signer.secret
    uploads = (settings.links.uploads_dir or settings.home / "uploads").resolve()
    max_bytes = settings.links.max_upload_mb * 1024 * 1024
    app = FastAPI(title="dondoc", docs_url=None, redoc_url=None, openapi_url=None)

    def client_of(request: Request) -> str | None:
        return request.client.host if request.client else None

    def refused_page(
        task_id: str, action: str, refused: LinkRefused, token: str, client: str | None
    ) -> HTMLResponse:
        try:
            with transaction(sessions) as session:
                record_refusal(session, clock(), task_id, action, refused, token, client)
        except Exception:  # the ledger down: the refusal is still logged, the page still shown
            logger.exception("link refusal not audited (task %s, %s)", task_id, refused.code)
        body = f'<p class="refused">{html.escape(refused.reason)}</p>'
        return page("Không thực hiện được", body, _STATUS.get(refused.code, 403))

    def not_found() -> HTMLResponse:
        body = (
            '<p class="refused">Không tìm thấy nhiệm vụ này. Đường dẫn có thể đã bị cắt khi '
            "sao chép; xin mở lại từ thư hoặc tin nhắn.</p>"
        )
        return page("Không tìm thấy", body, 404)

    def parse_id(raw: str) -> int | None:
        return int(raw) if raw.isdigit() and len(raw) < 19 else None

    def show(raw_id: str, action: Action, token: str, request: Request) -> HTMLResponse:
        task_id = parse_id(raw_id)
        if task_id is None:
            return not_found()
        now = clock()
        try:
            verify(secret, token, task_id, action, now)
        except LinkRefused as refused:
            return refused_page(raw_id, action, refused, token, client_of(request))
        with transaction(sessions) as session:
            task = session.get(Task, task_id)
            if task is None:
                return not_found()
            used = session.get(LinkUse, token_id(token)) is not None
            facts = task_facts(session, task)
        if used:
            return refused_page(
                raw_id, action, LinkRefused(USED, "used"), token, client_of(request)
            )
        e = html.escape
        target = f"/nhiem-vu/{task_id}/{PATHS[action]}"
        hidden = f'<input type="hidden" name="t" value="{e(token)}">'
        if action == "acknowledge":
            body = (
                "<p>Xin xác nhận đơn vị đã nhận nhiệm vụ sau:</p>"
                f"{facts_table(facts)}"
                f'<form method="post" action="{e(target)}">{hidden}'
                '<button type="submit" id="xac-nhan">Xác nhận đã nhận</button></form>'
            )
            return page("Xác nhận đã nhận nhiệm vụ", body)
        if facts.event:
            today = business_date(now).isoformat()
            fields = (
                '<label for="ngay">Ngày thực hiện</label>'
                f'<input type="date" id="ngay" name="ngay" value="{today}">'
                '<label for="so">Số biên bản (nếu có)</label>'
                '<input type="text" id="so" name="so" maxlength="120">'
            )
        else:
            fields = (
                '<label for="so">Số, ký hiệu văn bản (ví dụ 15-BC/BDVHU)</label>'
                '<input type="text" id="so" name="so" maxlength="120" required>'
            )
        body = (
            "<p>Xin ghi nhận đơn vị đã hoàn thành nhiệm vụ sau:</p>"
            f"{facts_table(facts)}"
            f'<form method="post" action="{e(target)}" enctype="multipart/form-data">{hidden}'
            f"{fields}"
            f'<label for="tep">Tệp văn bản (không bắt buộc, tối đa '
            f"{settings.links.max_upload_mb} MB)</label>"
            '<input type="file" id="tep" name="tep">'
            '<br><button type="submit" id="gui">Ghi nhận đã nộp</button></form>'
        )
        return page("Ghi nhận đã nộp", body)

    @app.get("/suc-khoe", response_class=PlainTextResponse)
    def health() -> str:
        return "ok"

    @app.get("/nhiem-vu/{task_id}/da-nhan", response_class=HTMLResponse)
    def acknowledge_page(task_id: str, request: Request, t: str = "") -> HTMLResponse:
        return show(task_id, "acknowledge", t, request)

    @app.get("/nhiem-vu/{task_id}/da-nop", response_class=HTMLResponse)
    def submit_page(task_id: str, request: Request, t: str = "") -> HTMLResponse:
        return show(task_id, "submit", t, request)

    @app.post("/nhiem-vu/{task_id}/da-nhan", response_class=HTMLResponse)
    async def acknowledge_post(task_id: str, request: Request) -> HTMLResponse:
        form = await request.form()
        token = str(form.get("t") or "")
        # On the thread pool: a click waiting on the ledger must not hold up the others.
        return await run_in_threadpool(take, task_id, "acknowledge", token, request, {}, None)

    @app.post("/nhiem-vu/{task_id}/da-nop", response_class=HTMLResponse)
    async def submit_post(task_id: str, request: Request) -> HTMLResponse:
        form = await request.form(max_part_size=max_bytes + 1)
        token = str(form.get("t") or "")
        upload: tuple[str, bytes] | None = None
        tep: Any = form.get("tep")
        if tep is not None and not isinstance(tep, str) and tep.filename:
            data = await tep.read(max_bytes + 1)
            if len(data) > max_bytes:
                body = (
                    f'<p class="refused">Tệp lớn hơn {settings.links.max_upload_mb} MB. Xin gửi '
                    "tệp nhỏ hơn, hoặc chỉ ghi số văn bản rồi gửi tệp qua thư.</p>"
                )
                return page("Tệp quá lớn", body, 413)
            if data:
                upload = (tep.filename, data)
        values = {k: str(form.get(k) or "") for k in ("so", "ngay")}
        return await run_in_threadpool(take, task_id, "submit", token, request, values, upload)

    def take(
        raw_id: str,
        action: Action,
        token: str,
        request: Request,
        values: dict[str, str],
        upload: tuple[str, bytes] | None,
    ) -> HTMLResponse:
        task_id = parse_id(raw_id)
        if task_id is None:
            return not_found()
        now = clock()
        client = client_of(request)
        try:
            claims = verify(secret, token, task_id, action, now)
        except LinkRefused as refused:
            return refused_page(raw_id, action, refused, token, client)
        held: date | None = None
        if values.get("ngay"):
            if not _DAY.match(values["ngay"]):
                return page("Chưa ghi nhận", '<p class="refused">Ngày không hợp lệ.</p>', 400)
            held = date.fromisoformat(values["ngay"])
        stored: Path | None = None
        if upload is not None:
            folder = uploads / str(task_id)
            folder.mkdir(parents=True, exist_ok=True)
            stored = folder / f"{now.strftime('%Y%m%dT%H%M%S')}-{safe_filename(upload[0])}"
            stored.write_bytes(upload[1])
        actor = Actor(f"link:{action}", now, business_date(now))
        try:
            with transaction(sessions) as session:
                task = session.scalars(
                    select(Task).where(Task.id == task_id).with_for_update()
                ).one_or_none()
                if task is None:
                    if stored is not None:
                        stored.unlink()
                    return not_found()
                # The token is spent first: a second click waits here, then is refused.
                redeem(session, claims, token, now, client)
                facts = task_facts(session, task)
                if action == "acknowledge":
                    changed = lifecycle.acknowledge(session, actor, task)
                else:
                    changed = lifecycle.record_done(
                        session,
                        actor,
                        task,
                        now,
                        values.get("so"),
                        needs_document=not facts.event,
                        done_on=(held or business_date(now)) if facts.event else None,
                    )
                    if changed and stored is not None:
                        task.submitted_file = str(stored)
                        audit(
                            session,
                            actor,
                            "task",
                            task.id,
                            "attach",
                            after={"submitted_file": str(stored)},
                        )
                facts = task_facts(session, task)
        except LinkRefused as refused:
            if stored is not None:
                stored.unlink(missing_ok=True)
            return refused_page(raw_id, action, refused, token, client)
        except TransitionError as error:
            if stored is not None:
                stored.unlink(missing_ok=True)
            # Nothing committed: the link stays usable once the clerk fixes the form.
            body = f'<p class="refused">{html.escape(str(error))}</p>'
            return page("Chưa ghi nhận", body, 409)
        if stored is not None and not changed:
            stored.unlink(missing_ok=True)
        logger.info("signed link used: task %s, %s, changed=%s", task_id, action, changed)
        return page(*confirmation(action, facts, changed))

    for router in routers:
        app.include_router(router)
    return app


def confirmation(action: Action, facts: TaskFacts, changed: bool) -> tuple[str, str]:
    e = html.escape
    if action == "acknowledge":
        said = (
            "Đã ghi nhận: đơn vị đã nhận nhiệm vụ. Xin cảm ơn."
            if changed
            else "Nhiệm vụ này đã được ghi nhận trước đó; không thay đổi gì."
        )
        return "Đã nhận", f'<p class="ok" id="ket-qua">{e(said)}</p>{facts_table(facts)}'
    if not changed:
        said = "Nhiệm vụ này đã được ghi nhận hoàn thành trước đó; không thay đổi gì."
    elif facts.status == TaskStatus.SUBMITTED_LATE:
        said = f"Đã ghi nhận hoàn thành (muộn hạn), tính cho kỳ {facts.period}. Xin cảm ơn."
    else:
        said = f"Đã ghi nhận hoàn thành đúng hạn, kỳ {facts.period}. Xin cảm ơn."
    return "Đã nộp", f'<p class="ok" id="ket-qua">{e(said)}</p>{facts_table(facts)}'


class WebServer:
    """The endpoint served by uvicorn on a thread of its own (`dondoc up`, `dondoc web`)."""

    def __init__(self, app: FastAPI, host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> None:
        config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None
        self.host = host

    @property
    def port(self) -> int:
        servers = getattr(self._server, "servers", [])
        for server in servers:
            for sock in server.sockets:
                return int(sock.getsockname()[1])
        return int(self._server.config.port)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 30.0) -> WebServer:
        self._thread = threading.Thread(target=self._server.run, name="dondoc-web", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise SettingsError(
                    f"the web endpoint did not start on {self.host}:{self._server.config.port} "
                    "(is the port taken? set DONDOC_LINKS__LISTEN_PORT, or --port)"
                )
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)

    def __enter__(self) -> WebServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def served_app(sessions: Sessions, settings: Settings) -> FastAPI:
    """The endpoint as `dondoc up` and `dondoc web` serve it: the link pages and the calendar
    feeds, whose alarms ring at the start of office hours."""
    from dondoc.web_feeds import feed_router

    feeds = feed_router(sessions, alarm_at=settings.notify.office_hours_start)
    return create_app(sessions, settings, routers=[feeds])
