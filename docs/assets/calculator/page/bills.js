// 医保指南 calculator: a year's bills, added one by one from the bill editor, each removable.
// The list is what the year request sends, in the order the reader added them.

import { el } from "./dom.js";
import { billTitle } from "./render.js";
import { billFromForm } from "./requests.js";

const EDITOR_FIELDS = ["bvisit", "blevel", "bdisease", "btotal", "bself_pay", "bclass_b", "bcross_region"];
const CLEARED_ON_ADD = ["btotal", "bself_pay", "bclass_b"];

// A bill ({visit, level, total, …}) as the editor's fields.
export function billAsForm(bill) {
  return {
    bvisit: bill.visit, blevel: bill.level, bdisease: bill.disease, btotal: bill.total,
    bself_pay: bill.self_pay, bclass_b: bill.class_b_self_pay, bcross_region: bill.cross_region,
  };
}

function describe(bill, index) {
  const extra = [];
  if (bill.self_pay) extra.push(`全自费 ${bill.self_pay} 元`);
  if (bill.class_b_self_pay) extra.push(`乙类先行自付 ${bill.class_b_self_pay} 元`);
  return `${billTitle(bill, index)}，${bill.total} 元${extra.length ? `（其中${extra.join("，")}）` : ""}`;
}

export class BillList {
  // fields: the widget's Fields; onChange(bills, said) after each add or removal.
  constructor(fields, ids, onChange) {
    this.fields = fields;
    this.ids = ids;
    this.onChange = onChange;
    this.bills = [];
    this.add = el("button", { type: "button", className: "md-button yb-calc__add-bill", text: "加上这一笔" });
    this.add.addEventListener("click", () => {
      const said = this.addFromEditor();
      if (said) this.onChange(this.bills, said);
    });
    this.list = el("ol", { className: "yb-bills", id: ids("bills"), "aria-label": "已经加上的费用" });
    this.empty = el("p", { className: "yb-bills__empty", text: "还没有加上费用。填好一笔，点“加上这一笔”；可以加好几笔。" });
    this.node = el("div", { className: "yb-calc__bills" },
      el("h4", { className: "yb-bills__title", text: "已经加上的费用" }), this.empty, this.list);
    this.render();
  }

  editorForm() {
    const form = {};
    for (const name of EDITOR_FIELDS) if (this.fields.visible(name)) form[name] = this.fields.value(name);
    return form;
  }

  // True if the editor has something typed in that is not yet on the list.
  editorFilled() {
    return String(this.fields.value("btotal") || "").trim() !== "";
  }

  // Adds the editor's bill and returns the sentence saying so, or "" (errors shown beside its
  // fields) if it is not valid.
  addFromEditor() {
    for (const name of EDITOR_FIELDS) this.fields.clearError(name);
    const got = billFromForm(this.editorForm());
    if (got.errors) {
      for (const [name, message] of got.errors) this.fields.setError(name, message);
      this.fields.input(got.errors[0][0]).focus();
      return "";
    }
    this.bills.push(got.bill);
    for (const name of CLEARED_ON_ADD) this.fields.setValue(name, "");
    this.render();
    return `已加上${describe(got.bill, this.bills.length - 1)}。一共 ${this.bills.length} 笔。`;
  }

  remove(index) {
    const [gone] = this.bills.splice(index, 1);
    this.render();
    const next = this.list.querySelector("button") || this.fields.input("btotal");
    if (next) next.focus();
    this.onChange(this.bills, `已删除${describe(gone, index)}。还有 ${this.bills.length} 笔。`);
  }

  set(bills) {
    this.bills = bills.slice();
    this.render();
  }

  render() {
    this.list.replaceChildren(...this.bills.map((bill, i) => {
      const text = describe(bill, i);
      const del = el("button", { type: "button", className: "yb-bills__remove", "aria-label": `删除第 ${i + 1} 笔`, text: "删除" });
      del.addEventListener("click", () => this.remove(i));
      return el("li", { className: "yb-bills__item", "data-bill-index": i },
        el("span", { className: "yb-bills__text", text }), del,
        el("p", { className: "yb-field__error", id: this.ids(`bill-${i}-err`), hidden: true }));
    }));
    this.empty.hidden = this.bills.length > 0;
    this.list.hidden = this.bills.length === 0;
  }

  // calc's error about bill `index` beside that bill.
  setError(index, message) {
    const item = this.list.querySelector(`[data-bill-index="${index}"]`);
    if (!item) return false;
    const err = item.querySelector(".yb-field__error");
    err.textContent = message;
    err.hidden = false;
    item.classList.add("yb-field--invalid");
    return true;
  }
}
