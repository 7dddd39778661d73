import { existsSync, readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../core/errors.js';
import { type SkywatchConfig, configSchema } from '../core/config.js';

/**
 * Reads and validates skywatch.yaml. Every error names the file, the line and the field; all of
 * them are reported at once so a config is fixed in one pass.
 */
export function loadConfigFile(file: string, { required = false } = {}): SkywatchConfig {
  if (!existsSync(file)) {
    if (required) throw new ConfigError(`config file not found: ${file}`, { file });
    return {};
  }
  return parseConfig(readFileSync(file, 'utf8'), file);
}

export function parseConfig(text: string, file: string): SkywatchConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = e?.linePos?.[0]?.line;
    throw new ConfigError(`${file}${line ? `:${line}` : ''}: invalid YAML: ${e?.message.split('\n')[0]}`, { file, ...(line && { line }) });
  }
  const value = doc.toJS() ?? {};
  const result = configSchema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const path = issue.path.map(String);
    // Unknown keys are reported on the object; point at the key itself.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const target = keys.length ? [...path, keys[0] as string] : path;
    const node = doc.getIn(target, true) as { range?: [number, number, number] } | undefined;
    let line: number | undefined;
    if (node?.range) line = lineCounter.linePos(node.range[0]).line;
    else if (keys.length) {
      // A key whose value is null has no node; find the key's own line instead.
      const idx = text.search(new RegExp(`^\\s*${keys[0]?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`, 'm'));
      if (idx >= 0) line = lineCounter.linePos(idx).line;
    }
    const field = target.join('.') || '(root)';
    return { line, field, message: `${file}${line ? `:${line}` : ''}: ${field}: ${issue.message}` };
  });
  const first = lines[0];
  throw new ConfigError(lines.map((l) => l.message).join('\n'), { file, ...(first?.line && { line: first.line }), field: first?.field ?? '' });
}
