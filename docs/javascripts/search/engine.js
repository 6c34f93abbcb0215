// 医保指南 search, part 3 of 4: which search runs here.
//
// Full-text search is Pagefind (built after `mkdocs build` into pagefind/): a WebAssembly runtime that
// downloads only the index chunks for the words asked. It needs WebAssembly, and Intl.Segmenter to cut
// a Chinese query into words. Where either is missing (older in-app browsers) or the runtime does not
// load, the fallback searches the page titles in search/titles.json by substring (fallback.js).

const KINDS = [
  ["guides/", "办事指南"],
  ["regions/", "地区"],
];

// What kind of page a site path is, for the reader: 办事指南, 地区 or nothing.
export function kindOf(path) {
  const hit = KINDS.find(([prefix]) => path.startsWith(prefix) && path !== prefix);
  return hit ? hit[1] : "";
}

export function fullSearchWorks() {
  return (
    typeof WebAssembly === "object" &&
    typeof WebAssembly.instantiate === "function" &&
    typeof Intl === "object" &&
    typeof Intl.Segmenter === "function"
  );
}

const OLD_BROWSER = "这个浏览器只能按页面标题查找，找到的可能不全。";
const NOT_LOADED = "完整搜索没有载入，现在只按页面标题查找，找到的可能不全。";

export async function loadEngine(site) {
  let note = OLD_BROWSER;
  if (fullSearchWorks()) {
    try {
      return await pagefindEngine(site);
    } catch {
      note = NOT_LOADED; // the runtime or its index did not load: the titles still work
    }
  }
  const { titleSearch } = await import("./fallback.js");
  return { search: await titleSearch(site, kindOf), note };
}

async function pagefindEngine(site) {
  const pagefind = await import(new URL("pagefind/pagefind.js", site).href);
  await pagefind.options({
    basePath: new URL("pagefind/", site).pathname,
    baseUrl: site.pathname,
    excerptLength: 24,
    // The index is small per query: searching on this thread saves the worker's download.
    noWorker: true,
  });
  await pagefind.init();
  const rel = (url) => decodeURI(new URL(url, site).pathname).slice(site.pathname.length);

  const hit = async (result) => {
    const data = await result.data();
    const path = rel(data.url);
    const best = bestSection(data);
    return {
      url: best ? rel(best.url) + new URL(best.url, site).hash : path,
      title: data.meta.title || path,
      section: best ? best.title : "",
      kind: kindOf(path),
      excerpt: best ? best.excerpt : data.excerpt,
    };
  };

  const page = (results, from, size) => {
    const slice = results.slice(from, from + size);
    return Promise.all(slice.map(hit)).then((hits) => ({
      results: hits,
      total: results.length,
      more: from + size < results.length ? (n) => page(results, from + size, n) : null,
    }));
  };

  return {
    note: "",
    search: async (query, size) => {
      const found = await pagefind.search(query);
      return page(found ? found.results : [], 0, size);
    },
  };
}

// The section of a page that matched best, when it is a section under a heading (not the page top).
function bestSection(data) {
  let best = null;
  let bestWeight = 0;
  for (const sub of data.sub_results || []) {
    if (!sub.url.includes("#") || sub.title === data.meta.title) continue;
    const weight = (sub.weighted_locations || []).reduce((sum, w) => sum + w.weight, 0);
    if (weight > bestWeight) {
      best = sub;
      bestWeight = weight;
    }
  }
  const topWeight = (data.weighted_locations || []).reduce((sum, w) => sum + w.weight, 0);
  // A section is worth naming when it holds most of what matched.
  return best && bestWeight * 2 >= topWeight ? best : null;
}
