/**
 * Reading transactions: `import { normalizeTransactions } from "crm-analytics/input"`. The field
 * mappings, option schemas and types every transaction reader shares, and the one error class for bad
 * data with its helpers.
 * @packageDocumentation
 */
export { normalizeTransactions } from "./normalizeTransactions.js";
export type { NormalizedTransactions } from "./normalizeTransactions.js";
export { transactionReadOptionsSchema, transactionFieldsSchema } from "./options.js";
export type { TransactionOptionsSchema } from "./options.js";
export type { OptionsSchema } from "../options.js";
export type {
  CustomerColumns,
  CustomerInput,
  DateInput,
  DateRange,
  DictionaryIds,
  FieldAccessor,
  InputReport,
  OnInvalid,
  RefundPolicy,
  TransactionColumns,
  TransactionFields,
  TransactionInput,
  TransactionReadMeta,
  TransactionReadOptions,
} from "./types.js";
export { AnalyticsInputError, isAnalyticsInputError, formatInputIssue, formatInputIssues, formatIssuePath } from "../errors.js";
export type { InputIssue, InputIssueCode, IssuePath } from "../errors.js";
