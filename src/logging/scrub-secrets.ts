const MIN_SECRET_LENGTH = 4;

/** Replaces every occurrence of each secret (and its URL-encoded form) with a marker. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])) {
      out = out.split(form).join('[redacted]');
    }
  }
  return out;
}

/** The secrets a configuration holds: API key, Slack token, the password inside SMTP_URL, the dashboard password, the PagerDuty routing key. */
export function secretsOf(config: { api: { key: string }; slack?: { token: string }; slackActions?: { signingSecret: string }; email?: { smtpUrl: string }; http?: { admin?: { password: string } }; pagerduty?: { routingKey: string } }): string[] {
  const secrets = [config.api.key];
  if (config.pagerduty) secrets.push(config.pagerduty.routingKey);
  if (config.http?.admin) secrets.push(config.http.admin.password);
  if (config.slack) secrets.push(config.slack.token);
  if (config.slackActions) secrets.push(config.slackActions.signingSecret);
  if (config.email) {
    try {
      const password = decodeURIComponent(new URL(config.email.smtpUrl).password);
      if (password) secrets.push(password);
    } catch {
      // An unparsable URL was already refused by the config schema.
    }
  }
  return secrets;
}
