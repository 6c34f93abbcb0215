// 医保指南 calculator: the fields of each tab, offered as the region's data allows.
//
// Each builder adds its fields to `fields` and returns {node, refresh}: refresh() re-offers the
// choices that depend on other choices (visits on the scheme, tiers on the kind of insurance …) and
// shows only the fields that apply.

import { el, keys } from "./dom.js";
import { checkbox, countInput, moneyInput, select, setOptions } from "./fields.js";
import { CONTRIB_SCHEMES, CROSS, SCHEMES, VISITS } from "./labels.js";

const DEFAULT_LEVELS = ["一级", "二级", "三级"];
const DEFAULT_DISEASES = ["高血压", "糖尿病"];

// What the region's data offers: schemes with rules, visits per scheme, levels, diseases, tiers.
export function regionChoices(region) {
  const p = region.params || {};
  const schemeKey = (s) => (s === "retiree" ? "employee" : s);
  const hasVisit = (visit, scheme) => Boolean(p[visit] && p[visit][schemeKey(scheme)]);
  let schemes = Object.keys(SCHEMES).filter((s) => Object.keys(VISITS).some((v) => hasVisit(v, s)));
  if (!schemes.length) schemes = Object.keys(SCHEMES);
  const visitsFor = (scheme) => {
    const visits = Object.keys(VISITS).filter((v) => hasVisit(v, scheme));
    return visits.length ? visits : ["inpatient"];
  };
  const levels = region.hospital_levels && region.hospital_levels.length ? region.hospital_levels : DEFAULT_LEVELS;
  const diseases = keys(p.two_diseases && p.two_diseases.resident && p.two_diseases.resident.limits);
  const etiers = keys(p.employee_contribution && p.employee_contribution.tiers);
  const rc = p.resident_contribution && p.resident_contribution.tiers;
  return {
    schemes,
    visitsFor,
    levels,
    diseases: diseases.length ? diseases : DEFAULT_DISEASES,
    tiers: { resident: keys(rc), employee: etiers, flexible: etiers },
    groupsFor: (tier) => keys(rc && rc[tier] && rc[tier].groups),
  };
}

const pairs = (obj, names) => (names || Object.keys(obj)).map((k) => [k, obj[k]]);

export function reimbursementPanel(fields, region, choices) {
  const node = el("div");
  node.append(
    fields.field("scheme", "参加的医保", select(pairs(SCHEMES, choices.schemes))),
    fields.field("visit", "看病方式", select([])),
    fields.field("level", "医院等级", select(choices.levels.map((l) => [l, l])), `${region.short_name || region.name}的医院分级`),
    fields.field("disease", "病种", select(choices.diseases.map((d) => [d, d]))),
    fields.field("total", "总费用（元）", moneyInput("例如 50000"), "这次看病的全部费用"),
    fields.field("self_pay", "其中全自费（元）", moneyInput("没有就留空"), "医保目录外、完全自己付的部分"),
    fields.field("class_b_self_pay", "其中乙类先行自付（元）", moneyInput("没有就留空"), "乙类药品、项目按比例先由自己付的部分"),
    fields.field("admission", "今年第几次住院", countInput("1"), "第二次起，有的地方起付线降低"),
    fields.field("deductible_met", "今年的门诊起付线已经付满", checkbox()),
    fields.field("fund_paid_this_year", "今年医保基金已经报过（元）", moneyInput("没有就留空"), "用于计算年度最高支付限额还剩多少"),
    fields.field("hardship", "特困、低保等困难人员", checkbox(), "大病保险起付线、比例有照顾"),
    fields.field("cross_region", "在哪里看病", select(pairs(CROSS))),
  );
  const refreshVisibility = () => {
    const visit = fields.value("visit");
    fields.show("level", visit === "inpatient" || visit === "outpatient");
    fields.show("disease", visit === "two_diseases");
    fields.show("admission", visit === "inpatient");
    fields.show("deductible_met", visit === "outpatient" || visit === "chronic");
    fields.show("hardship", visit === "inpatient");
  };
  const refresh = () => {
    setOptions(fields.input("visit"), pairs(VISITS, choices.visitsFor(fields.value("scheme"))));
    refreshVisibility();
  };
  fields.input("scheme").addEventListener("change", refresh);
  fields.input("visit").addEventListener("change", refreshVisibility);
  return { node, refresh };
}

// The year's own fields, then the editor of one bill; the list of bills (bills.js) goes after it.
export function yearPanel(fields, region, choices) {
  const node = el("div");
  const editor = el("fieldset", { className: "yb-calc__bill-editor" }, el("legend", { text: "一笔费用" }));
  editor.append(
    fields.field("bvisit", "看病方式", select([])),
    fields.field("blevel", "医院等级", select(choices.levels.map((l) => [l, l]))),
    fields.field("bdisease", "病种", select(choices.diseases.map((d) => [d, d]))),
    fields.field("btotal", "这一笔的总费用（元）", moneyInput("例如 30000"), "一次住院的费用，或几次门诊费用加起来"),
    fields.field("bself_pay", "其中全自费（元）", moneyInput("没有就留空")),
    fields.field("bclass_b", "其中乙类先行自付（元）", moneyInput("没有就留空")),
    fields.field("bcross_region", "这一笔在哪里看病", select([["", "同上"], ...pairs(CROSS)])),
  );
  node.append(
    fields.field("yscheme", "参加的医保", select(pairs(SCHEMES, choices.schemes))),
    fields.field("yhardship", "特困、低保等困难人员", checkbox(), "大病保险起付线、比例有照顾"),
    fields.field("ycross_region", "在哪里看病", select(pairs(CROSS)), "每一笔默认按这里算，也可以单独选"),
    fields.field("yfund_paid", "这些费用之前，今年医保基金已经报过（元）", moneyInput("没有就留空"), "用于计算住院的年度最高支付限额还剩多少"),
    editor,
  );
  const refreshVisibility = () => {
    const visit = fields.value("bvisit");
    fields.show("blevel", visit === "inpatient" || visit === "outpatient");
    fields.show("bdisease", visit === "two_diseases");
  };
  const refresh = () => {
    setOptions(fields.input("bvisit"), pairs(VISITS, choices.visitsFor(fields.value("yscheme"))));
    refreshVisibility();
  };
  fields.input("yscheme").addEventListener("change", refresh);
  fields.input("bvisit").addEventListener("change", refreshVisibility);
  return { node, editor, refresh };
}

export function contributionPanel(fields, region, choices) {
  const node = el("div");
  node.append(
    fields.field("cscheme", "参加的医保", select(pairs(CONTRIB_SCHEMES))),
    fields.field("tier", "档次", select([])),
    fields.field("group", "人群", select([])),
    fields.field("monthly_wage", "月工资（元）", moneyInput("例如 8000"), "税前月工资；低于下限或高于上限时按下限、上限算"),
    fields.field("base", "选择的缴费基数（元/月）", moneyInput("例如 6000"), "灵活就业人员自己选的缴费基数；有固定月缴额的地方可留空"),
  );
  const refreshGroups = () => {
    const groups = choices.groupsFor(fields.value("tier"));
    const list = groups.length ? groups : ["全体"];
    setOptions(fields.input("group"), list.map((g) => [g, g]));
    fields.show("group", fields.value("cscheme") === "resident" && list.length > 1);
  };
  const refresh = () => {
    const cscheme = fields.value("cscheme");
    const tiers = choices.tiers[cscheme].length ? choices.tiers[cscheme] : ["一档"];
    setOptions(fields.input("tier"), tiers.map((t) => [t, t]));
    fields.show("tier", tiers.length > 1);
    fields.show("monthly_wage", cscheme === "employee");
    fields.show("base", cscheme === "flexible");
    refreshGroups();
  };
  fields.input("cscheme").addEventListener("change", refresh);
  fields.input("tier").addEventListener("change", refreshGroups);
  return { node, refresh };
}

export function waitingPanel(fields) {
  const node = el("div");
  node.append(
    el("p", { className: "yb-calc__intro", text: "没有按时参保，或断保后再参保，要等一段时间才能报销。填下面几项，估算要等几个月。" }),
    fields.field("late_enrolment", "没有在集中参保期内参保（晚参保或断保后再参保）", checkbox()),
    fields.field("break_years", "断保几年", countInput("0"), "中间没有参保的年数，没有断保填 0"),
    fields.field("paid_back_years", "补缴了几年", countInput("0"), "断保后补缴的年数，每补缴 1 年可以少等一些"),
    fields.field("exempt", "新生儿等不设等待期的人员", checkbox()),
  );
  return { node, refresh: () => {} };
}
