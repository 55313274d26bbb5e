import {
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { join } from 'node:path';
import { Subject } from 'rxjs';
import { StoredDocument } from '../common/stored-document';
import { Documents } from '../database/documents';
import { patchbayConfig } from '../config/patchbay.config';
import { Playbook, PlaybooksFile } from './playbook.types';
import { parsePlaybooksFile } from './playbooks.schema';

/**
 * Owns config/playbooks.json: atomic, schema-checked writes (a write that would not load is
 * refused) and live reload of hand edits (an invalid edit is logged and ignored).
 */
@Injectable()
export class PlaybooksStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PlaybooksStore.name);
  private readonly file: StoredDocument<PlaybooksFile>;
  /** Emits after every change, from the API or a hand edit. */
  readonly changes = new Subject<void>();

  constructor(
    @Inject(patchbayConfig.KEY) config: ConfigType<typeof patchbayConfig>,
    @Optional() documents: Documents = Documents.files(),
  ) {
    this.file = documents.document(
      'playbooks',
      join(config.configDir, 'playbooks.json'),
      parsePlaybooksFile,
      () => ({ playbooks: {} }),
    );
  }

  onModuleInit(): void {
    this.file.watch(() => {
      this.logger.log('playbooks reloaded (hand edit or another replica)');
      this.changes.next();
    });
  }

  onModuleDestroy(): void {
    this.file.close();
    this.changes.complete();
  }

  all(): [string, Playbook][] {
    return Object.entries(this.file.value.playbooks);
  }

  get(id: string): Playbook | undefined {
    return Object.hasOwn(this.file.value.playbooks, id) ? this.file.value.playbooks[id] : undefined;
  }

  async put(id: string, playbook: Playbook): Promise<void> {
    await this.write((p) => ({ ...p, [id]: playbook }));
  }

  async remove(id: string): Promise<void> {
    await this.write((p) => Object.fromEntries(Object.entries(p).filter(([k]) => k !== id)));
  }

  private async write(change: (p: PlaybooksFile['playbooks']) => PlaybooksFile['playbooks']) {
    await this.file.update((file) => {
      const next = { playbooks: change(file.playbooks) };
      // JsonFile checks it with the start-up parser before it writes (the write rule).
      return next;
    });
    this.changes.next();
  }
}
