"""Signed links: what `verify` accepts and refuses, without a ledger."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest

from ledger import links
from ledger.links import LinkRefused, LinkSigner, sign, verify

SECRET = b"a secret only the office knows"
NOW = datetime(2024, 1, 10, 1, 30, tzinfo=UTC)  # 08:30 in Tây Ninh
SIGNER = LinkSigner(SECRET, "http://127.0.0.1:8790/", ttl_days=60)


def token_of(url: str) -> str:
    return url.split("?t=", 1)[1]


def refusal(token: str, task_id: int = 42, action: links.Action = "acknowledge") -> str:
    with pytest.raises(LinkRefused) as caught:
        verify(SECRET, token, task_id, action, NOW)
    return caught.value.code


def test_a_link_names_its_task_and_action_in_its_path() -> None:
    ack, submit = SIGNER.urls(42, NOW)
    assert ack.startswith("http://127.0.0.1:8790/nhiem-vu/42/da-nhan?t=")
    assert submit.startswith("http://127.0.0.1:8790/nhiem-vu/42/da-nop?t=")
    assert len(token_of(ack)) == 48  # short enough for a Zalo message


def test_a_genuine_link_is_accepted_until_it_expires() -> None:
    token = token_of(SIGNER.url(42, "submit", NOW))
    claims = verify(SECRET, token, 42, "submit", NOW + timedelta(days=59))
    assert (claims.task_id, claims.action) == (42, "submit")
    assert claims.expires_at == NOW + timedelta(days=60)
    with pytest.raises(LinkRefused) as caught:
        verify(SECRET, token, 42, "submit", NOW + timedelta(days=60))
    assert caught.value.code == "expired"
    assert "hết hạn" in caught.value.reason


def test_every_character_changed_makes_a_tampered_link() -> None:
    token = token_of(SIGNER.url(42, "acknowledge", NOW))
    for i in range(len(token)):
        changed = token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]
        assert refusal(changed) in ("tampered",), i


def test_a_truncated_or_garbled_token_is_tampered() -> None:
    token = token_of(SIGNER.url(42, "acknowledge", NOW))
    assert refusal(token[:-1]) == "tampered"
    assert refusal("") == "tampered"
    assert refusal("không-phải-token") == "tampered"
    assert refusal(token + "AAAA") == "tampered"


def test_a_link_signed_under_another_secret_is_tampered() -> None:
    other = LinkSigner(b"another office's secret", "http://x", 60)
    assert refusal(token_of(other.url(42, "acknowledge", NOW))) == "tampered"


def test_a_link_for_another_task_is_refused() -> None:
    token = token_of(SIGNER.url(41, "acknowledge", NOW))
    assert refusal(token, task_id=42) == "task"


def test_a_link_for_the_other_action_is_refused() -> None:
    token = token_of(SIGNER.url(42, "acknowledge", NOW))
    assert refusal(token, action="submit") == "action"


def test_two_links_for_the_same_task_and_instant_differ() -> None:
    # Each its own single use: a reminder's link is not spent by the opening's.
    assert SIGNER.url(42, "submit", NOW) != SIGNER.url(42, "submit", NOW)


def test_the_signature_covers_a_fixed_layout() -> None:
    # Pinned: the same inputs give the same token (a change of layout breaks sent links).
    expires = datetime(2024, 3, 10, 1, 30, tzinfo=UTC)
    token = sign(b"k", 7, "acknowledge", expires, nonce=b"\x00" * 6)
    raw = base64.urlsafe_b64decode(token)
    # version 1, task 7 (8 bytes), action 1, expiry (4 bytes), nonce (6), HMAC (16)
    assert raw[:10] == bytes([1, 0, 0, 0, 0, 0, 0, 0, 7, 1])
    assert int.from_bytes(raw[10:14]) == 1710034200  # 2024-03-10T01:30:00Z
    assert len(raw) == 36
    assert verify(b"k", token, 7, "acknowledge", NOW).expires_at == expires
