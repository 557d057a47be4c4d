"""Settings, read from the environment at the edge (CLI, flow start), never at import time.

DONDOC_DATABASE_URL     the ledger (default: SQLite under DONDOC_HOME)
DONDOC_HOME             local state: database, Prefect's home, the mail sink (default ./var)
DONDOC_PLANS_DIR        the catalogue files (default ./plans)
DONDOC_SMTP__HOST …     the SMTP server (DONDOC_SMTP__PORT, __SECURITY, __USERNAME, __PASSWORD,
                        __SENDER_ADDRESS, __SENDER_NAME, __CA_FILE); unset: mail stays queued
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from notifications.email import SmtpSettings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="DONDOC_", env_nested_delimiter="__", extra="ignore"
    )

    home: Path = Path("var")
    database_url: str | None = None
    plans_dir: Path | None = None
    smtp: SmtpSettings | None = None
    horizon_years: int = Field(1, ge=0, le=5, description="plan tasks to the end of year + N")
    ui_port: int = 4200

    def horizon_end(self, day: date) -> date:
        """The last deadline planned ahead on `day`: the end of year + horizon_years."""
        return date(day.year + self.horizon_years, 12, 31)

    @property
    def ledger_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home.resolve() / 'dondoc.db'}"

    @property
    def plans(self) -> Path:
        """The catalogue directory: as set, else ./plans, else the one shipped with dondoc."""
        if self.plans_dir is not None:
            return self.plans_dir
        here = Path("plans")
        return here if here.is_dir() else PROJECT_ROOT / "plans"
