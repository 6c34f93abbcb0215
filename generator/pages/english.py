"""The English page: how a foreign resident enrols in the residents' scheme, and where to call."""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from generator.pages import _extra as x
from generator.pages import tel_href

PAGE = "en/index.md"

# English for the Chinese words the enrolment data uses. A word not listed here is shown in Chinese
# only (marked lang="zh"), so a change in data/ can never leave a stale translation on the page.
WORDS = {
    "身份证": "resident identity card (Chinese citizens)",
    "户口簿": "household register booklet (hukou, Chinese citizens)",
    "居住证": "residence permit of the city you live in",
    "长期居留证": "long-term residence permit for foreigners",
    "外国人": "foreign nationals",
    "非本地户籍": "people registered (hukou) in another place",
    "低保对象、重度残疾人等特殊群体": (
        "people on minimum living allowance, with severe disability and similar groups"
    ),
    "民政、残联等部门出具的证明": (
        "a certificate from the civil-affairs or disabled persons' office"
    ),
    "国家医保服务平台 App": "National Healthcare Security Service Platform app",
    "支付宝": "Alipay",
    "微信": "WeChat",
    "当地医保 App 或医保网上服务大厅": "your city's medical-insurance app or website",
}
KINDS = {
    "app": "national app",
    "wechat": "WeChat",
    "alipay": "Alipay",
    "web": "website",
    "local_app": "local app or website",
    "counter": "service counter",
    "phone": "phone",
    "school": "through a school",
    "bank": "bank",
}
STEPS = {
    "打开国家医保服务平台 App，选择参保地，进入“城乡居民参保登记”": (
        "Open the National Healthcare Security Service Platform app. "
        "Choose the city where you live."
    ),
    "选择参保类型“城乡居民医保”": "Choose the residents' scheme (城乡居民医保).",
    "填写个人信息": "Fill in your personal details exactly as on your identity document.",
    "上传材料": "Upload photos of your documents.",
    "等待审核": "Wait for the office to check your application.",
    "审核通过后缴费": "Once approved, pay the yearly contribution in time.",
    "查询参保状态": "Check in the app that you are now insured.",
}
PURPOSES = {
    "咨询": "questions",
    "投诉举报": "complaints and reports",
    "异地就医": "care in another region",
    "参保缴费": "enrolment and payment",
    "报销结算": "claims and settlement",
    "综合": "all kinds of questions",
}


def zh(text: object) -> Markup:
    """Chinese data text inside the English page, marked as Chinese."""
    return Markup('<span lang="zh">{}</span>').format(x.cell_text(text))


def english(word: str) -> Markup:
    """A data word in English where known (with the Chinese original), else the Chinese alone."""
    if word in WORDS:
        return Markup("{} ({})").format(WORDS[word], zh(word))
    return zh(word)


def find_topic(model: dict) -> dict | None:
    """The enrolment topic whose materials name what foreigners must bring."""
    topics = model.get("topics") or {}
    ordered = sorted(
        topics.values(), key=lambda t: (t.get("slug") != "resident-enrolment", t.get("order", 0))
    )
    for topic in ordered:
        mats = topic.get("materials") or {}
        for group in mats.get("extra") or [] if isinstance(mats, dict) else []:
            if "外国" in str(group.get("who", "")):
                return topic
    return None


def _grade(model: dict, source_id: str | None, own: str | None = None) -> str:
    if own:
        return own
    return (model.get("sources", {}).get(source_id) or {}).get("grade") or "C"


def _status(grade: str) -> Markup:
    if grade == "C":
        return Markup(
            '<span class="yb-grade yb-grade-c" title="From a news aggregator article">'
            "not yet verified</span>"
        )
    return Markup('<span class="yb-grade yb-grade-{g}" title="{t}">grade {G}</span>').format(
        g=grade.lower(),
        G=grade,
        t="Official page read" if grade == "A" else "Official text quoted with its official link",
    )


def tel(number: str) -> Markup:
    """A phone number as a tel: link."""
    return Markup('<a href="{d}">{n}</a>').format(d=tel_href(number), n=number)


def _time(text: str) -> str | None:
    m = re.search(r"(\d+)\s*[-–~至]\s*(\d+)\s*个工作日", text)
    if m:
        return f"{m.group(1)}–{m.group(2)} working days"
    m = re.search(r"(\d+)\s*个工作日", text)
    return f"{m.group(1)} working days" if m else None


def page_data(model: dict, notes: x.SourceNotes) -> dict:
    """What the English page shows, from the enrolment topic and the national hotlines."""
    topic = find_topic(model)
    data: dict = {"topic": None}
    if topic:
        mats = topic.get("materials") or {}
        foreign, others = [], []
        for group in mats.get("extra") or []:
            items = [
                {
                    "name": english(i.get("name", "")),
                    "note": zh(i["note"]) if i.get("note") else None,
                    "status": _status(_grade(model, i.get("source") or group.get("source"))),
                    "src": notes.ref(i.get("source") or group.get("source")),
                }
                for i in group.get("items") or []
            ]
            entry = {"who": english(str(group.get("who", ""))), "items": items}
            (foreign if "外国" in str(group.get("who", "")) else others).append(entry)
        base = [
            {
                "name": english(i.get("name", "")),
                "note": zh(i["note"]) if i.get("note") else None,
                "src": notes.ref(i.get("source")),
            }
            for i in mats.get("base") or []
        ]
        channels = []
        for c in topic.get("channels") or [] if isinstance(topic.get("channels"), list) else []:
            channels.append(
                {
                    "name": english(c.get("name", "")),
                    "kind": KINDS.get(c.get("kind"), ""),
                    "how": zh(c["how"]) if c.get("how") else None,
                    "src": notes.ref(c.get("source")),
                }
            )
        steps = []
        for s in topic.get("steps") or [] if isinstance(topic.get("steps"), list) else []:
            title = s.get("title", "")
            steps.append(
                {
                    "en": STEPS.get(title),
                    "zh": zh(title),
                    "src": notes.ref(s.get("source")),
                    "status": _status(_grade(model, s.get("source"))),
                }
            )
        tl = topic.get("time_limit") or {}
        time = None
        if isinstance(tl, dict) and tl.get("text"):
            time = {
                "en": _time(tl["text"]),
                "zh": zh(tl["text"]),
                "src": notes.ref(tl.get("source")),
                "status": _status(_grade(model, tl.get("source"))),
            }
        grades = [
            _grade(model, i.get("source") or g.get("source"))
            for g in mats.get("extra") or []
            if "外国" in str(g.get("who", ""))
            for i in g.get("items") or []
        ]
        data.update(
            topic=topic,
            foreign=foreign,
            others=others,
            base=base,
            channels=channels,
            steps=steps,
            time=time,
            foreign_status=_status(max(grades or ["C"], key=x.grade_rank)),
            guide_link=x.page_link(PAGE, topic.get("url") or f"guides/{topic.get('slug')}/"),
        )
    hotlines = []
    for h in (model.get("national") or {}).get("hotlines") or []:
        hotlines.append(
            {
                "tel": tel(h.get("number", "")),
                "department": zh(h.get("department", "")),
                "purpose": PURPOSES.get(h.get("purpose"), ""),
                "hours": zh(h["hours"]) if h.get("hours") else None,
                "note": zh(h["note"]) if h.get("note") else None,
                "status": _status(_grade(model, h.get("source"), h.get("grade"))),
                "src": notes.ref(h.get("source")),
            }
        )
    data["hotlines"] = hotlines
    hotline_topic = (model.get("topics") or {}).get("hotlines")
    data["hotline_link"] = (
        x.page_link(PAGE, hotline_topic.get("url") or "guides/hotlines/") if hotline_topic else None
    )
    data["glossary_link"] = Markup("../glossary/index.md") if model.get("glossary") else None
    return data


def render(model: dict, env, out: Path) -> list[Path]:
    """Write en/index.md."""
    notes = x.SourceNotes(model.get("sources", {}))
    data = page_data(model, notes)
    sources = notes.items()
    for s in sources:
        s["badge"] = _status(s["grade"])
    text = env.get_template("english.md.j2").render(model=model, **data, sources=sources)
    return [x.write(out, PAGE, text)]
