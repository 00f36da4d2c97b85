/** hubsim's library API: load a scenario, run it, read the results. */
export { simulate, type SimulateOptions, type SimulationResult, type SiteEntry, type TraceEntry } from './model/simulate.js';
export { METRIC_NAMES, type MetricName, type Metrics } from './model/metrics.js';
export type { BayRecord, PowerRecord, SessionRecord, Outcome } from './model/records.js';
export type { Breakdown } from './model/breakdown.js';
export { loadScenario, type FileUrl } from './scenario/load.js';
export { parseScenario, validateScenario, type TraceReader } from './scenario/validate.js';
export type { Scenario, TraceColumns, TraceRow } from './scenario/types.js';
export { traceRows } from './scenario/trace.js';
export { replicationSeed } from './random/streams.js';
export { HubsimError, InputError, OverloadedError, SimulationError, type InputIssue } from './errors.js';
