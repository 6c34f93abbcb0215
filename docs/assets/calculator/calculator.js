// 医保指南 calculator widget (main thread): builds the form, checks inputs, keeps them in the URL,
// starts the Pyodide worker lazily and shows the result. Python never runs on this thread.
// Everything read from data or from calc is inserted with textContent, never as HTML.

const BASE = new URL("../../", import.meta.url); // the site root (works under a sub-path too)
const ASSETS = new URL("../pyodide/", import.meta.url);
const MAX_MONEY = 100000000; // 1 亿元: anything above is a typing mistake

const VISITS = { inpatient: "住院", outpatient: "普通门诊", chronic: "门诊慢特病", two_diseases: "两病门诊（高血压、糖尿病）" };
const SCHEMES = { resident: "城乡居民医保", employee: "职工医保（在职）", retiree: "职工医保（退休）" };
const CONTRIB_SCHEMES = { resident: "城乡居民医保", employee: "职工医保（单位职工）", flexible: "职工医保（灵活就业）" };
const CROSS = {
  none: "在本地就医",
  long_term: "异地长期居住、已备案",
  referral: "异地转诊、已备案",
  emergency: "异地急诊抢救",
  temporary: "其他临时外出、已备案",
  unfiled: "异地就医、未备案",
};
const STAGES = { idle: [0, "计算器尚未加载"], download: [1, "下载计算器…"], start: [2, "启动中…"], ready: [3, "就绪"] };
const REIMB_SUMMARY = [["fund", "医保基金支付"], ["critical_illness", "大病保险支付"], ["you_pay", "您自付"]];
const CONTRIB_SUMMARY = [
  ["individual_per_year", "个人缴费（每年）"], ["fiscal_per_year", "财政补助（每年）"],
  ["employer_per_month", "单位缴费（每月）"], ["employee_per_month", "个人缴费（每月）"],
  ["personal_account_per_month", "划入个人账户（每月）"], ["per_month", "每月合计"], ["per_year", "每年合计"],
];
const URL_KEYS = ["tab", "region", "date", "scheme", "visit", "level", "total", "self_pay", "class_b_self_pay",
  "deductible_met", "admission", "fund_paid_this_year", "hardship", "cross_region", "disease",
  "cscheme", "tier", "group", "monthly_wage", "base"];

// ---------------------------------------------------------------- helpers

function el(tag, attrs = {}, ...children) {
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

function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function keys(obj) {
  return obj && typeof obj === "object" ? Object.keys(obj) : [];
}

function saveData() {
  return Boolean(navigator.connection && navigator.connection.saveData);
}

const jsonCache = new Map();
function getJSON(url) {
  if (!jsonCache.has(url)) {
    jsonCache.set(url, fetch(url).then((r) => {
      if (!r.ok) throw new Error(`${r.status}`);
      return r.json();
    }).catch((e) => { jsonCache.delete(url); throw e; }));
  }
  return jsonCache.get(url);
}

// Parse a money field. Returns {value} or {error}.
export function parseMoney(raw, { required = true, max = MAX_MONEY, integer = false, min = 0 } = {}) {
  const text = String(raw ?? "")
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, ".").replace(/[\s,，_]/g, "");
  if (text === "") return required ? { error: "请填写这一项" } : { value: undefined };
  if (/^[-－−]/.test(text) && /^[-－−]\d*\.?\d+$/.test(text)) return { error: "不能是负数" };
  if (!/^\d+(\.\d+)?$/.test(text)) return { error: "请填写数字，例如 50000" };
  if (integer && !/^\d+$/.test(text)) return { error: "请填写整数" };
  if (!integer && /\.\d{3,}$/.test(text)) return { error: "最多两位小数（到分）" };
  const value = Number(text);
  if (!Number.isFinite(value)) return { error: "请填写数字，例如 50000" };
  if (value < min) return { error: min > 0 ? `不能小于 ${min}` : "不能是负数" };
  if (value > max) return { error: `数字太大：不能超过 ${max.toLocaleString("zh-CN")}` };
  return { value };
}

// ---------------------------------------------------------------- the worker (one per page load)

const worker = {
  w: null, stage: "idle", version: null, seq: 0, pending: new Map(), listeners: new Set(), failed: null,
  start() {
    if (this.w) return;
    this.failed = null;
    this.setStage("download");
    registerServiceWorker();
    this.w = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
    this.w.onmessage = (e) => this.onMessage(e.data || {});
    this.w.onerror = (e) => this.fail(e.message || "计算器加载失败");
    this.w.postMessage({ type: "boot" });
  },
  onMessage(msg) {
    if (msg.type === "progress") {
      if (msg.version) this.version = msg.version;
      this.setStage(msg.stage);
      if (msg.stage === "ready") cacheForOffline();
    } else if (msg.type === "result" || msg.type === "error") {
      if (msg.id !== undefined && this.pending.has(msg.id)) {
        const { resolve, reject } = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.type === "result") resolve(msg.json);
        else reject(new Error(msg.message));
      } else if (msg.type === "error") {
        this.fail(msg.message);
      }
    }
  },
  fail(message) {
    this.failed = message;
    if (this.w) this.w.terminate();
    this.w = null;
    for (const { reject } of this.pending.values()) reject(new Error(message));
    this.pending.clear();
    this.setStage("idle");
  },
  setStage(stage) {
    this.stage = stage;
    for (const fn of this.listeners) fn(stage);
  },
  run(requestJSON) {
    this.start();
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.w.postMessage({ type: "run", id, request: requestJSON });
    });
  },
};

// ---------------------------------------------------------------- offline: service worker

let swRegistration = null;
async function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || swRegistration) return swRegistration;
  try {
    const manifest = await getJSON(new URL("manifest.json", ASSETS).href);
    swRegistration = navigator.serviceWorker.register(
      new URL(`sw.js?v=${encodeURIComponent(manifest.version)}`, BASE).href,
      { scope: BASE.pathname },
    );
    await swRegistration;
  } catch (e) {
    swRegistration = null;
  }
  return swRegistration;
}

async function cacheForOffline() {
  if (!("serviceWorker" in navigator)) return;
  try {
    await registerServiceWorker();
    const reg = await navigator.serviceWorker.ready;
    const manifest = await getJSON(new URL("manifest.json", ASSETS).href);
    const urls = new Set([location.href.split("#")[0], new URL("manifest.json", ASSETS).href]);
    for (const f of manifest.precache) urls.add(new URL(f, ASSETS).href);
    for (const entry of performance.getEntriesByType("resource")) {
      if (entry.name.startsWith(location.origin)) urls.add(entry.name.split("#")[0]);
    }
    if (reg.active) reg.active.postMessage({ type: "cache", urls: [...urls] });
  } catch (e) {
    // offline support is a bonus: the calculator works without it
  }
}

// ---------------------------------------------------------------- the widget

let widgetCount = 0;

class Calculator {
  constructor(root) {
    this.root = root;
    this.n = ++widgetCount;
    this.region = null;
    this.fields = new Map(); // name -> {wrap, input, error}
    this.app = root.querySelector(".yb-calc__app") || root.appendChild(el("div", { className: "yb-calc__app" }));
    this.examples = root.querySelector(".yb-calc__examples") || document.querySelector(".yb-calc__examples");
    this.standalone = root.hasAttribute("data-standalone");
    this.params = new URLSearchParams(location.search);
    this.buildShell();
    this.onStage = (stage) => this.showStage(stage);
    worker.listeners.add(this.onStage);
    this.showStage(worker.stage);
    this.watch();
    const code = root.getAttribute("data-region") || this.params.get("region");
    if (this.standalone) this.loadRegionList(code);
    else if (code) this.loadRegion(code);
  }

  id(name) {
    return `ybc${this.n}-${name}`;
  }

  // the start triggers: in view (unless the reader asked to save data) or first interaction
  watch() {
    const start = () => worker.start();
    for (const ev of ["focusin", "pointerdown", "touchstart", "keydown"]) {
      this.root.addEventListener(ev, start, { once: true, passive: true });
    }
    if (!saveData() && "IntersectionObserver" in window) {
      this.io = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          this.io.disconnect();
          start();
        }
      }, { rootMargin: "200px 0px" });
      this.io.observe(this.root);
    }
  }

  destroy() {
    worker.listeners.delete(this.onStage);
    if (this.io) this.io.disconnect();
  }

  buildShell() {
    const app = this.app;
    app.replaceChildren();
    this.progress = el("div", {
      className: "yb-calc__progress", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 3,
      "aria-valuenow": 0, "aria-label": "计算器加载进度", id: this.id("progress"),
    }, el("span", { className: "yb-calc__bar" }), el("span", { className: "yb-calc__stage" }));
    this.live = el("p", { className: "yb-calc__live", "aria-live": "polite", role: "status", id: this.id("live") });
    this.regionBox = el("div", { className: "yb-calc__region" });
    this.form = el("form", { className: "yb-calc__form", novalidate: true, "aria-describedby": this.id("live") });
    this.result = el("div", { className: "yb-calc__result", tabindex: "-1", id: this.id("result") });
    app.append(this.progress, this.regionBox, this.form, this.live, this.result);
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.estimate();
    });
  }

  showStage(stage) {
    const [n, text] = STAGES[stage] || STAGES.idle;
    this.progress.setAttribute("aria-valuenow", String(n));
    this.progress.setAttribute("aria-valuetext", text);
    this.progress.querySelector(".yb-calc__stage").textContent = worker.failed
      ? `计算器加载失败：${worker.failed}。请检查网络后再点“计算”。` : text;
    this.progress.dataset.stage = stage;
    const seen = (this.root.dataset.stages || "").split(",").filter(Boolean);
    if (seen[seen.length - 1] !== stage) this.root.dataset.stages = [...seen, stage].join(",");
    const loading = stage === "download" || stage === "start";
    this.root.setAttribute("aria-busy", loading ? "true" : "false");
    if (stage === "ready") {
      this.root.classList.add("yb-calc--ready");
      if (this.examples) this.examples.classList.add("yb-calc__examples--collapsed");
    }
  }

  // ------------------------------------------------------------ regions

  async loadRegionList(selected) {
    const label = el("label", { for: this.id("region"), text: "地区" });
    const select = el("select", { id: this.id("region"), name: "region" }, el("option", { value: "", text: "请选择地区" }));
    this.regionBox.replaceChildren(el("div", { className: "yb-field" }, label, select));
    select.addEventListener("change", () => {
      if (select.value) this.loadRegion(select.value);
    });
    try {
      const list = await getJSON(new URL("api/regions/index.json", BASE).href);
      const names = new Map(list.map((r) => [r.code, r.name]));
      for (const r of list) {
        if (r.code === "100000") continue;
        const parent = names.get(r.parent);
        const text = parent && r.level !== "province" ? `${parent} ${r.name}` : r.name;
        select.append(el("option", { value: r.code, text }));
      }
      if (selected && names.has(selected)) {
        select.value = selected;
        this.loadRegion(selected);
      }
    } catch (e) {
      this.say(`地区列表加载失败（${e.message}）。请稍后刷新。`);
    }
  }

  async loadRegion(code) {
    if (!/^\d{6}$/.test(code)) return;
    try {
      this.region = await getJSON(new URL(`api/regions/${code}.json`, BASE).href);
    } catch (e) {
      this.say(`${code}的数据加载失败（${e.message}）。`);
      return;
    }
    this.buildForm();
    this.fillFromURL();
    if (this.params.get("tab") && this.region.code === (this.params.get("region") || this.region.code)) {
      this.autoRun = true;
      if (!saveData() || worker.w) this.estimate();
    }
  }

  // ------------------------------------------------------------ the form

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
    this.fields.set(name, { wrap, input: control, error });
    return wrap;
  }

  select(options, value) {
    const s = el("select");
    for (const [v, t] of options) s.append(el("option", { value: v, text: t }));
    if (value !== undefined) s.value = value;
    return s;
  }

  money(placeholder) {
    return el("input", { type: "text", inputmode: "decimal", autocomplete: "off", placeholder, spellcheck: "false" });
  }

  buildForm() {
    const r = this.region;
    const p = r.params || {};
    this.fields.clear();
    const title = el("p", { className: "yb-calc__for", text: `按${r.name}的规定估算` });

    // tabs
    const tabs = el("div", { role: "tablist", className: "yb-tabs", "aria-label": "估算什么" });
    this.tabButtons = {};
    this.panels = {};
    for (const [key, text] of [["reimbursement", "看病报销"], ["contribution", "参保缴费"]]) {
      const b = el("button", {
        type: "button", role: "tab", id: this.id(`tab-${key}`), "aria-controls": this.id(`panel-${key}`), text,
      });
      b.addEventListener("click", () => this.setTab(key, true));
      b.addEventListener("keydown", (e) => {
        if (["ArrowLeft", "ArrowRight", "Home", "End"].includes(e.key)) {
          e.preventDefault();
          const other = key === "reimbursement" ? "contribution" : "reimbursement";
          const target = e.key === "Home" ? "reimbursement" : e.key === "End" ? "contribution" : other;
          this.setTab(target, true);
        }
      });
      this.tabButtons[key] = b;
      tabs.append(b);
    }

    // reimbursement panel
    const schemeKey = (s) => (s === "retiree" ? "employee" : s);
    const hasVisit = (visit, scheme) => Boolean(p[visit] && p[visit][schemeKey(scheme)]);
    let schemes = Object.keys(SCHEMES).filter((s) => Object.keys(VISITS).some((v) => hasVisit(v, s)));
    if (!schemes.length) schemes = Object.keys(SCHEMES);
    this.hasVisit = hasVisit;
    const levels = r.hospital_levels && r.hospital_levels.length ? r.hospital_levels : ["一级", "二级", "三级"];
    const diseases = keys(p.two_diseases && p.two_diseases.resident && p.two_diseases.resident.limits);

    const rp = el("div", { role: "tabpanel", id: this.id("panel-reimbursement"), "aria-labelledby": this.id("tab-reimbursement") });
    rp.append(
      this.field("scheme", "参加的医保", this.select(schemes.map((s) => [s, SCHEMES[s]]))),
      this.field("visit", "看病方式", this.select([])),
      this.field("level", "医院等级", this.select(levels.map((l) => [l, l])), `${r.short_name || r.name}的医院分级`),
      this.field("disease", "病种", this.select((diseases.length ? diseases : ["高血压", "糖尿病"]).map((d) => [d, d]))),
      this.field("total", "总费用（元）", this.money("例如 50000"), "这次看病的全部费用"),
      this.field("self_pay", "其中全自费（元）", this.money("没有就留空"), "医保目录外、完全自己付的部分"),
      this.field("class_b_self_pay", "其中乙类先行自付（元）", this.money("没有就留空"), "乙类药品、项目按比例先由自己付的部分"),
      this.field("admission", "今年第几次住院", el("input", { type: "text", inputmode: "numeric", autocomplete: "off", value: "1" }), "第二次起，有的地方起付线降低"),
      this.field("deductible_met", "今年的门诊起付线已经付满", el("input", { type: "checkbox" })),
      this.field("fund_paid_this_year", "今年医保基金已经报过（元）", this.money("没有就留空"), "用于计算年度最高支付限额还剩多少"),
      this.field("hardship", "特困、低保等困难人员", el("input", { type: "checkbox" }), "大病保险起付线、比例有照顾"),
      this.field("cross_region", "在哪里看病", this.select(Object.entries(CROSS))),
    );
    const schemeSel = this.fields.get("scheme").input;
    const visitSel = this.fields.get("visit").input;
    schemeSel.addEventListener("change", () => this.refreshVisits());
    visitSel.addEventListener("change", () => this.refreshVisibility());

    // contribution panel
    const rtiers = keys(p.resident_contribution && p.resident_contribution.tiers);
    const etiers = keys(p.employee_contribution && p.employee_contribution.tiers);
    const cp = el("div", { role: "tabpanel", id: this.id("panel-contribution"), "aria-labelledby": this.id("tab-contribution") });
    cp.append(
      this.field("cscheme", "参加的医保", this.select(Object.entries(CONTRIB_SCHEMES))),
      this.field("tier", "档次", this.select([])),
      this.field("group", "人群", this.select([])),
      this.field("monthly_wage", "月工资（元）", this.money("例如 8000"), "税前月工资；低于下限或高于上限时按下限、上限算"),
      this.field("base", "选择的缴费基数（元/月）", this.money("例如 6000"), "灵活就业人员自己选的缴费基数；有固定月缴额的地方可留空"),
    );
    this.tiers = { resident: rtiers, employee: etiers, flexible: etiers };
    const cschemeSel = this.fields.get("cscheme").input;
    cschemeSel.addEventListener("change", () => this.refreshTiers());
    this.fields.get("tier").input.addEventListener("change", () => this.refreshGroups());

    // date and submit
    const date = el("input", { type: "date", value: today() });
    const dateField = this.field("date", "按哪一天的规定", date, "默认今天；想看往年的规定可以改");
    const submit = el("button", { type: "submit", className: "md-button md-button--primary yb-calc__submit", text: "计算" });
    const share = el("button", { type: "button", className: "md-button yb-calc__share", text: "复制分享链接" });
    share.addEventListener("click", () => this.share());
    this.shareBtn = share;
    this.panels = { reimbursement: rp, contribution: cp };
    // the progress sits beside the button, where the reader is looking when the result is awaited
    this.form.replaceChildren(title, tabs, rp, cp, dateField, this.progress,
      el("div", { className: "yb-calc__actions" }, submit, share));
    for (const { input } of this.fields.values()) {
      input.addEventListener("input", () => this.clearError(input.name));
      input.addEventListener("change", () => this.clearError(input.name));
    }
    this.setTab("reimbursement", false);
    this.refreshVisits();
    this.refreshTiers();
  }

  setTab(key, focus) {
    this.tab = key;
    for (const [k, b] of Object.entries(this.tabButtons)) {
      const on = k === key;
      b.setAttribute("aria-selected", on ? "true" : "false");
      b.tabIndex = on ? 0 : -1;
      this.panels[k].hidden = !on;
    }
    if (focus) this.tabButtons[key].focus();
  }

  refreshVisits() {
    const scheme = this.value("scheme");
    const sel = this.fields.get("visit").input;
    const current = sel.value;
    let visits = Object.keys(VISITS).filter((v) => this.hasVisit(v, scheme));
    if (!visits.length) visits = ["inpatient"];
    sel.replaceChildren(...visits.map((v) => el("option", { value: v, text: VISITS[v] })));
    if (visits.includes(current)) sel.value = current;
    this.refreshVisibility();
  }

  refreshVisibility() {
    const visit = this.value("visit");
    const show = {
      level: visit === "inpatient" || visit === "outpatient",
      disease: visit === "two_diseases",
      admission: visit === "inpatient",
      deductible_met: visit === "outpatient" || visit === "chronic",
      hardship: visit === "inpatient",
    };
    for (const [name, on] of Object.entries(show)) this.fields.get(name).wrap.hidden = !on;
  }

  refreshTiers() {
    const cscheme = this.value("cscheme");
    const sel = this.fields.get("tier").input;
    const current = sel.value;
    const tiers = this.tiers[cscheme].length ? this.tiers[cscheme] : ["一档"];
    sel.replaceChildren(...tiers.map((t) => el("option", { value: t, text: t })));
    if (tiers.includes(current)) sel.value = current;
    this.fields.get("tier").wrap.hidden = tiers.length < 2;
    this.fields.get("monthly_wage").wrap.hidden = cscheme !== "employee";
    this.fields.get("base").wrap.hidden = cscheme !== "flexible";
    this.refreshGroups();
  }

  refreshGroups() {
    const cscheme = this.value("cscheme");
    const wrap = this.fields.get("group").wrap;
    const sel = this.fields.get("group").input;
    const current = sel.value;
    const rc = (this.region.params || {}).resident_contribution;
    const tier = rc && rc.tiers && rc.tiers[this.value("tier")];
    const groups = keys(tier && tier.groups);
    const list = groups.length ? groups : ["全体"];
    sel.replaceChildren(...list.map((g) => el("option", { value: g, text: g })));
    if (list.includes(current)) sel.value = current;
    wrap.hidden = cscheme !== "resident" || list.length < 2;
  }

  value(name) {
    const f = this.fields.get(name);
    if (!f) return undefined;
    return f.input.type === "checkbox" ? f.input.checked : f.input.value;
  }

  visible(name) {
    const f = this.fields.get(name);
    return f && !f.wrap.hidden && !f.wrap.closest("[hidden]");
  }

  // ------------------------------------------------------------ errors

  setError(name, message) {
    const f = this.fields.get(name);
    if (!f) return false;
    f.error.textContent = message;
    f.error.hidden = false;
    f.input.setAttribute("aria-invalid", "true");
    f.wrap.classList.add("yb-field--invalid");
    return true;
  }

  clearError(name) {
    const f = this.fields.get(name);
    if (!f) return;
    f.error.textContent = "";
    f.error.hidden = true;
    f.input.removeAttribute("aria-invalid");
    f.wrap.classList.remove("yb-field--invalid");
  }

  clearErrors() {
    for (const name of this.fields.keys()) this.clearError(name);
  }

  say(text) {
    this.live.textContent = text;
  }

  labelOf(name) {
    const f = this.fields.get(name);
    return f ? f.wrap.querySelector("label").textContent : name;
  }

  // ------------------------------------------------------------ request

  // Returns {request} or {errors: [[field, message]]}
  buildRequest() {
    const errors = [];
    const num = (name, opts) => {
      const res = parseMoney(this.value(name), opts);
      if (res.error) errors.push([name, res.error]);
      return res.value;
    };
    const date = this.value("date");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date || "")) errors.push(["date", "请选择日期"]);
    let inputs;
    if (this.tab === "contribution") {
      const scheme = this.value("cscheme");
      inputs = { scheme, tier: this.value("tier") };
      if (scheme === "resident") inputs.group = this.value("group");
      if (scheme === "employee") inputs.monthly_wage = num("monthly_wage", { max: 10000000 });
      if (scheme === "flexible") {
        const base = num("base", { required: false, max: 10000000 });
        if (base !== undefined) inputs.base = base;
      }
    } else {
      const visit = this.value("visit");
      inputs = { scheme: this.value("scheme"), visit };
      if (this.visible("level")) inputs.level = this.value("level");
      if (visit === "two_diseases") inputs.disease = this.value("disease");
      inputs.total = num("total", {});
      if (inputs.total === 0) errors.push(["total", "请填写大于 0 的金额"]);
      inputs.self_pay = num("self_pay", { required: false }) ?? 0;
      inputs.class_b_self_pay = num("class_b_self_pay", { required: false }) ?? 0;
      if (inputs.total !== undefined && inputs.self_pay + inputs.class_b_self_pay > inputs.total) {
        errors.push(["self_pay", "全自费和乙类先行自付加起来不能超过总费用"]);
      }
      if (visit === "inpatient") inputs.admission = num("admission", { integer: true, min: 1, max: 366 });
      if (visit === "outpatient" || visit === "chronic") inputs.deductible_met = this.value("deductible_met");
      inputs.fund_paid_this_year = num("fund_paid_this_year", { required: false }) ?? 0;
      inputs.hardship = visit === "inpatient" ? this.value("hardship") : false;
      inputs.cross_region = this.value("cross_region");
    }
    if (errors.length) return { errors };
    return { request: { kind: this.tab, date, params: this.region, inputs } };
  }

  showErrors(list) {
    let first = null;
    const general = [];
    for (const [name, message] of list) {
      if (this.setError(name, message)) {
        first = first || this.fields.get(name).input;
      } else {
        general.push(message);
      }
    }
    const words = list.map(([name, m]) => `${this.fields.has(name) ? this.labelOf(name) : name}：${m}`);
    this.say(`有 ${list.length} 处需要修改。${words.join("；")}`);
    if (first) first.focus();
    return general;
  }

  // ------------------------------------------------------------ estimate

  async estimate() {
    if (!this.region) {
      this.say("请先选择地区。");
      return;
    }
    this.clearErrors();
    const built = this.buildRequest();
    if (built.errors) {
      this.showErrors(built.errors);
      return;
    }
    this.writeURL();
    const text = JSON.stringify(built.request);
    this.lastRequest = text;
    this.say(worker.stage === "ready" ? "正在计算…" : "计算器正在加载，加载完就出结果…");
    this.root.dataset.state = "running";
    let json;
    try {
      json = await worker.run(text);
    } catch (e) {
      this.root.dataset.state = "error";
      this.say(`计算器出错了：${e.message}`);
      return;
    }
    if (this.lastRequest !== text) return; // a newer estimate is on its way
    this.root.dataset.resultJson = json;
    this.render(JSON.parse(json));
    this.root.dataset.state = "done";
  }

  render(res) {
    const out = this.result;
    out.replaceChildren();
    if (!res.ok) {
      if (res.errors) {
        const mapped = res.errors.map((e) => [String(e.field || "").replace(/^inputs\./, ""), e.message]);
        const general = this.showErrors(mapped.map(([f, m]) => [f === "scheme" && this.tab === "contribution" ? "cscheme" : f, m]));
        if (general.length) out.append(el("ul", { className: "yb-calc__errors" }, ...general.map((m) => el("li", { text: m }))));
      }
      if (res.missing) {
        const box = el("div", { className: "admonition warning yb-calc__missing" },
          el("p", { className: "admonition-title", text: "这个地区的数据还缺一些，暂时算不了" }));
        const ul = el("ul");
        for (const m of res.missing) {
          const li = el("li", { text: m.message });
          if (m.where) li.append(el("br"), el("small", { text: `补充到：${m.where}（${m.param}）` }));
          ul.append(li);
        }
        box.append(ul);
        out.append(box);
        this.say(`算不了：${res.missing.map((m) => m.message).join("；")}`);
      }
      return;
    }
    const s = res.summary || {};
    const rows = res.kind === "reimbursement" ? REIMB_SUMMARY : CONTRIB_SUMMARY;
    const dl = el("dl", { className: "yb-calc__summary" });
    for (const [key, label] of rows) {
      if (s[key] === undefined || s[key] === null) continue;
      dl.append(el("div", { className: `yb-sum yb-sum--${key}`, "data-key": key },
        el("dt", { text: label }), el("dd", {}, el("span", { className: "yb-sum__amount", text: s[key] }), " 元")));
    }
    const heading = res.kind === "reimbursement"
      ? `总费用 ${s.total} 元，估算结果` : "每年、每月要缴多少（估算）";
    out.append(el("h3", { text: heading }), dl);

    if (res.breakdown && res.breakdown.length) {
      const captionId = this.id("breakdown-title");
      out.append(el("h4", { id: captionId, className: "yb-calc__breakdown-title", text: "怎么算出来的" }));
      const table = el("table", { className: "yb-calc__breakdown", "aria-labelledby": captionId });
      table.append(el("thead", {}, el("tr", {},
        el("th", { scope: "col", text: "规则" }), el("th", { scope: "col", text: "金额（元）" }), el("th", { scope: "col", text: "依据" }))));
      const tbody = el("tbody");
      for (const line of res.breakdown) {
        const src = line.source || {};
        const srcCell = el("td", { className: "yb-calc__src" });
        if (src.url && /^https?:\/\//.test(src.url)) {
          srcCell.append(el("a", { href: src.url, rel: "noopener", text: src.title || src.id || "来源" }));
        } else {
          srcCell.append(document.createTextNode(src.title || src.id || ""));
        }
        if (src.grade === "C") srcCell.append(" ", el("span", { className: "yb-badge yb-badge--c", text: "待核实" }));
        const ruleCell = el("td", {}, el("span", { text: line.text || line.rule }));
        if (line.figure !== undefined && line.figure !== null) {
          ruleCell.append(el("br"), el("small", { className: "yb-calc__figure", text: `采用数值：${line.figure}` }));
        }
        tbody.append(el("tr", { "data-rule": line.rule || "" }, ruleCell,
          el("td", { className: "yb-num", text: line.amount ?? "" }), srcCell));
      }
      table.append(tbody);
      out.append(el("div", { className: "yb-calc__scroll" }, table));
    }
    if (res.notes && res.notes.length) {
      out.append(el("ul", { className: "yb-calc__notes" }, ...res.notes.map((n) => el("li", { text: n }))));
    }
    out.append(el("p", { className: "yb-calc__disclaimer", text: "这是按公开规定做的估算，实际以医保经办机构结算为准。" }));
    const summaryText = rows.filter(([k]) => s[k] != null).map(([k, l]) => `${l} ${s[k]} 元`).join("，");
    this.say(`估算完成：${summaryText}。`);
  }

  // ------------------------------------------------------------ URL state and sharing

  stateParams() {
    const q = new URLSearchParams();
    q.set("tab", this.tab);
    if (this.standalone) q.set("region", this.region.code);
    q.set("date", this.value("date"));
    const names = this.tab === "contribution"
      ? ["cscheme", "tier", "group", "monthly_wage", "base"]
      : ["scheme", "visit", "level", "disease", "total", "self_pay", "class_b_self_pay", "admission",
        "deductible_met", "fund_paid_this_year", "hardship", "cross_region"];
    for (const name of names) {
      if (!this.visible(name)) continue;
      const v = this.value(name);
      if (v === true) q.set(name, "1");
      else if (v !== false && v !== "" && v !== undefined) q.set(name, v);
    }
    return q;
  }

  shareURL() {
    const url = new URL(location.href);
    const q = new URLSearchParams(url.search);
    for (const k of URL_KEYS) q.delete(k);
    for (const [k, v] of this.stateParams()) q.set(k, v);
    url.search = q.toString();
    url.hash = this.root.id || "calculator";
    return url.href;
  }

  writeURL() {
    history.replaceState(history.state, "", this.shareURL());
  }

  fillFromURL() {
    const q = this.params;
    if (!q.get("tab")) return;
    const set = (name) => {
      const f = this.fields.get(name);
      if (!f || !q.has(name)) return;
      if (f.input.type === "checkbox") f.input.checked = q.get(name) === "1";
      else if (f.input.tagName === "SELECT") {
        if ([...f.input.options].some((o) => o.value === q.get(name))) f.input.value = q.get(name);
      } else f.input.value = q.get(name);
    };
    this.setTab(q.get("tab") === "contribution" ? "contribution" : "reimbursement", false);
    set("date");
    set("scheme");
    this.refreshVisits();
    set("visit");
    this.refreshVisibility();
    for (const n of ["level", "disease", "total", "self_pay", "class_b_self_pay", "admission", "deductible_met",
      "fund_paid_this_year", "hardship", "cross_region"]) set(n);
    set("cscheme");
    this.refreshTiers();
    set("tier");
    this.refreshGroups();
    for (const n of ["group", "monthly_wage", "base"]) set(n);
  }

  async share() {
    const built = this.region && this.buildRequest();
    if (built && built.errors) {
      this.showErrors(built.errors);
      return;
    }
    const link = this.shareURL();
    history.replaceState(history.state, "", link);
    this.root.dataset.shareUrl = link;
    try {
      await navigator.clipboard.writeText(link);
      this.say("链接已复制。打开这个链接，会看到同样的输入和结果。");
    } catch (e) {
      this.say(`请复制这个链接：${link}`);
    }
  }
}

// ---------------------------------------------------------------- start-up (also after instant navigation)

const live = new Set();
function init() {
  for (const c of live) {
    if (!document.contains(c.root)) {
      c.destroy();
      live.delete(c);
    }
  }
  for (const root of document.querySelectorAll(".yb-calc")) {
    if (root.dataset.ybInit) continue;
    root.dataset.ybInit = "1";
    live.add(new Calculator(root));
  }
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => init());
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init);
} else {
  init();
}
