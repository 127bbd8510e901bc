/** WeCom group robot limits (https://developer.work.weixin.qq.com/document/path/91770, the robot's send API). */
export const WECOM_LIMITS = {
  /** markdown.content, in bytes of UTF-8 (a Chinese character is 3): beyond it errcode 40058. */
  contentBytes: 4096,
  /** Messages a robot takes per minute before errcode 45009. */
  messagesPerMinute: 20,
  /** How long a robot refuses after 45009: the limit is counted per minute. */
  tooFastPauseMs: 60_000,
  /** Mentions a channel may list: bounded so they can never crowd the alert out of the 4,096 bytes. */
  mentions: 20,
} as const;
