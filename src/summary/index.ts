/**
 * Customer summaries from transactions: `import { summarizeTransactions } from "crm-analytics/summary"`.
 * @packageDocumentation
 */
export { summarizeTransactions } from "./summarizeTransactions.js";
export type { CustomerSummary, SummarizeOptions, SummaryMeta, SummaryResult } from "./summarizeTransactions.js";
export { mergeSummaries } from "./mergeSummaries.js";
export type { MergeSummariesOptions } from "./mergeSummaries.js";
export { normalizeTransactions } from "../input/normalizeTransactions.js";
export type { NormalizedTransactions } from "../input/normalizeTransactions.js";
export { transactionReadOptionsSchema, transactionFieldsSchema } from "../input/options.js";
export type {
  DateInput,
  DictionaryIds,
  FieldAccessor,
  InputReport,
  OnInvalid,
  RefundPolicy,
  TransactionColumns,
  TransactionFields,
  TransactionInput,
  TransactionReadOptions,
} from "../input/types.js";
export { AnalyticsInputError, isAnalyticsInputError, formatInputIssues } from "../errors.js";
export type { InputIssue, InputIssueCode } from "../errors.js";
