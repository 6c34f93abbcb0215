// The calculator's page modules that need no DOM, each on its own: typed numbers, requests from the
// form, the URL state, feature detection. Run by tests/test_calculator_modules.py (node --test).
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";

import { SNAPSHOT_CACHE_NAME } from "../../docs/assets/calculator/protocol.js";

import { detectFeatures, inAppBrowser, unavailableSentence } from "../../docs/assets/calculator/page/features.js";
import { grouped, parseCount, parseMoney } from "../../docs/assets/calculator/page/money.js";
import { billFromForm, buildRequest, fieldOfError } from "../../docs/assets/calculator/page/requests.js";
import { decodeBill, encodeBill, queryToState, shareHref, stateToQuery } from "../../docs/assets/calculator/page/share.js";

const REGION = { code: "360100", name: "南昌市" };

test("money: calc's amounts with thousands separators, and nothing else changed", () => {
  assert.equal(grouped("44910.00"), "44,910.00");
  assert.equal(grouped("1234567"), "1,234,567");
  assert.equal(grouped("999.5"), "999.5");
  assert.equal(grouped("-12000.00"), "-12,000.00");
  assert.equal(grouped("未计"), "未计");
  assert.equal(grouped(null), "");
});

test("money: what readers type", () => {
  assert.deepEqual(parseMoney("50000"), { value: 50000 });
  assert.deepEqual(parseMoney("５０，０００．５"), { value: 50000.5 });
  assert.deepEqual(parseMoney(" 1,000 "), { value: 1000 });
  assert.match(parseMoney("-5").error, /负数/);
  assert.match(parseMoney("五万").error, /数字/);
  assert.match(parseMoney("1.005").error, /两位小数/);
  assert.match(parseMoney("1000000000").error, /太大/);
  assert.match(parseMoney("").error, /填写/);
  assert.deepEqual(parseMoney("", { required: false }), { value: undefined });
  assert.deepEqual(parseCount("3"), { value: 3 });
  assert.match(parseCount("2.5").error, /整数/);
  assert.match(parseCount("0", { min: 1 }).error, /不能小于 1/);
});

test("requests: one bill, as the form sends it", () => {
  const form = { date: "2026-03-01", scheme: "resident", visit: "inpatient", level: "三级", total: "50000",
    self_pay: "", class_b_self_pay: "1000.5", admission: "2", hardship: true, cross_region: "none", fund_paid_this_year: "" };
  const { request } = buildRequest("reimbursement", form, REGION);
  assert.deepEqual(request, { kind: "reimbursement", date: "2026-03-01", params: REGION, inputs: {
    scheme: "resident", visit: "inpatient", level: "三级", total: 50000, self_pay: 0, class_b_self_pay: 1000.5,
    admission: 2, fund_paid_this_year: 0, hardship: true, cross_region: "none" } });
  const bad = buildRequest("reimbursement", { ...form, total: "100", self_pay: "90", class_b_self_pay: "20" }, REGION);
  assert.deepEqual(bad.errors, [["self_pay", "全自费和乙类先行自付加起来不能超过总费用"]]);
  assert.deepEqual(buildRequest("reimbursement", { ...form, date: "" }, REGION).errors, [["date", "请选择日期"]]);
});

test("requests: a year of bills", () => {
  const bill = billFromForm({ bvisit: "inpatient", blevel: "三级", btotal: "30000", bself_pay: "2000", bclass_b: "", bcross_region: "" });
  assert.deepEqual(bill, { bill: { visit: "inpatient", level: "三级", total: 30000, self_pay: 2000 } });
  assert.deepEqual(billFromForm({ bvisit: "outpatient", btotal: "0" }).errors, [["btotal", "请填写大于 0 的金额"]]);
  const out = billFromForm({ bvisit: "two_diseases", bdisease: "糖尿病", btotal: "800", bcross_region: "referral" });
  assert.deepEqual(out.bill, { visit: "two_diseases", disease: "糖尿病", total: 800, cross_region: "referral" });
  const form = { date: "2026-03-01", yscheme: "retiree", yhardship: false, ycross_region: "none", yfund_paid: "1000" };
  const { request } = buildRequest("year", form, REGION, [bill.bill, out.bill]);
  assert.deepEqual(request.inputs, { scheme: "retiree", hardship: false, cross_region: "none",
    fund_paid_this_year: 1000, bills: [bill.bill, out.bill] });
  assert.equal(request.kind, "year");
  assert.deepEqual(buildRequest("year", form, REGION, []).errors.map(([f]) => f), ["btotal"]);
  assert.deepEqual(fieldOfError("year", "inputs.bills.2.total"), { bill: 2, name: "total" });
  assert.deepEqual(fieldOfError("year", "inputs.scheme"), { name: "yscheme" });
  assert.deepEqual(fieldOfError("contribution", "inputs.scheme"), { name: "cscheme" });
  assert.deepEqual(fieldOfError("reimbursement", "inputs.total"), { name: "total" });
});

test("requests: the waiting period", () => {
  const form = { date: "2026-03-01", late_enrolment: true, break_years: "3", paid_back_years: "1", exempt: false };
  assert.deepEqual(buildRequest("waiting_period", form, REGION).request.inputs,
    { late_enrolment: true, break_years: 3, paid_back_years: 1, exempt: false });
  assert.deepEqual(buildRequest("waiting_period", { ...form, paid_back_years: "4" }, REGION).errors,
    [["paid_back_years", "补缴的年数不能多于断保的年数"]]);
  assert.deepEqual(buildRequest("waiting_period", { date: "2026-03-01", break_years: "", paid_back_years: "" }, REGION)
    .request.inputs, { late_enrolment: false, break_years: 0, paid_back_years: 0, exempt: false });
});

test("share: the state survives the URL", () => {
  const bills = [{ visit: "inpatient", level: "三级", total: 30000, self_pay: 2000 }, { visit: "outpatient", total: 1200 },
    { visit: "two_diseases", disease: "高血压", total: 500, cross_region: "referral" }];
  const query = stateToQuery({ tab: "year", region: "360100", date: "2026-03-01",
    form: { yscheme: "resident", yhardship: true, ycross_region: "none", yfund_paid: "", btotal: "99" }, bills });
  const href = shareHref("https://example.org/regions/x/?utm=1&total=5#top", query, "yb-calculator");
  const url = new URL(href);
  assert.equal(url.hash, "#yb-calculator");
  assert.equal(url.searchParams.get("utm"), "1"); // not the calculator's: kept
  assert.equal(url.searchParams.get("total"), null); // the calculator's, from another tab: dropped
  assert.equal(url.searchParams.get("btotal"), null); // the bill editor is not state
  const state = queryToState(url.search);
  assert.equal(state.tab, "year");
  assert.equal(state.region, "360100");
  assert.deepEqual(state.form, { yscheme: "resident", yhardship: "1", ycross_region: "none" });
  assert.deepEqual(state.bills, [
    { visit: "inpatient", level: "三级", total: "30000", self_pay: "2000" },
    { visit: "outpatient", total: "1200" },
    { visit: "two_diseases", total: "500", cross_region: "referral", disease: "高血压" },
  ]);
  assert.equal(encodeBill(bills[1]), "outpatient~~1200");
  assert.equal(decodeBill(""), null);
  assert.equal(decodeBill("a~b~c~d~e~f~g~h"), null);
  assert.equal(queryToState("?total=5"), null);
  assert.equal(queryToState("?tab=nonsense&total=5").tab, "reimbursement");
});

test("features: detected from the scope, never from the browser's name", () => {
  const none = detectFeatures({});
  assert.equal(none.calculator, false);
  assert.equal(none.snapshot, false);
  class ModuleWorker {
    constructor(url, options) {
      void options.type; // a browser with module workers reads the option
      throw new SyntaxError(`bad URL ${url}`);
    }
  }
  class ClassicWorker {
    constructor(url) {
      throw new SyntaxError(`bad URL ${url}`);
    }
  }
  const wasm = { instantiate() {}, Module: function Module() {} };
  const full = { Worker: ModuleWorker, WebAssembly: wasm, caches: { open() {} }, CompressionStream: class {},
    DecompressionStream: class {}, navigator: { serviceWorker: {} }, Intl: { Segmenter: class {} } };
  const got = detectFeatures(full);
  assert.deepEqual([got.calculator, got.snapshot, got.offline, got.stdlibGz, got.missing], [true, true, true, true, []]);
  assert.equal(detectFeatures({ ...full, Worker: ClassicWorker }).calculator, false);
  assert.equal(detectFeatures({ ...full, WebAssembly: undefined }).calculator, false);
  assert.equal(detectFeatures({ ...full, caches: undefined }).snapshot, false);
  assert.deepEqual(detectFeatures({ ...full, CompressionStream: undefined }).missing, ["compression"]);
  assert.ok(inAppBrowser("Mozilla/5.0 … MicroMessenger/8.0.37.2380(0x2800253D) WeChat/arm64"));
  assert.ok(!inAppBrowser("Mozilla/5.0 (Linux; Android 13) Chrome/120.0 Mobile Safari/537.36"));
  assert.equal(unavailableSentence({ examplesAbove: true, inApp: true }),
    "这个浏览器算不了，可以用上面算好的例子，或者点右上角用系统浏览器打开。");
});

test("sw.js keeps the snapshot cache protocol.js names", () => {
  const sw = fs.readFileSync(new URL("../../docs/sw.js", import.meta.url), "utf8");
  assert.ok(sw.includes(`const SNAPSHOT_CACHE = "${SNAPSHOT_CACHE_NAME}";`));
});

test("calculator.js looks for the snapshot cache protocol.js names", () => {
  const entry = fs.readFileSync(new URL("../../docs/assets/calculator/calculator.js", import.meta.url), "utf8");
  assert.ok(entry.includes(`const SNAPSHOT_CACHE = "${SNAPSHOT_CACHE_NAME}";`));
});

test("calculator.js asks for every page module at once", () => {
  const entry = fs.readFileSync(new URL("../../docs/assets/calculator/calculator.js", import.meta.url), "utf8");
  const listed = JSON.parse(/const PAGE_MODULES = (\[[^\]]*\])/.exec(entry)[1].replace(/\s+/g, " "));
  const files = fs.readdirSync(new URL("../../docs/assets/calculator/page/", import.meta.url))
    .filter((f) => f.endsWith(".js")).map((f) => f.slice(0, -3)).sort();
  assert.deepEqual([...listed].sort(), files);
});
