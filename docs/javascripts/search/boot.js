// 医保指南 search, part 1 of 4: the only search code a page loads when it opens (well under 1 KB
// compressed). It waits for the reader to reach for the search box (focus, a tap on the magnifier,
// typing) and only then loads the rest: ui.js, and through it the search runtime (engine.js).

const box = document.querySelector("[data-yb-search]");

if (box) {
  const input = box.querySelector("input[type=search]");
  const status = box.querySelector("[role=status]");
  const toggle = document.getElementById("__search");
  let started = null;

  // The first sign of intent starts the download; later ones reuse it.
  const start = () => {
    if (!started) {
      const href = new URL("search.css", import.meta.url).href;
      if (!document.querySelector(`link[href="${href}"]`)) {
        const css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = href;
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
          status.textContent = "搜索没有载入，请检查网络后刷新页面再试。";
          started = null;
        });
    }
    return started;
  };

  const open = () => {
    if (toggle && !toggle.checked) toggle.checked = true;
  };

  for (const type of ["focus", "input", "compositionstart"]) input.addEventListener(type, start);
  // ui.js may arrive in the middle of a composition: it reads this to wait for its end.
  input.addEventListener("compositionstart", () => (input.dataset.composing = "1"));
  input.addEventListener("compositionend", () => delete input.dataset.composing);
  input.addEventListener("focus", open);
  // A finger or pointer on the magnifier is intent enough to start loading before the tap ends.
  for (const label of document.querySelectorAll("[data-yb-search-open]")) {
    label.addEventListener("pointerdown", start, { passive: true });
  }
  if (toggle) {
    toggle.addEventListener("change", () => {
      if (!toggle.checked) return;
      start();
      input.focus();
    });
  }
}
