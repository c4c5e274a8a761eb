/**
 * Charts: Vega-Lite v5 specs (plain JSON, data inlined) of the library's results, and notebook
 * display helpers: `import { segmentBarChart, toDisplay } from "crm-analytics/charts"`. No Vega runtime
 * is needed to build them; render with vega-embed, the Vega-Lite editor, or a Jupyter front end.
 * Not re-exported from the root entry.
 * @packageDocumentation
 */
export { segmentBarChart, segmentBarChartOptionsSchema } from "./segmentBarChart.js";
export type { SegmentBarChartOptions } from "./segmentBarChart.js";
export { segmentShareChart, segmentShareChartOptionsSchema } from "./segmentShareChart.js";
export type { SegmentShareChartOptions } from "./segmentShareChart.js";
export type { SegmentChartInput, SegmentChartRow } from "./segmentRows.js";
export { rfmHeatmap, rfmHeatmapOptionsSchema } from "./rfmHeatmap.js";
export type { RfmHeatmapInput, RfmHeatmapMeta, RfmHeatmapMetric, RfmHeatmapOptions, RfmHeatmapRecord } from "./rfmHeatmap.js";
export { paretoChart, paretoChartOptionsSchema } from "./paretoChart.js";
export type { ParetoChartInput, ParetoChartOptions } from "./paretoChart.js";
export { clvQuadrantChart, clvQuadrantChartOptionsSchema } from "./clvQuadrantChart.js";
export type { ClvQuadrantChartInput, ClvQuadrantChartOptions } from "./clvQuadrantChart.js";
export { cohortHeatmap, cohortHeatmapOptionsSchema } from "./cohortHeatmap.js";
export type { CohortHeatmapInput, CohortHeatmapOptions } from "./cohortHeatmap.js";
export { periodChart, periodChartOptionsSchema } from "./periodChart.js";
export type { PeriodChartInput, PeriodChartMetric, PeriodChartOptions, PeriodChartRecord } from "./periodChart.js";
export { clusterScatter, clusterScatterOptionsSchema } from "./clusterScatter.js";
export type { ClusterScatterInput, ClusterScatterOptions } from "./clusterScatter.js";
export { holdoutChart, holdoutChartOptionsSchema } from "./holdoutChart.js";
export type { HoldoutChartInput, HoldoutChartOptions, HoldoutChartRecord } from "./holdoutChart.js";
export { segmentMovementChart, segmentMovementChartOptionsSchema } from "./segmentMovementChart.js";
export type { SegmentMovementChartInput, SegmentMovementChartOptions } from "./segmentMovementChart.js";
export { whaleCurveChart, whaleCurveChartOptionsSchema } from "./whaleCurveChart.js";
export type { WhaleCurveChartInput, WhaleCurveChartOptions } from "./whaleCurveChart.js";
export { survivalChart, survivalChartOptionsSchema } from "./survivalChart.js";
export type { SbgChartInput, SurvivalChartInput, SurvivalChartOptions } from "./survivalChart.js";
export { retentionCurveChart, retentionCurveChartOptionsSchema } from "./retentionCurveChart.js";
export type { RetentionCurveChartInput, RetentionCurveChartOptions } from "./retentionCurveChart.js";
export { bgBbAliveChart, bgBbAliveChartOptionsSchema } from "./bgBbAliveChart.js";
export type { BgBbAliveChartInput, BgBbAliveChartOptions } from "./bgBbAliveChart.js";
export { trackingChart, trackingChartOptionsSchema } from "./trackingChart.js";
export type { TrackingChartInput, TrackingChartOptions, TrackingChartRecord } from "./trackingChart.js";
export { periodTransactionsChart, periodTransactionsChartOptionsSchema } from "./periodTransactionsChart.js";
export type { PeriodTransactionsChartInput, PeriodTransactionsChartOptions } from "./periodTransactionsChart.js";
export { frequencyRecencyChart, frequencyRecencyChartOptionsSchema } from "./frequencyRecencyChart.js";
export type { FrequencyRecencyChartInput, FrequencyRecencyChartOptions, FrequencyRecencyMetric } from "./frequencyRecencyChart.js";
export { selectionMatrixChart, selectionMatrixChartOptionsSchema } from "./selectionMatrixChart.js";
export type { SelectionMatrixChartInput, SelectionMatrixChartOptions } from "./selectionMatrixChart.js";
export { toDisplay, toDisplayOptionsSchema, JUPYTER_DISPLAY, VEGA_LITE_MIME } from "./toDisplay.js";
export type { ChartDisplay, ToDisplayOptions } from "./toDisplay.js";
export { tableDisplay, tableDisplayOptionsSchema } from "./tableDisplay.js";
export type { TableColumn, TableDisplay, TableDisplayOptions } from "./tableDisplay.js";
export { VEGA_LITE_SCHEMA } from "./common.js";
export type { AxisScale, AxisScaleOption, ChartOptions, JsonValue, VegaLiteSpec } from "./common.js";
