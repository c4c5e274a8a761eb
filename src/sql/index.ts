/**
 * `crm-analytics/sql`: the library's customer summaries, RFM scores, classic segments, ABC classes,
 * period indicators, cohorts and BTYD model inputs as SQL for DuckDB, PostgreSQL, Spark SQL and BigQuery. Pure functions
 * returning SQL text and bound parameters; nothing here connects to a database.
 */
export { summarySql, SUMMARY_SQL_COLUMNS, type SummarySqlOptions } from "./summarySql.js";
export { rfmScoresSql, type RfmScoresSqlOptions } from "./rfmScoresSql.js";
export { rfmSegmentsSql, type RfmSegmentsSqlOptions } from "./rfmSegmentsSql.js";
export { abcClassesSql, type AbcClassesSqlOptions } from "./abcClassesSql.js";
export { periodIndicatorsSql, type PeriodIndicatorsSqlOptions, type PeriodSqlOptions } from "./periodIndicatorsSql.js";
export { cohortRetentionSql, type CohortRetentionSqlOptions } from "./cohortRetentionSql.js";
export { btydSummarySql, BTYD_SUMMARY_SQL_COLUMNS, BTYD_SUMMARY_SQL_HOLDOUT_COLUMNS, type BtydSummarySqlOptions } from "./btydSummarySql.js";
export { btydTriplesSql, BTYD_TRIPLES_SQL_COLUMNS, type BtydTriplesSqlOptions } from "./btydTriplesSql.js";
export type { SqlScoringOptions } from "./scoring.js";
export type { QuantileForm } from "./builder.js";
export type { SqlDialect, SqlParameter, SqlQuery, SqlSource, SqlTransactionColumns, TransactionSqlOptions } from "./types.js";
export { btydPredictionsSql, BTYD_PREDICTIONS_SQL_COLUMNS, type BtydPredictionsSqlOptions, type BtydPredictionOptions, type BtydCustomersTable } from "./btydPredictionsSql.js";
export { abcValuesSql, type AbcValuesSqlOptions } from "./abcValuesSql.js";
