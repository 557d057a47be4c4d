"""Channel settings: plain pydantic models, cheap to import (the settings read them at start-up)."""

from __future__ import annotations

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
