/**
 * k-means customer clusters: `import { clusterCustomers } from "crm-analytics/cluster"`.
 * Not re-exported from the root entry, so `crm-analytics` and `crm-analytics/rfm` never load it.
 * @packageDocumentation
 */
export { clusterCustomers, assignCluster, clusterCustomersOptionsSchema } from "./clusterCustomers.js";
export type { ClusterAssignment, ClusterCustomersOptions, ClusterModel, ClusterProfile, ClusterResult, ClusterScaling } from "./clusterCustomers.js";
export { chooseK, chooseKOptionsSchema } from "./chooseK.js";
export type { ChooseKOptions, KQuality } from "./chooseK.js";
export { AnalyticsInputError, isAnalyticsInputError, formatInputIssue, formatInputIssues, formatIssuePath } from "../errors.js";
export type { InputIssue, InputIssueCode, IssuePath } from "../errors.js";
