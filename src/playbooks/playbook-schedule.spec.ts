import { CronJob } from 'cron';

// Schedules are CronJobs built as PlaybookTriggers builds them; this pins the behaviour we rely
// on: wall-clock times in the playbook's zone, across daylight-saving changes.
describe('playbook schedules across daylight saving', () => {
  const job = CronJob.from({
    cronTime: '0 9 * * *',
    timeZone: 'Europe/Berlin',
    onTick: () => undefined,
    start: false,
  });
  const next = (iso: string) =>
    job.cronTime.getNextDateFrom(new Date(iso), 'Europe/Berlin').toUTC().toISO();

  it('fires at 09:00 Berlin time before and after the spring change', () => {
    expect(next('2026-03-27T12:00:00Z')).toBe('2026-03-28T08:00:00.000Z'); // CET, UTC+1
    expect(next('2026-03-28T12:00:00Z')).toBe('2026-03-29T07:00:00.000Z'); // CEST, UTC+2
  });

  it('fires at 09:00 Berlin time after the autumn change', () => {
    expect(next('2026-10-24T12:00:00Z')).toBe('2026-10-25T08:00:00.000Z');
  });
});
