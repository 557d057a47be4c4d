"""`dondoc doctor`: the settings, the ledger, Prefect, SMTP and Zalo checked, and what to fix.

Each check is one line (ổn / cảnh báo / lỗi) saying what was found and, when it is not ổn,
what to do. Nothing is written, sent or rotated: the ledger is read through its driver
(`ledger.dbapi`, no SQLAlchemy), the Prefect server is asked over HTTP (no Prefect import),
the SMTP server gets EHLO, STARTTLS and the login but no mail, and Zalo is asked for the
day's ZNS quota with the stored access token, never for a new token (a refresh token is
single-use: spending it here would rotate the chain under the flows).

The checks run side by side, each bounded by `DEADLINE` seconds: with every server down,
doctor still answers in about that long.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any, get_origin

import typer

from dondoc.cli._common import dump, out

if TYPE_CHECKING:
    from pydantic import BaseModel

    from dondoc.settings import SettingProblem, Settings
    from ledger.dbapi import Reader

OK, WARNING, ERROR = "ok", "warning", "error"
STATUS = {OK: "ổn", WARNING: "cảnh báo", ERROR: "lỗi"}
TIMEOUT = 2.5  # seconds for one network operation
DEADLINE = 3.0  # seconds for a whole check; one not done by then is reported as such

LABELS = {
    "settings": "Cài đặt",
    "ledger": "Sổ",
    "prefect": "Prefect",
    "secret-blocks": "Khối Secret",
    "smtp": "SMTP",
    "zalo": "Zalo",
    "zalo-token": "Mã Zalo",
}
# Zalo's OA refresh token lives 3 months (docs/zalo-api.md §3.3); warn this long before.
REFRESH_LIFETIME = timedelta(days=90)
REFRESH_WARNING = timedelta(days=14)
# Variables that are not settings but that dondoc and its tests read.
OTHER_VARIABLES = ("DONDOC_PROJECT_DIR", "DONDOC_TEST_", "DONDOC_BENCH_")


@dataclass(frozen=True)
class Finding:
    check: str  # a key of LABELS
    status: str  # OK, WARNING or ERROR
    found: str  # what was found, in Vietnamese
    fix: str | None = None  # what to do (None when there is nothing to do)

    @property
    def line(self) -> str:
        text = f"{STATUS[self.status]:<8}  {LABELS[self.check]}: {self.found}"
        return f"{text} → {self.fix}" if self.fix else text


# --- settings ---------------------------------------------------------------------------------


_REASONS = {
    "int_parsing": "không phải số nguyên",
    "bool_parsing": "không phải true hay false",
    "float_parsing": "không phải số",
    "time_parsing": "không phải giờ (viết như 07:30)",
    "time_type": "không phải giờ (viết như 07:30)",
    "url_parsing": "không phải địa chỉ URL",
    "string_type": "phải là chữ",
    "not_a_directory": "là một tệp, không phải thư mục",
    "database_url": "không phải địa chỉ cơ sở dữ liệu dondoc dùng được (SQLite hoặc PostgreSQL)",
}


def setting_finding(problem: SettingProblem) -> Finding:
    """A bad variable, said in Vietnamese, with what to set instead."""
    kind, context, variable = problem.kind, problem.context, problem.variable
    group = variable.rsplit("__", 1)[0] if "__" in variable else variable
    fix = f"sửa {variable} hoặc bỏ biến này"
    if kind in _REASONS:
        reason = _REASONS[kind]
    elif kind == "missing":
        reason = f"chưa đặt, mà đã đặt biến {group}__… thì phải có biến này"
        fix = f"đặt {variable}, hoặc bỏ mọi biến {group}__… nếu không dùng nhóm này"
    elif kind in ("enum", "literal_error"):
        choices = str(context.get("expected", "")).replace("'", "").replace(" or ", " hoặc ")
        reason = f"phải là một trong: {choices}"
    elif kind == "greater_than_equal":
        reason = f"phải từ {context.get('ge')} trở lên"
    elif kind == "less_than_equal":
        reason = f"phải từ {context.get('le')} trở xuống"
    elif kind == "greater_than":
        reason = f"phải lớn hơn {context.get('gt')}"
    elif kind == "less_than":
        reason = f"phải nhỏ hơn {context.get('lt')}"
    elif kind == "json":
        shape = (
            """danh sách, như '["a", "b"]'""" if context.get("list") else """như '{"khóa": 1}'"""
        )
        reason = f"không phải JSON ({shape})"
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        reason = "không phải một nhóm JSON"
        fix = f"đặt từng biến {variable}__… thay cho {variable}"
    else:  # pydantic's own words, for a kind not worded here
        reason = f"không dùng được ({problem.reason})"
    if kind == "database_url":
        fix = (
            "đặt DONDOC_DATABASE_URL như sqlite:////srv/dondoc/dondoc.db hoặc "
            "postgresql://user@host:5432/dondoc"
        )
    shown = "" if problem.value is None else f"={problem.value}"
    return Finding("settings", ERROR, f"{variable}{shown}: {reason}", fix)


@contextmanager
def _hidden(variables: Sequence[str]) -> Iterator[None]:
    """The process's environment without `variables` for a moment (no thread runs yet)."""
    saved = {name: os.environ.pop(name) for name in variables if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


def _group_variables(section: str) -> list[str]:
    prefix = f"DONDOC_{section.upper()}"
    return [n for n in os.environ if n.upper() == prefix or n.upper().startswith(prefix + "__")]


def read_checked_settings() -> tuple[Settings, list[Finding], set[str]]:
    """The settings, each bad variable as a finding, and the groups left at their defaults.

    A bad group (DONDOC_SMTP__PORT=abc) is read as if unset, so that the other checks still
    run; the checks of that group then say they were not done.
    """
    from dondoc.settings import SettingsError, read_settings

    findings: list[Finding] = []
    bad: set[str] = set()
    while True:
        hidden = [name for section in bad for name in _group_variables(section)]
        with _hidden(hidden):
            try:
                settings = read_settings()
                break
            except SettingsError as error:
                new = {p.section for p in error.problems} - bad
                findings.extend(setting_finding(p) for p in error.problems)
                if not new:  # cannot happen: every problem names its group
                    raise
                bad |= new
    try:
        settings.ledger_url  # noqa: B018 - the property checks the URL
    except SettingsError as error:
        findings.extend(setting_finding(p) for p in error.problems)
        bad.add("database_url")
    findings.extend(_unknown_variables())
    if not any(f.status == ERROR for f in findings):
        count = sum(1 for name in os.environ if name.upper().startswith("DONDOC_"))
        findings.insert(
            0,
            Finding(
                "settings",
                OK,
                f"đọc được {count} biến DONDOC_* đã đặt; thư mục dữ liệu "
                f"(DONDOC_HOME): {settings.home.resolve()}",
            ),
        )
    return settings, findings, bad


def _known(model: type[BaseModel], keys: list[str]) -> bool:
    """Whether DONDOC_A__B__C names a setting: `keys` down the settings' models."""
    from pydantic import BaseModel

    for index, key in enumerate(keys):
        info = model.model_fields.get(key)
        if info is None:
            return False
        annotation = info.annotation
        candidates = [annotation, *getattr(annotation, "__args__", ())]
        nested = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
        if not nested:  # a plain value, or a dict whose keys are data: nothing below to check
            return index == len(keys) - 1 or (get_origin(annotation) or annotation) is dict
        model = nested[0]
    return True


def _variable_names() -> list[str]:
    """Every DONDOC_ variable a setting reads, one level down (DONDOC_SMTP__HOST …)."""
    from pydantic import BaseModel

    from dondoc.settings import Settings

    names = []
    for name, info in Settings.model_fields.items():
        candidates = [info.annotation, *getattr(info.annotation, "__args__", ())]
        nested = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
        top = f"DONDOC_{name.upper()}"
        names.append(top)
        names.extend(f"{top}__{sub.upper()}" for model in nested for sub in model.model_fields)
    return names


def _unknown_variables() -> list[Finding]:
    """DONDOC_* variables no setting reads: a misspelt name is otherwise silently ignored."""
    import difflib

    from dondoc.settings import Settings

    findings = []
    for name in sorted(os.environ):
        upper = name.upper()
        if not upper.startswith("DONDOC_") or upper.startswith(OTHER_VARIABLES):
            continue
        keys = [k.lower() for k in upper.removeprefix("DONDOC_").split("__")]
        if _known(Settings, keys):
            continue
        # Compared without the prefix every name shares, which would make any two look alike.
        names = [n.removeprefix("DONDOC_") for n in _variable_names()]
        near = difflib.get_close_matches(upper.removeprefix("DONDOC_"), names, n=1, cutoff=0.75)
        hint = f" (có phải DONDOC_{near[0]}?)" if near else ""
        findings.append(
            Finding(
                "settings",
                WARNING,
                f"{name} không phải biến dondoc đọc{hint}, nên bị bỏ qua",
                f"sửa tên biến (xem mục Settings của README) hoặc bỏ {name}",
            )
        )
    return findings


# --- running the checks -----------------------------------------------------------------------


class Deadline:
    """What is left of a check's time, for each of its network operations."""

    def __init__(self, seconds: float = DEADLINE) -> None:
        self.end = time.monotonic() + seconds

    def left(self, most: float = TIMEOUT) -> float:
        return max(0.1, min(most, self.end - time.monotonic()))


Check = Callable[[Deadline], list[Finding]]


def run_bounded(checks: Mapping[str, Check], seconds: float = DEADLINE) -> list[Finding]:
    """Run the checks side by side; one that has not finished after `seconds` is a finding.

    Daemon threads, not an executor: a check stuck where no timeout reaches (a DNS lookup)
    must not keep the process from exiting.
    """
    results: dict[str, list[Finding]] = {}

    def run(name: str, check: Check) -> None:
        try:
            results[name] = check(Deadline(seconds))
        except Exception as error:  # a check's own bug must not hide the others' answers
            results[name] = [
                Finding(name, ERROR, f"không kiểm tra được ({type(error).__name__}: {error})")
            ]

    threads = {
        name: threading.Thread(target=run, args=(name, check), daemon=True)
        for name, check in checks.items()
    }
    for thread in threads.values():
        thread.start()
    end = time.monotonic() + seconds + 0.5  # the checks' own timeouts answer first
    findings: list[Finding] = []
    for name, thread in threads.items():
        thread.join(max(0.0, end - time.monotonic()))
        findings.extend(
            results.get(name)
            or [Finding(name, ERROR, f"không xong trong {seconds:g} giây", _WAITED_FIX[name])]
        )
    return findings


_WAITED_FIX = {
    "ledger": "kiểm tra DONDOC_DATABASE_URL và máy chủ cơ sở dữ liệu",
    "prefect": "kiểm tra PREFECT_API_URL (hoặc DONDOC_UI_PORT) và máy chủ Prefect",
    "secret-blocks": "kiểm tra PREFECT_API_URL và máy chủ Prefect",
    "smtp": "kiểm tra DONDOC_SMTP__HOST, DONDOC_SMTP__PORT và máy chủ thư",
    "zalo": "kiểm tra mạng tới Zalo (tường lửa, proxy) và DONDOC_ZALO__*_URL",
    "zalo-token": "kiểm tra DONDOC_DATABASE_URL và mạng tới Zalo",
}


def _why(error: BaseException) -> str:
    """An exception's first line, or its class when it says nothing."""
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _when(instant: datetime) -> str:
    from calendars.business_time import local

    return local(instant).strftime("%H:%M ngày %d/%m/%Y")


def _day(instant: datetime) -> str:
    from calendars.business_time import local

    return local(instant).strftime("%d/%m/%Y")


def _shown_url(url: str) -> str:
    """A URL with its password replaced by ***."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


@contextmanager
def _connect_timeout() -> Iterator[None]:
    """libpq's own connect timeout (whole seconds, at least 2) while the checks run."""
    if "PGCONNECT_TIMEOUT" in os.environ:
        yield
        return
    os.environ["PGCONNECT_TIMEOUT"] = str(max(2, int(TIMEOUT)))
    try:
        yield
    finally:
        os.environ.pop("PGCONNECT_TIMEOUT", None)


# --- the ledger -------------------------------------------------------------------------------


@dataclass
class LedgerState:
    """What doctor learnt of the ledger, shared with the Zalo token's check."""

    ready: threading.Event
    revision: str | None = None
    usable: bool = False  # at the head revision: its tables can be read


def _tables(reader: Reader) -> int:
    if reader.sqlite:
        sql = "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
    else:
        sql = "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
    return int(reader.rows(sql)[0][0])


def ledger_finding(
    shown: str, revision: str | None, tables: int, counts: tuple[int, int] | None
) -> Finding:
    """The ledger's verdict from its revision, its table count and (documents, tasks)."""
    from ledger.dbapi import HEAD_REVISION

    if revision == HEAD_REVISION:
        documents, tasks = counts or (0, 0)
        if documents == 0:
            return Finding(
                "ledger",
                WARNING,
                f"{shown} ở phiên bản {revision} (mới nhất) nhưng chưa có danh mục nào",
                "nạp danh mục: dondoc plan load FILE… (hoặc dondoc up, nạp thư mục plans/)",
            )
        return Finding(
            "ledger",
            OK,
            f"{shown} ở phiên bản {revision} (mới nhất); {documents} tệp danh mục, "
            f"{tasks} nhiệm vụ",
        )
    if revision is None:
        if tables == 0:
            return Finding(
                "ledger",
                WARNING,
                f"{shown}: cơ sở dữ liệu còn trống, chưa có sổ",
                "chạy dondoc db upgrade rồi dondoc plan load FILE… (dondoc up làm cả hai)",
            )
        return Finding(
            "ledger",
            ERROR,
            f"{shown}: có {tables} bảng nhưng không phải sổ dondoc (không có phiên bản sổ)",
            "đặt DONDOC_DATABASE_URL tới một cơ sở dữ liệu trống hoặc tới sổ dondoc",
        )
    if revision.isdigit() and HEAD_REVISION.isdigit() and int(revision) > int(HEAD_REVISION):
        return Finding(
            "ledger",
            ERROR,
            f"{shown} ở phiên bản {revision}, mới hơn bản dondoc này (cần {HEAD_REVISION})",
            "dùng bản dondoc mới hơn đã tạo sổ này (đừng hạ phiên bản sổ)",
        )
    return Finding(
        "ledger",
        ERROR,
        f"{shown} ở phiên bản {revision}, bản dondoc này cần {HEAD_REVISION}",
        "sao lưu sổ rồi chạy dondoc db upgrade",
    )


def check_ledger(settings: Settings, state: LedgerState) -> Check:
    def check(_deadline: Deadline) -> list[Finding]:
        try:
            return [_check_ledger(settings, state)]
        finally:
            state.ready.set()

    return check


def _check_ledger(settings: Settings, state: LedgerState) -> Finding:
    from ledger.dbapi import LedgerMissing, connect, schema_revision

    url = settings.ledger_url
    shown = _shown_url(url)
    path = settings.sqlite_path()
    if path is not None and not path.exists():
        return Finding(
            "ledger",
            WARNING,
            f"chưa có sổ tại {path}",
            "chạy dondoc db upgrade rồi dondoc plan load FILE… (dondoc up làm cả hai), hoặc "
            "đặt DONDOC_HOME hay DONDOC_DATABASE_URL tới sổ đang dùng",
        )
    try:
        reader = connect(url)
    except LedgerMissing:
        return Finding(
            "ledger",
            ERROR,
            f"{shown}: không có tệp sổ nào ở đây",
            "đặt DONDOC_DATABASE_URL tới tệp sổ, như sqlite:////srv/dondoc/dondoc.db",
        )
    except Exception as error:  # the driver's OperationalError: refused, unknown host, auth
        return Finding(
            "ledger",
            ERROR,
            f"{shown}: cơ sở dữ liệu không trả lời ({_why(error)})",
            "kiểm tra DONDOC_DATABASE_URL và máy chủ cơ sở dữ liệu có đang chạy",
        )
    try:
        revision = schema_revision(reader)
        tables = _tables(reader)
        counts = None
        from ledger.dbapi import HEAD_REVISION

        if revision == HEAD_REVISION:
            documents = int(reader.rows("SELECT count(*) FROM catalogue_documents")[0][0])
            tasks = int(reader.rows("SELECT count(*) FROM tasks")[0][0])
            counts = (documents, tasks)
            state.usable = True
        state.revision = revision
    finally:
        reader.close()
    return ledger_finding(shown, revision, tables, counts)


# --- Prefect ----------------------------------------------------------------------------------


def prefect_api(settings: Settings) -> tuple[str, str]:
    """(the API URL, where it comes from): PREFECT_API_URL, else `dondoc up`'s on the UI port."""
    named = os.environ.get("PREFECT_API_URL")
    if named:
        return named.rstrip("/"), "PREFECT_API_URL"
    return f"http://127.0.0.1:{settings.ui_port}/api", "DONDOC_UI_PORT"


def prefect_headers() -> dict[str, str]:
    """What Prefect's own client sends to authenticate (Prefect Cloud, or a server's auth)."""
    import base64

    if key := os.environ.get("PREFECT_API_KEY"):
        return {"Authorization": f"Bearer {key}"}
    if auth := os.environ.get("PREFECT_API_AUTH_STRING"):
        return {"Authorization": "Basic " + base64.b64encode(auth.encode()).decode()}
    return {}


def _down(api: str, source: str, error: BaseException | str) -> Finding:
    why = error if isinstance(error, str) else _why(error) or type(error).__name__
    return Finding(
        "prefect",
        ERROR,
        f"không có máy chủ Prefect trả lời tại {api} ({why})",
        "chạy dondoc up (nó khởi động máy chủ Prefect), hoặc đặt PREFECT_API_URL tới máy chủ "
        "Prefect của tỉnh"
        if source == "DONDOC_UI_PORT"
        else "khởi động máy chủ Prefect ở địa chỉ đó, hoặc sửa PREFECT_API_URL",
    )


def check_prefect(settings: Settings) -> Check:
    def check(deadline: Deadline) -> list[Finding]:
        import httpx

        api, source = prefect_api(settings)
        headers = prefect_headers()
        try:
            with httpx.Client(headers=headers, timeout=deadline.left()) as http:
                health = http.get(f"{api}/health")
                if health.status_code != 200:
                    return [
                        Finding(
                            "prefect",
                            ERROR,
                            f"máy chủ Prefect tại {api} trả lời HTTP {health.status_code} "
                            "ở /health",
                            "xem nhật ký máy chủ Prefect (dondoc up ghi vào "
                            f"{settings.home.resolve() / 'prefect' / 'server.log'})",
                        )
                    ]
                version = http.get(f"{api}/admin/version", timeout=deadline.left())
                served = http.post(f"{api}/deployments/filter", json={}, timeout=deadline.left())
        except httpx.HTTPError as error:
            return [_down(api, source, error)]
        said = version.json() if version.status_code == 200 else None
        name = f"Prefect {said}" if isinstance(said, str) else "Prefect"
        return [deployments_finding(api, name, served)]

    return check


def deployments_finding(api: str, server: str, served: Any) -> Finding:
    """Whether the server has every deployment prefect.yaml declares."""
    try:
        from dondoc.deployments import read_deployments

        declared = [spec.name for spec in read_deployments()]
    except Exception:  # no prefect.yaml (a wheel) or a bad one: the server's health is enough
        declared = []
    names = {item.get("name") for item in served.json()} if served.status_code == 200 else set()
    missing = [name for name in declared if name not in names]
    if not declared:
        return Finding("prefect", OK, f"máy chủ {server} trả lời tại {api}")
    if missing:
        which = (
            "chưa có deployment nào"
            if len(missing) == len(declared)
            else f"thiếu {len(missing)}: {', '.join(missing[:5])}{'…' if len(missing) > 5 else ''}"
        )
        return Finding(
            "prefect",
            WARNING,
            f"máy chủ {server} trả lời tại {api} nhưng {which} trong {len(declared)} deployment "
            "của prefect.yaml",
            "chạy dondoc up, hoặc prefect deploy --all trong thư mục dự án (với worker)",
        )
    return Finding(
        "prefect",
        OK,
        f"máy chủ {server} trả lời tại {api}, có đủ {len(declared)} deployment của prefect.yaml",
    )


# --- Secret blocks ----------------------------------------------------------------------------


class BlockProblem(Exception):
    """A Secret block that cannot be read: the finding says why and what to do."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.found)
        self.finding = finding


def read_block(field: str, name: str, settings: Settings, deadline: Deadline) -> str:
    """The text a Prefect Secret block holds, asked of the server's REST API."""
    import httpx

    from dondoc.secrets import INSTEAD

    variable = f"DONDOC_SECRET_BLOCKS__{field.upper()}"
    api, source = prefect_api(settings)
    url = f"{api}/block_types/slug/secret/block_documents/name/{name}"
    try:
        answer = httpx.get(
            url,
            params={"include_secrets": "true"},
            headers=prefect_headers(),
            timeout=deadline.left(),
        )
    except httpx.HTTPError as error:
        down = _down(api, source, error)
        raise BlockProblem(
            Finding(
                "secret-blocks",
                ERROR,
                f"không đọc được khối Secret '{name}' ({variable}): {down.found}",
                f"{down.fix}; hoặc đặt {INSTEAD[field]} thay cho khối",
            )
        ) from None
    if answer.status_code == 404:
        raise BlockProblem(
            Finding(
                "secret-blocks",
                ERROR,
                f"máy chủ Prefect không có khối Secret '{name}' ({variable})",
                f"tạo nó trong giao diện Prefect (Blocks → Secret) hoặc đặt {INSTEAD[field]}",
            )
        )
    value = (answer.json().get("data") or {}).get("value") if answer.status_code == 200 else None
    if not isinstance(value, str) or not value.strip():
        what = (
            f"HTTP {answer.status_code}"
            if answer.status_code != 200
            else "rỗng hoặc không phải văn bản"
        )
        raise BlockProblem(
            Finding(
                "secret-blocks",
                ERROR,
                f"khối Secret '{name}' ({variable}): {what}",
                "ghi thông tin đăng nhập vào khối trong giao diện Prefect, hoặc đặt "
                + INSTEAD[field],
            )
        )
    return value


def check_secret_blocks(settings: Settings) -> Check:
    def check(deadline: Deadline) -> list[Finding]:
        named = {f: n for f, n in settings.secret_blocks.model_dump().items() if n}
        if not named:
            return [
                Finding(
                    "secret-blocks",
                    OK,
                    "không dùng khối Secret nào: thông tin đăng nhập lấy từ biến môi trường",
                )
            ]
        problems = []
        for field, name in named.items():
            try:
                read_block(field, name, settings, deadline)
            except BlockProblem as problem:
                problems.append(problem.finding)
        if problems:
            return problems
        listed = ", ".join(f"'{name}'" for name in named.values())
        return [Finding("secret-blocks", OK, f"đọc được {len(named)} khối Secret: {listed}")]

    return check


# --- SMTP -------------------------------------------------------------------------------------


def check_smtp(settings: Settings, bad: set[str]) -> Check:
    def check(deadline: Deadline) -> list[Finding]:
        if "smtp" in bad:
            return [_skipped("smtp", "SMTP")]
        if settings.smtp is None:
            return [
                Finding(
                    "smtp",
                    WARNING,
                    "chưa cấu hình SMTP: thư nằm chờ trong hộp thư đi (dondoc up thì cất chúng "
                    "vào thư mục mail/ của DONDOC_HOME)",
                    "đặt DONDOC_SMTP__HOST, DONDOC_SMTP__PORT, DONDOC_SMTP__SECURITY, "
                    "DONDOC_SMTP__USERNAME, DONDOC_SMTP__PASSWORD, DONDOC_SMTP__SENDER_ADDRESS",
                )
            ]
        import asyncio

        return [asyncio.run(_smtp(settings, deadline))]

    return check


def _skipped(check: str, group: str) -> Finding:
    return Finding(
        check,
        WARNING,
        f"chưa kiểm tra: cài đặt {group} sai (xem các dòng Cài đặt)",
        "sửa cài đặt trước, rồi chạy lại dondoc doctor",
    )


async def _smtp(settings: Settings, deadline: Deadline) -> Finding:
    import asyncio
    import ssl

    import aiosmtplib

    from notifications.config import SmtpSecurity

    smtp = settings.smtp
    assert smtp is not None
    where = f"máy chủ thư {smtp.host}:{smtp.port}"
    password = smtp.password.get_secret_value() if smtp.password else None
    block = settings.secret_blocks.smtp_password
    if smtp.username and password is None and block:
        try:
            password = await asyncio.to_thread(
                read_block, "smtp_password", block, settings, deadline
            )
        except BlockProblem as problem:
            return Finding(
                "smtp",
                WARNING,
                f"chưa thử đăng nhập {where}: không đọc được mật khẩu trong khối Secret '{block}'",
                problem.finding.fix,
            )
    steps = ["EHLO"]
    try:
        context = _tls_context(smtp) if smtp.security is not SmtpSecurity.NONE else None
    except (OSError, ssl.SSLError) as error:
        return Finding(
            "smtp",
            ERROR,
            f"không đọc được chứng chỉ DONDOC_SMTP__CA_FILE={smtp.ca_file} ({_why(error)})",
            "đặt DONDOC_SMTP__CA_FILE tới tệp chứng chỉ PEM của máy chủ thư",
        )
    client = aiosmtplib.SMTP(
        hostname=smtp.host,
        port=smtp.port,
        timeout=deadline.left(),
        use_tls=smtp.security is SmtpSecurity.SSL,
        start_tls=smtp.security is SmtpSecurity.STARTTLS,
        tls_context=context,
    )
    try:
        async with asyncio.timeout(deadline.left(DEADLINE)):
            try:
                await client.connect()
            except aiosmtplib.SMTPException as error:
                return _smtp_connect_finding(where, smtp.security, error)
            except ssl.SSLError as error:
                return _tls_finding(where, error)
            except OSError as error:
                return _smtp_unreachable(where, error)
            if smtp.security is SmtpSecurity.SSL:
                steps.insert(0, "TLS")
            if smtp.security is SmtpSecurity.STARTTLS:
                steps.append("STARTTLS")
            if smtp.username:
                try:
                    await client.login(smtp.username, password or "")
                except aiosmtplib.SMTPResponseException as error:
                    return Finding(
                        "smtp",
                        ERROR,
                        f"{where} từ chối đăng nhập của {smtp.username} "
                        f"({error.code} {error.message})",
                        "kiểm tra DONDOC_SMTP__USERNAME và DONDOC_SMTP__PASSWORD",
                    )
                except aiosmtplib.SMTPException as error:  # the server offers no AUTH here
                    return Finding(
                        "smtp",
                        ERROR,
                        f"{where} không cho đăng nhập ({_why(error)})",
                        "bỏ DONDOC_SMTP__USERNAME nếu máy chủ không cần đăng nhập, hoặc đặt "
                        "DONDOC_SMTP__SECURITY=starttls (hay ssl) để đăng nhập qua TLS",
                    )
                steps.append(f"đăng nhập {smtp.username}")
            try:
                await client.quit()
            except (aiosmtplib.SMTPException, OSError):
                client.close()
    except TimeoutError:
        client.close()
        return _smtp_unreachable(where, "không trả lời kịp")
    return Finding("smtp", OK, f"{where} trả lời ({', '.join(steps)}); không gửi thư nào")


def _tls_context(smtp: Any) -> Any:
    import ssl

    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    if smtp.ca_file:
        context.load_verify_locations(cafile=smtp.ca_file)
    if not smtp.validate_certs:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _smtp_unreachable(where: str, error: BaseException | str) -> Finding:
    why = error if isinstance(error, str) else _why(error)
    return Finding(
        "smtp",
        ERROR,
        f"{where} không nhận kết nối ({why})",
        "kiểm tra DONDOC_SMTP__HOST, DONDOC_SMTP__PORT và máy chủ thư có đang chạy",
    )


def _tls_finding(where: str, error: BaseException) -> Finding:
    return Finding(
        "smtp",
        ERROR,
        f"{where}: lỗi TLS ({_why(error)})",
        "kiểm tra DONDOC_SMTP__SECURITY (starttls cho cổng 587, ssl cho cổng 465); chứng chỉ "
        "riêng của cơ quan: đặt DONDOC_SMTP__CA_FILE",
    )


def _smtp_connect_finding(where: str, security: Any, error: Exception) -> Finding:
    import ssl

    import aiosmtplib

    cause = error.__cause__ or error.__context__
    if isinstance(cause, ssl.SSLError):
        return _tls_finding(where, cause)
    if isinstance(error, aiosmtplib.SMTPConnectTimeoutError | aiosmtplib.SMTPTimeoutError):
        return _smtp_unreachable(where, "không trả lời kịp")
    if isinstance(error, aiosmtplib.SMTPConnectError | aiosmtplib.SMTPServerDisconnected):
        return _smtp_unreachable(where, error)
    if "STARTTLS" in str(error).upper():
        return Finding(
            "smtp",
            ERROR,
            f"{where} không hỗ trợ STARTTLS ({_why(error)})",
            "đặt DONDOC_SMTP__SECURITY=ssl (cổng 465) hoặc none nếu máy chủ chỉ trong mạng nội bộ",
        )
    return _smtp_unreachable(where, error)


# --- Zalo -------------------------------------------------------------------------------------


def check_zalo(settings: Settings, bad: set[str]) -> Check:
    def check(deadline: Deadline) -> list[Finding]:
        if "zalo" in bad:
            return [_skipped("zalo", "Zalo")]
        zalo = settings.zalo
        if zalo is None:
            return [
                Finding(
                    "zalo",
                    WARNING,
                    "chưa cấu hình Zalo OA: tin Zalo chờ, hoặc đi theo kênh kế tiếp của người nhận",
                    "nếu tỉnh dùng Zalo: đặt DONDOC_ZALO__APP_ID, DONDOC_ZALO__APP_SECRET, "
                    "DONDOC_ZALO__OA_SECRET và DONDOC_ZALO__SEED_REFRESH_TOKEN",
                )
            ]
        import httpx

        bases = {
            zalo.business_url: "DONDOC_ZALO__BUSINESS_URL",
            zalo.openapi_url: "DONDOC_ZALO__OPENAPI_URL",
            zalo.oauth_url: "DONDOC_ZALO__OAUTH_URL",
        }
        findings = []
        with httpx.Client(timeout=deadline.left()) as http:
            for base in dict.fromkeys([zalo.business_url, zalo.openapi_url, zalo.oauth_url]):
                try:  # any HTTP answer is a host that answers; the token check asks more
                    http.get(base, timeout=deadline.left())
                except httpx.HTTPError as error:
                    findings.append(
                        Finding(
                            "zalo",
                            ERROR,
                            f"không tới được {base} ({_why(error) or type(error).__name__})",
                            f"kiểm tra mạng tới Zalo (tường lửa, proxy, DNS) hoặc {bases[base]}",
                        )
                    )
        if findings:
            return findings
        mode = " (chế độ development: ZNS chỉ tới quản trị viên)" if zalo.development_mode else ""
        hosts = ", ".join(dict.fromkeys([zalo.business_url, zalo.openapi_url, zalo.oauth_url]))
        return [Finding("zalo", OK, f"tới được {hosts}{mode}")]

    return check


@dataclass(frozen=True)
class StoredToken:
    """The OA token pair's row in `channel_tokens`, without the tokens' values."""

    expires_at: datetime  # of the access token
    updated_at: datetime  # when this pair (so this refresh token) was stored
    version: int
    broken_at: datetime | None
    broken_reason: str | None


def token_finding(token: StoredToken | None, now: datetime, *, seeded: bool) -> Finding:
    """The token chain's freshness: broken, the 3-month refresh token's age, the access token.

    An access token expiring within the day is the normal state (it lives 25 h and is renewed
    when a send finds less than an hour left): only an expired one is said, since doctor may
    not refresh it to learn whether the chain still works.
    """
    if token is None:
        if seeded:
            return Finding(
                "zalo-token",
                WARNING,
                "chưa có mã truy cập Zalo OA trong sổ; lần gửi Zalo đầu tiên sẽ nạp mã làm mới "
                "khởi đầu (DONDOC_ZALO__SEED_REFRESH_TOKEN)",
                "không cần làm gì nếu mã khởi đầu cấp chưa quá 3 tháng; nếu đã quá, quản trị "
                "viên OA cấp quyền lại và đặt mã mới",
            )
        return Finding(
            "zalo-token",
            ERROR,
            "chưa có mã truy cập Zalo OA trong sổ, cũng chưa đặt mã làm mới khởi đầu",
            "quản trị viên OA cấp quyền cho ứng dụng, rồi nạp mã làm mới bằng `dondoc zalo "
            "authorise` (hoặc đặt DONDOC_ZALO__SEED_REFRESH_TOKEN, hay khối Secret "
            "DONDOC_SECRET_BLOCKS__ZALO_REFRESH_TOKEN)",
        )
    if token.broken_at is not None:
        return Finding(
            "zalo-token",
            ERROR,
            f"chuỗi mã Zalo đã đứt lúc {_when(token.broken_at)}"
            + (f": {token.broken_reason}" if token.broken_reason else ""),
            "quản trị viên Zalo OA cấp quyền lại cho ứng dụng, rồi nạp mã làm mới mới bằng "
            "`dondoc zalo authorise`; tin Zalo được giữ đến khi đó",
        )
    refresh_ends = token.updated_at + REFRESH_LIFETIME
    issued = f"mã làm mới cấp ngày {_day(token.updated_at)}"
    if refresh_ends <= now:
        return Finding(
            "zalo-token",
            ERROR,
            f"{issued}, đã quá 3 tháng Zalo cho phép: chuỗi mã coi như đã đứt",
            "quản trị viên Zalo OA cấp quyền lại cho ứng dụng, rồi nạp mã làm mới mới bằng "
            "`dondoc zalo authorise`",
        )
    if refresh_ends - now < REFRESH_WARNING:
        days = (refresh_ends - now).days
        return Finding(
            "zalo-token",
            WARNING,
            f"{issued}, hết hạn khoảng ngày {_day(refresh_ends)} (còn {days} ngày); mã chỉ được "
            "thay khi dondoc gửi tin Zalo",
            f"cần có tin Zalo gửi đi trước ngày {_day(refresh_ends)}; quá ngày đó, quản trị "
            "viên OA phải cấp quyền lại",
        )
    if token.expires_at <= now:
        return Finding(
            "zalo-token",
            WARNING,
            f"mã truy cập hết hạn lúc {_when(token.expires_at)}; {issued}, còn hạn đến khoảng "
            f"ngày {_day(refresh_ends)}",
            "lần gửi Zalo tới tự làm mới mã (cần mạng tới DONDOC_ZALO__OAUTH_URL); nếu Zalo từ "
            "chối, dondoc zalo status sẽ báo chuỗi mã đứt",
        )
    hours = (token.expires_at - now).total_seconds() / 3600
    return Finding(
        "zalo-token",
        OK,
        f"mã truy cập còn hạn đến {_when(token.expires_at)} (còn {hours:.0f} giờ, tự làm mới "
        f"khi gần hết); {issued}, còn hạn đến khoảng ngày {_day(refresh_ends)}",
    )


def read_token(reader: Reader) -> StoredToken | None:
    from ledger.dbapi import as_instant

    rows = reader.rows(
        "SELECT expires_at, updated_at, version, broken_at, broken_reason "
        "FROM channel_tokens WHERE name = ?",
        ["zalo-oa"],
    )
    if not rows:
        return None
    expires, updated, version, broken, reason = rows[0]
    expires_at, updated_at = as_instant(expires), as_instant(updated)
    assert expires_at is not None
    assert updated_at is not None
    return StoredToken(expires_at, updated_at, int(version), as_instant(broken), reason)


def check_zalo_token(settings: Settings, bad: set[str], state: LedgerState) -> Check:
    def check(deadline: Deadline) -> list[Finding]:
        if "zalo" in bad:
            return [_skipped("zalo-token", "Zalo")]
        zalo = settings.zalo
        if zalo is None:
            return [Finding("zalo-token", OK, "bỏ qua: chưa cấu hình Zalo OA")]
        state.ready.wait(deadline.left(DEADLINE))
        if not state.usable:
            return [
                Finding(
                    "zalo-token",
                    WARNING,
                    "chưa đọc được mã Zalo: sổ chưa sẵn sàng",
                    "làm theo dòng Sổ ở trên",
                )
            ]
        from ledger.dbapi import connect

        reader = connect(settings.ledger_url)
        try:
            token = read_token(reader)
            access = _access_token(reader) if token is not None else None
        finally:
            reader.close()
        now = datetime.now(UTC)
        seeded = zalo.seed_refresh_token is not None or bool(
            settings.secret_blocks.zalo_refresh_token
        )
        finding = token_finding(token, now, seeded=seeded)
        if finding.status == OK and access:
            finding = _ask_quota(finding, zalo.business_url, access, deadline)
        return [finding]

    return check


def _access_token(reader: Reader) -> str | None:
    rows = reader.rows("SELECT access_token FROM channel_tokens WHERE name = ?", ["zalo-oa"])
    return str(rows[0][0]) if rows and rows[0][0] else None


def _ask_quota(finding: Finding, business_url: str, access: str, deadline: Deadline) -> Finding:
    """The day's ZNS quota, asked with the stored access token: does Zalo take the token?"""
    import httpx

    try:
        answer = httpx.get(
            f"{business_url}/message/quota",
            headers={"access_token": access},
            timeout=deadline.left(),
        )
        body = answer.json()
    except (httpx.HTTPError, ValueError) as error:
        return Finding(
            "zalo-token",
            WARNING,
            f"{finding.found}; chưa hỏi được Zalo mã có dùng được không ({_why(error)})",
            "xem dòng Zalo",
        )
    code = body.get("error") if isinstance(body, dict) else None
    if str(code) == "0":
        data = body.get("data") or {}
        left, daily = data.get("remainingQuota"), data.get("dailyQuota")
        return Finding(
            "zalo-token",
            OK,
            f"{finding.found}; Zalo nhận mã, hạn mức ZNS hôm nay còn {left}/{daily}",
        )
    said = body.get("message") if isinstance(body, dict) else f"HTTP {answer.status_code}"
    return Finding(
        "zalo-token",
        WARNING,
        f"{finding.found}; nhưng Zalo không nhận mã khi hỏi hạn mức ZNS ({code} {said})",
        "lần gửi Zalo tới sẽ làm mới mã một lần; nếu Zalo vẫn từ chối, quản trị viên OA cấp "
        "quyền lại cho ứng dụng",
    )


# --- the command ------------------------------------------------------------------------------


def diagnose() -> list[Finding]:
    """Every check's findings, in a fixed order."""
    settings, findings, bad = read_checked_settings()
    state = LedgerState(threading.Event())
    checks: dict[str, Check] = {}
    # The ledger is where the settings say: not where the defaults would have put it.
    misplaced = "database_url" if "database_url" in bad else None
    if "home" in bad and settings.database_url is None:
        misplaced = "home"
    if misplaced:
        state.ready.set()
        findings.append(_skipped("ledger", f"DONDOC_{misplaced.upper()}"))
    else:
        checks["ledger"] = check_ledger(settings, state)
    checks["prefect"] = check_prefect(settings)
    checks["secret-blocks"] = check_secret_blocks(settings)
    checks["smtp"] = check_smtp(settings, bad)
    checks["zalo"] = check_zalo(settings, bad)
    checks["zalo-token"] = check_zalo_token(settings, bad, state)
    _preload(settings, bad)
    with _connect_timeout():
        findings.extend(run_bounded(checks))
    return findings


def _preload(settings: Settings, bad: set[str]) -> None:
    """Import the clients before the clocks start: a second of imports on a busy machine is
    not a server that does not answer."""
    import httpx  # noqa: F401

    if settings.smtp is not None:
        import aiosmtplib  # noqa: F401
    if not {"database_url", "home"} & bad and settings.sqlite_path() is None:
        import psycopg  # noqa: F401


def doctor(
    as_json: Annotated[bool, typer.Option("--json", help="In JSON, cho máy đọc.")] = False,
) -> None:
    """Kiểm tra cài đặt, sổ, máy chủ Prefect, SMTP và Zalo; nói cần sửa gì.

    Không ghi, không gửi gì. Mã thoát 0 khi mọi thứ ổn hoặc chỉ có cảnh báo, 1 khi có lỗi.
    """
    findings = diagnose()
    errors = sum(1 for f in findings if f.status == ERROR)
    warnings = sum(1 for f in findings if f.status == WARNING)
    if as_json:
        out.print(
            dump(
                {
                    "ok": errors == 0,
                    "errors": errors,
                    "warnings": warnings,
                    "checks": [asdict(f) for f in findings],
                }
            ),
            markup=False,
        )
    else:
        for finding in findings:
            out.print(finding.line, markup=False)
        oks = len(findings) - errors - warnings
        out.print(f"Tóm lại: {oks} ổn, {warnings} cảnh báo, {errors} lỗi.", markup=False)
    if errors:
        raise typer.Exit(1)
