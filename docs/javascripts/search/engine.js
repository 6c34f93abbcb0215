// Search, part 3 of 4: finds and ranks pages in the index that generator/search_index.py writes
// under search/ after the site is built. Plain fetch and JSON: no WebAssembly, no Intl.Segmenter, so
// it works the same in old in-app browsers.
//
// A query is cut into keys (tokens.js); each key's shard is fetched once (about 16 KB before
// compression each) and holds, per page, a score worked out at build time. A page's score is the sum
// over the keys it has, each weighted by how rare the key is, times the share of the query's keys
// it has, squared; it must have at least 60 % of them. Excerpts come from each result's own file.

import { keys, normalize, shardOf } from "./tokens.js";

const LATIN = /^[a-z0-9]+$/;
const EXCERPT = 70; // characters

function getJSON(url, options) {
  return fetch(url, { credentials: "same-origin", ...options }).then((r) => {
    if (!r.ok) throw new Error(`${url}: ${r.status}`);
    return r.json();
  });
}

export async function loadEngine(site) {
  const base = new URL("search/", site);
  const meta = await getJSON(new URL("index.json", base), { cache: "no-cache" });
  if (meta.version !== 1) throw new Error(`search index format ${meta.version}`);
  const dir = new URL(`${meta.build}/`, base);
  const cache = new Map();
  const file = (name) => {
    if (!cache.has(name)) cache.set(name, getJSON(new URL(name, dir)));
    return cache.get(name);
  };

  const rank = async (query) => {
    const wanted = [...new Set(keys(query))];
    if (!wanted.length) return { ids: [], wanted };
    const typed = normalize(query);
    // A lone Chinese character, or a Latin word still being typed, matches every key it begins.
    const prefix = (key) =>
      (key.length === 1 && !LATIN.test(key)) ||
      (LATIN.test(key) && key === wanted[wanted.length - 1] && typed.endsWith(key));
    const tables = await Promise.all(wanted.map((key) => file(`k${shardOf(key, meta.shards)}.json`)));
    const scores = new Map();
    const hits = new Map();
    wanted.forEach((key, i) => {
      const table = tables[i];
      const lists = prefix(key)
        ? Object.keys(table).filter((k) => k.startsWith(key)).map((k) => table[k])
        : table[key] ? [table[key]] : [];
      const best = new Map(); // page → its best score for this key
      for (const list of lists) {
        for (let j = 0, id = 0; j < list.length; j += 2) {
          id += list[j];
          best.set(id, Math.max(best.get(id) || 0, list[j + 1]));
        }
      }
      const rarity = Math.log(1 + (meta.pages - best.size + 0.5) / (best.size + 0.5));
      for (const [id, score] of best) {
        scores.set(id, (scores.get(id) || 0) + rarity * score);
        hits.set(id, (hits.get(id) || 0) + 1);
      }
    });
    const need = Math.ceil(wanted.length * 0.6);
    const ids = [...scores]
      .filter(([id]) => hits.get(id) >= need)
      .map(([id, score]) => [id, score * (hits.get(id) / wanted.length) ** 2])
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .map(([id]) => id);
    return { ids, wanted };
  };

  const hit = async (id, wanted) => {
    const doc = await file(`p${id}.json`);
    const section = bestSection(doc.s, wanted);
    const [anchor, heading, text] = doc.s[section];
    const top = section === 0 || !anchor;
    return {
      url: top ? doc.u : `${doc.u}#${anchor}`,
      title: doc.t,
      section: top ? "" : heading,
      kind: doc.k,
      // A page whose top has no text of its own (a region page) shows its first answer instead.
      excerpt: excerpt(text || (doc.s.find((row) => row[2]) || ["", "", ""])[2], wanted),
    };
  };

  const page = (ids, wanted, from, size) =>
    Promise.all(ids.slice(from, from + size).map((id) => hit(id, wanted))).then((results) => ({
      results,
      total: ids.length,
      more: from + size < ids.length ? (n) => page(ids, wanted, from + size, n) : null,
    }));

  return {
    search: async (query, size) => {
      const { ids, wanted } = await rank(query);
      return page(ids, wanted, 0, size);
    },
  };
}

function occurrences(text, wanted) {
  let n = 0;
  for (const key of wanted) {
    for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + key.length)) n++;
  }
  return n;
}

// The section (index into [anchor, heading, text] rows) where the query's keys occur most; a key
// in a heading counts three times, in the title (the heading of row 0, the page's top) ten times.
function bestSection(sections, wanted) {
  let best = 0;
  let bestCount = 0;
  sections.forEach(([, heading, text], i) => {
    const weight = i === 0 ? 10 : 3;
    const count = weight * occurrences(normalize(heading), wanted) + occurrences(normalize(text), wanted);
    if (count > bestCount) {
      best = i;
      bestCount = count;
    }
  });
  return best;
}

// About EXCERPT characters of `text` around the first key found, as [[text, marked], ...] pieces.
function excerpt(text, wanted) {
  const lower = text.toLowerCase();
  let first = -1;
  for (const key of wanted) {
    const at = lower.indexOf(key);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  const start = Math.max(0, first - 16);
  const end = Math.min(text.length, start + EXCERPT);
  const marked = new Array(end - start).fill(false);
  for (const key of wanted) {
    for (let at = lower.indexOf(key, start); at >= 0 && at < end; at = lower.indexOf(key, at + 1)) {
      for (let i = at; i < Math.min(at + key.length, end); i++) marked[i - start] = true;
    }
  }
  const pieces = [];
  for (let i = start; i < end; i++) {
    const m = marked[i - start];
    const last = pieces[pieces.length - 1];
    if (last && last[1] === m) last[0] += text[i];
    else pieces.push([text[i], m]);
  }
  if (start > 0) pieces.unshift(["…", false]);
  if (end < text.length) pieces.push(["…", false]);
  return pieces;
}
