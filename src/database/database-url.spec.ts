import { Redactor } from '../common/redact';
import { maskDatabaseUrl } from './database-url';

describe('maskDatabaseUrl', () => {
  it('masks the whole URL but not a short password that is an ordinary word', () => {
    const redactor = new Redactor();
    const url = 'postgres://postgres:postgres@db.internal:5432/patchbay';
    maskDatabaseUrl(url, redactor);
    expect(redactor.redact(`connecting to ${url}`)).toBe('connecting to [redacted]');
    expect(redactor.redact('the postgres user owns patchbay')).toBe(
      'the postgres user owns patchbay',
    );
  });

  it('masks a long password on its own, encoded and decoded', () => {
    const redactor = new Redactor();
    maskDatabaseUrl('postgres://app:s3cret%2Fpass-word-9@db:5432/patchbay', redactor);
    expect(redactor.redact('auth s3cret/pass-word-9 failed')).toBe('auth [redacted] failed');
    expect(redactor.redact('raw s3cret%2Fpass-word-9')).toBe('raw [redacted]');
  });

  it('adds nothing but the URL when there is no password', () => {
    const redactor = new Redactor();
    maskDatabaseUrl('postgres://app@db/patchbay', redactor);
    expect(redactor.redact('app@db/patchbay postgres://app@db/patchbay')).toBe(
      'app@db/patchbay [redacted]',
    );
  });
});
