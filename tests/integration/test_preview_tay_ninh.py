"""`dondoc preview --family holiday-visit` on Tây Ninh's 2024 plan (seed 003): the visits on the
days the seed states, with their plans before and reports after, before anything is loaded."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from dondoc.cli import app
from tests.conftest import PLANS


def test_the_2024_holiday_visits_of_tay_ninh_are_previewed_on_the_seeds_days(
    cli: CliRunner,
) -> None:
    files = [str(PLANS / "tay-ninh-2024.yaml"), *map(str, sorted(PLANS.glob("calendar/*.yaml")))]
    window = ["--from", "2024-01-01", "--to", "2024-12-31"]
    result = cli.invoke(app, ["preview", *window, "--family", "holiday-visit", "--json", *files])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {row["family"] for row in rows} == {"holiday-visit"}
    assert {row["unit"] for row in rows} == {"tn-bdv"}  # the Ban leads every visit (chosen)
    # (due, obligation, step). The visits are on the seed's days; the plans 10 days before and the
    # reports 3 working days after, each on a working day (worked out in
    # tests/e2e/test_seed_tay_ninh.py) — Tết's as plans/tay-ninh-2024.yaml chose.
    assert sorted((r["due_on"], r["obligation"], r["step"]) for r in rows) == sorted(
        [
            # "Kế hoạch tổ chức đoàn thăm, chúc mừng các tổ chức tôn giáo nhân dịp Tết Nguyên
            # đán năm 2024." (tháng 01); "Báo cáo nhanh tình hình Nhân dân trước, trong và sau
            # Tết Nguyên đán Giáp Thìn 2024." (tháng 02)
            ("2024-01-26", "tn-tham-tet-nguyen-dan", "plan"),
            ("2024-01-31", "tn-tham-tet-nguyen-dan", "visit"),
            ("2024-02-05", "tn-tham-tet-nguyen-dan", "report"),
            ("2024-02-21", "tn-tham-tet-nguyen-dan", "quick-report"),
            # "… đoàn dự Đại lễ Đức Chí Tôn của đạo Cao Đài Tây Ninh (ngày 17/02/2024)."
            ("2024-02-07", "tn-du-le-duc-chi-ton", "plan"),
            ("2024-02-17", "tn-du-le-duc-chi-ton", "visit"),
            ("2024-02-21", "tn-du-le-duc-chi-ton", "report"),
            # "… nhân dịp Tết cổ truyền Chol Chnam Thmay (ngày 14 – 16/4/2024)."
            ("2024-04-04", "tn-tham-chol-chnam-thmay", "plan"),
            ("2024-04-14", "tn-tham-chol-chnam-thmay", "visit"),
            ("2024-04-17", "tn-tham-chol-chnam-thmay", "report"),
            # "… Đại lễ Phật đản PL 2568 – DL 2024 (ngày 22/5/2024)"
            ("2024-05-10", "tn-tham-phat-dan", "plan"),
            ("2024-05-22", "tn-tham-phat-dan", "visit"),
            ("2024-05-27", "tn-tham-phat-dan", "report"),
            # "Dự lễ Vu Lan tại các điểm Chùa và Tịnh xá trong tỉnh (ngày 18/8/2024)."
            ("2024-08-08", "tn-du-le-vu-lan", "plan"),
            ("2024-08-18", "tn-du-le-vu-lan", "visit"),
            ("2024-08-21", "tn-du-le-vu-lan", "report"),
            # "… Đại lễ Hội Yến Diêu Trì Cung năm 2024 (ngày 17/9/2024)."
            ("2024-09-06", "tn-tham-hoi-yen-dieu-tri-cung", "plan"),
            ("2024-09-17", "tn-tham-hoi-yen-dieu-tri-cung", "visit"),
            ("2024-09-20", "tn-tham-hoi-yen-dieu-tri-cung", "report"),
            # "… nhân dịp lễ Sen Đôn-ta (29/8-01/9 âm lịch)." — 29/8 Giáp Thìn is 1/10/2024.
            ("2024-09-20", "tn-tham-sene-dolta", "plan"),
            ("2024-10-01", "tn-tham-sene-dolta", "visit"),
            ("2024-10-04", "tn-tham-sene-dolta", "report"),
            # "… Đại lễ kỷ niệm 100 năm Ngày Hoàng khai Đại đạo Tam kỳ Phổ độ … (ngày 15/11/2024)."
            ("2024-11-05", "tn-du-le-khai-dao-cao-dai", "plan"),
            ("2024-11-15", "tn-du-le-khai-dao-cao-dai", "visit"),
            ("2024-11-20", "tn-du-le-khai-dao-cao-dai", "report"),
            # "… nhân dịp lễ Giáng sinh (ngày 24/12/2024)"
            ("2024-12-13", "tn-tham-giang-sinh", "plan"),
            ("2024-12-24", "tn-tham-giang-sinh", "visit"),
            ("2024-12-27", "tn-tham-giang-sinh", "report"),
        ]
    )
    phat_dan = next(
        r for r in rows if r["obligation"] == "tn-tham-phat-dan" and r["step"] == "visit"
    )
    assert phat_dan == {
        "obligation": "tn-tham-phat-dan",
        "family": "holiday-visit",
        "occurrence_key": "2024",
        "occurrence_label": "Đại lễ Phật đản PL 2568 – DL 2024",
        "step": "visit",
        "step_kind": "visit",
        "step_name": "Thăm, chúc mừng",
        "unit": "tn-bdv",
        "unit_name": "Ban Dân vận Tỉnh ủy Tây Ninh",
        "opens_on": "2024-05-10",
        "due_on": "2024-05-22",
        "anchor": "2024-05-22",
        "window_start": None,
        "window_end": None,
        "directive": None,
    }
    tet = {r["occurrence_label"] for r in rows if r["obligation"] == "tn-tham-tet-nguyen-dan"}
    assert tet == {"Tết Nguyên đán Giáp Thìn 2024"}
