import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  webhookRateLimited,
  webhookSignatureInvalid,
  webhookTooLarge,
} from '../common/errors/catalogue';
import { SecretsService } from '../secrets/secrets.service';

/** The largest webhook body accepted (GitHub caps its payloads at 25 MB; ours are smaller). */
export const WEBHOOK_MAX_BYTES = 256 * 1024;
/** Deliveries accepted per playbook per minute. */
export const WEBHOOK_RATE_PER_MINUTE = 60;
export const WEBHOOK_SECRET_NAME = 'webhook_secret';
const SIGNATURE_HEADERS = ['x-hub-signature-256', 'x-patchbay-signature-256'];
const DELIVERY_HEADERS = ['x-github-delivery', 'webhook-id'];

export const secretScope = (playbookId: string) => `playbook:${playbookId}`;

const unauthorized = () => webhookSignatureInvalid();

/**
 * The checks of `POST /hooks/{playbook_id}` before anything runs: body size, the HMAC
 * signature over the raw bytes (constant-time), and a per-playbook rate limit.
 */
@Injectable()
export class WebhookGuard {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly secrets: SecretsService) {}

  /** @throws payload_too_large, unauthorized (no secret, missing or wrong signature), rate_limited */
  check(playbookId: string, raw: Buffer, headers: IncomingHttpHeaders): void {
    if (raw.length > WEBHOOK_MAX_BYTES) {
      throw webhookTooLarge(WEBHOOK_MAX_BYTES);
    }
    const secret = this.secrets.getOwn(secretScope(playbookId), WEBHOOK_SECRET_NAME);
    const given = signatureOf(headers);
    if (!secret || !given) throw unauthorized();
    const expected = Buffer.from(createHmac('sha256', secret.reveal()).update(raw).digest('hex'));
    const actual = Buffer.from(given.toLowerCase());
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      throw unauthorized();
    }
    this.countDelivery(playbookId);
  }

  forget(playbookId: string): void {
    this.windows.delete(playbookId);
  }

  private countDelivery(playbookId: string, now = Date.now()): void {
    let window = this.windows.get(playbookId);
    if (!window || now - window.start >= 60_000) {
      window = { start: now, count: 0 };
      this.windows.set(playbookId, window);
    }
    if (++window.count > WEBHOOK_RATE_PER_MINUTE) {
      throw webhookRateLimited(playbookId, WEBHOOK_RATE_PER_MINUTE);
    }
  }
}

/** The hex digest of the first signature header present, without its `sha256=` prefix. */
function signatureOf(headers: IncomingHttpHeaders): string | null {
  for (const name of SIGNATURE_HEADERS) {
    const value = headers[name];
    if (typeof value !== 'string') continue;
    const match = /^sha256=([0-9a-fA-F]{64})$/.exec(value.trim());
    return match ? match[1] : null;
  }
  return null;
}

/** GitHub's `X-GitHub-Delivery` or the Standard Webhooks `webhook-id`, when sent. */
export function deliveryIdOf(headers: IncomingHttpHeaders): string | null {
  for (const name of DELIVERY_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string' && value.length > 0 && value.length <= 200) return value;
  }
  return null;
}
