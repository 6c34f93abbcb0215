"""What is local to a region: region-tagged topic items, local differences and the three answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import calc
from generator import answers, local
from generator.local_json import local_json
from generator.model import build_model
from generator.resolve import topic_for_region
from generator.worked_examples import request_region
from tests.site_fixture import TOPIC, tiny_model

ROOT = Path(__file__).resolve().parent.parent

TAGGED = {
    "slug": "t",
    "title": "事项",
    "channels": [
        {"name": "全国 App", "kind": "app"},
        {"name": "粤医保", "kind": "local_app", "region": "440000"},
        {"name": "江苏医保云", "kind": "local_app", "region": "320000"},
    ],
    "steps": [
        {
            "title": "打开 App",
            "or": [
                {"title": "珠海：用粤税通", "region": "440400"},
                {"title": "到窗口办理"},
            ],
        },
        {"title": "河南的做法", "region": "410000"},
    ],
    "materials": {
        "base": [{"name": "身份证"}, {"name": "广东备案表", "region": "440000"}],
        "extra": [{"who": "江苏退休人员", "items": [{"name": "江苏表", "region": "320000"}]}],
    },
    "time_limit": {"text": "江苏：5 个工作日", "source": "s", "region": "320000"},
    "tips": ["全国的提示", {"text": "山西的提示", "source": "s", "region": "140000"}],
    "fees": {"unknown": True},
}


@pytest.fixture(scope="module")
def real_model():
    """The model of the real data/ (as the site is built from)."""
    return build_model(ROOT / "data", "2026-11-30")


# ── topic_for_region: a region never sees another region's items ──────────────────────────────


def test_items_of_other_regions_are_left_out():
    """中山 (442000 → 440000 → 100000) keeps 广东's items and drops 江苏's, 河南's, 珠海's, 山西's."""
    seen = topic_for_region(TAGGED, ["442000", "440000", "100000"])
    assert [c["name"] for c in seen["channels"]] == ["全国 App", "粤医保"]
    assert [s["title"] for s in seen["steps"]] == ["打开 App"]
    assert [a["title"] for a in seen["steps"][0]["or"]] == ["到窗口办理"]
    assert [m["name"] for m in seen["materials"]["base"]] == ["身份证", "广东备案表"]
    assert seen["materials"]["extra"] == []  # a group with none of its items left goes too
    assert seen["time_limit"] == {"unknown": True}  # 江苏's own time limit is not 中山's
    assert seen["tips"] == ["全国的提示"]
    assert seen["fees"] == {"unknown": True}


def test_a_region_and_its_descendants_keep_its_items():
    """珠海's alternative is on 珠海's page; 江苏's channel and time limit are on 江苏's."""
    zhuhai = topic_for_region(TAGGED, ["440400", "440000", "100000"])
    assert "珠海：用粤税通" in [a["title"] for a in zhuhai["steps"][0]["or"]]
    jiangsu = topic_for_region(TAGGED, ["320000", "100000"])
    assert "江苏医保云" in [c["name"] for c in jiangsu["channels"]]
    assert jiangsu["time_limit"]["text"] == "江苏：5 个工作日"
    assert TAGGED["channels"][2]["name"] == "江苏医保云"  # the national topic is untouched


def test_the_national_baseline_sees_no_regions_items():
    """The national page (chain 100000) keeps only the untagged items."""
    seen = topic_for_region(TAGGED, ["100000"])
    assert [c["name"] for c in seen["channels"]] == ["全国 App"]


def test_real_anhui_sees_no_other_provinces_channels(real_model):
    """安徽 lists neither 江苏医保云 App nor 河南's platform for 家庭共济, nor 珠海's 粤税通 for payment."""
    anhui = real_model["regions"]["340000"]["topics"]
    names = [c["name"] for c in anhui["family-sharing"]["channels"]]
    assert "江苏医保云 App" not in names and "河南省医疗保障公共服务平台" not in names
    steps = json.dumps(anhui["payment"]["steps"], ensure_ascii=False)
    assert "粤税通" not in steps
    national = real_model["topics"]["family-sharing"]["channels"]
    assert "江苏医保云 App" in [c["name"] for c in national]


# ── local differences ────────────────────────────────────────────────────────────────────────


def test_local_items_are_the_regions_own_and_its_parents():
    """深圳's page: 广东's channel (from 广东) and its own added tip; nothing national."""
    model = tiny_model()
    diff = local.topic_differences(model, model["regions"]["440300"], TOPIC["slug"])
    found = [(i["field"], i["text"], i["region"]) for i in diff["items"]]
    assert found == [
        ("channels", "粤医保小程序（当地 App 或小程序）：首页→参保登记", "440000"),
        ("tips", "深圳户籍的学生由学校代办", "440300"),
    ]
    assert diff["count"] == 2


def test_nothing_is_local_on_the_national_page():
    """The national baseline's topics have no local items, phones or figures."""
    model = tiny_model()
    assert local.topic_differences(model, model["national"], TOPIC["slug"])["count"] == 0


def test_a_topics_own_phone_is_local_but_a_general_line_is_not():
    """深圳's 异地就医 line belongs to a topic asking for 异地就医; its 咨询 line is the call button."""
    model = tiny_model()
    sz = model["regions"]["440300"]
    topic = {**sz["topics"][TOPIC["slug"]], "hotline_purposes": ["异地就医", "咨询"]}
    numbers = [h["number"] for h in local.local_hotlines(sz, topic)]
    assert numbers == ["0755-12393"]


def test_real_zhongshan_differences(real_model):
    """中山's page lists 广东's 粤医保 channel for 异地就医备案 and its own alternative step."""
    zs = real_model["regions"]["442000"]
    diff = local.topic_differences(real_model, zs, "remote-care-filing")
    texts = " ".join(i["text"] for i in diff["items"])
    assert "粤医保" in texts and "中山参保人到珠海住院" in texts
    assert {i["region"] for i in diff["items"]} == {"440000", "442000"}


# ── the three answers ────────────────────────────────────────────────────────────────────────


def test_zhongshan_contribution_is_worked_out_by_calc(real_model):
    """中山: 57,840 元 × 1.4% = 个人每年 809.76 元, the figure calc.run gives for the same request."""
    zs = real_model["regions"]["442000"]
    cost = answers.answers(real_model, zs)["cost"]
    assert cost["kind"] == "local"
    row = next(r for r in cost["rows"] if r["who"] == "其他居民（一档）")
    assert row["amount"] == "809.76" and row["per"] == "个人每年"
    res = calc.run(
        {
            "kind": "contribution",
            "date": real_model["as_of"],
            "params": request_region(zs, real_model["as_of"]),
            "inputs": {"scheme": "resident", "tier": "一档", "group": "其他居民"},
        }
    )
    assert res["summary"]["individual_per_year"] == "809.76"
    assert any("57840 元 × 1.4% = 809.76" in line["text"] for line in row["lines"])


def test_flexible_workers_pay_at_least_the_rate_on_the_lowest_base(real_model):
    """深圳: 灵活就业 at the base floor, shown as 每年 … 元起."""
    cost = answers.answers(real_model, real_model["regions"]["440300"])["cost"]
    flexible = [r for r in cost["rows"] if r["who"].startswith("灵活就业")]
    assert flexible and flexible[0]["least"] is True
    assert any("× 12 个月" in line["text"] for line in flexible[0]["lines"])


def test_stay_answer_comes_from_the_worked_examples(real_model):
    """南昌: a 10,000 元 stay at a 一级 hospital: 100 元 deductible, 90% → 报 8,910 元."""
    nc = answers.answers(real_model, real_model["regions"]["360100"])
    assert nc["stay"]["schemes"][0] == "城乡居民医保"
    first = nc["stay"]["rows"][0]
    assert first["level"] == "一级" and first["cells"][0]["back"] == "8,910"


def test_missing_answers_are_named_in_plain_words(real_model):
    """安徽 has no local contribution, phone or inpatient rule: three plain words, no paths."""
    missing = answers.answers(real_model, real_model["regions"]["340000"])["missing"]
    assert missing == ["本地缴费标准", "本地医保部门的电话", "本地住院报销比例"]


def test_worked_example_messages_carry_no_file_names(real_model):
    """calc words its messages for readers; the worked examples pass them on without a path."""
    worked = answers.answers(real_model, real_model["regions"]["442000"])["examples"]
    texts = list(worked["missing"]) + [
        row["missing"] for t in worked["tables"] for row in t["rows"] if "missing" in row
    ]
    assert texts, "中山 lacks inpatient rules, so its examples carry messages"
    assert not [t for t in texts if ".yaml" in t or "data/" in t]


def test_answers_are_computed_once_per_model(real_model):
    """The page and the open data use one computation (kept in model["answers"])."""
    zs = real_model["regions"]["442000"]
    assert answers.answers(real_model, zs) is answers.answers(real_model, zs)


# ── the open data the topic guides fetch ─────────────────────────────────────────────────────


def test_local_json_has_the_answers_and_only_local_topics(real_model):
    """api/local/442000.json: cost rows, the call number, topics with local items, cited sources."""
    data = local_json(real_model, real_model["regions"]["442000"])
    assert data["code"] == "442000" and data["url"] == "regions/442000-zhongshan/"
    assert data["cost"]["rows"][0]["amount"] == "809.76"
    assert data["call"]["number"]
    assert "remote-care-filing" in data["topics"] and "family-sharing" not in data["topics"]
    cited = {i["source"] for t in data["topics"].values() for i in t["items"] if i["source"]}
    assert cited <= set(data["sources"])
    text = json.dumps(data, ensure_ascii=False)
    assert "data/" not in text and "inpatient." not in text
