import { Injectable } from '@nestjs/common';
import { lstat, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BuiltBundle } from '@app/cases';

/** How long a bundle a job built waits for its owner to download it. */
export const BUNDLE_KEEP_MS = 3600_000;

/**
 * Bundles built by jobs, kept as files named by their job so any API process of this machine can
 * serve the download; the job row (owner-checked) says whether it is there.
 */
@Injectable()
export class BundleDownloads {
  private readonly dir = path.join(os.tmpdir(), 'rectify-bundles');

  fileOf(jobId: string): string {
    return path.join(this.dir, `${jobId}.zip`);
  }

  async keep(jobId: string, bundle: BuiltBundle): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // A shared temporary folder: one another user made first (or a link) must not receive evidence.
    const info = await lstat(this.dir);
    if (!info.isDirectory() || (process.getuid && info.uid !== process.getuid()) || (info.mode & 0o077) !== 0) {
      throw new Error(`${this.dir} is not a private folder of this user: refusing to keep evidence bundles there`);
    }
    await this.sweep();
    await rename(bundle.path, this.fileOf(jobId));
    await bundle.dispose();
    setTimeout(() => void rm(this.fileOf(jobId), { force: true }), BUNDLE_KEEP_MS).unref();
  }

  async exists(jobId: string): Promise<boolean> {
    return stat(this.fileOf(jobId)).then(
      () => true,
      () => false,
    );
  }

  /** Files a stopped process left behind. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const file = path.join(this.dir, name);
      const info = await stat(file).catch(() => null);
      if (info && now - info.mtimeMs > BUNDLE_KEEP_MS) await rm(file, { force: true });
    }
  }
}
