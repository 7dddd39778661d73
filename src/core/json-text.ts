/**
 * JSON text that a producer has already built for an object, so the store writes it instead of
 * encoding the object again. A flow finding's evidence is saved again at every save while most of
 * it (the kept records) stopped changing long ago: its producer encodes only what changed and
 * records the whole text here. Held weakly: the entry goes with the object.
 */
const known = new WeakMap<object, string>();

/** Records `text` as `value`'s JSON; it must equal `JSON.stringify(value)`, and `value` must not change afterwards. */
export function presetJson<T extends object>(value: T, text: string): T {
  known.set(value, text);
  return value;
}

/** The text `presetJson` recorded for `value`, if any. */
export function presetJsonOf(value: object): string | undefined {
  return known.get(value);
}
