import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A staging folder inside the output folder: everything a command writes goes here first and is
 * moved into place only when complete, so a failed or interrupted run leaves no half-written
 * files and never touches files it did not write.
 */
export class Staging {
  readonly dir: string;
  private done = false;
  private readonly cleanup = () => this.discard();
  // Ctrl-C or a batch system's SIGTERM: remove the staging folder, then exit as the signal would.
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.discard();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };

  constructor(readonly outRoot: string) {
    mkdirSync(outRoot, { recursive: true });
    this.dir = mkdtempSync(join(outRoot, '.hubsim-staging-'));
    process.once('exit', this.cleanup);
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
  }

  /**
   * Moves every staged file to the same relative place under the output folder (replacing a file
   * of the same name, leaving every other file alone), then removes the staging folder.
   */
  commit(): void {
    moveTree(this.dir, this.outRoot);
    this.discard();
  }

  /** Removes the staging folder and everything in it. */
  discard(): void {
    if (this.done) return;
    this.done = true;
    process.removeListener('exit', this.cleanup);
    process.removeListener('SIGINT', this.onSignal);
    process.removeListener('SIGTERM', this.onSignal);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function moveTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from).sort()) {
    const src = join(from, name);
    const dst = join(to, name);
    if (statSync(src).isDirectory()) moveTree(src, dst);
    else {
      if (existsSync(dst) && statSync(dst).isDirectory()) rmSync(dst, { recursive: true });
      renameSync(src, dst);
    }
  }
}
