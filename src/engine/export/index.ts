export { type ExportContext, type RuleInfo, partitionOf } from './common.js';
export { OCSF_VERSION, toOcsf, toOcsfAll } from './ocsf.js';
export { toAsff, toAsffAll } from './asff.js';
export { toSarif } from './sarif.js';
