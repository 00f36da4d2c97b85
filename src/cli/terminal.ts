/**
 * Whether the command runs in a CI job (`CI` set, and not to `false`, `0` or ''): its runner may
 * give it a terminal only for its log to keep, so the log should read as a pipe's would, without a
 * progress bar and with tables whole.
 */
export function inCiJob(ci: string | undefined = process.env.CI): boolean {
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}
