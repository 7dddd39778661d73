/**
 * Sigma condition expressions: `a and not (b or 1 of sel_*)`, `all of them`. Parsed once into an
 * AST; the compiler turns the AST into one closure. Precedence: not > and > or.
 */
export type CondNode =
  | { kind: 'ref'; name: string }
  | { kind: 'of'; quantifier: 'one' | 'all'; pattern: string }
  | { kind: 'not'; node: CondNode }
  | { kind: 'and'; nodes: CondNode[] }
  | { kind: 'or'; nodes: CondNode[] };

export class ConditionError extends Error {}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(\(|\)|\||[^\s()|]+)/y;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < text.length && (m = re.exec(text))) tokens.push(m[1] as string);
  if (text.slice(re.lastIndex).trim()) throw new ConditionError(`cannot read condition near "${text.slice(re.lastIndex)}"`);
  return tokens;
}

export function parseCondition(text: string): CondNode {
  const tokens = tokenize(text);
  if (tokens.includes('|')) throw new ConditionError('aggregation expressions (`| count() …`) are deprecated Sigma syntax; use a correlation rule');
  let pos = 0;
  const peek = () => tokens[pos]?.toLowerCase();
  const next = () => tokens[pos++];
  const orExpr = (): CondNode => {
    const nodes = [andExpr()];
    while (peek() === 'or') {
      pos++;
      nodes.push(andExpr());
    }
    return nodes.length === 1 ? (nodes[0] as CondNode) : { kind: 'or', nodes };
  };
  const andExpr = (): CondNode => {
    const nodes = [unary()];
    while (peek() === 'and') {
      pos++;
      nodes.push(unary());
    }
    return nodes.length === 1 ? (nodes[0] as CondNode) : { kind: 'and', nodes };
  };
  const unary = (): CondNode => {
    const t = peek();
    if (t === undefined) throw new ConditionError('condition ends unexpectedly');
    if (t === 'not') {
      pos++;
      return { kind: 'not', node: unary() };
    }
    if (t === '(') {
      pos++;
      const n = orExpr();
      if (next() !== ')') throw new ConditionError('missing closing parenthesis');
      return n;
    }
    if (t === '1' || t === 'all' || t === 'any') {
      const q = next();
      if (peek() !== 'of') throw new ConditionError(`expected "of" after "${q}"`);
      pos++;
      const pattern = next();
      if (pattern === undefined) throw new ConditionError(`expected a pattern after "${q} of"`);
      return { kind: 'of', quantifier: q === 'all' ? 'all' : 'one', pattern };
    }
    if (t === ')' || t === 'and' || t === 'or') throw new ConditionError(`unexpected "${t}"`);
    return { kind: 'ref', name: next() as string };
  };
  const ast = orExpr();
  if (pos < tokens.length) throw new ConditionError(`unexpected "${tokens[pos]}"`);
  return ast;
}

/** Names a `1 of pattern` / `all of them` covers among the rule's search identifiers. */
export function expandPattern(pattern: string, names: readonly string[]): string[] {
  if (pattern === 'them') return names.filter((n) => !n.startsWith('_'));
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return names.filter((n) => re.test(n));
}
