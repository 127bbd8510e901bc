/** What an SMTP URL must hold for nodemailer to use it (the password is percent-decoded when connecting). */
export const SMTP_URL_NEEDS = 'needs a host, and its user and password percent-encoded: write % as %25, @ as %40, : as %3A, / as %2F';

/** False for an SMTP URL that parses but cannot be used: a raw % in the user or password, or no host. */
export function smtpUrlUsable(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return true; // not a URL at all: said once, by the check before
  }
  try {
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
  } catch {
    return false;
  }
  return url.hostname !== '';
}
