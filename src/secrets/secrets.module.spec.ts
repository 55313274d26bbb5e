import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PatchbayConfigModule } from '../config/patchbay-config.module';
import { readPatchbayConfig } from '../config/patchbay.config';
import { FileSecretStore } from './file-secret.store';
import { SecretsModule } from './secrets.module';
import { SecretsService } from './secrets.service';

describe('SecretsModule', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'patchbay-secrets-module-'))));
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens the credential store once per start', async () => {
    const opened = jest.spyOn(FileSecretStore.prototype, 'load');
    const config = readPatchbayConfig({ PATCHBAY_DATA_DIR: join(dir, 'data') });
    const ref = await Test.createTestingModule({
      imports: [PatchbayConfigModule.forRoot(config), SecretsModule],
    }).compile();
    await ref.init();
    expect(ref.get(SecretsService)).toBeDefined();
    expect(opened).toHaveBeenCalledTimes(1);
    await ref.close();
  });
});
