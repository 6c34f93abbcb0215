// Search, part 1 of 4: all that a page loads for search when it opens. On the first sign that the
// reader wants to search (focus, typing, a finger on the magnifier) it loads ui.js and search.css.

const box = document.querySelector("[data-yb-search]");
const input = box && box.querySelector("input");
const status = box && box.querySelector("[role=status]");
const toggle = document.getElementById("__search");
let started = null;
let css = null;

function start() {
  if (started) return;
  if (!css) {
    css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("search.css", import.meta.url).href;
    document.head.append(css);
  }
  status.textContent = "正在载入搜索…";
  status.setAttribute("aria-busy", "true");
  box.classList.add("yb-search--loading");
  started = import("./ui.js")
    .then((ui) => ui.start({ box, input, status, toggle }))
    .catch(() => {
      box.classList.remove("yb-search--loading");
      status.removeAttribute("aria-busy");
      status.textContent = "搜索没有载入，请检查网络后再点一下搜索框。";
      started = null; // the next focus tries again
    });
}

if (box) {
  for (const type of ["focus", "input", "compositionstart"]) input.addEventListener(type, start);
  // ui.js may arrive during a composition: it reads this to wait for the composition's end.
  input.addEventListener("compositionstart", () => (input.dataset.composing = "1"));
  input.addEventListener("compositionend", () => delete input.dataset.composing);
  input.addEventListener("focus", () => (toggle.checked = true));
  document.querySelector("[data-yb-search-open]")?.addEventListener("pointerdown", start);
  toggle.addEventListener("change", () => toggle.checked && (start(), input.focus()));
}
