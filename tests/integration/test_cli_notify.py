"""`dondoc notify preview`: one message with sample data, as it would be sent, printed as text
(the catalogue's markup is never interpreted); with `--plan`, the plan's own wording and Zalo
registrations. It reads no ledger."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from dondoc.cli import app
from tests.unit.obligations.test_loader import PLAN

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_the_opening_email_of_the_sample_report() -> None:
    code, output = invoke("notify", "preview", "open")
    assert code == 0, output
    assert output.startswith(
        "Kênh: email\n"
        "Tiêu đề: [Đôn đốc] Báo cáo công tác dân vận tháng – Tháng 1/2024: hạn gửi 17/01/2024\n"
        "\n"
        "Kính gửi: Ban Dân vận Huyện ủy Gò Dầu\n"
    )
    assert "- Thời hạn gửi: thứ Tư, ngày 17/01/2024\n" in output


def test_a_zns_preview_without_a_plan_shows_a_made_up_registration() -> None:
    code, output = invoke("notify", "preview", "overdue", "--channel", "zalo-zns")
    assert code == 0, output
    assert "Mẫu ZNS: mau-thu\n(mẫu thử: chưa có mẫu đăng ký" in output
    assert "  so_ngay = 2\n" in output
    assert "  han_nop = 17/01/2024\n" in output


def test_the_digest_gathers_three_items() -> None:
    code, output = invoke("notify", "preview", "digest")
    assert code == 0, output
    assert "Tiêu đề: Tổng hợp việc cần làm ngày 17/01/2024: 3 việc (1 quá hạn)\n" in output


def test_an_alert_on_zalo_oa() -> None:
    code, output = invoke(
        "notify", "preview", "alert", "--alert", "smtp-auth", "--channel", "zalo-oa"
    )
    assert code == 0, output
    assert "DONDOC_SMTP__PASSWORD" in output


def test_a_plans_own_wording_and_registrations_are_used(tmp_path: Path) -> None:
    own = tmp_path / "mau" / "email" / "steps" / "report"
    own.mkdir(parents=True)
    # Markup a terminal would interpret, and a Jinja expression: printed as the text they make.
    (own / "remind.subject.txt").write_text(
        "[bold]Tây Ninh[/bold] :smile: nhắc {{ task.obligation_name }}\n", encoding="utf-8"
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        PLAN
        + "notifications:\n  templates: mau\n  zalo_templates:\n"
        + "    remind: {id: '301002', params: {don_vi: 12}}\n",
        encoding="utf-8",
    )
    code, output = invoke("notify", "preview", "remind", "--plan", str(plan))
    assert code == 0, output
    assert "Tiêu đề: [bold]Tây Ninh[/bold] :smile: nhắc Báo cáo công tác dân vận tháng\n" in output
    code, output = invoke(
        "notify", "preview", "remind", "--plan", str(plan), "--channel", "zalo-zns"
    )
    assert code == 0, output
    assert "Mẫu ZNS: 301002\n  don_vi = Ban Dân vận…\n" in output
    code, output = invoke("notify", "preview", "open", "--plan", str(plan), "--channel", "zalo-zns")
    assert code == 1
    assert "no Zalo ZNS template is registered for 'open'" in output


def test_a_plan_whose_template_directory_is_missing_is_refused_at_its_line(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN + "notifications:\n  templates: khong-co\n", encoding="utf-8")
    code, output = invoke("notify", "preview", "open", "--plan", str(plan))
    assert code == 1
    line = PLAN.count("\n") + 2
    assert f"{plan}:{line}: there is no directory 'khong-co' beside the plan" in output


def test_other_families_and_step_kinds_are_worded_as_theirs() -> None:
    code, output = invoke(
        "notify", "preview", "open", "--family", "steering-meeting", "--step-kind", "meeting"
    )
    assert code == 0, output
    assert "Họp Ban Chỉ đạo định kỳ" in output
    assert "- Ngày thực hiện: thứ Tư, ngày 17/01/2024\n" in output
