"""Hypothesis strategies for valid catalogue plans: units, policies and obligations of every
family, as a province would write them in plans/*.yaml.

Every document drawn here is valid: the loader must take it (a refusal is a bug of the loader
or of this module, and the property that loads it says which file and line). It uses the
seed calendar files (plans/calendar/) for its festivals and working days.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from calendars.periods import PERIODS_PER_YEAR, PeriodKind

FESTIVALS = [
    "tet-nguyen-dan",
    "dai-le-duc-chi-ton",
    "phat-dan",
    "vu-lan",
    "chol-chnam-thmay",
    "sene-dolta",
    "ok-om-bok",
    "giang-sinh",
    "phuc-sinh",
    "kate",
]
RULE_FAMILIES = ["steering-meeting", "supervision", "campaign", "event", "term-milestone", "task"]
TAGS = ["bao-cao", "huyen", "doan-the"]
DAYS = st.dates(date(2019, 1, 1), date(2031, 12, 31))


def _mail(code: str) -> str:
    return f"{code}@tinh.example"


def _near(draw: st.DrawFn, start: date, before: int, after: int) -> date:
    """A day around the plan's tracking start, where it changes what is planned."""
    return start + timedelta(days=draw(st.integers(-before, after)))


@st.composite
def units(draw: st.DrawFn, start: date) -> list[dict[str, Any]]:
    """The province (`tw`), the office that keeps the plan (`vp`) and 1–6 units under it.

    Every unit has an address and a head with one, and a supervisor with an address: the default
    escalation (head, then supervisor) reaches everyone. Some units end (a `valid_to`), and
    some of those are merged into a unit that does not end.
    """
    top: dict[str, Any] = {
        "code": "tw",
        "name": "Tỉnh ủy",
        "kind": "party-committee",
        "email": _mail("tw"),
    }
    office: dict[str, Any] = {
        "code": "vp",
        "name": "Văn phòng",
        "kind": "party-commission",
        "supervisor": "tw",
        "email": _mail("vp"),
        "head": {"name": "Chánh Văn phòng", "email": _mail("cvp")},
    }
    found = [top, office]
    for index in range(draw(st.integers(1, 6))):
        code = f"dv-{index}"
        unit: dict[str, Any] = {
            "code": code,
            "name": f"Đơn vị {index}",
            "kind": draw(st.sampled_from(["party-commission", "state-agency", "fatherland-front"])),
            "parent": "vp",
            "supervisor": "vp",
            "email": _mail(code),
            "head": {"name": f"Trưởng đơn vị {index}", "email": _mail(f"truong-{code}")},
        }
        tags = draw(st.lists(st.sampled_from(TAGS), unique=True, max_size=2))
        if tags:
            unit["tags"] = tags
        if draw(st.integers(0, 4)) == 0:
            unit["valid_from"] = _near(draw, start, 100, 400)
        if draw(st.integers(0, 3)) == 0:
            unit["valid_to"] = max(unit.get("valid_from", start), _near(draw, start, 50, 600))
            lasting = [
                u["code"] for u in found[1:] if "valid_to" not in u and "valid_from" not in u
            ]
            if draw(st.booleans()):
                unit["merged_into"] = draw(st.sampled_from(lasting))
        found.append(unit)
    return found


@st.composite
def policies(draw: st.DrawFn) -> dict[str, Any]:
    chase = {
        "doc": {
            "before_due": sorted(draw(st.sets(st.integers(0, 10), max_size=4))),
            "after_due": {"every": draw(st.integers(1, 5)), "max": draw(st.integers(0, 4))},
        }
    }
    afters = sorted(draw(st.sets(st.integers(1, 20), min_size=1, max_size=3)))
    ladder = [
        {"level": i + 1, "after": after, "notify": draw(st.sampled_from(["unit", "head"]))}
        for i, after in enumerate(afters)
    ]
    if draw(st.booleans()):
        ladder.append({"level": len(ladder) + 1, "after": afters[-1] + 1, "notify": "supervisor"})
    return {"chase": chase, "escalation": {"thang": ladder}}


def _period_due(draw: st.DrawFn, kind: PeriodKind) -> str:
    forms = ["day", "workdays"]
    if kind in (PeriodKind.YEARLY, PeriodKind.NINE_MONTHS):
        forms += ["fixed", "before"]
    form = draw(st.sampled_from(forms))
    if form == "day":
        return f"day {draw(st.integers(1, 31))}"
    if form == "workdays":
        return f"{draw(st.integers(1, 20))} workdays after cutoff"
    day, month = draw(st.integers(1, 28)), draw(st.integers(1, 12))
    return f"{'before ' if form == 'before' else ''}{day}/{month}"


RULES = st.one_of(
    st.builds(lambda n: f"monthly on day {n}", st.integers(1, 31)),
    st.builds(lambda n: f"monthly on workday {n}", st.sampled_from([1, 2, 5, -1, -2])),
    st.builds(
        lambda n, m: f"quarterly on day {n} of month {m}", st.integers(1, 28), st.integers(1, 3)
    ),
    st.builds(
        lambda n, m: f"half-yearly on workday {n} of month {m}",
        st.integers(1, 5),
        st.integers(1, 6),
    ),
    st.builds(lambda d, m: f"yearly on {d}/{m}", st.integers(1, 28), st.integers(1, 12)),
    st.just("twice-yearly on 1/7 and 1/12"),
    st.builds(lambda d, m: f"yearly on lunar {d}/{m}", st.integers(1, 30), st.integers(1, 12)),
    st.builds(lambda y, q: f"once in {y}-Q{q}", st.integers(2020, 2030), st.integers(1, 4)),
    st.builds(
        lambda first, length: f"once on {first} to {first + timedelta(days=length)}",
        DAYS,
        st.integers(0, 5),
    ),
)
OPENS = st.builds(
    lambda n, unit: f"{n} {unit} before due",
    st.integers(0, 30),
    st.sampled_from(["days", "workdays"]),
)
STEP_DUES = st.sampled_from(
    ["on anchor", "5 days before", "3 workdays before", "1 month before", "2 workdays after"]
)


@st.composite
def obligations(
    draw: st.DrawFn, unit_codes: list[str], tags: list[str], start: date
) -> list[dict[str, Any]]:
    """1–4 obligations of any family, owed by the plan's units (by code and/or tag)."""
    found = []
    for index in range(draw(st.integers(1, 4))):
        family = draw(st.sampled_from(["periodic-report", "rule", "holiday-visit", "review"]))
        ob: dict[str, Any] = {"id": f"nv-{index}", "name": f"Nghĩa vụ {index}"}
        owing = draw(st.lists(st.sampled_from(unit_codes), unique=True, max_size=3))
        if owing or not tags:
            ob["units"] = owing or [unit_codes[0]]
        if tags and (not owing or draw(st.booleans())):
            ob["unit_tags"] = [draw(st.sampled_from(tags))]
        if draw(st.booleans()):
            ob["lead"] = draw(st.sampled_from(unit_codes))
        if family == "periodic-report":
            kind = draw(st.sampled_from(list(PeriodKind)))
            ob |= {
                "family": "periodic-report",
                "period": kind.value,
                "due": _period_due(draw, kind),
            }
            count = PERIODS_PER_YEAR[kind]
            if count > 1 and draw(st.booleans()):
                ob["only"] = sorted(draw(st.sets(st.integers(1, count), min_size=1)))
            window = draw(st.sampled_from(["decree-09", "calendar", "cutoff 15", "cutoff 28"]))
            if kind is PeriodKind.YEARLY and draw(st.booleans()):
                window = "15/12 to 14/11"
            ob["window"] = window
            if draw(st.booleans()):
                ob["shift"] = draw(st.sampled_from(["next", "previous", "none"]))
        elif family == "rule":
            ob |= {"family": draw(st.sampled_from(RULE_FAMILIES)), "rule": draw(RULES)}
        elif family == "holiday-visit":
            ob |= {"family": "holiday-visit", "festival": draw(st.sampled_from(FESTIVALS))}
        else:
            del ob["name"]  # a review is named after its directive
            review: dict[str, Any] = {"kind": draw(st.sampled_from(["so-ket", "tong-ket"]))}
            if draw(st.booleans()):
                review["every"] = draw(st.integers(1, 5))
                review["due"] = draw(st.sampled_from(["quarter", "quarter +1", "month +1"]))
            else:
                review["years"] = draw(st.integers(1, 10))
            ob |= {"family": "directive-review", "directive": "65-KL/TW", "review": review}
            ob["coordinating"] = draw(
                st.lists(st.sampled_from(unit_codes), min_size=1, unique=True)
            )
        if draw(st.booleans()):
            ob["opens"] = draw(OPENS)
        if draw(st.integers(0, 3)) == 0:
            ob["valid_from"] = _near(draw, start, 100, 400)
        if draw(st.integers(0, 3)) == 0:
            ob["valid_to"] = max(ob.get("valid_from", start), _near(draw, start, 50, 800))
        if draw(st.booleans()):
            ob["chase"] = "doc"
        if draw(st.booleans()):
            ob["escalation"] = "thang"
        if draw(st.integers(0, 3)) == 0:  # a step of its own, after the family's last
            ob["steps"] = [
                {
                    "id": "them",
                    "kind": "report",
                    "name": "Báo cáo thêm",
                    "owner": draw(st.sampled_from(["lead", "office", "owing"])),
                    "due": draw(STEP_DUES),
                }
            ]
        if draw(st.integers(0, 4)) == 0:
            ob["label"] = "{period} – {year}"
        found.append(ob)
    return found


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    """A valid plan document (as the YAML file's mapping)."""
    start = draw(st.dates(date(2020, 1, 1), date(2029, 12, 31)))
    plan_units = draw(units(start))
    owing = [u["code"] for u in plan_units[1:]]
    tags = sorted({tag for u in plan_units for tag in u.get("tags", ())})
    document: dict[str, Any] = {
        "kind": "plan",
        "id": "ke-hoach",
        "title": "Kế hoạch thử",
        "owner": "vp",
        "tracking_from": start,
        "units": plan_units,
        "directives": [
            {
                "code": "65-KL/TW",
                "kind": "Kết luận",
                "issuer": "Bộ Chính trị",
                # so that some anniversaries (1–10 years) fall in the planned years
                "issued": _near(draw, start, 10 * 366, 0),
                "title": "về tiếp tục thực hiện Nghị quyết",
            }
        ],
        "obligations": draw(obligations(owing, tags, start)),
    }
    if draw(st.booleans()):
        document["policies"] = draw(policies())
    else:
        document["policies"] = draw(policies()) | {"escalation": {"thang": []}}
    return document
