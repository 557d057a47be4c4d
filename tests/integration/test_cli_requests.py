"""`dondoc request new`, `request list`, `request cancel`, in process, on a real ledger."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from dondoc.cli import app
from tests.conftest import demo_catalogue_files

DEMO = [str(p) for p in demo_catalogue_files()]
NEW = [
    "request",
    "new",
    "--units",
    "tn-mttq, tn-ldld,tn-hnd",
    "--due",
    "2024-10-16",
    "--title",
    "Báo cáo nhanh kết quả vận động quỹ “Vì người nghèo”",
    "--as-of",
    "2024-10-09",
]


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_a_request_made_twice_from_the_command_is_one_request_listed_with_its_tasks(
    cli: CliRunner,
) -> None:
    assert invoke("plan", "load", *DEMO, "--track-from", "2024-01-01")[0] == 0
    code, output = invoke(*NEW)
    assert code == 0, output
    assert output.startswith("request-report — ngày 09/10/2024: 1 yêu cầu đột xuất mới;")
    assert "3 nhiệm vụ mở" in output
    assert "Gửi tới: vanphong@mttq.tayninh.example" in output
    code, output = invoke(*NEW)
    assert code == 0, output
    assert "1 thao tác lặp lại, không thay đổi" in output
    assert "đã có từ trước, không tạo lại" in output
    code, output = invoke("request", "list", "--json")
    assert code == 0, output
    (listed,) = json.loads(output)
    assert listed["plan"] == "tay-ninh-2024"
    assert listed["requested_on"] == "2024-10-09"
    assert listed["due"] == "2024-10-16"
    assert listed["units"] == ["tn-hnd", "tn-ldld", "tn-mttq"]
    assert listed["tasks"] == {"open": 3}
    code, output = invoke("request", "list")
    assert code == 0
    assert output == (
        f"{listed['id']} | Báo cáo nhanh kết quả vận động quỹ “Vì người nghèo” | yêu cầu ngày "
        "09/10/2024 | hạn 16/10/2024 | tn-hnd, tn-ldld, tn-mttq | 3 đang thực hiện\n"
    )
    code, output = invoke(
        "request", "cancel", listed["id"], "--reason", "Trùng yêu cầu của Tỉnh ủy", "--as-of",
        "2024-10-10",
    )  # fmt: skip
    assert code == 0, output
    assert "hủy 3 nhiệm vụ: Trùng yêu cầu của Tỉnh ủy" in output
    code, output = invoke("request", "list")
    assert "đã hủy: Trùng yêu cầu của Tỉnh ủy" in output


def test_a_request_the_clerk_got_wrong_is_refused_with_what_to_fix(cli: CliRunner) -> None:
    assert invoke("plan", "load", *DEMO, "--track-from", "2024-01-01")[0] == 0
    args = [*NEW[:3], "tn-mttq,tn-mtq", *NEW[4:5], "2024-09-02", *NEW[6:]]
    code, output = invoke(*args)
    assert code == 1
    lines = output.splitlines()
    assert lines[0] == "dondoc: yêu cầu không ghi được: không có đơn vị mã 'tn-mtq' trong danh mục"
    assert lines[1].startswith("dondoc: yêu cầu không ghi được: hạn 02/09/2024 đã qua")
    assert "Traceback" not in output
    code, output = invoke("request", "list")
    assert (code, output) == (0, "Chưa có yêu cầu đột xuất nào.\n")


def test_the_familys_daily_run_is_a_daily_flow(cli: CliRunner) -> None:
    assert invoke("plan", "load", *DEMO, "--track-from", "2024-01-01")[0] == 0
    code, output = invoke("run", "ad-hoc-requests", "--as-of", "2024-10-09", "--direct")
    assert code == 0, output
    assert output.startswith("ad-hoc-requests — ngày 09/10/2024")
