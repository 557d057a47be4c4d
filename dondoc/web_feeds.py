"""The calendar feeds over HTTP: `GET /lich/{token}.ics`, a unit's (or the office's) feed.

The token is the only credential (calendar applications subscribe to a plain address): it is
looked up by its hash, and an unknown or revoked one gets the same short 404 as any wrong
address. The feed is built from the catalogue the ledger holds — what the flows work from — for
this year and the next, so January's steps are there in December. Calendar applications poll
every few minutes, and the office's feed takes a second to write: a built feed is kept per
catalogue content, scope and window (so a reload or a new day builds afresh), a few hundred
at most.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date, datetime, time

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse, Response

from calendars.business_time import business_date, now_utc
from ledger.db import Sessions

NOT_FOUND = "Không tìm thấy lịch: đường dẫn không đúng hoặc đã bị thu hồi."
ICS_TYPE = "text/calendar; charset=utf-8"
KEPT_FEEDS = 256


def feed_window(today: date) -> tuple[date, date]:
    """This year and the next."""
    return date(today.year, 1, 1), date(today.year + 1, 12, 31)


class _Built:
    """The feeds already written, least recently used dropped first; safe across threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[tuple[object, ...], bytes | None] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> tuple[bool, bytes | None]:
        with self.lock:
            if key not in self.items:
                return False, None
            self.items.move_to_end(key)
            return True, self.items[key]

    def put(self, key: tuple[object, ...], body: bytes | None) -> None:
        with self.lock:
            self.items[key] = body
            while len(self.items) > self.size:
                self.items.popitem(last=False)


def feed_router(
    sessions: Sessions,
    *,
    clock: Callable[[], datetime] = now_utc,
    alarm_at: time = time(7, 30),
) -> APIRouter:
    """The feeds' router; `alarm_at` is when alarms ring (the office hours' start)."""
    router = APIRouter()
    built = _Built(KEPT_FEEDS)

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
        window = feed_window(business_date(now))
        key = (tuple(d.content_hash for d in catalogue.documents), scope, window)
        found, body = built.get(key)
        if not found:
            try:
                feed = feed_of(catalogue, scope, *window, alarm_at=alarm_at)
                body = to_ical(feed.events, name=feed.name, stamp=now)
            except FeedError:  # the unit left the catalogue since its token was issued
                body = None
            built.put(key, body)
        if body is None:
            return PlainTextResponse(NOT_FOUND, status_code=404)
        return Response(
            body,
            media_type=ICS_TYPE,
            headers={"Cache-Control": "private, max-age=900", "X-Robots-Tag": "noindex"},
        )

    return router
