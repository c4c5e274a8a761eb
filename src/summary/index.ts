/**
 * Customer summaries from transactions: `import { summarizeTransactions } from "crm-analytics/summary"`.
 * @packageDocumentation
 */
export { summarizeTransactions } from "./summarizeTransactions.js";
export type { CustomerSummary, SummarizeOptions, SummaryMeta, SummaryResult } from "./summarizeTransactions.js";
export { mergeSummaries } from "./mergeSummaries.js";
export type { MergeSummariesOptions } from "./mergeSummaries.js";
export type { TransactionInput, TransactionReadOptions } from "../input/types.js";
export { AnalyticsInputError, isAnalyticsInputError, formatInputIssue, formatInputIssues, formatIssuePath } from "../errors.js";
export type { InputIssue, InputIssueCode, IssuePath } from "../errors.js";
