import { CREDENTIAL_NAME_PATTERN } from '../../common/ids';
import { SnippetInput } from './snippet-format';

/** Where a snippet value comes from once it is a credential. */
export type ValueSource =
  | { kind: 'literal'; value: string }
  | { kind: 'input'; input: SnippetInput }
  | { kind: 'env'; name: string }
  | { kind: 'none' };

export interface ReadValue {
  source: ValueSource;
  /** Header template around the secret part (`Bearer {value}`), `{value}` when all of it. */
  format: string;
}

const PLACEHOLDER = /\$\{(input|env):([^}]+)\}/;
const AUTH_SCHEME = /^(Bearer|Basic|Token|Bot)\s+(\S.*)$/i;

/** Headers whose value is a secret: Authorization, cookies, `*-Key`, `*-Token`, `*-Secret`. */
export function isCredentialHeader(name: string): boolean {
  return (
    /^(proxy-)?authorization$|^cookie$/i.test(name) ||
    /(^|[-_])(api[-_]?)?(key|token|secret)$/i.test(name)
  );
}

/** Splits `Bearer ${input:token}` or `Bearer abc` into a template and where the value is. */
export function readValue(text: string, inputs: Map<string, SnippetInput>): ReadValue {
  const match = PLACEHOLDER.exec(text);
  if (match) {
    const format = text.replace(match[0], '{value}');
    if (match[1] === 'env' && CREDENTIAL_NAME_PATTERN.test(match[2])) {
      return { source: { kind: 'env', name: match[2] }, format };
    }
    const input = inputs.get(match[2]) ?? { id: match[2] };
    return { source: { kind: 'input', input }, format };
  }
  const scheme = AUTH_SCHEME.exec(text);
  if (scheme) return { source: literal(scheme[2]), format: `${scheme[1]} {value}` };
  return { source: literal(text), format: '{value}' };
}

const literal = (value: string): ValueSource =>
  value === '' ? { kind: 'none' } : { kind: 'literal', value };

/** `X-Api-Key` → `X_API_KEY`; unique within one server. */
export function credentialName(raw: string, taken: Set<string>): string {
  let base = raw.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  if (!/^[A-Z_]/.test(base)) base = `_${base}`;
  base = base.slice(0, 120);
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}
