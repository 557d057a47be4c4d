"""The composition root: the real adapters, chosen from the settings in one place.

Commands and Prefect tasks both get their ledger here (a Prefect worker enters at a flow, not
at the CLI, so the flows' tasks come here too).
"""

from __future__ import annotations

from functools import cache

from dondoc.settings import Settings
from ledger.db import Sessions, ensure_schema, make_engine, session_factory


@cache
def sessions_for(url: str) -> Sessions:
    """Sessions on the ledger at `url`, migrated first when it is empty (one engine per URL)."""
    engine = make_engine(url)
    ensure_schema(engine)
    return session_factory(engine)


def ledger_sessions(settings: Settings | None = None) -> Sessions:
    return sessions_for((settings or Settings()).ledger_url)
