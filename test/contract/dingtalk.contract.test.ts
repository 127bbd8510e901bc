import { dingTalkChannelKind } from '../../src/notify/dingtalk/dingtalk-channel-kind';
import { DINGTALK_ANSWERS, FakeDingTalkServer } from '../helpers/dingtalk-server';
import { runChannelContract } from './channel-contract';

const TOKEN = 'dt-contract-token-1f2e3d4c5b6a';
const SECRET = 'SECcontract0a1b2c3d4e5f6a7b8c9d';

runChannelContract('dingtalk', async () => {
  const dingtalk = new FakeDingTalkServer(TOKEN, SECRET);
  const url = await dingtalk.start();
  return {
    kind: dingTalkChannelKind,
    options: { url, secret: SECRET, atMobiles: ['13800001111'], atAll: false },
    secret: SECRET,
    retryAfterSeconds: 60,
    // DingTalk measures markdown.text; the title shows only in the chat list.
    received: () => dingtalk.posts.map((post) => post.message.markdown?.text ?? ''),
    answerNext: (answer) => {
      // As DingTalk answers: HTTP 200 with an errcode, or a gateway's 502 in front of it.
      if (answer === 'permanent') dingtalk.replies.push({ body: DINGTALK_ANSWERS.signMismatch });
      if (answer === 'transient') dingtalk.replies.push({ status: 502, body: '<html>502 Bad Gateway</html>' });
      if (answer === 'rateLimited') dingtalk.replies.push({ body: DINGTALK_ANSWERS.tooFast });
    },
    stop: () => dingtalk.stop(),
  };
});

// The token in the URL is as secret as the signing key: whoever has it posts to the group.
runChannelContract('dingtalk (access_token)', async () => {
  const dingtalk = new FakeDingTalkServer(TOKEN);
  const url = await dingtalk.start();
  return {
    kind: dingTalkChannelKind,
    options: { url, atMobiles: [], atAll: true },
    secret: TOKEN,
    retryAfterSeconds: 60,
    received: () => dingtalk.posts.map((post) => post.message.markdown?.text ?? ''),
    answerNext: (answer) => {
      if (answer === 'permanent') dingtalk.replies.push({ body: DINGTALK_ANSWERS.badToken });
      if (answer === 'transient') dingtalk.replies.push({ body: DINGTALK_ANSWERS.busy });
      if (answer === 'rateLimited') dingtalk.replies.push({ body: DINGTALK_ANSWERS.tooFast });
    },
    stop: () => dingtalk.stop(),
  };
});
