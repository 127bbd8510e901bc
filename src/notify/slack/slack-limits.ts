/** Slack's limits on a message (https://api.slack.com/reference/block-kit/blocks, chat.postMessage). */
export const SLACK_LIMITS = {
  text: 4000,
  blocks: 50,
  sectionText: 3000,
  contextText: 3000,
  headerText: 150,
  fields: 10,
  fieldText: 2000,
} as const;
