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
