"""`inspection outlines` and `inspection outline show`: bundled and workspace outlines."""

import pytest

from conftest import assert_clean_failure, build_tree


def test_outlines_lists_bundled_and_workspace_ones(run, commune_ws):
    result = run("outlines", "-w", commune_ws)
    assert result.exit_code == 0
    rows = {line.split()[0]: line.split()[1] for line in result.output.splitlines()[2:]}
    assert rows == {"bhxh-ttt-2022": "bundled", "bhxh-ttt-mau-02": "bundled", "tuyen-truyen-xa": "workspace"}


def test_a_workspace_outline_overrides_a_bundled_one_by_name(run, commune_ws):
    own = (commune_ws / "outlines" / "tuyen-truyen-xa.yaml").read_text(encoding="utf-8")
    own = own.replace("id: tuyen-truyen-xa", "id: bhxh-ttt-2022").replace(
        "Đề cương báo cáo kết quả tuyên truyền", "Đề cương riêng của đoàn")
    build_tree(commune_ws, {"outlines/bhxh-ttt-2022.yaml": own})
    result = run("outline", "show", "bhxh-ttt-2022", "-w", commune_ws)
    assert result.exit_code == 0
    assert "Đề cương riêng của đoàn" in result.output


@pytest.mark.vietnamese
def test_outline_show_prints_the_tree_and_the_indicator_table(run, tmp_path):
    result = run("outline", "show", "bhxh-ttt-2022", "-w", tmp_path)
    assert result.exit_code == 0
    out = result.output
    assert "I. Kết quả thực hiện công tác thông tin, truyền thông năm 2021" in out
    assert "  12. Đánh giá chung  [I.12]" in out
    assert "Cột: Năm 2021 | Những tháng đầu năm 2022 | Ghi chú" in out
    assert "3.2.3.3. Số người phát triển qua HN  (số lượng, người)" in out
    assert out.index("I.12") < out.index("PHỤ LỤC")


def test_outline_show_names_the_available_outlines_for_an_unknown_one(run, tmp_path):
    result = run("outline", "show", "khong-co", "-w", tmp_path)
    assert_clean_failure(result)
    assert "there is no outline named 'khong-co'; available: bhxh-ttt-2022, bhxh-ttt-mau-02" in result.output


def test_outline_show_lists_the_problems_of_a_broken_outline(run, tmp_path):
    build_tree(tmp_path, {"outlines/hong.yaml": "id: hong\ntitle: [1\n"})
    result = run("outline", "show", "hong", "-w", tmp_path)
    assert_clean_failure(result)
    assert "outlines/hong.yaml:" in result.output and "YAML syntax" in result.output
