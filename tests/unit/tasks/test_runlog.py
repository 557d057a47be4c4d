"""A run's artifacts stay small whatever the scale: a bounded table, counts, the full list apart."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from tasks.runlog import (
    ARTIFACT_ROWS,
    OUTCOME,
    TO,
    UNIT,
    StepLog,
    csv_text,
    digest,
    mask_phones,
    md,
)

DAY = date(2024, 1, 8)


def national_january() -> StepLog:
    """16,864 opened tasks over 4,216 units (the issue's national January), 4 rows per unit."""
    log = StepLog()
    for n in range(4216):
        for report in ("Báo cáo tháng", "Báo cáo quý", "Báo cáo 6 tháng", "Báo cáo năm"):
            log.row(
                {
                    "Đơn vị": f"Đơn vị số {n:04d}",
                    "Loại": "Báo cáo định kỳ",
                    "Nội dung": report,
                    "Kỳ": "Tháng 01/2024",
                    "Hạn gửi": "18/01/2024",
                    "Việc": "Mở nhiệm vụ, gửi đề nghị",
                    "Gửi tới": f"dv{n}@example.vn",
                    "Kết quả": "đã gửi",
                }
            )
    log.add("opened", 16864)
    return log


def test_a_national_run_publishes_a_hundred_rows_and_counts_not_sixteen_thousand_rows() -> None:
    log = national_january()
    shown = digest("**Mở nhiệm vụ**", DAY, log, "/srv/dondoc/runs/x.csv")
    assert len(shown.table) == ARTIFACT_ROWS == 100
    assert shown.table == log.rows[:100]
    assert shown.total == 16864
    assert "100 / 16.864 dòng đầu; danh sách đầy đủ trong /srv/dondoc/runs/x.csv" in (
        shown.description
    )
    # What reaches Prefect's event: the table, its description and the counts — tens of kB,
    # where the whole table was 8.8 MB.
    size = len(json.dumps(shown.table, ensure_ascii=False)) + len(shown.counts)
    assert size < 60_000
    assert "| Báo cáo định kỳ | Mở nhiệm vụ, gửi đề nghị | 16864 |" in shown.counts
    assert "| … và 4186 đơn vị khác | 16744 |" in shown.counts
    assert "Tổng cộng 16864 dòng." in shown.counts


def test_a_small_run_shows_its_whole_table_and_says_nothing_of_a_full_list() -> None:
    log = StepLog()
    log.row({"Đơn vị": "Hội Nông dân tỉnh", "Loại": "Báo cáo định kỳ", "Việc": "Nhắc hạn"})
    log.add("queued")
    shown = digest("**Nhắc hạn**", DAY, log, None)
    assert shown.table == log.rows
    assert shown.description == "**Nhắc hạn** — ngày 08/01/2024: 1 thông báo xếp gửi"
    assert "Danh sách đầy đủ" not in shown.counts
    assert "| Hội Nông dân tỉnh | 1 |" in shown.counts


def test_a_day_without_work_says_so_in_its_table_and_its_counts() -> None:
    shown = digest("**Nhắc hạn**", DAY, StepLog(), None)
    assert shown.table == [{"Kết quả": "Không có việc nào trong ngày."}]
    assert shown.counts.endswith("Không có việc nào trong ngày.")
    assert shown.description.endswith("không có việc nào")


def test_catalogue_names_cannot_inject_markdown_html_or_table_cells() -> None:
    hostile = "Ban <img src=x onerror=alert(1)> | [bấm](javascript:alert(1)) **đậm**\n# tiêu đề"
    escaped = md(hostile)
    assert "<" not in escaped
    assert "\n" not in escaped
    assert "|" not in escaped.replace("\\|", "")
    assert "](" not in escaped
    assert "**" not in escaped
    log = StepLog()
    log.row({"Đơn vị": hostile, "Loại": "Báo cáo định kỳ", "Việc": "Nhắc hạn"})
    shown = digest("**Nhắc hạn**", DAY, log, None)
    unit_rows = [line for line in shown.counts.splitlines() if "img" in line]
    assert unit_rows == [f"| {escaped} | 1 |"]
    assert unit_rows[0].count(" | ") == 1  # still two cells


def test_the_full_list_keeps_every_row_and_defuses_spreadsheet_formulas() -> None:
    log = national_january()
    log.row({"Đơn vị": '=HYPERLINK("http://x")', "Kết quả": "-1"})
    text = csv_text(log.rows)
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert len(parsed) == 16865
    assert parsed[0]["Đơn vị"] == "Đơn vị số 0000"
    assert parsed[-1]["Đơn vị"] == '\'=HYPERLINK("http://x")'
    assert parsed[-1]["Kết quả"] == "'-1"
    assert parsed[-1]["Gửi tới"] == ""


def test_a_run_table_shows_a_recipients_phone_masked_and_its_e_mail_as_it_is() -> None:
    log = StepLog()
    log.row({UNIT: "Hội Nông dân tỉnh", TO: "vanphong@hnd.tayninh.example, 84987654321"})
    log.delivery(7, {UNIT: "Hội Nông dân tỉnh", TO: "0912345678", OUTCOME: "sẽ gửi lại: -124"})
    log.delivery(8, {TO: "84912345678", OUTCOME: "lỗi vĩnh viễn: số 84912345678 không có Zalo"})
    assert [(row[TO], row.get(OUTCOME)) for row in log.rows] == [
        ("vanphong@hnd.tayninh.example, ********321", None),
        ("*******678", "sẽ gửi lại: -124"),
        ("********678", "lỗi vĩnh viễn: số ********678 không có Zalo"),
    ]
    shown = digest("**Gửi thư**", DAY, log, None)
    assert "84987654321" not in json.dumps(shown.table) + csv_text(log.rows)


def test_phone_numbers_are_masked_in_text_but_dates_and_longer_numbers_are_not() -> None:
    assert mask_phones("gọi 0987654321 hoặc +84987654321, số cũ 01234567890") == (
        "gọi *******321 hoặc *********321, số cũ ********890"
    )
    assert mask_phones("ngày 18/01/2024, mã 123456789012345, tài khoản 84123") == (
        "ngày 18/01/2024, mã 123456789012345, tài khoản 84123"
    )
