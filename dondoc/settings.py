"""Settings, read from the environment at the edge (CLI, flow start), never at import time.

DONDOC_DATABASE_URL     the ledger (default: SQLite under DONDOC_HOME)
DONDOC_HOME             local state: database, Prefect's home, the mail sink
                        (default: var/ in the project's directory)
DONDOC_PLANS_DIR        the catalogue files (default: plans/ in the project's directory)
DONDOC_PROJECT_DIR      the project's directory (default: the checkout dondoc runs from)
DONDOC_SMTP__HOST …     the SMTP server (DONDOC_SMTP__PORT, __SECURITY, __USERNAME, __PASSWORD,
                        __SENDER_ADDRESS, __SENDER_NAME, __CA_FILE); unset: mail stays queued
DONDOC_ZALO__APP_ID …   the Zalo Official Account's app (__APP_SECRET, __OA_SECRET, the chain's
                        seed __SEED_REFRESH_TOKEN, __RATE_PER_SECOND, __BUSINESS_URL …); unset:
                        Zalo messages wait, or go by the recipient's next channel
DONDOC_NOTIFY__…       digests (DONDOC_NOTIFY__DIGEST, default true), office hours
                        (__OFFICE_HOURS_START 07:30, __OFFICE_HOURS_END 17:00) and who hears
                        of a channel that stopped working (__OFFICE_EMAIL='["vp@…"]')
DONDOC_SECRET_BLOCKS__SMTP_PASSWORD …  the names of Prefect Secret blocks holding credentials
                        (__ZALO_APP_SECRET, __ZALO_OA_SECRET, __ZALO_REFRESH_TOKEN): a flow
                        reads them when it starts (dondoc.secrets.resolve_secrets)
DONDOC_UI_PORT          the Prefect UI and API port of `dondoc up` (default 4200)
DONDOC_HORIZON_YEARS    plan tasks to the end of this year + N (default 1)
DONDOC_LINKS__SECRET …  the signed links in messages (__BASE_URL, default
                        http://127.0.0.1:8790; __TTL_DAYS 60; __UPLOADS_DIR, default
                        DONDOC_HOME/uploads; __MAX_UPLOAD_MB 20; where the page listens:
                        __LISTEN_HOST 127.0.0.1, __LISTEN_PORT 8790). The secret: this variable,
                        else the Secret block DONDOC_SECRET_BLOCKS__LINK_SECRET names, else one
                        generated once into DONDOC_HOME/link-secret (mode 0600)
"""

from __future__ import annotations

import json
import os
import re
import secrets
import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Union, get_args, get_origin
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings import SettingsError as SourceError

from dondoc.secrets import SecretBlocks
from notifications.config import NotifySettings, SmtpSettings, ZaloSettings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class SettingProblem:
    """One variable that cannot work: which, the value given (None: not shown), and why.

    `kind` is pydantic's error type (`int_parsing`, `enum` …), or `json` (a list or a group
    written as text that is not JSON) or `database_url`; `context` holds its bounds, choices.
    `dondoc doctor` words these in Vietnamese; the other commands print `sentence`.
    """

    section: str  # the top-level setting: "smtp", "database_url" …
    variable: str
    value: str | None
    kind: str
    reason: str
    context: Mapping[str, Any] = field(default_factory=dict)

    @property
    def sentence(self) -> str:
        shown = "" if self.value is None else f"={self.value}"
        return f"{self.variable}{shown}: {self.reason}; fix it or unset it"


class SettingsError(ValueError):
    """A setting that cannot work; the message says which variable and what to set."""

    def __init__(self, message: str, problems: tuple[SettingProblem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


def project_dir() -> Path | None:
    """The project's directory (prefect.yaml, plans/), or None when dondoc runs from a wheel."""
    named = os.environ.get("DONDOC_PROJECT_DIR")
    candidate = Path(named) if named else PROJECT_ROOT
    return candidate.resolve() if (candidate / "prefect.yaml").is_file() else None


def _default_home() -> Path:
    project = project_dir()
    return project / "var" if project else Path("var").resolve()


class LinkSettings(BaseModel):
    """The signed "đã nhận" / "đã nộp" links in messages, and the page that takes them."""

    secret: SecretStr | None = None
    base_url: str = "http://127.0.0.1:8790"
    ttl_days: int = Field(60, ge=1, le=366)
    uploads_dir: Path | None = None  # default: DONDOC_HOME/uploads
    max_upload_mb: int = Field(20, ge=1, le=500)
    # Where the page listens (`dondoc up`, `dondoc web`): behind a proxy, BASE_URL is the
    # proxy's public address and these stay on loopback.
    listen_host: str = "127.0.0.1"
    listen_port: int = Field(8790, ge=1, le=65535)


class Settings(BaseSettings):
    # An empty variable is an unset one: a deployment's job variables carry every setting
    # (prefect.yaml), and `prefect deploy` writes those the province does not use as "".
    model_config = SettingsConfigDict(
        env_prefix="DONDOC_", env_nested_delimiter="__", extra="ignore", env_ignore_empty=True
    )

    home: Path = Field(default_factory=_default_home)
    database_url: str | None = None
    plans_dir: Path | None = None
    smtp: SmtpSettings | None = None
    notify: NotifySettings = Field(default_factory=NotifySettings)
    zalo: ZaloSettings | None = None
    secret_blocks: SecretBlocks = Field(default_factory=SecretBlocks)
    horizon_years: int = Field(1, ge=0, le=5, description="plan tasks to the end of year + N")
    ui_port: int = Field(4200, ge=1, le=65535)
    links: LinkSettings = Field(default_factory=LinkSettings)

    @field_validator("home")
    @classmethod
    def _home_is_a_directory(cls, value: Path) -> Path:
        # Said here: otherwise the first command that makes the ledger's directory fails on it.
        if value.exists() and not value.is_dir():
            raise PydanticCustomError("not_a_directory", "is a file, not a directory")
        return value

    @model_validator(mode="before")
    @classmethod
    def _zalo_secrets_in_blocks(cls, data: Any) -> Any:
        """A Zalo secret kept in a Prefect Secret block is not in the environment. Until it is
        read (`dondoc.secrets.with_zalo_secrets`, when a flow starts), an unguessable stand-in
        takes its place: the settings validate without a Prefect server, and whatever used the
        secret unread would fail closed (OAuth refused, every webhook signature refused)."""
        if not isinstance(data, dict) or not isinstance(data.get("zalo"), dict):
            return data
        blocks = data.get("secret_blocks") or {}
        if isinstance(blocks, SecretBlocks):
            blocks = blocks.model_dump()
        if not isinstance(blocks, dict):
            return data
        zalo = dict(data["zalo"])
        for block, name in (("zalo_app_secret", "app_secret"), ("zalo_oa_secret", "oa_secret")):
            if blocks.get(block) and not zalo.get(name):
                zalo[name] = secrets.token_urlsafe(32)
        return data | {"zalo": zalo}

    def horizon_end(self, day: date) -> date:
        """The last deadline planned ahead on `day`: the end of year + horizon_years."""
        return date(day.year + self.horizon_years, 12, 31)

    @property
    def ledger_url(self) -> str:
        if self.database_url is None:
            return f"sqlite:///{self.home.resolve() / 'dondoc.db'}"
        scheme, _, rest = self.database_url.partition("://")
        backend, _, driver = scheme.partition("+")
        usable = (backend == "sqlite" and not driver and rest.startswith("/")) or (
            backend in ("postgresql", "postgres")
            and driver in ("", "psycopg", "psycopg2")
            and bool(rest)
            and _port_readable(self.database_url)
        )
        if not usable:
            raise SettingsError(
                f"DONDOC_DATABASE_URL={self.database_url!r} is not a database URL dondoc can "
                "use (SQLite or PostgreSQL): set it like sqlite:////srv/dondoc/dondoc.db or "
                "postgresql://user@host:5432/dondoc",
                (
                    SettingProblem(
                        "database_url",
                        "DONDOC_DATABASE_URL",
                        self.database_url,
                        "database_url",
                        "is not a database URL dondoc can use (SQLite or PostgreSQL)",
                    ),
                ),
            )
        return self.database_url

    def sqlite_path(self) -> Path | None:
        """The file of a SQLite ledger (None for a server database or an in-memory one)."""
        url = self.ledger_url
        if not url.startswith("sqlite:///"):
            return None
        path = url.removeprefix("sqlite:///").split("?", 1)[0]
        return None if path in ("", ":memory:") or path.startswith("file:") else Path(path)

    def check_new_ledger(self, *, create: bool) -> None:
        """Refuse to create a SQLite ledger by accident (a read, or a home nobody chose)."""
        path = self.sqlite_path()
        if path is None or path.exists():
            return
        if not create:
            raise SettingsError(
                f"there is no ledger at {path} yet: load a catalogue first "
                "(dondoc plan load FILE…), or set DONDOC_HOME or DONDOC_DATABASE_URL to the "
                "ledger you mean"
            )
        chosen = {"home", "database_url"} & self.model_fields_set
        if not chosen and project_dir() is None:
            raise SettingsError(
                f"this would create a new ledger at {path}, but this is not a dondoc project "
                "directory and DONDOC_HOME is not set: set DONDOC_HOME (or "
                "DONDOC_DATABASE_URL), or run dondoc from the project's directory"
            )

    @property
    def plans(self) -> Path:
        """The catalogue directory: as set, else the project's plans/, else ./plans."""
        if self.plans_dir is not None:
            return self.plans_dir
        project = project_dir()
        return project / "plans" if project else Path("plans")


def _port_readable(url: str) -> bool:
    """Whether a server URL's port, if it has one, is a port (99999 and "abc" are not)."""
    try:
        port = urlsplit(url).port
    except ValueError:
        return False
    return port is None or port > 0


_HINTS = {
    "int_parsing": "is not a whole number",
    "bool_parsing": "is not true or false",
    "float_parsing": "is not a number",
    "missing": "is required",
}
# A whole group given as one variable (DONDOC_ZALO='{…}') may hold secrets: never echoed.
_UNSHOWN = frozenset({"model_type", "dict_type", "model_attributes_type"})


def _problem(item: Any) -> SettingProblem:
    loc = [str(part) for part in item.get("loc", ())]
    name = "DONDOC_" + "__".join(part.upper() for part in loc)
    value = item.get("input")
    kind = item.get("type", "")
    context = item.get("ctx") or {}
    if kind in _HINTS:
        reason = _HINTS[kind]
    elif kind in ("enum", "literal_error"):
        reason = f"must be one of {context.get('expected', '')}".replace("'", "")
    elif kind in ("greater_than_equal", "less_than_equal"):
        bound = context.get("ge", context.get("le"))
        reason = f"must be {'at least' if kind == 'greater_than_equal' else 'at most'} {bound}"
    elif kind in _UNSHOWN:
        reason = f"is not a JSON group: set its variables one by one ({name}__…)"
    else:
        reason = str(item.get("msg", "is not valid")).removeprefix("Value error, ")
    shown = str(value) if isinstance(value, str | int | float) and kind not in _UNSHOWN else None
    return SettingProblem(loc[0] if loc else "", name, shown, kind, reason, dict(context))


def _sentence(item: Any) -> str:
    return _problem(item).sentence


def _is_complex(annotation: Any) -> bool:
    """Whether pydantic-settings reads a variable for this type as JSON (a list, a group …)."""
    if get_origin(annotation) in (Union, types.UnionType):
        return any(_is_complex(a) for a in get_args(annotation) if a is not type(None))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    kind = get_origin(annotation) or annotation
    return isinstance(kind, type) and issubclass(kind, list | tuple | set | frozenset | dict)


def _target(info: FieldInfo, keys: list[str]) -> FieldInfo | None:
    """The field a nested variable names (DONDOC_NOTIFY__OFFICE_EMAIL: notify.office_email)."""
    for key in keys:
        annotation = info.annotation
        models = [a for a in (annotation, *get_args(annotation)) if isinstance(a, type)]
        model = next((m for m in models if issubclass(m, BaseModel)), None)
        if model is None or key not in model.model_fields:
            return None
        info = model.model_fields[key]
    return info


def _unreadable_json(section: str) -> Iterator[SettingProblem]:
    """The variables of `section` that pydantic-settings would parse as JSON and cannot."""
    info = Settings.model_fields.get(section)
    if info is None:
        return
    prefix = f"DONDOC_{section.upper()}"
    for variable, value in sorted(os.environ.items()):
        upper = variable.upper()
        if upper != prefix and not upper.startswith(prefix + "__"):
            continue
        keys = [k.lower() for k in upper[len(prefix) :].split("__") if k]
        target = _target(info, keys)
        if target is None or not value or not _is_complex(target.annotation):
            continue
        try:
            json.loads(value)
        except ValueError:
            sequence = get_origin(target.annotation) in (list, tuple, set, frozenset)
            shape = """a list, like '["a", "b"]'""" if sequence else """like '{"key": "value"}'"""
            yield SettingProblem(
                section,
                upper,
                value if keys else None,  # a whole group (DONDOC_ZALO='{…}') may hold secrets
                "json",
                f"is not JSON ({shape})",
                {"list": sequence},
            )


def _source_problems(error: SourceError) -> list[SettingProblem]:
    """A variable pydantic-settings could not even parse (JSON) as problems naming it."""
    found = re.search(r'field "([^"]+)"', str(error))
    section = found.group(1) if found else ""
    problems = list(_unreadable_json(section))
    if not problems:
        problems = [
            SettingProblem(
                section,
                f"DONDOC_{section.upper()}__…" if section else "DONDOC_…",
                None,
                "json",
                "holds a value that is not JSON",
            )
        ]
    return problems


def read_settings() -> Settings:
    """`Settings()`, with a bad value reported as `SettingsError` sentences, not a traceback."""
    try:
        return Settings()
    except ValidationError as error:
        problems = [_problem(item) for item in error.errors(include_url=False)]
    except SourceError as error:  # a list or a group that is not JSON stops the reading
        problems = _source_problems(error)
    raise SettingsError("\n".join(p.sentence for p in problems), tuple(problems)) from None
