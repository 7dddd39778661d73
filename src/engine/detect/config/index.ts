export { runChecks, type RunChecksOptions, type RunChecksResult, type StatusCounts } from './engine.js';
export { evaluateCheck, resolveParams, selectChecks, wantedHydrations } from './evaluate.js';
export { CachedGraph } from './graph.js';
export { accountContext, loadOrgCoverage, orgCoverage, type OrgCoverage } from './org.js';
export { diffRuns, classify, type FindingsDiff, type DiffCategory } from './diff.js';
export {
  applySuppressions,
  findSuppression,
  loadSuppressions,
  ruleMatches,
  rulesFromConfig,
  type SuppressionRule,
  type SuppressionSubject,
} from './suppressions.js';
export { runConfiguredChecks, runtimeChecks, ruleInfoOf } from './runtime.js';
export { complianceReport, controlStatus, type ComplianceReport, type ControlReport } from './compliance.js';
export { complianceHtml } from './report-html.js';
export { checksStage, diffLine } from './stage.js';
export { loadPolicyDir, loadPolicyFile, parsePolicy, formatProblem, type PolicyProblem } from './policies.js';
