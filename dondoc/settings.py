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

import os
import secrets
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from dondoc.secrets import SecretBlocks
from notifications.config import NotifySettings, SmtpSettings, ZaloSettings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(ValueError):
    """A setting that cannot work; the message says which variable and what to set."""


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
            backend in ("postgresql", "postgres") and driver in ("", "psycopg", "psycopg2") and rest
        )
        if not usable:
            raise SettingsError(
                f"DONDOC_DATABASE_URL={self.database_url!r} is not a database URL dondoc can "
                "use (SQLite or PostgreSQL): set it like sqlite:////srv/dondoc/dondoc.db or "
                "postgresql://user@host:5432/dondoc"
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


_HINTS = {
    "int_parsing": "is not a whole number",
    "bool_parsing": "is not true or false",
    "float_parsing": "is not a number",
    "missing": "is required",
}


def _sentence(item: Any) -> str:
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
    else:
        reason = str(item.get("msg", "is not valid")).removeprefix("Value error, ")
    shown = f"={value}" if isinstance(value, str | int | float) else ""
    return f"{name}{shown}: {reason}; fix it or unset it"


def read_settings() -> Settings:
    """`Settings()`, with a bad value reported as `SettingsError` sentences, not a traceback."""
    try:
        return Settings()
    except ValidationError as error:
        raise SettingsError(
            "\n".join(_sentence(item) for item in error.errors(include_url=False))
        ) from None
