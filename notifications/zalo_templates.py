"""Zalo ZNS templates: what dondoc fills in the templates an office had approved — pure.

Zalo sends only templates approved beforehand, each with named parameters of a bounded length.
A plan registers its templates (`notifications.zalo_templates` in the plan file: an id and each
parameter's longest value); dondoc fills the parameters it knows from the notice, as plain text
(no control characters, no line breaks), each shortened to its registered length.

The parameters dondoc can fill are `FILLED`, by notice template (obligations/schema.py lists
the same names, as ZALO_PARAMS, for `dondoc plan check`; a test holds the two together).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ELLIPSIS = "…"
NOTICES = (
    "open",
    "remind",
    "overdue",
    "escalate-head",
    "escalate-supervisor",
    "moved",
    "unacknowledged",
    "escalate-standing",
)
DIGEST = "digest"
ALERT = "alert"
TEMPLATE_NAMES = (*NOTICES, DIGEST, ALERT)

# What each parameter holds: ASCII names, as Zalo's template editor takes them.
PARAM_MEANINGS = {
    "nguoi_nhan": "người nhận (đơn vị, đồng chí lãnh đạo)",
    "don_vi": "đơn vị thực hiện",
    "co_quan": "cơ quan đôn đốc",
    "noi_dung": "nội dung công việc (một tin tổng hợp: các việc; một cảnh báo: lý do)",
    "viec": "việc được giao (bước của nhiệm vụ)",
    "ky": "kỳ báo cáo, đợt",
    "han_nop": "thời hạn (dd/mm/yyyy; tin tổng hợp: thời hạn sớm nhất)",
    "so_ngay": "số ngày còn lại, hoặc số ngày làm việc quá hạn",
    "ma_viec": "mã nhiệm vụ",
    "ngay": "ngày gửi (dd/mm/yyyy)",
    "ly_do": "lý do điều chỉnh",
    "so_viec": "số việc trong tin tổng hợp",
    "so_qua_han": "số việc quá hạn trong tin tổng hợp",
}
_TASK_PARAMS = (
    "nguoi_nhan",
    "don_vi",
    "co_quan",
    "noi_dung",
    "viec",
    "ky",
    "han_nop",
    "so_ngay",
    "ma_viec",
    "ngay",
)
FILLED: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(NOTICES[:5], _TASK_PARAMS),
    "moved": (*_TASK_PARAMS, "ly_do"),
    "unacknowledged": _TASK_PARAMS,
    "escalate-standing": _TASK_PARAMS,
    DIGEST: ("nguoi_nhan", "ngay", "so_viec", "so_qua_han", "noi_dung", "han_nop"),
    ALERT: ("ngay", "noi_dung"),
}


@dataclass(frozen=True)
class ZaloTemplate:
    """An approved ZNS template: its id, and (parameter, longest value) in registered order."""

    id: str
    params: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, spec: Mapping[str, Any]) -> ZaloTemplate:
        """From a plan's registration as JSON: {"id": "…", "params": {"don_vi": 30, …}}."""
        params = spec.get("params") or {}
        return cls(str(spec["id"]), tuple((str(k), int(v)) for k, v in params.items()))


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def plain(value: str, *, lines: bool = False) -> str:
    """Text as Zalo shows it: composed (NFC), no control characters; runs of spaces and (unless
    `lines`) line breaks folded into one space. Zalo renders no markup: nothing is escaped."""
    value = unicodedata.normalize("NFC", value)
    if lines:
        kept = [" ".join(_CONTROL.sub(" ", line).split()) for line in value.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")
    return " ".join(_CONTROL.sub(" ", value).split())


def shorten(value: str, limit: int) -> str:
    """`value` in at most `limit` characters: cut with "…" inside the limit when longer.

    >>> shorten("Ban Dân vận Huyện ủy Gò Dầu", 12)
    'Ban Dân vận…'
    >>> shorten("Gò Dầu", 12)
    'Gò Dầu'
    """
    if len(value) <= limit:
        return value
    if limit <= 1:
        return ELLIPSIS[:limit]
    return value[: limit - 1].rstrip() + ELLIPSIS


def fill(template: ZaloTemplate, values: Mapping[str, str]) -> dict[str, Any]:
    """The payload of one ZNS message: the template's id and each registered parameter, plain
    and shortened to its length (a parameter dondoc has no value for is sent empty)."""
    data = {name: shorten(plain(values.get(name, "")), limit) for name, limit in template.params}
    return {"template_id": template.id, "template_data": data}
