// Counts in words, for messages and pages alike.

/** `n` and `noun`, the noun in the plural unless n is 1: `1 replication`, `3 replications`. `shown` writes n (e.g. with separators). */
export function counted(n: number, noun: string, shown: string = String(n)): string {
  return `${shown} ${noun}${n === 1 ? '' : 's'}`;
}
