"""perfcheck's built-in rules, registered through an entry point (``perfcheck``
in the ``perfcheck`` group) exactly as a third-party plugin's rules are. One
module per rule; the catalogue with stable codes is docs/rules.md."""

from __future__ import annotations

from perfcheck import hookimpl

from .engine_findings import FileUnreadable, LayoutUnrecognized, RuleCrashed, UnusedSuppression
from .a001_score_above_weight import ScoreAboveWeight
from .a002_total_mismatch import TotalMismatch
from .a003_execution_rate_mismatch import ExecutionRateMismatch
from .a004_execution_score_mismatch import ExecutionScoreMismatch
from .a005_unearned_score import UnearnedScore
from .a006_proportional_score_mismatch import ProportionalScoreMismatch
from .a007_deviation_unexplained import DeviationUnexplained
from .a008_actual_not_comparable import ActualNotComparable
from .a009_target_too_low import TargetTooLow
from .a010_grade_mismatch import GradeMismatch
from .a011_execution_above_budget import ExecutionAboveBudget
from .c001_cost_total_mismatch import CostTotalMismatch
from .c002_cost_lower_bound import CostLowerBound
from .c003_cost_not_monetary import CostNotMonetary
from .c004_missing_cost_indicator import MissingCostIndicator
from .c005_cost_restates_budget import CostRestatesBudget
from .c006_zero_cost import ZeroCost
from .c007_allocation_mismatch import AllocationMismatch
from .q001_scoring_rule_mismatch import ScoringRuleMismatch
from .q002_satisfaction_below_minimum import SatisfactionBelowMinimum
from .q003_satisfaction_misplaced import SatisfactionMisplaced
from .q004_deadline_outside_year import DeadlineOutsideYear
from .q005_rate_not_percent import RateNotPercent
from .q006_rate_as_quantity import RateAsQuantity
from .q007_wrong_direction import WrongDirection
from .q008_timeliness_not_measurable import TimelinessNotMeasurable
from .q009_input_as_output import InputAsOutput
from .q010_year_mismatch import YearMismatch
from .q011_declared_type_mismatch import DeclaredTypeMismatch
from .s001_missing_level1 import MissingLevel1
from .s002_missing_level2 import MissingLevel2
from .s003_misplaced_level2 import MisplacedLevel2
from .s004_duplicate_indicator import DuplicateIndicator
from .s005_fund_breakdown import FundBreakdown
from .s006_empty_indicator import EmptyIndicator
from .s007_level_name_as_indicator import LevelNameAsIndicator
from .v001_value_unparseable import ValueUnparseable
from .v002_percent_out_of_range import PercentOutOfRange
from .v003_missing_unit import MissingUnit
from .v004_missing_operator import MissingOperator
from .v005_excel_date_serial import ExcelDateSerial
from .v006_split_number import SplitNumber
from .v007_unit_conflict import UnitConflict
from .v008_empty_value import EmptyValue
from .v010_damaged_sign import DamagedSign
from .v009_nonstandard_unit import NonstandardUnit
from .v011_ocr_low_confidence import OcrLowConfidence
from .w001_weight_total import WeightTotal
from .w002_zero_weight import ZeroWeight
from .w003_missing_weight import MissingWeight
from .w004_weight_split import WeightSplit
from .w005_dominant_weight import DominantWeight
from .w006_declared_split_mismatch import DeclaredSplitMismatch
from .x001_project_without_targets import ProjectWithoutTargets
from .x002_targets_without_project import TargetsWithoutProject
from .x003_amount_mismatch import AmountMismatch
from .x004_name_mismatch import NameMismatch
from .x005_count_mismatch import CountMismatch

RULES = (
    FileUnreadable,
    LayoutUnrecognized,
    RuleCrashed,
    UnusedSuppression,
    ScoreAboveWeight,
    TotalMismatch,
    ExecutionRateMismatch,
    ExecutionScoreMismatch,
    UnearnedScore,
    ProportionalScoreMismatch,
    DeviationUnexplained,
    ActualNotComparable,
    TargetTooLow,
    GradeMismatch,
    ExecutionAboveBudget,
    CostTotalMismatch,
    CostLowerBound,
    CostNotMonetary,
    MissingCostIndicator,
    CostRestatesBudget,
    ZeroCost,
    AllocationMismatch,
    ScoringRuleMismatch,
    SatisfactionBelowMinimum,
    SatisfactionMisplaced,
    DeadlineOutsideYear,
    RateNotPercent,
    RateAsQuantity,
    WrongDirection,
    TimelinessNotMeasurable,
    InputAsOutput,
    YearMismatch,
    DeclaredTypeMismatch,
    MissingLevel1,
    MissingLevel2,
    MisplacedLevel2,
    DuplicateIndicator,
    FundBreakdown,
    EmptyIndicator,
    LevelNameAsIndicator,
    ValueUnparseable,
    PercentOutOfRange,
    MissingUnit,
    MissingOperator,
    ExcelDateSerial,
    SplitNumber,
    UnitConflict,
    EmptyValue,
    NonstandardUnit,
    DamagedSign,
    OcrLowConfidence,
    WeightTotal,
    ZeroWeight,
    MissingWeight,
    WeightSplit,
    DominantWeight,
    DeclaredSplitMismatch,
    ProjectWithoutTargets,
    TargetsWithoutProject,
    AmountMismatch,
    NameMismatch,
    CountMismatch,
)


@hookimpl
def perfcheck_rules():
    return list(RULES)


@hookimpl
def perfcheck_profiles():
    return {
        # Xinjiang's template: 90 points (the 10 for 预算执行率 are scored after the
        # year), proportional or graded scoring rules as the layout names them.
        "xinjiang": {"rules": {"W001": {"total": 90}}},
        # The 2021 central guideline (财预〔2021〕101号): 成本指标 is a level 1 of
        # its own with 经济/社会/生态环境成本 under it, and every project has one.
        "national-2021": {
            "severity": {"C004": "error"},
            "rules": {
                "S001": {"required": ["产出指标", "成本指标", "效益指标", "满意度指标"]},
                "S003": {"allow_cost_under_output": False},
                "C004": {"required": True},
            },
        },
        # Self-evaluation as 财预〔2020〕10号's template explains it: a missed
        # quantitative target scores actual ÷ target × 分值 (a floor) or
        # target ÷ actual × 分值 (a cap), whatever a row's scoring rule says.
        "national-2020": {"rules": {"A006": {"all_quantitative": True}}},
        # Sichuan's 2023 self-evaluation layout (报表 510000_0013zp): an execution
        # rate below 90% must say why, in the funds block's 原因 column.
        "sichuan-2023": {"rules": {"A007": {"execution_below": 90}}},
    }
