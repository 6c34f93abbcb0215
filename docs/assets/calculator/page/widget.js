// 医保指南 calculator: one widget (a .yb-calc element): the region, the tabs and their fields, the
// estimate and its result, the share link. Python runs in the worker (engine.js), never here.
//
// State for tests and the benchmark, on the root element: data-stages (the stages seen, in order),
// data-state ("running" | "done" | "error" | "unavailable"), data-result-json (calc's JSON text),
// data-boot ("snapshot" | "normal"), data-snapshot (the worker's last snapshot report), data-share-url.

import { BillList, billAsForm } from "./bills.js";
import { el, today } from "./dom.js";
import { Fields } from "./fields.js";
import { STAGE_TEXT, TAB_LABELS } from "./labels.js";
import { contributionPanel, regionChoices, reimbursementPanel, waitingPanel, yearPanel } from "./panels.js";
import { renderGeneralErrors, renderMissing, renderResult } from "./render.js";
import { billFromForm, buildRequest, fieldOfError, TABS } from "./requests.js";
import { queryToState, shareHref, stateToQuery, TAB_FIELDS } from "./share.js";
import { getJSON, regionIndexURL, regionURL, saveData } from "./site.js";
import { Tabs } from "./tabs.js";
import { showUnavailable } from "./unavailable.js";

let widgetCount = 0;
const START_EVENTS = ["focusin", "pointerdown", "touchstart", "keydown"];

export class Calculator {
  constructor(root, engine) {
    this.root = root;
    this.engine = engine;
    this.prefix = `ybc${++widgetCount}`;
    this.ids = (name) => `${this.prefix}-${name}`;
    this.fields = new Fields(this.prefix);
    this.region = null;
    this.app = root.querySelector(".yb-calc__app") || root.appendChild(el("div", { className: "yb-calc__app" }));
    this.standalone = root.hasAttribute("data-standalone");
    this.urlState = queryToState(location.search);
    this.buildShell();
    this.onEngine = () => this.showStage();
    engine.listeners.add(this.onEngine);
    this.showStage();
    if (engine.stage === "unavailable") return;
    this.watch();
    const code = root.getAttribute("data-region") || (this.urlState && this.urlState.region);
    if (this.standalone) this.loadRegionList(code);
    else if (code) this.loadRegion(code);
  }

  // The start triggers: near the screen (unless the reader asked to save data) or first use.
  watch() {
    const start = () => this.engine.start();
    for (const ev of START_EVENTS) this.root.addEventListener(ev, start, { once: true, passive: true });
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
    this.engine.listeners.delete(this.onEngine);
    if (this.io) this.io.disconnect();
  }

  buildShell() {
    this.progress = el("div", {
      className: "yb-calc__progress", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 3,
      "aria-valuenow": 0, "aria-label": "计算器加载进度", id: this.ids("progress"),
    }, el("span", { className: "yb-calc__bar" }), el("span", { className: "yb-calc__stage" }));
    this.live = el("p", { className: "yb-calc__live", "aria-live": "polite", role: "status", id: this.ids("live") });
    this.regionBox = el("div", { className: "yb-calc__region" });
    this.form = el("form", { className: "yb-calc__form", novalidate: true, "aria-describedby": this.ids("live") });
    this.result = el("div", { className: "yb-calc__result", tabindex: "-1", id: this.ids("result") });
    this.app.replaceChildren(this.progress, this.regionBox, this.form, this.live, this.result);
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.estimate();
    });
  }

  showStage() {
    const engine = this.engine;
    const stage = engine.stage;
    if (stage === "unavailable") {
      this.destroy();
      showUnavailable(this.root);
      return;
    }
    const [n, text] = STAGE_TEXT[stage] || STAGE_TEXT.idle;
    this.progress.setAttribute("aria-valuenow", String(n));
    this.progress.setAttribute("aria-valuetext", text);
    this.progress.querySelector(".yb-calc__stage").textContent = engine.failure
      ? `计算器加载失败：${engine.failure.message}。请检查网络后再点“计算”。` : text;
    this.progress.dataset.stage = stage;
    const seen = (this.root.dataset.stages || "").split(",").filter(Boolean);
    if (seen[seen.length - 1] !== stage) this.root.dataset.stages = [...seen, stage].join(",");
    this.root.setAttribute("aria-busy", stage === "download" || stage === "start" ? "true" : "false");
    if (engine.boot) this.root.dataset.boot = engine.boot;
    if (engine.snapshot) this.root.dataset.snapshot = engine.snapshot.state;
    if (stage === "ready") this.root.classList.add("yb-calc--ready");
  }

  say(text) {
    this.live.textContent = text;
  }

  // ------------------------------------------------------------ regions

  async loadRegionList(selected) {
    const label = el("label", { for: this.ids("region"), text: "地区" });
    const picker = el("select", { id: this.ids("region"), name: "region" }, el("option", { value: "", text: "请选择地区" }));
    this.regionBox.replaceChildren(el("div", { className: "yb-field" }, label, picker));
    picker.addEventListener("change", () => {
      if (picker.value) this.loadRegion(picker.value);
    });
    try {
      const list = await getJSON(regionIndexURL());
      const names = new Map(list.map((r) => [r.code, r.name]));
      for (const r of list) {
        if (r.code === "100000") continue;
        const parent = names.get(r.parent);
        picker.append(el("option", { value: r.code, text: parent && r.level !== "province" ? `${parent} ${r.name}` : r.name }));
      }
      if (selected && names.has(selected)) {
        picker.value = selected;
        this.loadRegion(selected);
      }
    } catch (e) {
      this.say(`地区列表加载失败（${e.message}）。请稍后刷新。`);
    }
  }

  async loadRegion(code) {
    if (!/^\d{6}$/.test(code)) return;
    try {
      this.region = await getJSON(regionURL(code));
    } catch (e) {
      this.say(`${code}的数据加载失败（${e.message}）。`);
      return;
    }
    this.buildForm();
    const state = this.urlState;
    if (state && (!state.region || state.region === this.region.code)) {
      this.fillFromState(state);
      if (!saveData() || this.engine.started) this.estimate();
    }
  }

  // ------------------------------------------------------------ the form

  buildForm() {
    const r = this.region;
    const choices = regionChoices(r);
    const fields = this.fields;
    fields.clear();
    this.panels = {
      reimbursement: reimbursementPanel(fields, r, choices),
      year: yearPanel(fields, r, choices),
      contribution: contributionPanel(fields, r, choices),
      waiting_period: waitingPanel(fields),
    };
    this.bills = new BillList(fields, this.ids, (bills, said) => this.onBills(bills, said));
    this.panels.year.editor.append(this.bills.add);
    this.panels.year.node.append(this.bills.node);
    this.tabs = new Tabs(this.prefix, TABS.map((key) => [key, TAB_LABELS[key], this.panels[key].node]));
    const dateField = fields.field("date", "按哪一天的规定", el("input", { type: "date", value: today() }),
      "默认今天；想看往年的规定可以改");
    const submit = el("button", { type: "submit", className: "md-button md-button--primary yb-calc__submit", text: "计算" });
    const share = el("button", { type: "button", className: "md-button yb-calc__share", text: "复制分享链接" });
    share.addEventListener("click", () => this.share());
    // the progress sits beside the button, where the reader is looking when the result is awaited
    this.form.replaceChildren(
      el("p", { className: "yb-calc__for", text: `按${r.name}的规定估算` }),
      this.tabs.node, ...TABS.map((key) => this.panels[key].node), dateField, this.progress,
      el("div", { className: "yb-calc__actions" }, submit, share),
    );
    this.tabs.select("reimbursement", false);
    for (const key of TABS) this.panels[key].refresh();
  }

  get tab() {
    return this.tabs.current;
  }

  // {name: value} of the fields the reader can see on the current tab, and the date.
  formValues() {
    const form = {};
    for (const name of this.fields.names()) {
      if (this.fields.visible(name)) form[name] = this.fields.value(name);
    }
    return form;
  }

  // The URL's state, set in the order the choices depend on one another: after each group of
  // fields, the panel re-offers the choices that depend on them.
  fillFromState(state) {
    const f = this.fields;
    const panel = this.panels[state.tab];
    this.tabs.select(state.tab, false);
    f.setValue("date", state.date);
    const first = { reimbursement: ["scheme", "visit"], year: ["yscheme"], contribution: ["cscheme", "tier"] }[state.tab] || [];
    for (const name of first) {
      f.setValue(name, state.form[name]);
      panel.refresh();
    }
    for (const name of TAB_FIELDS[state.tab]) if (!first.includes(name)) f.setValue(name, state.form[name]);
    panel.refresh();
    if (state.tab === "year") {
      const bills = [];
      for (const parts of state.bills) {
        const got = billFromForm(billAsForm(parts));
        if (got.bill) bills.push(got.bill);
      }
      this.bills.set(bills);
    }
  }

  // ------------------------------------------------------------ errors

  // Puts each [field, message] beside its field (or bill); returns the messages with no place.
  showErrors(list) {
    let first = null;
    const general = [];
    const words = [];
    for (const [name, message] of list) {
      const where = typeof name === "object" ? name : { name };
      const placed = where.bill !== undefined ? this.bills.setError(where.bill, message)
        : this.fields.setError(where.name, message);
      if (placed && !first && where.bill === undefined) first = this.fields.input(where.name);
      if (!placed) general.push(message);
      const label = where.bill !== undefined ? `第 ${where.bill + 1} 笔` : this.fields.has(where.name) ? this.fields.labelOf(where.name) : where.name;
      words.push(`${label}：${message}`);
    }
    this.say(`有 ${list.length} 处需要修改。${words.join("；")}`);
    if (first) first.focus();
    return general;
  }

  // ------------------------------------------------------------ estimate

  onBills(bills, said) {
    this.writeURL();
    this.say(said);
    if (bills.length) this.estimate({ lead: said });
    else this.result.replaceChildren();
  }

  // `lead`: a sentence to read out before the result (what the reader just changed).
  async estimate({ lead = "" } = {}) {
    if (!this.region) {
      this.say("请先选择地区。");
      return;
    }
    this.fields.clearErrors();
    if (this.tab === "year" && this.bills.editorFilled()) {
      const added = this.bills.addFromEditor();
      if (!added) return;
      lead += added;
    }
    const built = buildRequest(this.tab, this.formValues(), this.region, this.bills.bills);
    if (built.errors) {
      this.showErrors(built.errors);
      return;
    }
    this.writeURL();
    const text = JSON.stringify(built.request);
    this.lastRequest = text;
    this.say(`${lead}${this.engine.stage === "ready" ? "正在计算…" : "计算器正在加载，加载完就出结果…"}`);
    this.root.dataset.state = "running";
    let json;
    try {
      json = await this.engine.run(text);
    } catch (e) {
      if (this.engine.stage === "unavailable") return;
      this.root.dataset.state = "error";
      this.say(`计算器出错了：${e.message}`);
      return;
    }
    if (this.lastRequest !== text) return; // a newer estimate is on its way
    this.show(JSON.parse(json), lead);
    this.root.dataset.resultJson = json;
    this.root.dataset.state = "done";
    this.engine.afterFirstResult();
  }

  show(res, lead = "") {
    if (res.ok) {
      this.say(lead + renderResult(this.result, res, this.ids));
      this.offerReport();
      return;
    }
    const said = renderMissing(this.result, res);
    if (res.errors) {
      const mapped = res.errors.map((e) => [fieldOfError(this.tab, e.field), e.message]);
      renderGeneralErrors(this.result, this.showErrors(mapped));
    }
    if (said) this.say(lead + said);
  }

  // ------------------------------------------------------------ URL state and sharing

  shareURL() {
    const form = this.formValues();
    const query = stateToQuery({
      tab: this.tab,
      region: this.standalone ? this.region.code : null,
      date: form.date,
      form,
      bills: this.bills.bills,
    });
    return shareHref(location.href, query, this.root.id || "calculator");
  }

  // 估算不对？ opens the wrong-estimate issue form with the region and this estimate's share link.
  offerReport() {
    const form = this.root.dataset.reportUrl;
    if (!form) return;
    const href = `${form}&share=${encodeURIComponent(this.shareURL())}`;
    this.result.append(el("p", { className: "yb-calc__report" },
      el("a", { href, rel: "noopener", text: "估算不对？告诉我们" })));
  }

  writeURL() {
    history.replaceState(history.state, "", this.shareURL());
  }

  async share() {
    if (!this.region) return;
    const built = buildRequest(this.tab, this.formValues(), this.region, this.bills.bills);
    if (built.errors) {
      this.fields.clearErrors();
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
