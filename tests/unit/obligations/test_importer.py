"""The plan-text importer on the seeds' tricky lines (obligations/importer.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from obligations.importer import fold, import_plan, parse_reviews
from obligations.schema import FestivalSpec, PlanDoc

PLAN = PlanDoc.model_validate(
    {
        "kind": "plan",
        "id": "tn",
        "title": "Tây Ninh",
        "owner": "tn-bdv",
        "units": [
            {"code": "tn-tu", "name": "Tỉnh ủy Tây Ninh", "kind": "party-committee"},
            {
                "code": "tn-bdv",
                "name": "Ban Dân vận Tỉnh ủy Tây Ninh",
                "kind": "party-commission",
                "supervisor": "tn-tu",
                "email": "bdv@tn.example",
                "head": {"name": "Trưởng ban", "email": "tb@tn.example"},
            },
            {
                "code": "tn-hoa-thanh",
                "name": "Thị ủy Hòa Thành",
                "kind": "party-committee",
                "supervisor": "tn-tu",
                "email": "ht@tn.example",
                "head": {"name": "Bí thư", "email": "bt@ht.example"},
            },
        ],
    }
)
VU_LAN = FestivalSpec.model_validate(
    {"id": "vu-lan", "name": "Lễ Vu Lan", "religion": "Phật giáo", "rule": "yearly on lunar 15/7"}
)
HEADER = "TỈNH ỦY TÂY NINH\nBAN DÂN VẬN\n\nCHƯƠNG TRÌNH CÔNG TÁC\n\nNăm 2024\n\n"


def programme(*items: str, month: int = 8) -> str:
    return HEADER + f"{month}. Tháng {month}:\n\n" + "\n".join(items) + "\n"


def imported(text: str) -> tuple[dict[str, Any], dict[int, list[str]]]:
    result = import_plan(text, doc_id="t", file_name="t.txt", plans=[PLAN], festivals=[VU_LAN])
    problems: dict[int, list[str]] = {}
    for problem in result.problems:
        problems.setdefault(problem.line, []).append(problem.message)
    return result.document, problems


def test_two_directives_of_one_item_are_two_reviews_each_with_its_own_kind_and_years() -> None:
    reviews, problems = parse_reviews(
        "Tổng kết 10 năm thực hiện Nghị quyết số 25-NQ/TW, ngày 03-6-2013 của Ban Chấp hành "
        "Trung ương (khóa XI) về tăng cường công tác dân vận; sơ kết 5 năm thực hiện Kết luận "
        "số 43-KL/TW, ngày 07-01-2019 của Ban Bí thư (khóa XII) về tiếp tục thực hiện Nghị "
        "quyết số 25-NQ/TW."
    )
    assert problems == []
    assert [(r.directive.code, r.review, r.years) for r in reviews] == [
        ("25-NQ/TW", "tong-ket", 10),
        ("43-KL/TW", "so-ket", 5),
    ]
    assert reviews[0].directive.title == "về tăng cường công tác dân vận"
    assert reviews[1].directive.issuer == "Ban Bí thư (khóa XII)"


def test_a_directive_a_title_cites_with_its_date_is_not_reviewed() -> None:
    reviews, _ = parse_reviews(
        "Tổng kết 10 năm thực hiện Kết luận số 79-KL/TW, ngày 25-12-2013 của Bộ Chính trị "
        "(khóa XI) về đẩy mạnh thực hiện Nghị quyết số 20-NQ/TW, ngày 28-01-2008 của Ban Chấp "
        "hành Trung ương (khóa X) về tiếp tục xây dựng giai cấp công nhân Việt Nam."
    )
    assert [r.directive.code for r in reviews] == ["79-KL/TW"]
    assert reviews[0].directive.issued == date(2013, 12, 25)
    assert "Nghị quyết số 20-NQ/TW, ngày 28-01-2008" in reviews[0].directive.title


def test_a_directive_after_a_semicolon_takes_the_review_and_years_before_it() -> None:
    reviews, _ = parse_reviews(
        "Tổng kết 10 năm thực hiện Quyết định số 217-QĐ/TW, ngày 12-12-2013 của Bộ Chính trị "
        "(khóa XI) về ban hành Quy chế giám sát; Quyết định số 218-QĐ/TW, ngày 12-12-2013 của "
        "Bộ Chính trị (khóa XI) về ban hành Quy định góp ý; 05 năm thực hiện Thông báo Kết "
        "luận số 158-TB/TW, ngày 02/01/2020 của Ban Bí thư về hội quần chúng."
    )
    assert [(r.directive.code, r.review, r.years, r.directive.kind) for r in reviews] == [
        ("217-QĐ/TW", "tong-ket", 10, "Quyết định"),
        ("218-QĐ/TW", "tong-ket", 10, "Quyết định"),
        ("158-TB/TW", "tong-ket", 5, "Thông báo"),
    ]


def test_old_and_new_tone_placement_are_the_same_name() -> None:
    assert fold("Ban Thường vụ Thị uỷ Hoà Thành") == fold("Ban Thường vụ Thị ủy Hòa Thành")
    assert fold("khoá XI") == fold("khóa  XI")


def test_a_code_broken_over_a_page_is_read_whole() -> None:
    document, _ = imported(
        programme(
            "- Công văn chỉ đạo sơ kết 05 năm thực hiện Kết luận số 65-KL/TW, ngày 30/10/2019 "
            "của Bộ Chính trị về tiếp tục thực hiện Nghị quyết số 24-",
            "",
            "NQ/TW, ngày 12/3/2003 của Ban Chấp hành Trung ương về công tác dân tộc.",
        )
        + "\n10. Tháng 10:\n\n- Báo cáo sơ kết 05 năm thực hiện Kết luận số 65-KL/TW, ngày "
        "30/10/2019 của Bộ Chính trị về công tác dân tộc.\n"
    )
    (review,) = document["obligations"]
    assert review["review"] == {"kind": "so-ket", "years": 5, "due": "2024-10"}
    assert review["steps"][0] == {"id": "guidance-letter", "due": "in month -2"}
    assert "Nghị quyết số 24-NQ/TW, ngày 12/3/2003" in document["directives"][0]["title"]


def test_two_items_on_one_line_are_two_the_conditional_one_listed_the_other_a_task() -> None:
    document, problems = imported(
        programme(
            "- Tham mưu xử lý những vấn đề phát sinh (nếu có). - Thông báo tình hình tháng 8/2024."
        )
    )
    (task,) = document["obligations"]
    assert (task["family"], task["rule"], task["lead"]) == ("task", "once in 2024-08", "tn-bdv")
    assert task["name"] == "Thông báo tình hình tháng 8/2024"
    assert any("conditional" in message for message in problems[10])


def test_a_festival_spelt_without_its_diacritics_and_a_visit_word_is_a_holiday_visit() -> None:
    document, _ = imported(programme("- Dự lễ VU LAN tại các điểm Chùa (ngày 18/8/2024)."))
    (visit,) = document["obligations"]
    assert (visit["family"], visit["festival"]) == ("holiday-visit", "vu-lan")
    report, _ = imported(programme("- Báo cáo tình hình sau lễ Vu Lan."))
    assert report["obligations"][0]["family"] == "task"  # no visit: a report in its month


def test_a_standing_committee_maps_to_its_committee_and_says_so() -> None:
    document, problems = imported(
        programme(
            "- Tổ chức giám sát việc thực hiện Quy chế dân chủ đối với Ban Thường vụ Thị uỷ "
            "Hoà Thành và Ban Thường vụ Huyện uỷ Không Có."
        )
    )
    (supervision,) = document["obligations"]
    assert supervision["rule"] == "once in 2024-08"
    assert supervision["units"][0] == "tn-hoa-thanh"
    created = [u for u in document["units"] if u["code"] == supervision["units"][1]]
    assert created
    assert "cần rà soát" in created[0]["note"]
    messages = " ".join(problems[10])
    assert "mapped to tn-hoa-thanh" in messages
    assert "created" in messages
    assert "Huyện uỷ Không Có" in messages


def test_a_text_without_an_owner_is_refused_with_what_to_give() -> None:
    other = PLAN.model_copy(update={"id": "other"})
    with pytest.raises(ValueError, match="give --owner CODE"):
        import_plan("PHỤ LỤC\n", doc_id="t", file_name="t.txt", plans=[PLAN, other])
