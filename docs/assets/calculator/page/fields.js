// 医保指南 calculator: the form's fields. Each has a label, an optional hint and an error line
// beside it, tied to the input with aria-describedby; names are unique within one widget.

import { el } from "./dom.js";

export class Fields {
  constructor(idPrefix) {
    this.idPrefix = idPrefix;
    this.map = new Map(); // name -> {wrap, input, error}
  }

  id(name) {
    return `${this.idPrefix}-${name}`;
  }

  clear() {
    this.map.clear();
  }

  has(name) {
    return this.map.has(name);
  }

  get(name) {
    return this.map.get(name);
  }

  input(name) {
    const f = this.map.get(name);
    return f ? f.input : null;
  }

  names() {
    return [...this.map.keys()];
  }

  // A labelled field around `control`; returns its wrapper.
  field(name, labelText, control, hint) {
    const errId = this.id(`${name}-err`);
    const hintId = hint ? this.id(`${name}-hint`) : null;
    control.id = this.id(name);
    control.name = name;
    control.setAttribute("aria-describedby", [hintId, errId].filter(Boolean).join(" "));
    const wrap = el("div", { className: "yb-field", "data-field": name });
    const label = el("label", { for: control.id, text: labelText });
    const error = el("p", { className: "yb-field__error", id: errId, hidden: true });
    if (control.type === "checkbox") {
      wrap.classList.add("yb-field--check");
      wrap.append(control, label);
    } else {
      wrap.append(label, control);
    }
    if (hint) wrap.append(el("p", { className: "yb-field__hint", id: hintId, text: hint }));
    wrap.append(error);
    this.map.set(name, { wrap, input: control, error });
    control.addEventListener("input", () => this.clearError(name));
    control.addEventListener("change", () => this.clearError(name));
    return wrap;
  }

  value(name) {
    const f = this.map.get(name);
    if (!f) return undefined;
    return f.input.type === "checkbox" ? f.input.checked : f.input.value;
  }

  // Sets a text, select or checkbox from a URL value; a select keeps its value if `v` is not offered.
  setValue(name, v) {
    const f = this.map.get(name);
    if (!f || v === null || v === undefined) return;
    if (f.input.type === "checkbox") f.input.checked = v === true || v === "1";
    else if (f.input.tagName === "SELECT") {
      if ([...f.input.options].some((o) => o.value === String(v))) f.input.value = String(v);
    } else f.input.value = String(v);
  }

  // Shown, and not inside a hidden panel.
  visible(name) {
    const f = this.map.get(name);
    return Boolean(f) && !f.wrap.hidden && !f.wrap.closest("[hidden]");
  }

  show(name, on) {
    const f = this.map.get(name);
    if (f) f.wrap.hidden = !on;
  }

  labelOf(name) {
    const f = this.map.get(name);
    return f ? f.wrap.querySelector("label").textContent : name;
  }

  setError(name, message) {
    const f = this.map.get(name);
    if (!f) return false;
    f.error.textContent = message;
    f.error.hidden = false;
    f.input.setAttribute("aria-invalid", "true");
    f.wrap.classList.add("yb-field--invalid");
    return true;
  }

  clearError(name) {
    const f = this.map.get(name);
    if (!f) return;
    f.error.textContent = "";
    f.error.hidden = true;
    f.input.removeAttribute("aria-invalid");
    f.wrap.classList.remove("yb-field--invalid");
  }

  clearErrors() {
    for (const name of this.map.keys()) this.clearError(name);
  }
}

export function select(options, value) {
  const s = el("select");
  for (const [v, t] of options) s.append(el("option", { value: v, text: t }));
  if (value !== undefined) s.value = value;
  return s;
}

export function setOptions(sel, options) {
  const current = sel.value;
  sel.replaceChildren(...options.map(([v, t]) => el("option", { value: v, text: t })));
  if (options.some(([v]) => v === current)) sel.value = current;
}

export function moneyInput(placeholder) {
  return el("input", { type: "text", inputmode: "decimal", autocomplete: "off", placeholder, spellcheck: "false" });
}

export function countInput(value, placeholder) {
  return el("input", { type: "text", inputmode: "numeric", autocomplete: "off", value, placeholder, spellcheck: "false" });
}

export function checkbox() {
  return el("input", { type: "checkbox" });
}
