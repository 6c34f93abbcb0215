// Search, part 4 of 4: how text becomes search keys, the same way as generator/search_index.py
// (`keys`, `shard_of`; a test runs both on the same text). Chinese is cut into pairs of neighbouring
// characters, so no word list and no Intl.Segmenter is needed; Latin words and numbers stay whole.

const RUNS = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g;

export function normalize(text) {
  return text.normalize("NFKC").toLowerCase();
}

// The keys of a text, in order (repeats kept).
export function keys(text) {
  const out = [];
  for (const [run] of normalize(text).matchAll(RUNS)) {
    if (/^[a-z0-9]/.test(run) || run.length === 1) out.push(run);
    else for (let i = 0; i < run.length - 1; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

export function shardOf(key, shards) {
  return key.codePointAt(0) % shards;
}
