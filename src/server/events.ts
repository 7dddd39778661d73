import { EventEmitter } from 'node:events';

/** Live updates for the dashboard (scan progress, new alerts), fanned out as server-sent events. */
export interface LiveEvent {
  type: 'scan.progress' | 'scan.finished' | 'alert.new' | 'alert.changed' | 'ingest.progress';
  data: Record<string, unknown>;
}

export class EventBus {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(1000);
  }
  publish(e: LiveEvent): void {
    this.emitter.emit('event', e);
  }
  subscribe(fn: (e: LiveEvent) => void): () => void {
    this.emitter.on('event', fn);
    return () => this.emitter.off('event', fn);
  }
}
