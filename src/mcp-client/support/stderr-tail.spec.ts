import { processRedactor } from '../../common/redact';
import { StderrTail } from './stderr-tail';

describe('StderrTail', () => {
  it('keeps only the last lines, joined across chunks, truncated and redacted', () => {
    processRedactor.add('sekrit-value-123');
    const logged: string[] = [];
    const tail = new StderrTail((l) => logged.push(l), { keepLines: 3 });
    tail.write('one\ntw');
    tail.write('o\nthree\ntoken=sekrit-value-123\n');
    tail.write(`${'x'.repeat(5_000)}\n`);
    const kept = tail.tail();
    expect(kept).toHaveLength(3);
    expect(kept[0]).toBe('three');
    expect(kept[1]).toBe('token=[redacted]');
    expect(kept[2].length).toBeLessThanOrEqual(1_001);
    expect(logged.join('\n')).not.toContain('sekrit-value-123');
    processRedactor.remove('sekrit-value-123');
  });

  it('bounds what a flood sends to the log and says how much it skipped', () => {
    const logged: string[] = [];
    const tail = new StderrTail((l) => logged.push(l), { logBurst: 10, windowMs: 60_000 });
    tail.write('line\n'.repeat(10_000));
    expect(logged).toHaveLength(10);
    expect(tail.tail()).toHaveLength(20);
  });
});
