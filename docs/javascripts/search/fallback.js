// 医保指南 search, part 4 of 4: the fallback for browsers without WebAssembly or Intl.Segmenter.
//
// search/titles.json (written with the Pagefind index, after `mkdocs build`) lists every indexed page
// as [title, path, description]; it is fetched only when the search box is used. A page matches when
// every word of the query (split on spaces) is part of its title or description. Guides come first,
// then the other pages, then regions; within each, earlier and shorter matches first.

const ORDER = { 办事指南: 0, "": 1, 地区: 2 };

export async function titleSearch(site, kindOf) {
  const response = await fetch(new URL("search/titles.json", site), { credentials: "same-origin" });
  if (!response.ok) throw new Error(`search/titles.json: ${response.status}`);
  const pages = (await response.json()).pages.map(([title, path, description]) => ({
    title,
    path,
    text: `${title} ${description || ""}`.toLowerCase(),
    kind: kindOf(path),
  }));

  const find = (query) => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const found = [];
    for (const page of pages) {
      if (!words.every((w) => page.text.includes(w))) continue;
      const at = page.title.toLowerCase().indexOf(words[0]);
      found.push({ page, rank: [ORDER[page.kind] ?? 1, at < 0 ? 999 : at, page.title.length] });
    }
    found.sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2] - b.rank[2]);
    return found.map(({ page }) => ({ url: page.path, title: page.title, section: "", kind: page.kind, excerpt: "" }));
  };

  const page = (all, from, size) => ({
    results: all.slice(from, from + size),
    total: all.length,
    more: from + size < all.length ? (n) => Promise.resolve(page(all, from + size, n)) : null,
  });

  return async (query, size) => page(find(query), 0, size);
}
