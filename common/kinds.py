"""The indicator kinds and what each group of them shares: the one list the catalog, the rules, the
charts, the slides and the pages read. The bottom layer: imports nothing of this project."""
from __future__ import annotations

# the catalog's order: its error message and the template's guide list the kinds this way
KINDS = ("growth_rate", "cumulative", "point", "ceiling", "decrease", "zero_event", "milestone", "qualitative")
# judged against a numeric target by thresholds (progress.edges); the ones a gauge can draw
NUMERIC_KINDS = ("growth_rate", "cumulative", "point", "ceiling")
# reported as a status word, not a number
TEXT_KINDS = ("qualitative", "milestone")
# smaller is better unless the catalog says otherwise
LOWER_IS_BETTER = ("ceiling", "decrease", "zero_event")
# 完成率 = value / target means something
WITH_COMPLETION = ("growth_rate", "cumulative", "point")
# the target holds all year: a flat line on the trend (cumulative rows climb to theirs instead)
FLAT_TARGET_KINDS = ("growth_rate", "point", "ceiling", "zero_event")
# 预计全年 projects these to the year's end
PROJECTED_KINDS = ("cumulative", "growth_rate")

# what a page calls a kind (指标详情) ...
KIND_NAMES = {"growth_rate": "增速指标", "cumulative": "累计指标", "point": "时点/占比指标",
              "ceiling": "上限指标", "decrease": "持续下降指标", "zero_event": "零发生指标",
              "milestone": "节点任务", "qualitative": "定性指标"}
# ... and the short word of a template's 指标类型 column and its guide (增速类指标)
KIND_SHORT = {"growth_rate": "增速", "cumulative": "累计", "point": "时点", "ceiling": "上限",
              "decrease": "持续下降", "zero_event": "零发生", "milestone": "节点", "qualitative": "定性"}
