// 医保指南 calculator: calc requests from what the reader entered. No DOM; testable alone.
//
// `form` is {name: value} for the fields the reader can see (text as typed, checkboxes as booleans,
// selects as their value). Each builder returns {request} or {errors: [[field name, message], …]},
// checking here what can be checked before calc sees it (calc checks everything again).

import { parseCount, parseMoney } from "./money.js";

export const TABS = ["reimbursement", "year", "contribution", "waiting_period"];
const MAX_BILLS = 100;

function reader(form, errors) {
  return {
    money(name, opts) {
      const res = parseMoney(form[name], opts);
      if (res.error) errors.push([name, res.error]);
      return res.value;
    },
    count(name, opts) {
      const res = parseCount(form[name], opts);
      if (res.error) errors.push([name, res.error]);
      return res.value;
    },
  };
}

function checkDate(form, errors) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.date || "")) errors.push(["date", "请选择日期"]);
}

function checkParts(total, selfPay, classB, field, errors) {
  if (total === 0) errors.push([field.total, "请填写大于 0 的金额"]);
  if (total !== undefined && (selfPay || 0) + (classB || 0) > total) {
    errors.push([field.self_pay, "全自费和乙类先行自付加起来不能超过总费用"]);
  }
}

function reimbursementInputs(form, errors) {
  const read = reader(form, errors);
  const visit = form.visit;
  const inputs = { scheme: form.scheme, visit };
  if ("level" in form) inputs.level = form.level;
  if (visit === "two_diseases") inputs.disease = form.disease;
  inputs.total = read.money("total", {});
  inputs.self_pay = read.money("self_pay", { required: false }) ?? 0;
  inputs.class_b_self_pay = read.money("class_b_self_pay", { required: false }) ?? 0;
  checkParts(inputs.total, inputs.self_pay, inputs.class_b_self_pay, { total: "total", self_pay: "self_pay" }, errors);
  if (visit === "inpatient") inputs.admission = read.count("admission", { required: true, min: 1, max: 366 });
  if (visit === "outpatient" || visit === "chronic") inputs.deductible_met = Boolean(form.deductible_met);
  inputs.fund_paid_this_year = read.money("fund_paid_this_year", { required: false }) ?? 0;
  inputs.hardship = visit === "inpatient" ? Boolean(form.hardship) : false;
  inputs.cross_region = form.cross_region;
  return inputs;
}

// One bill of a year from the bill editor's fields (bvisit, blevel, bdisease, btotal, bself_pay,
// bclass_b, bcross_region): {bill} or {errors}. Only what differs from the defaults is kept.
export function billFromForm(form) {
  const errors = [];
  const read = reader(form, errors);
  const bill = { visit: form.bvisit };
  if (form.blevel) bill.level = form.blevel;
  if (form.bvisit === "two_diseases" && form.bdisease) bill.disease = form.bdisease;
  bill.total = read.money("btotal", {});
  const selfPay = read.money("bself_pay", { required: false });
  const classB = read.money("bclass_b", { required: false });
  checkParts(bill.total, selfPay, classB, { total: "btotal", self_pay: "bself_pay" }, errors);
  if (selfPay) bill.self_pay = selfPay;
  if (classB) bill.class_b_self_pay = classB;
  if (form.bcross_region) bill.cross_region = form.bcross_region;
  return errors.length ? { errors } : { bill };
}

function yearInputs(form, bills, errors) {
  const read = reader(form, errors);
  if (!bills.length) errors.push(["btotal", "请先填一笔费用，再点“加上这一笔”"]);
  if (bills.length > MAX_BILLS) errors.push(["btotal", `一年最多算 ${MAX_BILLS} 笔费用`]);
  return {
    scheme: form.yscheme,
    hardship: Boolean(form.yhardship),
    cross_region: form.ycross_region,
    fund_paid_this_year: read.money("yfund_paid", { required: false }) ?? 0,
    bills: bills.map((b) => ({ ...b })),
  };
}

function contributionInputs(form, errors) {
  const read = reader(form, errors);
  const scheme = form.cscheme;
  const inputs = { scheme, tier: form.tier };
  if (scheme === "resident") inputs.group = form.group;
  // calc refuses a wage or base above its limit (calc/limits.py), saying why, beside the field
  if (scheme === "employee") inputs.monthly_wage = read.money("monthly_wage", {});
  if (scheme === "flexible") {
    const base = read.money("base", { required: false });
    if (base !== undefined) inputs.base = base;
  }
  return inputs;
}

function waitingInputs(form, errors) {
  const read = reader(form, errors);
  const breakYears = read.count("break_years", { max: 100 }) ?? 0;
  const paidBack = read.count("paid_back_years", { max: 100 }) ?? 0;
  if (paidBack > breakYears) errors.push(["paid_back_years", "补缴的年数不能多于断保的年数"]);
  return {
    late_enrolment: Boolean(form.late_enrolment),
    break_years: breakYears,
    paid_back_years: paidBack,
    exempt: Boolean(form.exempt),
  };
}

// The request for `tab`, or the errors to show beside the fields.
export function buildRequest(tab, form, region, bills = []) {
  const errors = [];
  checkDate(form, errors);
  let inputs;
  if (tab === "contribution") inputs = contributionInputs(form, errors);
  else if (tab === "year") inputs = yearInputs(form, bills, errors);
  else if (tab === "waiting_period") inputs = waitingInputs(form, errors);
  else inputs = reimbursementInputs(form, errors);
  if (errors.length) return { errors };
  const kind = TABS.includes(tab) ? tab : "reimbursement";
  return { request: { kind, date: form.date, params: region, inputs } };
}

// Where an error calc reports (its `field`) is shown: a form field's name, or a bill's index.
export function fieldOfError(tab, field) {
  const name = String(field || "").replace(/^inputs\./, "");
  const bill = /^bills\.(\d+)(?:\.(.*))?$/.exec(name);
  if (bill) return { bill: Number(bill[1]), name: bill[2] || "" };
  const renames = {
    contribution: { scheme: "cscheme" },
    year: { scheme: "yscheme", hardship: "yhardship", cross_region: "ycross_region", fund_paid_this_year: "yfund_paid", bills: "btotal" },
  };
  return { name: (renames[tab] || {})[name] || name };
}
