/**
 * crm-analytics: customer analytics for CRM teams. The root entry re-exports every domain; import a
 * subpath (`crm-analytics/rfm`, `crm-analytics/summary`) to load only that domain.
 * @packageDocumentation
 */
export * from "./input/index.js";
export * from "./summary/index.js";
export * from "./rfm/index.js";
export * from "./value/index.js";
export * from "./churn/index.js";
export * from "./models/index.js";
