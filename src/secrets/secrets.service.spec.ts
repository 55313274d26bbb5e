import { Logger } from '@nestjs/common';
import { firstValueFrom, take, toArray } from 'rxjs';
import { inspect } from 'node:util';
import { PatchbayError } from '../common/errors/catalogue';
import { processRedactor } from '../common/redact';
import { CredentialSpec, McpServerConfig } from '../integration-registry/mcp-server.types';
import { serverConfig } from '../integration-registry/testing/server-config.fixture';
import { EnvSecretStore } from './env-secret.store';
import { ExternalChange, SecretStore } from './secret-store';
import { SecretsService } from './secrets.service';
import { SecretValue } from './secrets.types';

/** An in-memory SecretStore: the service's contract with any backend. */
class MemoryStore implements SecretStore {
  readonly map = new Map<string, SecretValue>();
  load(): void {}
  get(serverId: string, name: string) {
    return this.map.get(`${serverId}/${name}`);
  }
  async set(serverId: string, name: string, value: SecretValue) {
    this.map.set(`${serverId}/${name}`, value);
  }
  async delete(serverId: string, name: string) {
    return this.map.delete(`${serverId}/${name}`);
  }
  async deleteAll(serverId: string) {
    const keys = [...this.map.keys()].filter((k) => k.startsWith(`${serverId}/`));
    keys.forEach((k) => this.map.delete(k));
    return keys.length > 0;
  }
  values() {
    return [...this.map.values()];
  }
}

const server = (transport: McpServerConfig['transport'], credentials: CredentialSpec[]) =>
  serverConfig({ transport, credentials });

const errorOf = async (p: Promise<unknown> | (() => unknown)): Promise<PatchbayError> => {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    return err as PatchbayError;
  }
  throw new Error('did not throw');
};

describe('SecretsService', () => {
  let store: MemoryStore;
  let service: SecretsService;
  const envMap = new Map([
    ['FROM_ENV', 'env-value-1234'],
    ['BOTH', 'env-loses-5678'],
  ]);

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(async () => {
    store = new MemoryStore();
    service = new SecretsService(store, new EnvSecretStore(envMap));
    await service.onModuleInit();
  });

  it('describes each credential: store first, then env, never the value', async () => {
    await store.set('srv', 'BOTH', new SecretValue('store-wins-0000'));
    const s = server('stdio', [
      { name: 'FROM_ENV', required: true },
      { name: 'BOTH', required: false },
      { name: 'NOWHERE', required: true },
    ]);
    const described = service.describe(s);
    expect(described).toEqual([
      { name: 'FROM_ENV', required: true, configured: true, source: 'env' },
      { name: 'BOTH', required: false, configured: true, source: 'store' },
      { name: 'NOWHERE', required: true, configured: false, source: null },
    ]);
    expect(JSON.stringify(described)).not.toMatch(/value|wins|loses/);
    expect(service.missingRequired(s)).toEqual(['NOWHERE']);
  });

  it('resolves stdio credentials into env vars (spec.env, else the name)', async () => {
    const s = server('stdio', [
      { name: 'FROM_ENV', required: true, env: 'CHILD_VAR' },
      { name: 'BOTH', required: true },
      { name: 'NOWHERE', required: false },
    ]);
    const { env, headers } = await service.resolve(s);
    expect(Object.keys(env).sort()).toEqual(['BOTH', 'CHILD_VAR']);
    expect(env.CHILD_VAR.reveal()).toBe('env-value-1234');
    expect(headers).toEqual({});
  });

  it('resolves HTTP credentials into headers with their format', async () => {
    await service.set(
      server('streamable_http', [{ name: 'TOKEN', required: true, header: 'Authorization' }]),
      'TOKEN',
      'tok$&-$1-value',
    );
    const s = server('streamable_http', [
      { name: 'TOKEN', required: true, header: 'Authorization', format: 'Bearer {value}' },
      { name: 'FROM_ENV', required: true, header: 'X-Api-Key' },
    ]);
    const { env, headers } = await service.resolve(s);
    expect(env).toEqual({});
    expect(headers.Authorization.reveal()).toBe('Bearer tok$&-$1-value');
    expect(headers['X-Api-Key'].reveal()).toBe('env-value-1234');
  });

  it('stores, emits a change, masks the value, and keeps it masked after removal', async () => {
    const s = server('stdio', [{ name: 'TOKEN', required: true }]);
    const changes = firstValueFrom(service.changes.pipe(take(2), toArray()));
    const value = `unit-secret-${Date.now()}`;
    await service.set(s, 'TOKEN', value);
    expect(service.describe(s)[0]).toMatchObject({ configured: true, source: 'store' });
    expect(processRedactor.redact(`leak ${value}!`)).toBe('leak [redacted]!');
    await service.remove(s, 'TOKEN');
    await service.remove(s, 'TOKEN'); // nothing stored: no second change
    expect(await changes).toEqual([
      { serverId: 'srv', name: 'TOKEN' },
      { serverId: 'srv', name: 'TOKEN' },
    ]);
    expect(service.missingRequired(s)).toEqual(['TOKEN']);
    expect(processRedactor.redact(value)).toBe('[redacted]');
  });

  it('masks env values once seen and stored values from start-up', async () => {
    await store.set('srv', 'PRELOADED', new SecretValue('preloaded-at-boot'));
    await new SecretsService(store, new EnvSecretStore(envMap)).onModuleInit();
    expect(processRedactor.redact('preloaded-at-boot')).toBe('[redacted]');
    service.describe(server('stdio', [{ name: 'FROM_ENV', required: true }]));
    expect(processRedactor.redact('x env-value-1234')).toBe('x [redacted]');
  });

  it.each([
    ['undeclared', 'OTHER', 'long-enough', 'credential_not_found'],
    ['NUL', 'TOKEN', 'abc\0def', 'validation_failed'],
    ['line break in a header', 'HDR', 'abc\r\nX-Evil: 1', 'validation_failed'],
  ])('rejects %s and stores nothing', async (_label, name, value, code) => {
    const s = server('streamable_http', [
      { name: 'TOKEN', required: true },
      { name: 'HDR', required: true, header: 'Authorization' },
    ]);
    expect((await errorOf(service.set(s, name, value))).code).toBe(code);
    expect(store.map.size).toBe(0);
  });
});

describe('SecretValue', () => {
  const secret = new SecretValue('sv-canary-value');

  it('never prints its value', () => {
    const text = [
      JSON.stringify({ secret }),
      inspect(secret),
      inspect({ nested: { secret } }, { depth: 5, showHidden: true }),
      `${secret}`,
      String(secret),
      'x' + secret,
      new Error(`failed with ${secret}`).message,
    ].join('\n');
    expect(text).not.toContain('sv-canary-value');
    expect(JSON.stringify({ secret })).toBe('{"secret":"[redacted]"}');
    expect(`${secret}`).toBe('[redacted]');
    expect(inspect(secret)).toBe('[redacted]');
    expect(secret.reveal()).toBe('sv-canary-value');
  });
});

describe('SecretsService with a shared store (another replica changes values)', () => {
  let emit: (change: ExternalChange) => void = () => undefined;
  class SharedStore extends MemoryStore {
    watch(listener: (change: ExternalChange) => void) {
      emit = listener;
    }
  }

  it('masks the new value, announces a credential change and passes internal ones on', () => {
    const service = new SecretsService(new SharedStore(), new EnvSecretStore(new Map()));
    service.onModuleInit();
    const changes: unknown[] = [];
    const internal: unknown[] = [];
    service.changes.subscribe((c) => changes.push(c));
    service.internalChanges.subscribe((c) => internal.push(c));
    emit({ serverId: 'patchbay:playbook', name: 'secret', after: new SecretValue('pb-9876') });
    emit({ serverId: 'fx', name: 'TOKEN', after: new SecretValue('remote-canary-4321') });
    emit({ serverId: 'fx', name: 'oauth.tokens', after: new SecretValue('{"t":1}') });
    emit({ serverId: 'fx', name: 'OLD', before: new SecretValue('gone-5555') });
    expect(changes).toEqual([
      { serverId: 'fx', name: 'TOKEN' },
      { serverId: 'fx', name: 'OLD' },
    ]);
    expect(internal).toEqual([expect.objectContaining({ serverId: 'fx', name: 'oauth.tokens' })]);
    expect(processRedactor.redact('x remote-canary-4321 pb-9876 y')).toBe(
      'x [redacted] [redacted] y',
    );
  });
});
