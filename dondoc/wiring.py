"""The composition root: the real adapters, chosen from the settings in one place.

Commands and Prefect tasks both get their ledger here (a Prefect worker enters at a flow, not
at the CLI, so the flows' tasks come here too).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from dondoc.settings import Settings
from ledger.db import Sessions, ensure_schema, make_engine, session_factory

if TYPE_CHECKING:
    from tasks.dispatch import Dispatch


@cache
def sessions_for(url: str) -> Sessions:
    """Sessions on the ledger at `url`, migrated first when it is empty (one engine per URL)."""
    engine = make_engine(url)
    ensure_schema(engine)
    return session_factory(engine)


def ledger_sessions(settings: Settings | None = None) -> Sessions:
    return sessions_for((settings or Settings()).ledger_url)


def dispatch_for(settings: Settings, sessions: Sessions) -> Dispatch:
    """The channels the settings configure, with the office's hours (on the catalogue's working
    days), digests and alerts: what the daily flows deliver with."""
    from ledger.db import transaction
    from ledger.store import read_catalogue
    from notifications.channels import EMAIL, Channel
    from notifications.email import EmailChannel
    from notifications.timing import OfficeHours
    from tasks import dispatch

    notify = settings.notify
    channels: dict[str, Channel] = {}
    if settings.smtp is not None:
        channels[EMAIL] = EmailChannel(settings.smtp)
    with transaction(sessions) as session:
        calendar = read_catalogue(session).catalogue.calendar
    hours = OfficeHours(notify.office_hours_start, notify.office_hours_end)
    return dispatch.Dispatch(
        channels,
        office=tuple((notify.office_name, address) for address in notify.office_email),
        timing=dispatch.office_timing(
            calendar.is_working_day, hours, always=not notify.office_hours_only
        ),
        compose_digest=dispatch.digest_composer() if notify.digest else None,
        alert_text=dispatch.alert_text,
    )
