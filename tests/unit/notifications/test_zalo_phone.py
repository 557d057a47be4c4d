"""Phone numbers in Zalo's form (84 and the national number), refused before calling Zalo."""

from __future__ import annotations

import pytest

from notifications.zalo import InvalidPhone, normalise_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0987 654 321", "84987654321"),
        ("+84 (98) 765-4321", "84987654321"),
        ("84987654321", "84987654321"),
        ("987654321", "84987654321"),
        ("0987.654.321", "84987654321"),
        ("+84 0987 654 321", "84987654321"),
        ("0333123456", "84333123456"),
        ("0562345678", "84562345678"),
        ("0701234567", "84701234567"),
        ("0842345678", "84842345678"),
        ("842345678", "84842345678"),  # 084… with its 0 lost, not the country code
    ],
)
def test_a_vietnamese_mobile_number_is_written_84_and_nine_digits(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "01234567890",  # the 11-digit numbers went in 2018
        "0243 825 1234",  # a Hà Nội landline
        "0212345678",  # no mobile prefix 2
        "+1 415 555 0100",
        "8498765432",
        "",
        "không có",
    ],
)
def test_anything_but_a_vietnamese_mobile_number_is_refused(raw: str) -> None:
    with pytest.raises(InvalidPhone):
        normalise_phone(raw)


def test_the_refusal_is_a_vietnamese_sentence_showing_only_the_last_digits() -> None:
    with pytest.raises(InvalidPhone) as refused:
        normalise_phone("01234567890")
    assert str(refused.value) == (
        "Số điện thoại ********890 không phải số di động Việt Nam hợp lệ: cần 10 chữ số bắt "
        "đầu bằng 03, 05, 07, 08 hoặc 09 (ví dụ 0987654321), hãy sửa số trong danh bạ đơn vị."
    )
    assert isinstance(refused.value, ValueError)
