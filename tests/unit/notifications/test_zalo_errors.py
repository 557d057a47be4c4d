"""Zalo's error codes mapped to what the outbox does; answers read from the body, any status."""

from __future__ import annotations

import logging

import httpx
import pytest

from notifications.channels import Category, Delivery
from notifications.config import ZaloSettings
from notifications.zalo import DELIVERY, categorise, read_answer, tracking_id_for, verify_webhook

AUTH = [-124, -216, -220]
RECIPIENT = [-108, -110, -114, -118, -119, -139, -141, -213, -222, -227, -230, -232, -244]
QUOTA = [-115, -126, -137, -144, -147, -160, -211, -311]
CONFIG = [-101, -102, -103, -104, -105, -106, -107, -109, -111, -112, -113, -116, -117]
CONFIG += [-131, -135, -136, -145]
TRANSIENT = [-100, -32]


@pytest.mark.parametrize(
    ("code", "category"),
    [(c, "auth") for c in AUTH]
    + [(c, "recipient") for c in RECIPIENT]
    + [(c, "quota") for c in QUOTA]
    + [(c, "config") for c in CONFIG]
    + [(c, "transient") for c in TRANSIENT],
)
def test_each_known_code_has_its_category(code: int, category: str) -> None:
    assert categorise(code) == category


def test_an_unknown_code_is_logged_loudly_and_retried(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="notifications.zalo"):
        assert categorise(-999) == "transient"
    assert [r.levelname for r in caplog.records] == ["ERROR"]
    assert "-999" in caplog.records[0].getMessage()


def test_the_settings_override_a_code() -> None:
    settings = ZaloSettings(
        app_id="1", app_secret="s", oa_secret="o", error_categories={"-999": "recipient"}
    )
    assert settings.error_categories == {-999: Category.RECIPIENT}
    assert categorise(-999, settings.error_categories) == "recipient"
    assert categorise(-118, {-118: Category.TRANSIENT}) == "transient"


def test_each_category_says_what_the_outbox_does() -> None:
    assert dict(DELIVERY) == {
        Category.AUTH: Delivery.CONFIG,
        Category.RECIPIENT: Delivery.FAILED,
        Category.QUOTA: Delivery.CONFIG,
        Category.CONFIG: Delivery.CONFIG,
        Category.TRANSIENT: Delivery.RETRY,
    }


def test_an_error_is_read_from_the_body_even_on_a_non_200_and_as_a_numeric_string() -> None:
    answer = read_answer(httpx.Response(400, json={"error": "-118", "message": "Zalo account"}))
    assert (answer.status, answer.code, answer.message) == (400, -118, "Zalo account")


def test_a_body_that_is_not_json_has_no_code() -> None:
    answer = read_answer(httpx.Response(502, text="<html>Bad gateway</html>"))
    assert (answer.status, answer.code) == (502, None)


def test_a_success_without_an_error_field_is_success() -> None:
    assert read_answer(httpx.Response(200, json={"data": {"msg_id": "1"}})).code == 0


def test_the_tracking_id_is_a_short_plain_digest_of_the_dedupe_key() -> None:
    assert tracking_id_for("notice:42:zalo-zns:84987654321") == (
        "dd92c1c5412c813d96d8857109a520ffe5d65bc1dd"
    )


WEBHOOK = (
    b'{"app_id":"1234567890","event_name":"user_received_message","message":{"msg_id":'
    b'"5c4ee6a000000009692026","tracking_id":"notif_2026_000123","delivery_time":'
    b'"1714529560000"},"timestamp":"1714529560123"}'
)
MAC = "mac=526a1e460b24fcbbed7b73b37894335220394cb9d3740e88ca6f3570ed25ec4e"


def test_a_webhook_signed_over_app_id_body_timestamp_and_oa_secret_is_accepted() -> None:
    headers = {"x-zevent-signature": MAC}
    assert verify_webhook(WEBHOOK, headers, "1234567890", "fake-oa-secret")


def test_a_webhook_with_another_secret_body_or_no_signature_is_refused() -> None:
    headers = {"X-ZEvent-Signature": MAC}
    assert not verify_webhook(WEBHOOK, headers, "1234567890", "another-secret")
    assert not verify_webhook(WEBHOOK.replace(b"0000009", b"0000008"), headers, "1234567890",
                              "fake-oa-secret")  # fmt: skip
    assert not verify_webhook(WEBHOOK, {}, "1234567890", "fake-oa-secret")
