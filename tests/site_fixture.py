"""A small hand-made site model (the shape of generator.model.build_model) for the page tests.

national → 广东省 (440000) → 深圳市 (440300) → 福田区 (440304), one topic, every kind of field.
The topic has a channel of 广东's own and one of 杭州's (330100, not in the model's chain): each
region sees the topic as generator.resolve gives it, without the other region's items.
`hostile=True` puts HTML and Markdown syntax into data strings, for the escaping tests.
"""

from __future__ import annotations

import copy

from generator.resolve import topic_for_region

AS_OF = "2026-11-24"
EDIT = "https://github.com/example/yibao/edit/main/"
ISSUES = "https://github.com/example/yibao/issues/new"

SCRIPT = "<script>alert(1)</script>"


def fact(value, source, frm="2026-01-01", grade="A", flag=None, note=None, file="", bound=None):
    """A resolved fact with one dated value."""
    return {
        "values": [
            {
                "from": frm,
                "value": value,
                "source": source,
                "grade": grade,
                "verified": "2026-11-20",
                "flag": flag,
                "note": note,
                "file": file,
                "line": 10,
            }
        ],
        "bound": bound,
        "note": None,
    }


SOURCES = {
    "nat-2025": {
        "title": "国家医保局 居民医保筹资通知",
        "publisher": "国家医疗保障局",
        "url": "https://www.nhsa.gov.cn/art/2025/notice.html",
        "document": "医保发〔2025〕1号",
        "date": "2025-07-01",
        "grade": "A",
        "note": None,
        "file": "data/national.yaml",
    },
    "seed-hotlines": {
        "title": "各部门电话汇总",
        "publisher": "健康新闻",
        "url": None,
        "document": "聚合文章",
        "date": "2025-03-27",
        "grade": "C",
        "note": None,
        "file": "data/national.yaml",
    },
    "sz-2026": {
        "title": "深圳市 2026 年居民医保缴费标准",
        "publisher": "深圳市医疗保障局",
        "url": "https://hsa.sz.gov.cn/2026.html",
        "document": None,
        "date": "2025-11-01",
        "grade": "A",
        "note": None,
        "file": "data/regions/440300-shenzhen.yaml",
    },
}

TOPIC = {
    "slug": "resident-enrolment",
    "title": "城乡居民医保网上参保",
    "official_name": "基本医疗保险参保和变更登记",
    "order": 10,
    "summary": "没有工作单位的人，在手机或网上登记参加城乡居民医保。",
    "audience": [{"text": "农村居民、城镇非就业居民、在校学生", "source": "nat-2025"}],
    "before_you_start": ["备好身份证正反面的照片"],
    "channels": [
        {
            "name": "国家医保服务平台 App",
            "kind": "app",
            "how": "选择参保地→城乡居民参保登记",
            "source": "nat-2025",
        },
        {
            "name": "当地医保网站",
            "kind": "web",
            "url": "https://hsa.example.gov.cn/enrol?a=1&b=2",
            "source": "nat-2025",
        },
        {
            "name": "粤医保小程序",
            "kind": "local_app",
            "how": "首页→参保登记",
            "region": "440000",
            "source": "nat-2025",
        },
        {
            "name": "浙里办 App",
            "kind": "local_app",
            "how": "搜索“居民医保参保”",
            "region": "330100",
            "source": "nat-2025",
        },
    ],
    "steps": [
        {
            "title": "打开国家医保服务平台 App，进入“城乡居民参保登记”",
            "source": "nat-2025",
            "detail": "新用户先注册账号。",
            "or": [
                {"title": "在微信办理", "detail": "我→服务→城市服务→社保", "source": "nat-2025"}
            ],
        },
        {"title": "等待审核", "detail": "一般 1-3 个工作日。", "source": "nat-2025"},
    ],
    "materials": {
        "base": [{"name": "身份证", "note": "正反面", "source": "nat-2025"}],
        "extra": [{"who": "非本地户籍", "items": [{"name": "居住证", "source": "nat-2025"}]}],
    },
    "time_limit": {"text": "审核一般 1-3 个工作日", "source": "nat-2025"},
    "place": ["线上办理"],
    "fees": {"unknown": True, "note": "来源没有写是否收费"},
    "hotline_purposes": ["咨询", "参保缴费"],
    "complaints": {"unknown": True},
    "tips": [
        "登记后要在规定时间内缴费",
        {
            "text": "审核约 3 天",
            "source": "seed-hotlines",
            "grade": "C",
            "flag": "和官方说法不一致",
        },
    ],
    "disclaimer": "本页根据公开资料整理，以当地医保部门最新政策为准。",
    "sources": ["nat-2025"],
    "file": "data/topics/resident-enrolment.yaml",
    "url": "guides/resident-enrolment/",
}


def hotline(
    dept,
    number,
    region,
    region_name,
    purpose="咨询",
    main=False,
    grade=None,
    hours="工作日 09:00-18:00",
):
    h = {
        "department": dept,
        "number": number,
        "hours": hours,
        "purpose": purpose,
        "main": main,
        "since": "2025-03-27",
        "source": "seed-hotlines",
        "verified": "2026-11-20",
        "region": region,
        "region_name": region_name,
    }
    if grade:
        h["grade"] = grade
    return h


def region(code, name, pinyin, level, parent, parents, children, **extra):
    r = {
        "code": code,
        "name": name,
        "short_name": name.rstrip("省市区"),
        "pinyin": pinyin,
        "level": level,
        "parent": parent,
        "parents": parents,
        "children": children,
        "province": "440000" if code != "100000" else None,
        "file": "data/national.yaml" if code == "100000" else f"data/regions/{code}-{pinyin}.yaml",
        "url": f"regions/{code}-{pinyin}/",
        "hospital_levels": ["一级", "二级", "三级"],
        "insurance_year_start": "01-01",
        "sources": {},
        "params": {},
        "own_params": {},
        "hotlines": [],
        "topics": {TOPIC["slug"]: copy.deepcopy(TOPIC)},
        "overridden_topics": [],
        "verified": None,
        "missing": [],
        "missing_notes": [],
    }
    r.update(extra)
    chain = [code, *parents]
    r["topics"] = {slug: topic_for_region(t, chain) for slug, t in r["topics"].items()}
    return r


def tiny_model(hostile: bool = False) -> dict:
    """The model; with hostile=True a hotline department and a tip carry HTML and Markdown."""
    nat_hotline = hotline(
        "全国医保服务热线", "12393", "100000", "全国", purpose="综合", main=True, grade="C"
    )
    minimum = {
        "individual": fact(400, "nat-2025", bound="min", file="data/national.yaml"),
        "fiscal": fact(700, "nat-2025", bound="min", file="data/national.yaml"),
    }
    national = region(
        "100000",
        "全国",
        "quanguo",
        "national",
        None,
        [],
        ["440000"],
        params={"resident_contribution_minimum": minimum},
        own_params={"resident_contribution_minimum": minimum},
        hotlines=[nat_hotline],
        province=None,
        verified="2026-11-20",
    )
    national["sources"] = {k: v for k, v in SOURCES.items() if k != "sz-2026"}

    sz_file = "data/regions/440300-shenzhen.yaml"
    sz_contribution = {
        "tiers": {
            "一档": {
                "groups": {
                    "全体": {
                        "individual": {"amount": fact(460, "sz-2026", file=sz_file)},
                        "fiscal": {"amount": fact(810, "sz-2026", file=sz_file)},
                    }
                }
            }
        }
    }
    sz_inpatient = {
        "resident": {
            "levels": {
                "三级": {
                    "deductible": fact(
                        1000,
                        "seed-hotlines",
                        frm="2025-01-01",
                        grade="C",
                        flag="两个来源数字不同",
                        note="市三级医院",
                        file=sz_file,
                    )
                }
            }
        }
    }
    sz_params = {
        "resident_contribution": sz_contribution,
        "inpatient": sz_inpatient,
        "resident_contribution_minimum": minimum,
    }
    dept = "福田分局 医保咨询" + (
        SCRIPT + " *强调* [链接](http://evil.example) | 竖线" if hostile else ""
    )
    sz_topic = copy.deepcopy(TOPIC)
    sz_topic["tips"] = [*TOPIC["tips"], "深圳户籍的学生由学校代办"]
    sz_topic["overrides"] = {
        "tips": [{"region": "440300", "mode": "add", "file": sz_file, "line": 60}]
    }
    if hostile:
        sz_topic["tips"].append("# 不是标题 " + SCRIPT + ' --8<-- "mkdocs.yml"')
    shenzhen = region(
        "440300",
        "深圳市",
        "shenzhen",
        "city",
        "440000",
        ["440000", "100000"],
        ["440304"],
        params=sz_params,
        own_params={"resident_contribution": sz_contribution, "inpatient": sz_inpatient},
        hotlines=[
            hotline(dept, "0755-88366831", "440300", "深圳市", main=True),
            hotline("深圳市医保局 异地就医", "0755-12393", "440300", "深圳市", purpose="异地就医"),
            hotline("广东省医保局", "020-12393", "440000", "广东省"),
            nat_hotline,
        ],
        topics={TOPIC["slug"]: sz_topic},
        overridden_topics=[TOPIC["slug"]],
        verified="2026-11-20",
        sources={"sz-2026": SOURCES["sz-2026"]},
        missing=[
            {
                "param": "inpatient.resident.levels.一级.deductible",
                "label": "住院 · 居民医保 · 一级 · 起付线",
            }
        ],
        missing_notes=["职工医保住院报销比例"],
    )
    guangdong = region(
        "440000",
        "广东省",
        "guangdong",
        "province",
        "100000",
        ["100000"],
        ["440300"],
        params={"resident_contribution_minimum": minimum},
        hotlines=[hotline("广东省医保局", "020-12393", "440000", "广东省"), nat_hotline],
    )
    futian = region(
        "440304",
        "福田区",
        "futian",
        "district",
        "440300",
        ["440300", "440000", "100000"],
        [],
        params=sz_params,
        hotlines=[
            hotline("福田区医保服务中心", "0755-83211111", "440304", "福田区"),
            *shenzhen["hotlines"][:3],
            nat_hotline,
        ],
        topics={TOPIC["slug"]: copy.deepcopy(sz_topic)},  # 深圳's change, inherited
    )
    return {
        "as_of": AS_OF,
        "repo_url": "https://github.com/example/yibao",
        "edit_base": EDIT,
        "issue_base": ISSUES,
        "sources": copy.deepcopy(SOURCES),
        "national": national,
        "regions": {"440000": guangdong, "440300": shenzhen, "440304": futian},
        "topics": {TOPIC["slug"]: copy.deepcopy(TOPIC)},
        "glossary": [],
        "faq": [],
    }
