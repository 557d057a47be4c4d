"""A process of its own that refreshes the Zalo token (the two-process single-flight test)."""

from __future__ import annotations

import asyncio
from typing import Any

from ledger.credentials import LedgerTokens, Token
from ledger.db import make_engine, session_factory
from notifications.config import ZaloSettings


def refresh(url: str, zalo: str, spent: str, barrier: Any, answers: Any) -> None:
    settings = ZaloSettings(
        app_id="1234567890",
        app_secret="fake-app-secret",
        oa_secret="fake-oa-secret",
        oauth_url=zalo,
    )
    engine = make_engine(url)  # an engine of its own, as another worker would have
    tokens = LedgerTokens(session_factory(engine), settings)
    stale = Token("stale", spent, expires_at=None, version=1)  # type: ignore[arg-type]
    barrier.wait(timeout=60)
    try:
        token = asyncio.run(tokens.refresh(stale))
    except Exception as error:  # said to the test, which would otherwise wait for an answer
        answers.put([type(error).__name__, str(error)])
    else:
        answers.put([token.access_token, token.refresh_token])
    finally:
        engine.dispose()
