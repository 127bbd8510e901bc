import { FEISHU_TOO_FAST_PAUSE_MS } from '../../src/notify/feishu/feishu-classify';
import { feishuChannelKind } from '../../src/notify/feishu/feishu-channel-kind';
import { FEISHU_ANSWERS, FakeFeishuServer } from '../helpers/feishu-server';
import { runChannelContract } from './channel-contract';

const TOKEN = 'f19c0ntract-hook-token-31337';
const SECRET = 'feishu-contract-secret-2718';

runChannelContract('feishu', async () => {
  const feishu = new FakeFeishuServer(TOKEN, { secret: SECRET });
  const url = await feishu.start();
  return {
    kind: feishuChannelKind,
    options: { url, secret: SECRET },
    secret: TOKEN,
    // Feishu names no pause for "too fast": the channel waits its own.
    retryAfterSeconds: FEISHU_TOO_FAST_PAUSE_MS / 1000,
    // Feishu measures the whole body, so each body is the "text" held to the limit.
    received: () => feishu.posts.map((post) => post.raw),
    answerNext: (answer) => {
      // As Feishu answers: a wrong signature (200 with code 19021), a server error, "frequency limited" (11232).
      if (answer === 'permanent') feishu.replies.push({ body: FEISHU_ANSWERS.badSign });
      if (answer === 'transient') feishu.replies.push({ status: 502, raw: '<html>502 Bad Gateway</html>' });
      if (answer === 'rateLimited') feishu.replies.push({ body: FEISHU_ANSWERS.tooFast });
    },
    stop: () => feishu.stop(),
  };
});
