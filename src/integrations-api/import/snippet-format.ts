import { ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { ValidationFailedError } from '../../common/errors/catalogue';

/** One server entry of a client snippet, as the client wrote it. */
export type RawEntry = Record<string, unknown>;

/** A VS Code `inputs` item: `${input:id}` in a value asks the user for it. */
export interface SnippetInput {
  id: string;
  description?: string;
  password?: boolean;
}

export interface Snippet {
  format: 'mcpServers' | 'servers';
  entries: [string, RawEntry][];
  inputs: Map<string, SnippetInput>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a client config snippet: `{"mcpServers": {...}}` (Claude Desktop, Cursor) or
 * `{"servers": {...}, "inputs": [...]}` (VS Code `mcp.json`, also nested under `"mcp"` as in
 * settings.json). `{"snippet": "<text>"}` carries the file's text as it is: JSONC (comments,
 * trailing commas), which VS Code allows and a JSON body cannot.
 * @throws ValidationFailedError (400) for anything else
 */
export function readSnippet(body: unknown): Snippet {
  const text = isObject(body) && typeof body.snippet === 'string' ? body.snippet : body;
  const doc = typeof text === 'string' ? parseJsonc(text) : text;
  if (!isObject(doc)) throw badSnippet('The body must be a JSON object or JSONC text.');
  const root = isObject(doc.mcp) && isObject(doc.mcp.servers) ? doc.mcp : doc;
  const format = isObject(root.mcpServers)
    ? 'mcpServers'
    : isObject(root.servers)
      ? 'servers'
      : null;
  if (!format) throw badSnippet('No "mcpServers" or "servers" object found in the snippet.');
  const servers = root[format] as Record<string, unknown>;
  const entries = Object.entries(servers).map(([k, v]): [string, RawEntry] => [
    k,
    isObject(v) ? v : {},
  ]);
  return { format, entries, inputs: readInputs(root.inputs) };
}

function readInputs(raw: unknown): Map<string, SnippetInput> {
  const out = new Map<string, SnippetInput>();
  if (!Array.isArray(raw)) return out;
  for (const item of raw) {
    if (!isObject(item) || typeof item.id !== 'string') continue;
    out.set(item.id, {
      id: item.id,
      ...(typeof item.description === 'string' && { description: item.description }),
      ...(typeof item.password === 'boolean' && { password: item.password }),
    });
  }
  return out;
}

function parseJsonc(text: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    const first = errors[0];
    throw badSnippet(
      `The snippet is not valid JSONC: ${printParseErrorCode(first.error)} at offset ${first.offset}.`,
    );
  }
  return value;
}

function badSnippet(message: string): ValidationFailedError {
  return new ValidationFailedError(message, {
    expected: '{"mcpServers": {...}} or {"servers": {...}, "inputs"?: [...]}',
  });
}
