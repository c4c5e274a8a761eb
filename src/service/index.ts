/**
 * Service KPIs and staffing: `import { serviceKpis, erlangC, staffing } from "crm-analytics/service"`.
 * Contact-centre figures (answer rate, service level, abandonment, handle time, first-contact
 * resolution, quality, CSAT/NPS, occupancy, bot outcomes) from a contact log, and Erlang C staffing.
 * @packageDocumentation
 */
export { erlangC, erlangCOptionsSchema, MAX_AGENTS } from "./erlangC.js";
export type { ErlangCOptions, ErlangCResult } from "./erlangC.js";
export { staffing, staffingOptionsSchema } from "./staffing.js";
export type { StaffingOptions, StaffingResult, StaffingTarget } from "./staffing.js";
export { serviceKpis, serviceKpisOptionsSchema } from "./serviceKpis.js";
export type { AgentTime, ServiceKpiRecord, ServiceKpisOptions, ServiceKpisResult, ServiceLevelDefinition } from "./serviceKpis.js";
export { BOT_OUTCOMES } from "./readContacts.js";
export type { BotOutcome, ContactFields } from "./readContacts.js";
export { AnalyticsInputError, isAnalyticsInputError, formatInputIssue, formatInputIssues, formatIssuePath } from "../errors.js";
export type { InputIssue, InputIssueCode, IssuePath } from "../errors.js";
export type { InputReport, OnInvalid } from "../input/types.js";
