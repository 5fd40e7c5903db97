"""perfcheck's built-in rules, registered through an entry point (``perfcheck``
in the ``perfcheck`` group) exactly as a third-party plugin's rules are. One
module per rule; the catalogue with stable codes is docs/rules.md."""

from __future__ import annotations

from perfcheck import hookimpl

from .c001_cost_total_mismatch import CostTotalMismatch
from .c002_cost_lower_bound import CostLowerBound
from .c004_missing_cost_indicator import MissingCostIndicator
from .c007_allocation_mismatch import AllocationMismatch
from .engine import FileUnreadable, LayoutUnrecognized, RuleCrashed
from .q001_scoring_rule_mismatch import ScoringRuleMismatch
from .q006_rate_as_quantity import RateAsQuantity
from .v001_value_unparseable import ValueUnparseable
from .v002_percent_out_of_range import PercentOutOfRange
from .v006_split_number import SplitNumber
from .w001_weight_total import WeightTotal
from .w002_zero_weight import ZeroWeight
from .x001_project_without_targets import ProjectWithoutTargets
from .x002_targets_without_project import TargetsWithoutProject
from .x003_amount_mismatch import AmountMismatch
from .x004_name_mismatch import NameMismatch

RULES = (
    FileUnreadable,
    LayoutUnrecognized,
    RuleCrashed,
    ValueUnparseable,
    PercentOutOfRange,
    SplitNumber,
    WeightTotal,
    ZeroWeight,
    CostTotalMismatch,
    CostLowerBound,
    MissingCostIndicator,
    AllocationMismatch,
    ScoringRuleMismatch,
    RateAsQuantity,
    ProjectWithoutTargets,
    TargetsWithoutProject,
    AmountMismatch,
    NameMismatch,
)


@hookimpl
def perfcheck_rules():
    return list(RULES)


@hookimpl
def perfcheck_profiles():
    return {
        # Xinjiang's template: 90 points, the 10 for 预算执行率 scored after the year.
        "xinjiang": {"rules": {"W001": {"total": 90}}},
    }
