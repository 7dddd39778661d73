import type { Logger } from 'pino';
import type { Store } from '../store/index.js';
import { checksStage } from './detect/config/stage.js';
import { vulnerabilitiesStage } from './detect/vulns/stage.js';
import { discoveryStage } from './discover/discovery.stage.js';
import { activityStage } from './activity/stage.js';
import { networkStage } from './network/stage.js';
import { alertsStage } from './alerts/demo-stage.js';

/**
 * The only place that knows the order of the stages. The demo (and later the scheduled pipeline)
 * runs them in this order; each capability adds its stage here and nowhere else.
 */
export interface StageContext {
  store: Store;
  log: Logger;
  home: string;
  /** Where the demo's recorded data lives (`demo/`). */
  demoDir: string;
  /** Figures stages share with later ones and with the summary. */
  facts: Map<string, unknown>;
}

export interface StageResult {
  /** One line each for the summary the demo prints. */
  summary: string[];
}

export interface Stage {
  id: string;
  title: string;
  run(ctx: StageContext): Promise<StageResult>;
}

const migrateStage: Stage = {
  id: 'store',
  title: 'Store',
  async run({ store }) {
    const status = await store.migrationStatus();
    return { summary: [`${store.dialect} store migrated: ${status.filter((m) => m.applied).length}/${status.length} migrations applied`] };
  },
};

export const DEMO_STAGES: readonly Stage[] = [migrateStage, discoveryStage, checksStage(), networkStage, activityStage, vulnerabilitiesStage, alertsStage];

export async function runStages(stages: readonly Stage[], ctx: StageContext, onStage?: (s: Stage, r: StageResult) => void): Promise<StageResult[]> {
  const results: StageResult[] = [];
  for (const stage of stages) {
    const r = await stage.run(ctx);
    results.push(r);
    onStage?.(stage, r);
  }
  return results;
}
