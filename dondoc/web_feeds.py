"""The calendar feeds over HTTP: `GET /lich/{token}.ics`, a unit's (or the office's) feed.

The token is the only credential (calendar applications subscribe to a plain address): it is
looked up by its hash, and an unknown or revoked one gets the same short 404 as any wrong
address. The feed is built from the catalogue the ledger holds — what the flows work from — for
this year and the next, so January's steps are there in December.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse, Response

from calendars.business_time import business_date, now_utc

if TYPE_CHECKING:
    from ledger.db import Sessions

NOT_FOUND = "Không tìm thấy lịch: đường dẫn không đúng hoặc đã bị thu hồi."
ICS_TYPE = "text/calendar; charset=utf-8"


def feed_window(today: date) -> tuple[date, date]:
    """This year and the next."""
    return date(today.year, 1, 1), date(today.year + 1, 12, 31)


def feed_router(sessions: Sessions, *, clock: Callable[[], datetime] = now_utc) -> APIRouter:
    router = APIRouter()

    @router.get("/lich/{token}.ics", response_class=Response)
    def calendar_feed(token: str) -> Response:
        # A sync endpoint: FastAPI runs it in its thread pool, the database calls block there.
        from ledger.db import transaction
        from ledger.feeds import resolve
        from ledger.store import read_catalogue
        from notifications.feed import to_ical
        from obligations.feeds import FeedError, feed_of

        now = clock()
        with transaction(sessions) as session:
            scope = resolve(session, token)
            if scope is None:
                return PlainTextResponse(NOT_FOUND, status_code=404)
            catalogue = read_catalogue(session).catalogue
        try:
            feed = feed_of(catalogue, scope, *feed_window(business_date(now)))
        except FeedError:  # the unit left the catalogue since its token was issued
            return PlainTextResponse(NOT_FOUND, status_code=404)
        body = to_ical(feed.events, name=feed.name, stamp=now)
        return Response(
            body,
            media_type=ICS_TYPE,
            headers={"Cache-Control": "private, max-age=900", "X-Robots-Tag": "noindex"},
        )

    return router
