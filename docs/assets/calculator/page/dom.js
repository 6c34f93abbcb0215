// 医保指南 calculator: building DOM nodes. Text from data or from calc always goes in as textContent.

// el("p", {className: "x", text: "…", "aria-live": "polite"}, child, …): false/null/undefined
// attributes are left out, `true` becomes an empty attribute.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k === "className") node.className = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

// Today in the reader's time zone, as YYYY-MM-DD.
export function today(now = new Date()) {
  const p = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export function keys(obj) {
  return obj && typeof obj === "object" ? Object.keys(obj) : [];
}
