import { createHmac } from 'node:crypto';
import { PatchbayError } from '../common/errors/catalogue';
import { SecretsService } from '../secrets/secrets.service';
import { SecretValue } from '../secrets/secrets.types';
import {
  WEBHOOK_MAX_BYTES,
  WEBHOOK_RATE_PER_MINUTE,
  WebhookGuard,
  deliveryIdOf,
} from './webhook-guard';

const SECRET = 'a-webhook-secret-of-some-length';
const body = Buffer.from('{"ref":"refs/heads/main"}');
const sig = (raw: Buffer, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

function guard(secret: string | null = SECRET): WebhookGuard {
  const secrets = {
    getOwn: () => (secret ? new SecretValue(secret) : undefined),
  } as unknown as SecretsService;
  return new WebhookGuard(secrets);
}

const codeOf = (fn: () => void): string | null => {
  try {
    fn();
    return null;
  } catch (err) {
    return (err as PatchbayError).code;
  }
};

describe('WebhookGuard', () => {
  it('accepts the GitHub header and the Patchbay one, any hex case', () => {
    const g = guard();
    expect(codeOf(() => g.check('p', body, { 'x-hub-signature-256': sig(body) }))).toBeNull();
    const upper = `sha256=${sig(body).slice(7).toUpperCase()}`;
    expect(codeOf(() => g.check('p', body, { 'x-patchbay-signature-256': upper }))).toBeNull();
  });

  it('refuses a missing, malformed or wrong signature, and a playbook without a secret', () => {
    const g = guard();
    expect(codeOf(() => g.check('p', body, {}))).toBe('unauthorized');
    expect(codeOf(() => g.check('p', body, { 'x-hub-signature-256': 'sha1=abc' }))).toBe(
      'unauthorized',
    );
    const other = sig(body, 'another-secret-value');
    expect(codeOf(() => g.check('p', body, { 'x-hub-signature-256': other }))).toBe('unauthorized');
    const tampered = Buffer.from('{"ref":"refs/heads/evil"}');
    expect(codeOf(() => g.check('p', tampered, { 'x-hub-signature-256': sig(body) }))).toBe(
      'unauthorized',
    );
    expect(codeOf(() => guard(null).check('p', body, { 'x-hub-signature-256': sig(body) }))).toBe(
      'unauthorized',
    );
  });

  it('refuses an oversized body before looking at the signature', () => {
    const big = Buffer.alloc(WEBHOOK_MAX_BYTES + 1, 32);
    expect(codeOf(() => guard().check('p', big, { 'x-hub-signature-256': sig(big) }))).toBe(
      'payload_too_large',
    );
  });

  it('limits deliveries per playbook per minute', () => {
    const g = guard();
    const headers = { 'x-hub-signature-256': sig(body) };
    for (let i = 0; i < WEBHOOK_RATE_PER_MINUTE; i++) g.check('p', body, headers);
    expect(codeOf(() => g.check('p', body, headers))).toBe('rate_limited');
    expect(codeOf(() => g.check('q', body, headers))).toBeNull();
  });

  it('reads the delivery id from X-GitHub-Delivery or webhook-id', () => {
    expect(deliveryIdOf({ 'x-github-delivery': 'abc' })).toBe('abc');
    expect(deliveryIdOf({ 'webhook-id': 'msg_1' })).toBe('msg_1');
    expect(deliveryIdOf({})).toBeNull();
  });
});
