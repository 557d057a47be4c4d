"""An ad-hoc request (yêu cầu đột xuất) becomes an obligation, or is refused with sentences a
clerk can act on. Dates from the official calendar: 2/9 and 3/9/2024 off (Quốc khánh), the
Tây Ninh district commissions dissolved after 30/6/2025 (plans/tay-ninh-2024.yaml)."""

from __future__ import annotations

from datetime import date

import pytest

from obligations.expand import expand, tasks_of
from obligations.loader import REQUESTS_FILE, Catalogue, LoadedDocument, spec_hash
from obligations.requests import (
    AdHocRequest,
    RequestError,
    build_request,
    existing,
    parse_input,
    request_key,
    requests_document,
)

D = date
ASKED = ("tn-mttq", "tn-ldld", "tn-hnd")
DISTRICT_COMMISSIONS = {
    "tn-bdv-tp-tay-ninh",
    "tn-bdv-hoa-thanh",
    "tn-bdv-trang-bang",
    "tn-bdv-tan-bien",
    "tn-bdv-tan-chau",
    "tn-bdv-duong-minh-chau",
    "tn-bdv-chau-thanh",
    "tn-bdv-ben-cau",
    "tn-bdv-go-dau",
}


def made(catalogue: Catalogue, on: date, **values: object) -> AdHocRequest:
    given = {"title": "Báo cáo nhanh tình hình an ninh nông thôn", "units": ASKED} | values
    return build_request(parse_input(given), catalogue, on)


def problems(catalogue: Catalogue, on: date, **values: object) -> list[str]:
    with pytest.raises(RequestError) as error:
        made(catalogue, on, **values)
    return error.value.problems


def test_a_request_opens_on_its_day_and_is_due_on_its_deadline_for_each_unit_named(
    demo_catalogue: Catalogue,
) -> None:
    request = build_request(
        parse_input(
            {"title": "Báo cáo nhanh", "units": list(ASKED), "due": "2024-10-16", "note": "Gấp"}
        ),
        demo_catalogue,
        D(2024, 10, 9),
    )
    ob = request.obligation
    assert request.plan.id == "tay-ninh-2024"
    assert ob.family == "ad-hoc-request"
    assert ob.source == "Yêu cầu đột xuất của Ban Dân vận Tỉnh ủy Tây Ninh ngày 09/10/2024"
    assert ob.note == "Gấp"
    document = requests_document(request, None)
    assert document.id == "tay-ninh-2024-dot-xuat"
    assert document.owner == "tn-bdv"
    assert document.policies == request.plan.policies  # chased as the plan's own obligations
    loaded = LoadedDocument(document, REQUESTS_FILE, spec_hash(document.model_dump(mode="json")))
    catalogue = Catalogue((*demo_catalogue.documents, loaded))
    planned = expand(catalogue, D(2025, 12, 31), {document.id: D(2024, 10, 9)}, {"ad-hoc-request"})
    found = {
        (t.unit_code, t.opens_on, t.due_on, t.occurrence_label) for t in tasks_of(planned[ob.id])
    }
    label = "Yêu cầu ngày 09/10/2024"
    assert found == {(code, D(2024, 10, 9), D(2024, 10, 16), label) for code in ASKED}


def test_the_same_request_made_twice_has_one_id_and_another_deadline_another(
    demo_catalogue: Catalogue,
) -> None:
    first = made(demo_catalogue, D(2024, 10, 9), due="2024-10-16")
    again = made(
        demo_catalogue,
        D(2024, 10, 10),
        due="2024-10-16",
        title="  báo cáo nhanh tình hình AN NINH nông thôn ",
        units=("tn-hnd", "tn-mttq", "tn-ldld"),
        note="nhắc lại",
    )
    later = made(demo_catalogue, D(2024, 10, 9), due="2024-10-17")
    assert first.id == again.id
    assert first.id != later.id
    assert request_key("tay-ninh-2024", "A", ("x",), D(2024, 1, 2)) != request_key(
        "tay-ninh-2024", "B", ("x",), D(2024, 1, 2)
    )


def test_a_request_id_given_twice_for_different_requests_is_refused(
    demo_catalogue: Catalogue,
) -> None:
    first = made(demo_catalogue, D(2024, 10, 9), due="2024-10-16", request_id="yc-01")
    held = requests_document(first, None)
    same = made(demo_catalogue, D(2024, 10, 9), due="2024-10-16", request_id="yc-01")
    assert existing(same, held) == first.obligation
    other = made(demo_catalogue, D(2024, 10, 9), due="2024-10-18", request_id="yc-01")
    with pytest.raises(RequestError) as error:
        existing(other, held)
    assert error.value.problems == [
        "mã yêu cầu 'yc-01' đã dùng cho một yêu cầu khác (\"Báo cáo nhanh tình hình an ninh "
        'nông thôn", hạn 16/10/2024): dùng một mã khác, hoặc bỏ trống để hệ thống tự đặt'
    ]


def test_a_tag_names_the_plans_units_that_exist_on_the_deadline(demo_catalogue: Catalogue) -> None:
    request = made(
        demo_catalogue,
        D(2024, 10, 9),
        due="2024-10-16",
        units=(),
        unit_tags=["district-commission"],
    )
    assert set(request.obligation.units) == DISTRICT_COMMISSIONS
    # The district commissions end on 30/6/2025.
    assert problems(
        demo_catalogue, D(2025, 7, 1), due="2025-07-08", units=(), unit_tags=["district-commission"]
    ) == ["các nhóm đơn vị đã nêu không còn đơn vị nào hoạt động vào ngày hạn"]


def test_unknown_units_and_tags_are_named(demo_catalogue: Catalogue) -> None:
    assert problems(
        demo_catalogue,
        D(2024, 10, 9),
        due="2024-10-16",
        units=("tn-mttq", "tn-mtq"),
        unit_tags=["huyen"],
    ) == [
        "không có đơn vị mã 'tn-mtq' trong danh mục",
        "kế hoạch 'tay-ninh-2024' không có đơn vị nào thuộc nhóm 'huyen'",
    ]


def test_a_deadline_in_the_past_or_on_a_day_off_is_refused_with_working_days_to_choose(
    demo_catalogue: Catalogue,
) -> None:
    assert problems(demo_catalogue, D(2024, 10, 9), due="2024-10-08") == [
        "hạn 08/10/2024 đã qua (hôm nay là 09/10/2024): chọn một ngày từ hôm nay"
    ]
    (holiday,) = problems(demo_catalogue, D(2024, 8, 26), due="2024-09-03")
    assert holiday.startswith("hạn 03/09/2024 là ngày nghỉ (")
    assert holiday.endswith("chọn một ngày làm việc, như 30/08/2024 hoặc 04/09/2024")
    assert problems(demo_catalogue, D(2024, 10, 9), due="2024-10-12") == [
        "hạn 12/10/2024 là ngày nghỉ (Thứ Bảy): chọn một ngày làm việc, như 11/10/2024 hoặc "
        "14/10/2024"
    ]


def test_a_deadline_more_than_180_days_ahead_belongs_in_the_plan(demo_catalogue: Catalogue) -> None:
    assert made(demo_catalogue, D(2024, 1, 2), due="2024-06-28")  # 178 days
    assert problems(demo_catalogue, D(2024, 1, 2), due="2024-07-02") == [
        "hạn 02/07/2024 cách hôm nay hơn 180 ngày: một việc xa như vậy nên đưa vào kế hoạch "
        "(plans/*.yaml)"
    ]


def test_units_of_two_plans_need_the_plan_named(demo_catalogue: Catalogue) -> None:
    (problem,) = problems(
        demo_catalogue, D(2024, 10, 9), due="2024-10-16", units=("tn-mttq", "bp-snv")
    )
    assert problem.startswith("không rõ yêu cầu thuộc kế hoạch nào: nêu kế hoạch (--plan;")
    request = made(
        demo_catalogue,
        D(2024, 10, 9),
        due="2024-10-16",
        units=("tn-mttq", "bp-snv"),
        plan="tay-ninh-2024",
    )
    assert request.obligation.units == ("bp-snv", "tn-mttq")
    assert problems(demo_catalogue, D(2024, 10, 9), due="2024-10-16", plan="ha-noi") == [
        "không có kế hoạch 'ha-noi' (các kế hoạch: binh-phuoc-dvcq, kien-giang-dan-van-2020-2025, "
        "lang-son-2024, tay-ninh-2024)"
    ]


def test_what_the_operator_typed_wrong_is_said_field_by_field() -> None:
    with pytest.raises(RequestError) as error:
        parse_input({"title": " ", "due": "20/12/2026", "units": ["TN MTTQ"], "request_id": "Số 1"})
    assert error.value.problems == [
        "tiêu đề: không được để trống",
        "hạn: '20/12/2026' không phải là ngày (YYYY-MM-DD)",
        "đơn vị: 'TN MTTQ' không phải là mã (chữ thường không dấu, chữ số và '-', như 'tn-mttq')",
        "mã yêu cầu: 'Số 1' không phải là mã (chữ thường không dấu, chữ số và '-', như 'tn-mttq')",
    ]
    with pytest.raises(RequestError) as error:
        parse_input({"units": ["tn-mttq"]})
    assert error.value.problems == ["thiếu tiêu đề", "thiếu hạn"]


def test_a_request_names_someone_who_owes_it(demo_catalogue: Catalogue) -> None:
    assert problems(
        demo_catalogue, D(2024, 10, 9), due="2024-10-16", units=(), plan="tay-ninh-2024"
    ) == ["nêu các đơn vị được yêu cầu báo cáo (mã đơn vị và/hoặc nhóm đơn vị)"]
