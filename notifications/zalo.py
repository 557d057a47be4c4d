"""The Zalo channels: ZNS templates to a phone number, OA v3 messages to a follower.

A thin async client over Zalo's API (ZNS /message/template, OA v3 /v3.0/oa/message/cs,
OAuth v4). What no library does for us lives here: phone numbers in Zalo's 84… form, an
explicit map of Zalo's error codes to what the outbox should do, one token refresh and one
retry on an invalid token (never a loop), a paced and bounded send, and the delivery
webhooks' signatures. The token pair itself is kept by a `TokenStore` (the ledger's, in
production): Zalo's refresh token is single-use, so only the store may rotate it.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
import time
from collections import deque
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

import httpx
import pydantic

from notifications.channels import (
    ZALO_OA,
    ZALO_ZNS,
    Category,
    Delivery,
    Outgoing,
    Report,
    Result,
    mask_address,
    mask_phone,
)
from notifications.config import ZaloSettings

log = logging.getLogger(__name__)

# --- Phone numbers -------------------------------------------------------------------------

_MOBILE = re.compile(r"^84[35789]\d{8}$")


class InvalidPhone(ValueError):
    """A number Zalo would refuse (-108): said before calling Zalo, in a clerk's words."""


def normalise_phone(raw: str) -> str:
    """A Vietnamese mobile number in Zalo's form: 84 and the 9-digit national number
    ("0987 654 321" and "+84 (98) 765-4321" are both 84987654321)."""
    digits = re.sub(r"\D", "", raw)
    if len(digits) == 9:  # the leading 0 lost (a spreadsheet's doing)
        digits = "84" + digits
    elif len(digits) == 10 and digits.startswith("0"):
        digits = "84" + digits[1:]
    elif len(digits) == 12 and digits.startswith("840"):  # +84 followed by the trunk 0
        digits = "84" + digits[3:]
    if not _MOBILE.match(digits):
        raise InvalidPhone(
            f"Số điện thoại {mask_phone(digits) if digits else '(trống)'} không phải số di động "
            "Việt Nam hợp lệ: cần 10 chữ số bắt đầu bằng 03, 05, 07, 08 hoặc 09 "
            "(ví dụ 0987654321), hãy sửa số trong danh bạ đơn vị."
        )
    return digits


# --- Error codes ---------------------------------------------------------------------------


def _codes(category: Category, *codes: int) -> dict[int, Category]:
    return dict.fromkeys(codes, category)


# Zalo's codes, as far as its tables are known (ZNS and OA v3 share the space). Anything else
# is logged loudly and retried: the outbox's attempts bound the retries.
CATEGORIES: Mapping[int, Category] = {
    **_codes(Category.AUTH, -124, -216, -220),
    **_codes(
        Category.RECIPIENT,
        *(-108, -110, -114, -118, -119, -139, -141),  # ZNS: the number cannot get it
        *(-213, -217, -218, -222, -227, -230, -232, -244, -305),  # OA: the user cannot
    ),
    **_codes(Category.QUOTA, -115, -126, -137, -144, -147, -160, -211, -311, -321),
    **_codes(
        Category.CONFIG,
        *(-101, -102, -103, -104, -105, -106, -107, -109, -111, -112, -113, -116, -117),
        *(-1121, -1122, -1123, -1124, -127, -131, -135, -1351, -136, -145),
        *(-201, -202, -204, -205, -209, -210, -212, -219, -221, -223, -224, -233, -240, -242),
        -320,
    ),
    **_codes(Category.TRANSIENT, -100, -32, -133, -234),
}

# What the outbox does with a message refused for each reason.
DELIVERY: Mapping[Category, Delivery] = {
    Category.AUTH: Delivery.CONFIG,  # still refused after a refresh: an OA admin must act
    Category.RECIPIENT: Delivery.FAILED,  # fall back to the next channel
    Category.QUOTA: Delivery.CONFIG,  # keep it pending, tell the office
    Category.CONFIG: Delivery.CONFIG,
    Category.TRANSIENT: Delivery.RETRY,
}

_ADVICE: Mapping[Category, str] = {
    Category.AUTH: "mã truy cập của Official Account không còn hiệu lực; quản trị viên OA "
    "cần cấp quyền lại cho ứng dụng",
    Category.RECIPIENT: "người nhận không nhận được tin Zalo (số không dùng Zalo, đã chặn "
    "hoặc lâu không hoạt động); tin sẽ gửi qua kênh khác",
    Category.QUOTA: "đã hết hạn mức gửi tin Zalo hoặc tài khoản thanh toán không đủ; tin "
    "được giữ lại, văn phòng cần kiểm tra tài khoản Zalo",
    Category.CONFIG: "cấu hình Zalo (ứng dụng, OA, mẫu tin) chưa đúng; tin được giữ lại chờ "
    "văn phòng sửa",
    Category.TRANSIENT: "lỗi tạm thời của Zalo; hệ thống sẽ gửi lại sau",
}


def categorise(code: int, overrides: Mapping[int, Category] | None = None) -> Category:
    """The category of a (non-zero) Zalo error code; an unknown one is logged and transient."""
    if overrides and code in overrides:
        return Category(overrides[code])
    found = CATEGORIES.get(code)
    if found is None:
        log.error("Zalo answered error %s, which dondoc does not know: retried as transient", code)
        return Category.TRANSIENT
    return found


def _int(value: Any) -> int | None:
    """Zalo sends many numbers as strings ("90000", "-124")."""
    if isinstance(value, bool):
        return None
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _ms(value: Any) -> datetime | None:
    millis = _int(value)
    return None if millis is None else datetime.fromtimestamp(millis / 1000, UTC)


@dataclass(frozen=True)
class Answer:
    """What Zalo said: `code` 0 is success; `code` None means the body was not Zalo's JSON."""

    status: int
    code: int | None
    message: str
    data: Any


def read_answer(response: httpx.Response) -> Answer:
    """Zalo's JSON answer, read from the body whatever the HTTP status."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return Answer(response.status_code, None, response.reason_phrase, None)
    code = _int(body.get("error", 0 if response.is_success else None))
    return Answer(response.status_code, code, str(body.get("message", "")), body.get("data"))


class ZaloError(Exception):
    def __init__(self, answer: Answer, category: Category) -> None:
        super().__init__(f"Zalo {answer.code} ({answer.message}): {_ADVICE[category]}.")
        self.answer = answer
        self.category = category


def tracking_id_for(key: str) -> str:
    """The outbox's dedupe key as Zalo's tracking_id: ≤ 48 characters, letters and digits."""
    return "dd" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]


# --- Tokens --------------------------------------------------------------------------------


class Token(Protocol):
    @property
    def access_token(self) -> str: ...
    @property
    def refresh_token(self) -> str: ...
    @property
    def expires_at(self) -> datetime: ...


class TokenStore(Protocol):
    """The OA token pair, shared by ZNS and OA (the ledger's `LedgerTokens` in production).

    `current` refreshes ahead of expiry; `refresh(spent)` rotates the chain once, or returns
    the pair another process already rotated. A store raises an exception whose class has
    `chain_broken = True` when the chain is broken (an OA admin must authorise again).
    """

    async def current(self) -> Token: ...
    async def refresh(self, spent: Token) -> Token: ...


def _chain_broken(error: BaseException) -> bool:
    return getattr(type(error), "chain_broken", False) is True


# --- Sending -------------------------------------------------------------------------------

# Failures where the request cannot have reached Zalo: safe to send again.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


class _BadPayload(ValueError):
    pass


class _Pace:
    """At most `rate` requests a second, evenly: request k of a busy run starts at its slot,
    1/rate after slot k-1 (a late wake-up is made up, idle time is not saved into a burst),
    and never while the last `rate` requests all started within the past second.

    Loop-independent (floats); the lock is made per batch, inside the running loop.
    """

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self.next_at = 0.0
        self.started: deque[float] = deque(maxlen=min(max(1, int(rate)), 100_000))

    async def wait(self, lock: asyncio.Lock) -> None:
        async with lock:
            now = time.monotonic()
            slot = max(self.next_at, now)
            if len(self.started) == self.started.maxlen:
                slot = max(slot, self.started[0] + 1.0)
            if slot > now:
                await asyncio.sleep(slot - now)
            self.next_at = slot + self.interval
            self.started.append(time.monotonic())


@dataclass
class _Batch:
    http: httpx.AsyncClient
    lock: asyncio.Lock  # the pace's, made in the running loop
    token: Token | None = None  # read once a batch, replaced by a refresh
    stopped: Result | None = None  # why the rest of the batch is not sent (quota, chain)
    broken: BaseException | None = None


@dataclass(frozen=True)
class MessageStatus:
    """GET /message/status: 1 delivered, 0 not yet, -1 not found (the last two unconfirmed)."""

    msg_id: str
    status: int | None
    delivered_at: datetime | None
    message: str

    @property
    def delivered(self) -> bool:
        return self.status == 1


class _ZaloChannel:
    name: str

    def __init__(
        self, settings: ZaloSettings, tokens: TokenStore, client: httpx.AsyncClient | None = None
    ) -> None:
        self.settings = settings
        self.tokens = tokens
        self.client = client
        self._pace = _Pace(settings.rate_per_second)

    def _request(self, message: Outgoing) -> tuple[str, dict[str, Any]]:
        raise NotImplementedError

    def _provider_id(self, data: Mapping[str, Any]) -> str | None:
        raise NotImplementedError

    @asynccontextmanager
    async def _http(self) -> AsyncIterator[httpx.AsyncClient]:
        if self.client is not None:
            yield self.client
            return
        limit = self.settings.max_in_flight
        async with httpx.AsyncClient(
            timeout=self.settings.timeout_seconds,
            limits=httpx.Limits(max_connections=limit, max_keepalive_connections=limit),
        ) as client:
            yield client

    async def send(self, batch: Sequence[Outgoing], report: Report) -> None:
        """Send `batch` paced and bounded, reporting each message as soon as it is known.

        A broken token chain is re-raised once every message is reported (CONFIG), so that
        the dispatcher can alert the office.
        """
        async with self._http() as http:
            state = _Batch(http, asyncio.Lock())
            queue = iter(batch)

            async def worker() -> None:
                for message in queue:
                    if state.stopped is not None:
                        stop = state.stopped
                        extra = {"tracking_id": tracking_id_for(message.key)}
                        error = f"Chưa gửi: {stop.error}"
                        await report(
                            Result(message.id, stop.delivery, None, error, stop.category, extra)
                        )
                        continue
                    await report(await self._one(state, message))

            workers = min(self.settings.max_in_flight, len(batch))
            try:
                async with asyncio.TaskGroup() as group:
                    for _ in range(workers):
                        group.create_task(worker())
            except ExceptionGroup as failed:
                raise failed.exceptions[0] from failed
        if state.broken is not None:
            raise state.broken

    async def _call(self, state: _Batch, method: str, url: str, **kwargs: Any) -> Answer:
        """One request with the OA token; on an invalid token one refresh and one retry."""
        token = state.token = state.token or await self.tokens.current()
        for attempt in (1, 2):
            await self._pace.wait(state.lock)
            headers = {"access_token": token.access_token}
            answer = read_answer(await state.http.request(method, url, headers=headers, **kwargs))
            auth = bool(answer.code) and self._category(answer.code or 0) is Category.AUTH
            if not auth or attempt == 2:
                return answer
            log.info("%s: Zalo refused the access token (%s), refreshing", self.name, answer.code)
            # Another worker may have refreshed already: the store then hands its pair back.
            token = state.token = await self.tokens.refresh(token)
        raise AssertionError("unreachable")

    def _category(self, code: int) -> Category:
        return categorise(code, self.settings.error_categories)

    async def _one(self, state: _Batch, message: Outgoing) -> Result:
        to = mask_address(message.address)
        try:
            url, body = self._request(message)
        except InvalidPhone as error:
            return Result(
                message.id, Delivery.FAILED, error=str(error), category=Category.RECIPIENT
            )
        except _BadPayload as error:
            return Result(message.id, Delivery.CONFIG, error=str(error), category=Category.CONFIG)
        try:
            answer = await self._call(state, "POST", url, json=body)
        except _NOT_SENT as error:
            kind = type(error).__name__
            log.warning("%s to %s: Zalo unreachable (%s)", self.name, to, kind)
            return self._fault(
                message, Delivery.RETRY, f"Không kết nối được Zalo ({kind}); sẽ gửi lại sau."
            )
        except httpx.TransportError as error:  # written, perhaps taken: never resent blindly
            kind = type(error).__name__
            log.warning("%s to %s: no answer (%s)", self.name, to, kind)
            return self._fault(
                message,
                Delivery.UNKNOWN,
                f"Đã gửi yêu cầu tới Zalo nhưng không nhận được trả lời ({kind}); "
                "cần đối soát trước khi gửi lại.",
            )
        except httpx.HTTPError as error:  # sent, and the answer unusable
            log.warning("%s to %s: unusable answer (%s)", self.name, to, type(error).__name__)
            return self._fault(
                message,
                Delivery.UNKNOWN,
                f"Zalo trả lời không đọc được ({type(error).__name__}); cần đối soát trước "
                "khi gửi lại.",
            )
        except Exception as error:  # the token store failed
            if not _chain_broken(error):
                log.exception("%s: the token store failed", self.name)
                return self._fault(
                    message,
                    Delivery.RETRY,
                    f"Không đọc được mã truy cập Zalo ({type(error).__name__}); sẽ gửi lại sau.",
                )
            state.broken = state.broken or error
            state.stopped = self._fault(message, Delivery.CONFIG, str(error), Category.AUTH)
            return state.stopped
        return self._result(state, message, answer)

    def _fault(
        self,
        message: Outgoing,
        delivery: Delivery,
        error: str,
        category: Category = Category.TRANSIENT,
    ) -> Result:
        extra = {"tracking_id": tracking_id_for(message.key)}
        return Result(message.id, delivery, None, error, category, extra)

    def _result(self, state: _Batch, message: Outgoing, answer: Answer) -> Result:
        tracking = {"tracking_id": tracking_id_for(message.key)}
        if answer.code is None:
            if answer.status >= 500 or answer.status == 429:
                delivery, category = Delivery.RETRY, Category.TRANSIENT
            elif 200 <= answer.status < 300:  # taken, perhaps, but unreadable: reconcile
                delivery, category = Delivery.UNKNOWN, Category.TRANSIENT
            else:
                delivery, category = Delivery.CONFIG, Category.CONFIG
            error = f"Zalo trả lời HTTP {answer.status} không đọc được ({answer.message})."
            return Result(message.id, delivery, None, error, category, tracking)
        data = answer.data if isinstance(answer.data, Mapping) else {}
        extra: dict[str, Any] = dict(tracking)
        if isinstance(data.get("quota"), Mapping):
            quota = data["quota"]
            extra["quota"] = {
                "daily": _int(quota.get("dailyQuota")),
                "remaining": _int(quota.get("remainingQuota")),
            }
        if answer.code == 0:
            return Result(message.id, Delivery.SENT, self._provider_id(data), None, None, extra)
        category = self._category(answer.code)
        error = f"Zalo {answer.code} ({answer.message}): {_ADVICE[category]}."
        to = mask_address(message.address)
        log.warning("%s to %s refused: %s %s", self.name, to, answer.code, answer.message)
        result = Result(message.id, DELIVERY[category], None, error, category, extra)
        if category is Category.QUOTA and state.stopped is None:
            state.stopped = result  # every other message would be refused the same way
        return result


class ZnsChannel(_ZaloChannel):
    """ZNS: `address` is the phone; `payload` is {"template_id", "template_data": {name: str}}."""

    name = ZALO_ZNS

    def _request(self, message: Outgoing) -> tuple[str, dict[str, Any]]:
        phone = normalise_phone(message.address)
        payload = message.payload or {}
        template_id, data = payload.get("template_id"), payload.get("template_data")
        if not template_id or not isinstance(data, Mapping) or not data:
            raise _BadPayload(
                "Tin ZNS thiếu mã mẫu (template_id) hoặc tham số mẫu (template_data): "
                "kiểm tra cấu hình mẫu tin Zalo của loại thông báo này."
            )
        body: dict[str, Any] = {
            "phone": phone,
            "template_id": str(template_id),
            "template_data": {str(k): str(v) for k, v in data.items()},
            "tracking_id": tracking_id_for(message.key),
        }
        if self.settings.development_mode:
            body["mode"] = "development"
        return f"{self.settings.business_url}/message/template", body

    def _provider_id(self, data: Mapping[str, Any]) -> str | None:
        msg_id = data.get("msg_id")
        return None if msg_id is None else str(msg_id)

    async def message_status(self, msg_id: str, phone: str) -> MessageStatus:
        """GET /message/status for one message (phone sent too: whether it is needed is unsure)."""
        url = f"{self.settings.business_url}/message/status"
        params = {"message_id": msg_id, "phone": normalise_phone(phone)}
        data = await self._get(url, params)
        status, when = _int(data.get("status")), _ms(data.get("delivery_time"))
        return MessageStatus(msg_id, status, when, str(data.get("message", "")))

    async def quota(self) -> tuple[int | None, int | None]:
        """(dailyQuota, remainingQuota) of the OA's ZNS, from GET /message/quota."""
        data = await self._get(f"{self.settings.business_url}/message/quota", {})
        return _int(data.get("dailyQuota")), _int(data.get("remainingQuota"))

    async def _get(self, url: str, params: Mapping[str, str]) -> Mapping[str, Any]:
        async with self._http() as http:
            answer = await self._call(_Batch(http, asyncio.Lock()), "GET", url, params=params)
        if answer.code != 0:
            category = Category.TRANSIENT if answer.code is None else self._category(answer.code)
            raise ZaloError(answer, category)
        return answer.data if isinstance(answer.data, Mapping) else {}


class OaChannel(_ZaloChannel):
    """OA v3 consultation messages: `address` is the follower's Zalo user_id, `text` the text."""

    name = ZALO_OA

    def _request(self, message: Outgoing) -> tuple[str, dict[str, Any]]:
        if not message.address.strip() or not message.text.strip():
            raise _BadPayload("Tin Zalo OA thiếu mã người dùng Zalo (user_id) hoặc nội dung.")
        body = {"recipient": {"user_id": message.address}, "message": {"text": message.text}}
        return f"{self.settings.openapi_url}/v3.0/oa/message/cs", body

    def _provider_id(self, data: Mapping[str, Any]) -> str | None:
        message_id = data.get("message_id")
        return None if message_id is None else str(message_id)


# --- Webhooks ------------------------------------------------------------------------------


def _secret(value: str | pydantic.SecretStr) -> str:
    return value.get_secret_value() if isinstance(value, pydantic.SecretStr) else value


def verify_webhook(
    body: bytes, headers: Mapping[str, str], app_id: str, oa_secret: str | pydantic.SecretStr
) -> bool:
    """X-ZEvent-Signature is `mac=` sha256(app_id + raw body + body's timestamp + OA secret)."""
    given = next((v for k, v in headers.items() if k.lower() == "x-zevent-signature"), None)
    if not given:
        return False
    try:
        timestamp = json.loads(body)["timestamp"]
    except (ValueError, KeyError, TypeError):
        return False
    signed = app_id.encode() + body + str(timestamp).encode() + _secret(oa_secret).encode()
    expected = hashlib.sha256(signed).hexdigest()
    given = given.strip().removeprefix("mac=").lower()
    return hmac.compare_digest(given.encode(), expected.encode())


@dataclass(frozen=True)
class DeliveryReport:
    event: str  # user_received_message, user_seen_message, …
    msg_id: str | None
    tracking_id: str | None
    delivered_at: datetime | None  # UTC
    recipient: str | None
    key: str  # the same report delivered twice has the same key
    payload: Mapping[str, Any] = field(repr=False, default_factory=dict)


def parse_delivery(body: bytes) -> DeliveryReport:
    """A delivery webhook's body (nested `message` object, or the flat variant)."""
    try:
        payload = json.loads(body)
    except ValueError as error:
        raise ValueError("the Zalo webhook's body is not JSON") from error
    if not isinstance(payload, dict) or not payload.get("event_name"):
        raise ValueError("the Zalo webhook's body names no event (event_name)")
    nested = payload.get("message")
    message: dict[str, Any] = nested if isinstance(nested, dict) else payload
    msg_id = message.get("msg_id") or next(iter(message.get("msg_ids") or []), None)
    recipient = payload.get("recipient")
    if isinstance(recipient, dict):
        recipient = recipient.get("id")
    event = str(payload["event_name"])
    when = message.get("delivery_time") or payload.get("timestamp")
    tracking = message.get("tracking_id")
    key = f"{event}:{msg_id}" if msg_id else f"{event}:{tracking}:{payload.get('timestamp')}"
    return DeliveryReport(
        event=event,
        msg_id=None if msg_id is None else str(msg_id),
        tracking_id=None if tracking is None else str(tracking),
        delivered_at=_ms(when),
        recipient=None if recipient is None else str(recipient),
        key=key,
        payload=payload,
    )
