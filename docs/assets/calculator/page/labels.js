// 医保指南 calculator: the words the form and the result use for calc's codes.

export const VISITS = { inpatient: "住院", outpatient: "普通门诊", chronic: "门诊慢特病", two_diseases: "两病门诊（高血压、糖尿病）" };
export const SCHEMES = { resident: "城乡居民医保", employee: "职工医保（在职）", retiree: "职工医保（退休）" };
export const CONTRIB_SCHEMES = { resident: "城乡居民医保", employee: "职工医保（单位职工）", flexible: "职工医保（灵活就业）" };
export const CROSS = {
  none: "在本地就医",
  long_term: "异地长期居住、已备案",
  referral: "异地转诊、已备案",
  emergency: "异地急诊抢救",
  temporary: "其他临时外出、已备案",
  unfiled: "异地就医、未备案",
  unreferred: "异地就医、未按规定转诊",
};
export const STAGE_TEXT = {
  idle: [0, "计算器尚未加载"],
  download: [1, "下载计算器…"],
  start: [2, "启动中…"],
  ready: [3, "就绪"],
  unavailable: [0, "这个浏览器算不了"],
};
export const REIMB_SUMMARY = [["fund", "医保基金支付"], ["critical_illness", "大病保险支付"], ["you_pay", "您自付"]];
export const CONTRIB_SUMMARY = [
  ["individual_per_year", "个人缴费（每年）"], ["fiscal_per_year", "财政补助（每年）"],
  ["employer_per_month", "单位缴费（每月）"], ["employee_per_month", "个人缴费（每月）"],
  ["personal_account_per_month", "划入个人账户（每月）"], ["per_month", "每月合计"], ["per_year", "每年合计"],
];
export const TAB_LABELS = { reimbursement: "看病报销", year: "一年的费用", contribution: "参保缴费", waiting_period: "等待期" };
