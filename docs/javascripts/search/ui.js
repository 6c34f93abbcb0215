// Search, part 2 of 4: the search box's behaviour, loaded on the reader's first intent.
//
// - Chinese input methods: a search starts on `input` (outside a composition) and on
//   `compositionend`, never on the pinyin letters typed during a composition, and never only on keys.
// - Results are a list of links; the status line above them is a live region that says how many were
//   found. ArrowDown moves from the box into the list, ArrowUp/ArrowDown move within it, Escape closes.
// - Everything shown comes from the index as text, never as HTML.

import { loadEngine } from "./engine.js";

const PAGE_SIZE = 6; // a phone screen of results; each one costs a download (its excerpt)
const DELAY_MS = 120; // one search per pause in typing, not one per character

const SITE = new URL("../../", import.meta.url); // the site root, under a sub-path too

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

// An excerpt's [[text, marked], ...] pieces as text nodes and <mark>s.
function excerptNodes(pieces) {
  const out = document.createDocumentFragment();
  for (const [text, marked] of pieces) out.append(marked ? el("mark", "", text) : document.createTextNode(text));
  return out;
}

export async function start({ box, input, status, toggle }) {
  const list = box.querySelector("#yb-search-results");
  const form = box.querySelector("form");
  const busy = (on) => {
    box.classList.toggle("yb-search--loading", on);
    if (on) status.setAttribute("aria-busy", "true");
    else status.removeAttribute("aria-busy");
  };
  const say = (text) => {
    status.textContent = text;
  };

  const engine = await loadEngine(SITE);
  busy(false);

  let composing = input.dataset.composing === "1";
  let timer = 0;
  let serial = 0; // answers to older queries are dropped
  let shown = { query: "", results: [], more: null };

  const item = (hit) => {
    const li = el("li", "md-search-result__item");
    const a = el("a", "md-search-result__link yb-search__hit");
    a.href = new URL(hit.url, SITE).href;
    const article = el("article", "md-search-result__article md-typeset");
    const title = el("p", "yb-search__title", hit.title);
    if (hit.section) title.append(el("span", "yb-search__section", ` › ${hit.section}`));
    article.append(title);
    if (hit.kind) article.append(el("p", "yb-search__kind", hit.kind));
    if (hit.excerpt.length) {
      const p = el("p", "yb-search__excerpt");
      p.append(excerptNodes(hit.excerpt));
      article.append(p);
    }
    a.append(article);
    li.append(a);
    return li;
  };

  const render = (query, answer, append) => {
    if (!append) list.textContent = "";
    list.querySelector(".yb-search__more")?.remove();
    for (const hit of answer.results) list.append(item(hit));
    shown = { query, results: append ? shown.results.concat(answer.results) : answer.results, more: answer.more };
    list.dataset.query = query; // which query the list answers (tests and measurements wait for it)
    if (answer.more) {
      const li = el("li", "yb-search__more");
      const button = el("button", "md-button", "显示更多结果");
      button.type = "button";
      button.addEventListener("click", () => showMore());
      li.append(button);
      list.append(li);
    }
    const count = answer.total;
    const head = count
      ? `找到 ${count} 个页面${count > shown.results.length ? `，先列出 ${shown.results.length} 个` : ""}。`
      : `没有找到“${query}”，换个说法试试，例如“报销”“参保”或地区名。`;
    say(head);
  };

  const run = async (raw) => {
    const query = raw.trim();
    const mine = ++serial;
    if (!query) {
      list.textContent = "";
      delete list.dataset.query;
      shown = { query: "", results: [], more: null };
      say("输入要找的事项或地区，例如“异地就医”“深圳”");
      return;
    }
    if (query === shown.query) return;
    busy(true);
    try {
      const answer = await engine.search(query, PAGE_SIZE);
      if (mine === serial) render(query, answer, false);
    } catch {
      if (mine === serial) say("搜索出了问题，请刷新页面再试。");
    } finally {
      if (mine === serial) busy(false);
    }
  };

  const showMore = async () => {
    if (!shown.more) return;
    const mine = serial;
    const first = list.children.length - 1; // the button's row is replaced by the new results
    busy(true);
    try {
      const answer = await shown.more(PAGE_SIZE);
      if (mine !== serial) return;
      render(shown.query, answer, true);
      list.children[first]?.querySelector("a")?.focus();
    } finally {
      busy(false);
    }
  };

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), DELAY_MS);
  };

  input.addEventListener("compositionstart", () => {
    composing = true;
    clearTimeout(timer);
  });
  input.addEventListener("compositionend", () => {
    composing = false;
    schedule();
  });
  input.addEventListener("input", (event) => {
    if (composing || event.isComposing) return; // pinyin letters, not yet the words
    schedule();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run(input.value).then(() => list.querySelector("a")?.focus());
  });
  form.addEventListener("reset", () => {
    clearTimeout(timer);
    setTimeout(() => {
      run("");
      input.focus();
    });
  });

  const links = () => [...list.querySelectorAll("a, button")];
  const close = () => {
    if (toggle) toggle.checked = false;
    input.blur();
  };
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && links().length) {
      event.preventDefault();
      links()[0].focus();
    } else if (event.key === "Escape") {
      close();
    }
  });
  list.addEventListener("keydown", (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = at + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) input.focus();
      else all[Math.min(next, all.length - 1)].focus();
    } else if (event.key === "Escape") {
      input.focus();
      close();
    }
  });

  // Whatever was typed while the runtime loaded is searched now.
  if (!composing) run(input.value);
}
