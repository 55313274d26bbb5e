import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TestApp } from '../helpers/test-app';

export const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
export const auth = (bearer: string) => ({ Authorization: `Bearer ${bearer}` });

export interface Created {
  id: string;
  key: string;
  [field: string]: unknown;
}

/** Makes a key with the admin token; fails the test unless it is a 201. */
export async function makeKey(t: TestApp, body: Record<string, unknown>): Promise<Created> {
  const res = await t.http.post('/api/v1/api-keys').set(auth(ADMIN_TOKEN)).send(body);
  if (res.status !== 201) throw new Error(`key not made: ${res.status} ${res.text}`);
  return res.body as Created;
}

/** Every file under a folder, as text (the data and config folders are small). */
export function allFileText(dir: string): string {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .map((path) => (statSync(path).isDirectory() ? allFileText(path) : readFileSync(path, 'utf8')))
    .join('\n');
}

/** Captures what the app writes to stdout and stderr (its log lines) while a suite runs. */
export function captureOutput(): { text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
      chunks.push(String(chunk));
      return true;
    }),
  );
  return { text: () => chunks.join(''), restore: () => spies.forEach((s) => s.mockRestore()) };
}
