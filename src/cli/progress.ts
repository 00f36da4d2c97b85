/** A progress bar with an ETA on stderr, shown only when stderr is a terminal. */
export interface Progress {
  tick(): void;
  stop(): void;
}

/**
 * Starts a bar for `total` units labelled `label`; a no-op when stderr is not a TTY. The bar's
 * library (and the terminal modules it needs) is loaded only for a bar: a run in a pipeline or a
 * CI job does not load it at all.
 */
export async function progress(total: number, label: string): Promise<Progress> {
  if (!process.stderr.isTTY || total < 2) return { tick() {}, stop() {} };
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {value}/{total} replications | ETA {eta_formatted}`, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { tick: () => bar.increment(), stop: () => bar.stop() };
}
