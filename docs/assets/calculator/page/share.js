// 医保指南 calculator: the inputs in the page's URL, so a link reopens the same estimate.
// No DOM; testable alone.
//
//   ?tab=year&date=2026-03-01&yscheme=resident&bill=inpatient~三级~30000&bill=outpatient~~1200#yb-calculator
//
// Each field is a query parameter of its own name (checkboxes as 1); a year's bills are repeated
// `bill` parameters, each visit~level~total~self_pay~class_b_self_pay~cross_region~disease with the
// empty fields at the end left off. Parameters the calculator does not own are kept as they were.

export const TAB_FIELDS = {
  reimbursement: ["scheme", "visit", "level", "disease", "total", "self_pay", "class_b_self_pay", "admission",
    "deductible_met", "fund_paid_this_year", "hardship", "cross_region"],
  year: ["yscheme", "yhardship", "ycross_region", "yfund_paid"],
  contribution: ["cscheme", "tier", "group", "monthly_wage", "base"],
  waiting_period: ["late_enrolment", "break_years", "paid_back_years", "exempt"],
};
const BILL_PARTS = ["visit", "level", "total", "self_pay", "class_b_self_pay", "cross_region", "disease"];
const BILL_SEPARATOR = "~";
export const URL_KEYS = ["tab", "region", "date", "bill", ...Object.values(TAB_FIELDS).flat()];

export function encodeBill(bill) {
  const parts = BILL_PARTS.map((k) => (bill[k] === undefined || bill[k] === null ? "" : String(bill[k])));
  while (parts.length && parts[parts.length - 1] === "") parts.pop();
  return parts.join(BILL_SEPARATOR);
}

// A bill's fields as text, as the bill editor would hold them; null if the text is not a bill.
export function decodeBill(text) {
  const parts = String(text || "").split(BILL_SEPARATOR);
  if (parts.length > BILL_PARTS.length || !parts[0]) return null;
  const form = {};
  BILL_PARTS.forEach((k, i) => {
    if (parts[i]) form[k] = parts[i];
  });
  return form;
}

// URLSearchParams for one tab's state. `form`: {name: value} of the visible fields.
export function stateToQuery({ tab, region, date, form, bills = [] }) {
  const q = new URLSearchParams();
  q.set("tab", tab);
  if (region) q.set("region", region);
  if (date) q.set("date", date);
  for (const name of TAB_FIELDS[tab] || []) {
    if (!(name in form)) continue;
    const v = form[name];
    if (v === true) q.set(name, "1");
    else if (v !== false && v !== "" && v !== undefined && v !== null) q.set(name, String(v));
  }
  if (tab === "year") for (const bill of bills) q.append("bill", encodeBill(bill));
  return q;
}

// The calculator's state from a query string: {tab, region, date, form, bills} or null if none.
export function queryToState(search) {
  const q = new URLSearchParams(search);
  const tab = q.get("tab");
  if (!tab) return null;
  const known = TAB_FIELDS[tab] ? tab : "reimbursement";
  const form = {};
  for (const name of TAB_FIELDS[known]) if (q.has(name)) form[name] = q.get(name);
  const bills = known === "year" ? q.getAll("bill").map(decodeBill).filter(Boolean) : [];
  return { tab: known, region: q.get("region"), date: q.get("date"), form, bills };
}

// `href` with the calculator's parameters replaced by `query` and the hash pointing at the widget.
export function shareHref(href, query, hash) {
  const url = new URL(href);
  const q = new URLSearchParams(url.search);
  for (const k of URL_KEYS) q.delete(k);
  for (const [k, v] of query) q.append(k, v);
  url.search = q.toString();
  url.hash = hash;
  return url.href;
}
