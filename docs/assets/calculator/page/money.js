// 医保指南 calculator: reading what the reader typed into a number field. No DOM; testable alone.

export const MAX_MONEY = 100000000; // 1 亿元: anything above is a typing mistake

// Full-width digits, Chinese full stops and thousands separators are accepted: "５万" is not.
function normalise(raw) {
  return String(raw ?? "")
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, ".")
    .replace(/[\s,，_]/g, "");
}

// A money field: {value} (a number, or undefined when empty and not required) or {error}.
export function parseMoney(raw, { required = true, max = MAX_MONEY, integer = false, min = 0 } = {}) {
  const text = normalise(raw);
  if (text === "") return required ? { error: "请填写这一项" } : { value: undefined };
  if (/^[-－−]\d*\.?\d+$/.test(text)) return { error: "不能是负数" };
  if (!/^\d+(\.\d+)?$/.test(text)) return { error: integer ? "请填写整数，例如 2" : "请填写数字，例如 50000" };
  if (integer && !/^\d+$/.test(text)) return { error: "请填写整数" };
  if (!integer && /\.\d{3,}$/.test(text)) return { error: "最多两位小数（到分）" };
  const value = Number(text);
  if (!Number.isFinite(value)) return { error: "请填写数字，例如 50000" };
  if (value < min) return { error: min > 0 ? `不能小于 ${min}` : "不能是负数" };
  if (value > max) return { error: `数字太大：不能超过 ${max.toLocaleString("zh-CN")}` };
  return { value };
}

// calc's amounts ("44910.00") as readers read them ("44,910.00"); anything else is left as it is.
export function grouped(amount) {
  const text = String(amount ?? "");
  const parts = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (!parts) return text;
  return parts[1] + parts[2].replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (parts[3] || "");
}

// A count (years, admissions): a whole number between min and max.
export function parseCount(raw, { required = false, min = 0, max = 100 } = {}) {
  return parseMoney(raw, { required, min, max, integer: true });
}
