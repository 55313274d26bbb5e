import { playbookRunFinished } from '../common/events';
import { PlaybooksService } from '../playbooks/playbooks.service';
import { MetricsRecorder } from './metrics.recorder';
import { PatchbayMetrics } from './patchbay-metrics';

// Only the playbook count is exercised here; the facades it does not read are left out.
describe('MetricsRecorder playbook runs', () => {
  it('counts runs by playbook and outcome, an id no playbook has as _unknown', async () => {
    const metrics = new PatchbayMetrics();
    const playbooks = { ids: () => ['deploy'] } as unknown as PlaybooksService;
    const none = undefined as never;
    const recorder = new MetricsRecorder(metrics, none, none, none, none, playbooks);
    const finished = (playbook_id: string, outcome: string) =>
      recorder.onPlaybookRun(
        playbookRunFinished({ run_id: 'r', playbook_id, trigger: 'manual', outcome }),
      );
    finished('deploy', 'succeeded');
    finished('deploy', 'succeeded');
    finished('deploy', 'failed');
    finished('deleted-meanwhile', 'failed');
    const counter = await metrics.playbookRuns.get();
    expect(counter.values.map((v) => [v.labels, v.value])).toEqual([
      [{ playbook_id: 'deploy', outcome: 'succeeded' }, 2],
      [{ playbook_id: 'deploy', outcome: 'failed' }, 1],
      [{ playbook_id: '_unknown', outcome: 'failed' }, 1],
    ]);
  });
});
