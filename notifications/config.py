"""Channel settings: plain pydantic models, cheap to import (the settings read them at start-up)."""

from __future__ import annotations

from datetime import time
from enum import StrEnum

import pydantic

from notifications.channels import Category


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


class ZaloSettings(pydantic.BaseModel):
    """The Official Account's app and the three Zalo hosts (pointed at the fake in tests).

    The two tokens here only seed the chain: Zalo's refresh token is single-use, so the living
    pair is kept in the ledger (`ledger.credentials`), never in the environment.
    """

    app_id: str
    app_secret: pydantic.SecretStr  # the app's secret key: the `secret_key` header of OAuth v4
    oa_secret: pydantic.SecretStr  # the OA's secret key: webhook signatures
    business_url: str = "https://business.openapi.zalo.me"  # ZNS
    openapi_url: str = "https://openapi.zalo.me"  # OA v3
    oauth_url: str = "https://oauth.zaloapp.com"
    timeout_seconds: float = 10.0
    rate_per_second: float = pydantic.Field(default=50.0, gt=0)  # no published limit: ours
    max_in_flight: int = pydantic.Field(default=10, ge=1)
    refresh_margin_seconds: float = 3600.0  # refresh when less than this is left of the 25 h
    # The code Zalo answers for a spent or expired refresh token is not documented.
    spent_refresh_errors: tuple[int, ...] = (-14014,)
    development_mode: bool = False  # ZNS reaches only the app's and the OA's admins
    seed_access_token: pydantic.SecretStr | None = None
    seed_refresh_token: pydantic.SecretStr | None = None
    # Error code → category ("auth", "recipient", "quota", "config", "transient"), over the
    # built-in map: Zalo's tables beyond a few codes come from third parties.
    error_categories: dict[int, Category] = pydantic.Field(default_factory=dict)
