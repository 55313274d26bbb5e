import { checkPlaybook, parsePlaybooksFile } from './playbooks.schema';
import { render, whenHolds } from './playbook-templates';

const base = {
  name: 'p',
  enabled: true,
  trigger: { type: 'webhook' },
  steps: [{ tool: 'echo', args: { text: '${event.body.ref}' } }],
};
const fields = (value: unknown) => checkPlaybook(value).map((f) => f.field);

describe('playbook checks', () => {
  it('accepts a valid playbook with every trigger kind', () => {
    expect(fields(base)).toEqual([]);
    expect(
      fields({
        ...base,
        trigger: { type: 'schedule', cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' },
      }),
    ).toEqual([]);
    expect(fields({ ...base, trigger: { type: 'schedule', cron: '*/5 * * * * *' } })).toEqual([]);
    expect(fields({ ...base, trigger: { type: 'event', event: 'task.finished' } })).toEqual([]);
  });

  it('names the field of a broken template, cron or time zone', () => {
    expect(fields({ ...base, when: { $eval: 'event.' } })).toEqual(['when']);
    expect(fields({ ...base, steps: [{ tool: 'echo', args: { a: 1, b: { $foo: 1 } } }] })).toEqual([
      'steps[0].args.b',
    ]);
    expect(fields({ ...base, trigger: { type: 'schedule', cron: '61 * * * *' } })).toEqual([
      'trigger.cron',
    ]);
    expect(fields({ ...base, trigger: { type: 'schedule', cron: '* * * * * * *' } })).toEqual([
      'trigger.cron',
    ]);
    expect(
      fields({ ...base, trigger: { type: 'schedule', cron: '* * * * *', timezone: 'Mars/Base' } }),
    ).toEqual(['trigger.timezone']);
    expect(fields({ ...base, steps: [] })).toEqual(['steps']);
    expect(fields({ ...base, extra: 1 })).toEqual(['extra']);
  });

  it('refuses a file with an invalid playbook id or entry', () => {
    expect(parsePlaybooksFile({ playbooks: { '../x': base } }).ok).toBe(false);
    expect(parsePlaybooksFile({ playbooks: { ok: { ...base, when: '${' } } }).ok).toBe(false);
    expect(parsePlaybooksFile({ playbooks: { ok: base } }).ok).toBe(true);
  });
});

describe('templates', () => {
  const ctx = { event: { body: { ref: 'main', count: 3 } }, playbook: {}, steps: [] };

  it('interpolates strings and keeps types with $eval', () => {
    expect(render({ a: 'ref=${event.body.ref}', n: { $eval: 'event.body.count' } }, ctx)).toEqual({
      a: 'ref=main',
      n: 3,
    });
  });

  it('`when` holds unless it renders falsy', () => {
    expect(whenHolds(undefined, ctx)).toBe(true);
    expect(whenHolds({ $eval: "event.body.ref == 'main'" }, ctx)).toBe(true);
    expect(whenHolds({ $eval: 'event.body.count > 5' }, ctx)).toBe(false);
  });
});
