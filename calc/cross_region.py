"""The cut in the reimbursement ratio for care outside the insured region, by filing type."""

from .money import ZERO, fmt_number, fmt_percent

__all__ = ["apply_cut"]


def apply_cut(params, bd, where, what, ratio):
    """Lower the ratio by the region's cut for this filing type (not below 0); add the line."""
    if where == "none":
        return ratio
    fact = params.fact(("cross_region", "cuts", where), kind="ratio")
    cut = fact.value
    points = fmt_number(cut * 100)
    result = max(ratio - cut, ZERO)
    if cut == 0:
        text = f"{what}：报销比例不降低，仍按 {fmt_percent(ratio)} 计算"
    elif fact.bound == "max":
        text = (
            f"{what}：报销比例最多降低 {points} 个百分点"
            "（这是政策允许的最大降幅，实际降幅可能更小），"
            f"按最多降低计算：{fmt_percent(ratio)} − {points}% = {fmt_percent(result)}"
        )
    else:
        text = (
            f"{what}：报销比例降低 {points} 个百分点："
            f"{fmt_percent(ratio)} − {points}% = {fmt_percent(result)}"
        )
    bd.add("cross_region_cut", text, None, fact)
    bd.note(
        "异地就医执行“就医地目录、参保地政策”：报销范围按就医地的目录，起付线、比例和限额按参保地；"
        "各地对异地就医的起付线可能另有规定，本估算按参保地的起付线计算。"
    )
    return result
