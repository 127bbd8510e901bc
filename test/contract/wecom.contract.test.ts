import { wecomChannelKind } from '../../src/notify/wecom/wecom-channel-kind';
import { FakeWecomServer, WECOM_ANSWERS } from '../helpers/wecom-server';
import { runChannelContract } from './channel-contract';

const KEY = '693a91f6-7a3c-4bc4-97a0-0ec2e1fa5aaa';

runChannelContract('wecom', async () => {
  const wecom = new FakeWecomServer(KEY);
  const url = await wecom.start();
  return {
    kind: wecomChannelKind,
    options: { url, mention: ['zhangsan'] },
    secret: KEY,
    retryAfterSeconds: 60,
    // The content is what WeCom measures (in bytes, which the contract's characters can only undercount).
    received: () => wecom.posts.map((post) => post.content),
    answerNext: (answer) => {
      // As WeCom answers: HTTP 200 and an errcode. A refused key, a busy system, too fast.
      if (answer === 'permanent') wecom.replies.push({ body: WECOM_ANSWERS.badKey() });
      if (answer === 'transient') wecom.replies.push({ body: WECOM_ANSWERS.busy() });
      if (answer === 'rateLimited') wecom.replies.push({ body: WECOM_ANSWERS.tooFast() });
    },
    stop: () => wecom.stop(),
  };
});
