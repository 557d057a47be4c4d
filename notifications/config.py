"""Channel settings: plain pydantic models, cheap to import (the settings read them at start-up)."""

from __future__ import annotations

from datetime import time
from enum import StrEnum

import pydantic


class SmtpSecurity(StrEnum):
    NONE = "none"
    STARTTLS = "starttls"
    SSL = "ssl"


class SmtpSettings(pydantic.BaseModel):
    host: str = "127.0.0.1"
    port: int = 1025
    security: SmtpSecurity = SmtpSecurity.NONE
    username: str | None = None
    password: pydantic.SecretStr | None = None
    sender_address: str = "dondoc@localhost"
    sender_name: str = "Hệ thống đôn đốc"
    timeout_seconds: float = 30.0
    validate_certs: bool = True
    ca_file: str | None = None
    connections: int = pydantic.Field(default=4, ge=1)  # sent over in parallel
    max_messages_per_connection: int = pydantic.Field(default=1000, ge=1)


class NotifySettings(pydantic.BaseModel):
    """When and how the office's messages go (DONDOC_NOTIFY__…)."""

    digest: bool = True  # one message per recipient and day, gathering their items
    # Send only on working days inside office hours (false: at any hour — a demo, a test).
    office_hours_only: bool = True
    office_hours_start: time = time(7, 30)
    office_hours_end: time = time(17, 0)
    # Who hears of a channel that stopped working (a refused login, a broken Zalo token chain,
    # a unit no channel reaches): e-mail addresses, e.g. DONDOC_NOTIFY__OFFICE_EMAIL='["a@b"]'.
    office_email: tuple[str, ...] = ()
    office_name: str = "Văn phòng"
