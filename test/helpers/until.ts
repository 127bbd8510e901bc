/**
 * Waits for something the running system will do by itself (a poll on its timer, a process restart);
 * the test's own timeout bounds it. For events the test can await directly, await them instead.
 */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 25));
}
