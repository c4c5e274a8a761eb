/**
 * k-means customer clusters: `import { clusterCustomers } from "crm-analytics/cluster"`.
 * Not re-exported from the root entry, so `crm-analytics` and `crm-analytics/rfm` never load it.
 * @packageDocumentation
 */
export { clusterCustomers, clusterCustomersOptionsSchema } from "./clusterCustomers.js";
export type {
  ClusterAssignment,
  ClusterAssignmentColumns,
  ClusterCustomersColumnsResult,
  ClusterCustomersMeta,
  ClusterCustomersOptions,
  ClusterCustomersResult,
  ClusterModel,
  ClusterProfile,
  ClusterScaling,
} from "./clusterCustomers.js";
export { assignCluster, assignClusterOptionsSchema } from "./assignCluster.js";
export type { AssignClusterColumnsResult, AssignClusterMeta, AssignClusterOptions, AssignClusterResult } from "./assignCluster.js";
export { clusterNames, clusterNamesOptionsSchema } from "./clusterNames.js";
export type { ClusterName, ClusterNameProfile, ClusterNamesOptions, ClusterNamesResult } from "./clusterNames.js";
export { chooseK, chooseKOptionsSchema } from "./chooseK.js";
export type { ChooseKMeta, ChooseKOptions, ChooseKResult, KCandidate } from "./chooseK.js";
export { lookalikeCustomers, lookalikeCustomersOptionsSchema } from "./lookalikeCustomers.js";
export type { LookalikeCustomer, LookalikeCustomersMeta, LookalikeCustomersOptions, LookalikeCustomersResult, LookalikeNeighbour } from "./lookalikeCustomers.js";
export { AnalyticsInputError, isAnalyticsInputError, formatInputIssue, formatInputIssues, formatIssuePath } from "../errors.js";
export type { InputIssue, InputIssueCode, IssuePath } from "../errors.js";
