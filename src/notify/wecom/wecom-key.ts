/** The robot's key from its webhook URL (`…/send?key=…`), or undefined when the URL has none. */
export function wecomKeyOf(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get('key') || undefined;
  } catch {
    return undefined;
  }
}
