/**
 * Customer summaries from transactions: `import { summarizeTransactions } from "crm-analytics/summary"`.
 * @packageDocumentation
 */
export { summarizeTransactions, summarizeTransactionsOptionsSchema } from "./summarizeTransactions.js";
export type { CustomerSummary, CustomerSummaryColumns, SummarizeTransactionsColumnsResult, SummarizeTransactionsOptions, SummaryMeta, SummarizeTransactionsResult } from "./summarizeTransactions.js";
export { createTransactionSummarizer } from "./createTransactionSummarizer.js";
export type { TransactionSummarizer } from "./createTransactionSummarizer.js";
export { mergeSummaries, mergeSummariesOptionsSchema } from "./mergeSummaries.js";
export type { MergeSummariesOptions, MergeSummariesResult } from "./mergeSummaries.js";
export type { TransactionInput, TransactionReadOptions } from "../input/types.js";
export { AnalyticsInputError, isAnalyticsInputError, formatInputIssue, formatInputIssues, formatIssuePath } from "../errors.js";
export type { InputIssue, InputIssueCode, IssuePath } from "../errors.js";
