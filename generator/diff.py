"""`diff BASE_REF`: every fact changed since a git revision, in plain words; the pages touched."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from . import labels
from .errors import DataErrors
from .facts import iter_facts
from .load import Dataset, load_files
from .resolve import resolve_dataset
from .validate import load_valid

__all__ = ["DiffError", "diff_command", "diff_datasets", "load_at_ref"]

ENTRY_FIELDS = {
    "source": "来源",
    "grade": "等级",
    "verified": "核对日期",
    "flag": "存疑",
    "note": "说明",
}
HOTLINE_FIELDS = {
    "department": "部门",
    "hours": "时间",
    "purpose": "用途",
    "main": "主要电话",
    "since": "日期",
    "source": "来源",
    "grade": "等级",
    "flag": "存疑",
    "note": "说明",
    "verified": "核对日期",
}


MAX_PAGES = 20  # a national change touches every region page; list the first ones


class DiffError(RuntimeError):
    """The base revision cannot be read."""


def _git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], input=data, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise DiffError("找不到 git 命令；diff 需要在 git 仓库里运行") from None
    if done.returncode != 0:
        raise DiffError(
            done.stderr.decode("utf-8", "replace").strip().splitlines()[-1]
            if done.stderr.strip()
            else f"git {' '.join(args)} 失败"
        )
    return done.stdout


def load_at_ref(data_dir: Path, ref: str) -> Dataset:
    """The data files as they were at `ref`, read with git (no checkout)."""
    data_dir = Path(data_dir).resolve()
    top = Path(_git(data_dir, "rev-parse", "--show-toplevel").decode().strip())
    prefix = data_dir.relative_to(top).as_posix()
    try:
        _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except DiffError:
        raise DiffError(
            f'找不到 git 版本 "{ref}"；写一个分支名、标签或提交号，例如 origin/main'
        ) from None
    listing = _git(top, "ls-tree", "-r", "--name-only", "-z", ref, "--", prefix + "/").decode(
        "utf-8"
    )
    names = [
        n
        for n in listing.split("\0")
        if n.endswith((".yaml", ".yml")) and not n.startswith(prefix + "/schema/")
    ]
    files = []
    if names:
        batch = _git(
            top, "cat-file", "--batch", data="".join(f"{ref}:{n}\n" for n in names).encode()
        )
        pos = 0
        for name in names:
            header_end = batch.index(b"\n", pos)
            size = int(batch[pos:header_end].split()[2])
            body = batch[header_end + 1 : header_end + 1 + size]
            pos = header_end + 1 + size + 1
            inner = name[len(prefix) + 1 :]
            files.append((inner, f"{ref}:{name}", body.decode("utf-8")))
    return load_files(files)


def _all_regions(resolved: dict) -> dict[str, dict]:
    out = {}
    if resolved.get("national"):
        out[resolved["national"]["code"]] = resolved["national"]
    out.update(resolved["regions"])
    return out


def _fmt_pair(path: str, old: Any, new: Any) -> str:
    fo, fn = labels.format_value(path, old), labels.format_value(path, new)
    u = labels.unit(path)
    if u and u not in ("比例", "分段") and fo.endswith(" " + u) and fn.endswith(" " + u):
        fo = fo[: -len(u) - 1]
    return f"{fo} → {fn}"


def _detail(entry: dict, sources: dict, extra: str = "") -> str:
    src = sources.get(entry.get("source"), {})
    parts = [f"{entry['from']} 起"] if entry.get("from") else []
    if extra:
        parts.insert(0, extra)
    parts.append(f"来源：{src.get('title') or entry.get('source')}")
    parts.append(f"等级 {entry.get('grade')}")
    if entry.get("flag"):
        parts.append(f"存疑：{entry['flag']}")
    return "（" + "，".join(parts) + "）"


def _meta_changes(old: dict, new: dict, fields: dict) -> list[str]:
    out = []
    for key, name in fields.items():
        if old.get(key) != new.get(key):
            out.append(
                f"{name} {old.get(key) if old.get(key) is not None else '无'} → "
                f"{new.get(key) if new.get(key) is not None else '无'}"
            )
    return out


def _fact_changes(
    name: str, path: str, old: dict | None, new: dict | None, sources: dict
) -> list[str]:
    label = f"{name} · {labels.label(path) or path}"
    lines = []
    old_by = {e["from"]: e for e in (old or {}).get("values", [])}
    new_by = {e["from"]: e for e in (new or {}).get("values", [])}
    new_sorted = sorted(new_by)
    for day in sorted(set(old_by) | set(new_by)):
        o, n = old_by.get(day), new_by.get(day)
        if o and n:
            if o["value"] != n["value"]:
                lines.append(
                    f"{label}: {_fmt_pair(path, o['value'], n['value'])}{_detail(n, sources)}"
                )
            else:
                meta = _meta_changes(o, n, ENTRY_FIELDS)
                if meta:
                    lines.append(
                        f"{label}: {labels.format_value(path, n['value'])} 不变；{'，'.join(meta)}"
                        f"（{day} 起）"
                    )
        elif n:
            earlier = [d for d in new_sorted if d < day]
            before = new_by[earlier[-1]] if earlier else None
            if before is None and old is not None and old_by:
                prior = [d for d in sorted(old_by) if d < day]
                before = old_by[prior[-1]] if prior else None
            if before is not None:
                lines.append(
                    f"{label}: {_fmt_pair(path, before['value'], n['value'])}{_detail(n, sources)}"
                )
            else:
                lines.append(
                    f"{label}: 新增 {labels.format_value(path, n['value'])}{_detail(n, sources)}"
                )
        else:
            lines.append(f"{label}: 删除了 {day} 起的 {labels.format_value(path, o['value'])}")
    if (old or {}).get("bound") != (new or {}).get("bound") and old and new:
        bound = {"max": "不超过", "min": "不低于", None: "无"}
        lines.append(
            f"{label}: 上下限 {bound.get(old.get('bound'))} → {bound.get(new.get('bound'))}"
        )
    return lines


def _hotline_key(h: dict) -> tuple:
    return (h.get("number"), h.get("department"))


def _strip_positions(node: Any) -> Any:
    """The content without file/line positions (which move when lines are added above)."""
    if isinstance(node, dict):
        return {
            k: _strip_positions(v)
            for k, v in node.items()
            if k not in ("file", "line", "overrides")
        }
    if isinstance(node, list):
        return [_strip_positions(v) for v in node]
    return node


def _overrides(dataset: Dataset) -> dict[str, dict]:
    """Each region's own `topics:` block, by code."""
    out = {}
    for doc in dataset.of_kind("national") + dataset.of_kind("region"):
        if isinstance(doc.data, dict) and isinstance(doc.data.get("topics"), dict):
            out[str(doc.data.get("code"))] = doc.data["topics"]
    return out


def _region_view(region: dict) -> Any:
    return _strip_positions(
        {
            k: region.get(k)
            for k in (
                "name",
                "short_name",
                "level",
                "parent",
                "params",
                "hotlines",
                "topics",
                "hospital_levels",
                "insurance_year_start",
                "sources",
            )
        }
    )


def diff_datasets(
    base: Dataset, head: Dataset, schema_dir: Path | None = None
) -> tuple[list[str], list[str]]:
    """(changed-fact lines, touched pages "名称（url）") between two datasets."""
    old, new = resolve_dataset(base, schema_dir), resolve_dataset(head, schema_dir)
    old_regions, new_regions = _all_regions(old), _all_regions(new)
    sources = {**old["sources"], **new["sources"]}
    old_overrides, new_overrides = _overrides(base), _overrides(head)
    lines: list[str] = []

    for code in sorted(set(old_regions) | set(new_regions)):
        o, n = old_regions.get(code), new_regions.get(code)
        if o is None:
            lines.append(f"新增地区：{n['name']}（{n['file']}）")
        elif n is None:
            lines.append(f"删除地区：{o['name']}（{o['file']}）")
            continue
        name = (n or o)["short_name"] or (n or o)["name"]
        of = dict(iter_facts(o["own_params"])) if o else {}
        nf = dict(iter_facts(n["own_params"]))
        for path in list(dict.fromkeys([*nf, *of])):
            if _strip_positions(of.get(path)) != _strip_positions(nf.get(path)):
                lines.extend(_fact_changes(name, path, of.get(path), nf.get(path), sources))
        own_old = {_hotline_key(h): h for h in (o["hotlines"] if o else []) if h["region"] == code}
        own_new = {_hotline_key(h): h for h in n["hotlines"] if h["region"] == code}
        for key in list(dict.fromkeys([*own_new, *own_old])):
            ho, hn = own_old.get(key), own_new.get(key)
            if ho is None:
                src = sources.get(hn.get("source"), {})
                lines.append(
                    f"{name} · 电话: 新增 {hn['number']}（{hn['department']}，{hn['since']} 起，"
                    f"来源：{src.get('title') or hn.get('source')}，等级 {hn.get('grade')}）"
                )
            elif hn is None:
                lines.append(f"{name} · 电话: 删除 {ho['number']}（{ho['department']}）")
            else:
                meta = _meta_changes(ho, hn, HOTLINE_FIELDS)
                if meta:
                    lines.append(f"{name} · 电话 {hn['number']}: {'，'.join(meta)}")
        for key in (
            "name",
            "short_name",
            "parent",
            "level",
            "hospital_levels",
            "insurance_year_start",
        ):
            ov = o.get(key) if o else None
            if o is not None and ov != n.get(key):
                lines.append(f"{name} · {key}: {ov} → {n.get(key)}")
        if o is not None:
            ot, nt = old_overrides.get(code, {}), new_overrides.get(code, {})
            for slug in sorted(set(ot) | set(nt)):
                if ot.get(slug) != nt.get(slug):
                    title = (n["topics"].get(slug) or o["topics"].get(slug) or {}).get(
                        "title"
                    ) or slug
                    a, b = ot.get(slug) or {}, nt.get(slug) or {}
                    fields = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
                    lines.append(f"{name} · 事项 {title}: 改动了本地区的 {', '.join(fields)}")

    for sid in sorted(set(old["sources"]) | set(new["sources"])):
        so, sn = old["sources"].get(sid), new["sources"].get(sid)
        if so and sn:
            meta = _meta_changes(
                so,
                sn,
                {
                    "title": "标题",
                    "url": "网址",
                    "document": "文号",
                    "date": "日期",
                    "grade": "等级",
                },
            )
            if meta:
                lines.append(f"来源 {sid}: {'，'.join(meta)}")
        elif sn and not so:
            pass  # new sources show up with the facts that use them
        elif so and not sn:
            lines.append(f"来源 {sid}: 删除（{so.get('title')}）")

    for slug in sorted(set(old["topics"]) | set(new["topics"])):
        to, tn = old["topics"].get(slug), new["topics"].get(slug)
        if to is None:
            lines.append(f"新增事项：{tn.get('title')}（{tn['file']}）")
        elif tn is None:
            lines.append(f"删除事项：{to.get('title')}（{to['file']}）")
        else:
            a, b = _strip_positions(to), _strip_positions(tn)
            if a != b:
                fields = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
                lines.append(f"事项 {tn.get('title')}: 改动了 {', '.join(fields)}")
    for kind, title in (("glossary", "术语表"), ("faq", "常见问题")):
        if _strip_positions(old[kind]) != _strip_positions(new[kind]):
            lines.append(f"{title}有改动")

    pages: list[str] = []
    for code in sorted(set(old_regions) | set(new_regions)):
        o, n = old_regions.get(code), new_regions.get(code)
        if n is not None and (o is None or _region_view(o) != _region_view(n)):
            pages.append(f"{n['name']}（{n['url']}）")
    for slug in sorted(set(old["topics"]) | set(new["topics"])):
        to, tn = old["topics"].get(slug), new["topics"].get(slug)
        region_side = any(
            _strip_positions((old_regions.get(c) or {}).get("topics", {}).get(slug))
            != _strip_positions(r["topics"].get(slug))
            for c, r in new_regions.items()
            if slug in r.get("overridden_topics", [])
            or slug in (old_regions.get(c) or {}).get("overridden_topics", [])
        )
        if tn is not None and (
            to is None or _strip_positions(to) != _strip_positions(tn) or region_side
        ):
            pages.append(f"{tn.get('title')}（{tn['url']}）")
    return lines, pages


def render(lines: list[str], pages: list[str], base: str, fmt: str = "text") -> str:
    heading = "涉及的页面"
    if len(pages) > MAX_PAGES:
        heading = f"涉及的页面（共 {len(pages)} 个，列出前 {MAX_PAGES} 个）"
        pages = pages[:MAX_PAGES]
    if fmt == "markdown":
        out = [f"### 数据改动（与 `{base}` 相比）", ""]
        out += [f"- {line}" for line in lines] or ["没有数据改动。"]
        if pages:
            out += ["", f"**{heading}**", ""] + [f"- {p}" for p in pages]
        return "\n".join(out) + "\n"
    if not lines and not pages:
        return "没有数据改动。\n"
    out = list(lines)
    if pages:
        out.append(f"{heading}：" + "、".join(pages))
    return "\n".join(out) + "\n"


def diff_command(base_ref: str, data_dir: Path, as_of: str, fmt: str = "text") -> int:
    """Print the changes between data/ at base_ref and the working tree."""
    try:
        base = load_at_ref(Path(data_dir), base_ref)
    except DiffError as exc:
        print(f"generator diff: {exc}", file=sys.stderr)
        return 2
    except DataErrors as exc:
        print(
            f"generator diff: {base_ref} 里的数据无法读取（{exc.errors[0].text()}）",
            file=sys.stderr,
        )
        return 2
    head = load_valid(data_dir, as_of, "比较")
    if head is None:
        return 1
    lines, pages = diff_datasets(base, head, Path(data_dir) / "schema")
    sys.stdout.write(render(lines, pages, base_ref, fmt))
    return 0
