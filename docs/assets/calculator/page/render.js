// 医保指南 calculator: calc's answer on screen. Everything from calc goes in as text.
//
// renderResult(out, res, ids) fills `out` and returns the sentence for the live region. A result's
// summary figures carry data-key (one set per result: the year's totals for a year of bills; each
// bill's own figures carry data-bill-key), and its breakdown table is .yb-calc__breakdown.

import { el } from "./dom.js";
import { CONTRIB_SUMMARY, CROSS, REIMB_SUMMARY, VISITS } from "./labels.js";
import { grouped } from "./money.js";

const DISCLAIMER = "这是按公开规定做的估算，实际以医保经办机构结算为准。";

function sourceCell(src) {
  const cell = el("td", { className: "yb-calc__src" });
  if (src.url && /^https?:\/\//.test(src.url)) {
    cell.append(el("a", { href: src.url, rel: "noopener", text: src.title || src.id || "来源" }));
  } else {
    cell.append(document.createTextNode(src.title || src.id || ""));
  }
  if (src.grade === "C") cell.append(" ", el("span", { className: "yb-badge yb-badge--c", text: "待核实" }));
  return cell;
}

function breakdownTable(lines, captionId, className) {
  const table = el("table", { className, "aria-labelledby": captionId });
  table.append(el("thead", {}, el("tr", {},
    el("th", { scope: "col", text: "规则" }), el("th", { scope: "col", text: "金额（元）" }),
    el("th", { scope: "col", text: "依据" }))));
  const tbody = el("tbody");
  for (const line of lines) {
    // calc's line says the figure in words ("一级医院报销比例 90%"); its raw value (0.9) is not shown
    const ruleCell = el("td", {}, el("span", { text: line.text || line.rule }));
    tbody.append(el("tr", { "data-rule": line.rule || "" }, ruleCell,
      el("td", { className: "yb-num", text: grouped(line.amount) }), sourceCell(line.source || {})));
  }
  table.append(tbody);
  return el("div", { className: "yb-calc__scroll" }, table);
}

// <dl> of the figures in `rows` ([key, label]) that `summary` has. `keyAttr`: data-key or data-bill-key.
function summaryList(summary, rows, { keyAttr = "data-key", unit = "元", className = "yb-calc__summary" } = {}) {
  const dl = el("dl", { className });
  for (const [key, label] of rows) {
    if (summary[key] === undefined || summary[key] === null) continue;
    const item = el("div", { className: `yb-sum yb-sum--${key}` },
      el("dt", { text: label }), el("dd", {}, el("span", { className: "yb-sum__amount", text: grouped(summary[key]) }), ` ${unit}`));
    item.setAttribute(keyAttr, key);
    dl.append(item);
  }
  return dl;
}

function spoken(summary, rows, unit = "元") {
  return rows.filter(([k]) => summary[k] != null).map(([k, l]) => `${l} ${grouped(summary[k])} ${unit}`).join("，");
}

function missingBox(missing) {
  const box = el("div", { className: "admonition warning yb-calc__missing" },
    el("p", { className: "admonition-title", text: "这个地区的数据还缺一些，暂时算不了" }));
  // calc's messages are for readers; the data file and parameter (where, param) are for the people
  // who add the figures, and reach them through the 数据状态 page, not here
  box.append(el("ul", {}, ...missing.map((m) => el("li", { text: m.message }))));
  return box;
}

export function billTitle(bill, index) {
  const parts = [VISITS[bill.visit] || bill.visit];
  if (bill.level) parts.push(bill.visit === "inpatient" || bill.visit === "outpatient" ? `${bill.level}医院` : bill.level);
  if (bill.disease) parts.push(bill.disease);
  if (bill.cross_region && bill.cross_region !== "none") parts.push(CROSS[bill.cross_region] || bill.cross_region);
  return `第 ${index + 1} 笔：${parts.join("，")}`;
}

// Each bill of a year: its own figures and lines, folded so the year's total stays in view.
function billSections(res, ids) {
  const list = el("ol", { className: "yb-calc__bills-result" });
  res.bills.forEach((bill, i) => {
    const s = bill.summary || {};
    const titleId = ids(`bill-${i}-title`);
    const details = el("details", { className: "yb-calc__bill-result", "data-bill-index": i });
    details.append(el("summary", { id: titleId, text: `${billTitle(bill, i)}，${grouped(s.total)} 元：您自付 ${grouped(s.you_pay)} 元` }));
    details.append(summaryList(s, REIMB_SUMMARY, { keyAttr: "data-bill-key", className: "yb-calc__summary yb-calc__summary--bill" }));
    if (bill.breakdown && bill.breakdown.length) {
      details.append(breakdownTable(bill.breakdown, titleId, "yb-calc__bill-breakdown"));
    }
    list.append(el("li", {}, details));
  });
  return list;
}

const HEADINGS = {
  reimbursement: (s) => `总费用 ${grouped(s.total)} 元，估算结果`,
  year: (s, res) => `一年 ${res.bills ? res.bills.length : 0} 笔费用，合计 ${grouped(s.total)} 元，估算结果`,
  contribution: () => "每年、每月要缴多少（估算）",
  waiting_period: () => "待遇等待期（估算）",
};
const SUMMARY_ROWS = {
  reimbursement: REIMB_SUMMARY,
  year: REIMB_SUMMARY,
  contribution: CONTRIB_SUMMARY,
  waiting_period: [["months", "等待期"]],
};

// A successful result into `out`; returns the sentence to read out.
export function renderResult(out, res, ids) {
  out.replaceChildren();
  const s = res.summary || {};
  const rows = SUMMARY_ROWS[res.kind] || REIMB_SUMMARY;
  const unit = res.kind === "waiting_period" ? "个月" : "元";
  const heading = (HEADINGS[res.kind] || HEADINGS.reimbursement)(s, res);
  out.append(el("h3", { text: heading }), summaryList(s, rows, { unit }));
  if (res.kind === "year" && res.bills && res.bills.length) {
    out.append(el("h4", { className: "yb-calc__breakdown-title", text: "每一笔" }), billSections(res, ids));
  }
  if (res.breakdown && res.breakdown.length) {
    const captionId = ids("breakdown-title");
    const title = res.kind === "year" ? "全年怎么算出来的" : "怎么算出来的";
    out.append(el("h4", { id: captionId, className: "yb-calc__breakdown-title", text: title }));
    out.append(breakdownTable(res.breakdown, captionId, "yb-calc__breakdown"));
  }
  if (res.notes && res.notes.length) {
    out.append(el("ul", { className: "yb-calc__notes" }, ...res.notes.map((n) => el("li", { text: n }))));
  }
  out.append(el("p", { className: "yb-calc__disclaimer", text: DISCLAIMER }));
  return `估算完成：${spoken(s, rows, unit)}。`;
}

// A result that is not ok: the missing figures into `out` (errors are placed by the widget).
// Returns the sentence to read out, or "" when there is nothing missing.
export function renderMissing(out, res) {
  out.replaceChildren();
  if (!res.missing) return "";
  out.append(missingBox(res.missing));
  return `算不了：${res.missing.map((m) => m.message).join("；")}`;
}

export function renderGeneralErrors(out, messages) {
  if (messages.length) out.append(el("ul", { className: "yb-calc__errors" }, ...messages.map((m) => el("li", { text: m }))));
}
