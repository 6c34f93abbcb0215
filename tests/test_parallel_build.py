"""A large site renders its region pages (and JSON) in a second process: the same files result."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.datasets import real_data_as_of

from generator.model import build_model
from generator.parallel import Background, can_fork
from generator.render import render_site

ROOT = Path(__file__).resolve().parents[1]


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.skipif(not can_fork(), reason="needs fork and two CPUs")
def test_region_pages_in_a_second_process_are_the_same(tmp_path):
    model = build_model(ROOT / "data", real_data_as_of())
    plain = render_site(model, tmp_path / "plain", parallel=False)
    forked = render_site(model, tmp_path / "forked", parallel=True)
    assert [p.relative_to(tmp_path / "plain") for p in plain] == [
        p.relative_to(tmp_path / "forked") for p in forked
    ]
    assert files(tmp_path / "plain") == files(tmp_path / "forked")
    assert any(p.parts[-2] == "regions" for p in forked)


@pytest.mark.parametrize("enabled", [True, False])
def test_background_work_gives_its_result_or_its_error(enabled):
    with Background(lambda: ["a", Path("b")], enabled=enabled) as job:
        pass
    assert job.result() == ["a", Path("b")]

    def broken():
        raise ValueError("模板坏了")

    with Background(broken, enabled=enabled) as job:
        pass
    with pytest.raises(ValueError, match="模板坏了"):
        job.result()
