"""The regions index (docs/regions/index.md) and the home page's list of regions."""

from __future__ import annotations

from pathlib import Path

from generator.pages import md_path, page_link, write_page


def region_tree(model: dict, from_md: str) -> list[dict]:
    """Provinces by code, each with its cities (and their districts), linked from `from_md`."""
    regions = model["regions"]

    def node(code: str) -> dict:
        r = regions[code]
        return {
            "code": code,
            "name": r["name"],
            "level": r.get("level"),
            "href": page_link(from_md, md_path(r["url"])),
            "children": [node(c) for c in sorted(r.get("children", [])) if c in regions],
        }

    tops = [
        c
        for c, r in regions.items()
        if r.get("parent") in (None, "100000") or r.get("parent") not in regions
    ]
    return [node(c) for c in sorted(tops)]


def render(model: dict, env, out: Path) -> list[Path]:
    """Write regions/index.md and includes/home-regions.md."""
    template = env.get_template("regions_index.md.j2")
    tree = region_tree(model, "regions/index.md")
    count = len(model["regions"])
    national = page_link("regions/index.md", md_path(model["national"]["url"]))
    written = [
        write_page(
            out, "regions/index.md", template.render(tree=tree, count=count, national=national)
        )
    ]
    home = env.get_template("home_regions.md.j2").render(
        tree=region_tree(model, "index.md"),
        national=page_link("index.md", md_path(model["national"]["url"])),
    )
    written.append(write_page(out, "includes/home-regions.md", home))
    return written
