// 医保指南 calculator: a row of ARIA tabs (arrow keys, Home and End move between them).

import { el } from "./dom.js";

export class Tabs {
  // tabs: [[key, label, panel]]; onChange(key) after the reader switches.
  constructor(idPrefix, tabs, onChange) {
    this.keys = tabs.map(([key]) => key);
    this.buttons = {};
    this.panels = {};
    this.onChange = onChange;
    this.node = el("div", { role: "tablist", className: "yb-tabs", "aria-label": "估算什么" });
    for (const [key, label, panel] of tabs) {
      panel.setAttribute("role", "tabpanel");
      panel.id = `${idPrefix}-panel-${key}`;
      panel.setAttribute("aria-labelledby", `${idPrefix}-tab-${key}`);
      const b = el("button", {
        type: "button", role: "tab", id: `${idPrefix}-tab-${key}`, "aria-controls": panel.id, text: label,
      });
      b.addEventListener("click", () => this.select(key, true));
      b.addEventListener("keydown", (e) => this.onKey(e, key));
      this.buttons[key] = b;
      this.panels[key] = panel;
      this.node.append(b);
    }
    this.current = null;
  }

  onKey(e, key) {
    const i = this.keys.indexOf(key);
    const n = this.keys.length;
    const to = { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    this.select(this.keys[to], true);
  }

  select(key, byReader) {
    if (!this.buttons[key]) key = this.keys[0];
    this.current = key;
    for (const k of this.keys) {
      const on = k === key;
      this.buttons[k].setAttribute("aria-selected", on ? "true" : "false");
      this.buttons[k].tabIndex = on ? 0 : -1;
      this.panels[k].hidden = !on;
    }
    if (byReader) {
      this.buttons[key].focus();
      if (this.onChange) this.onChange(key);
    }
  }
}
