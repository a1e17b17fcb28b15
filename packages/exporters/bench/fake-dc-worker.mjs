// The fake DC of the bench, in a worker thread so that it does not share the client's thread:
// one channel with a generated (lazy) history of `count` messages.
import { parentPort, workerData } from 'node:worker_threads';
import { createWorld, startFakeTelegram } from '@tgmcp/testkit';

const world = createWorld({
  self: { id: 1, firstName: 'Bench' },
  users: [
    { id: 10, firstName: 'Alice', username: 'alice' },
    { id: 11, firstName: 'Bob', username: 'bob' },
  ],
  chats: [
    {
      id: 42,
      kind: 'supergroup',
      title: 'Million',
      username: 'million',
      date: 1_600_000_000,
      myRole: 'member',
      generatedHistory: {
        count: workerData.count,
        from: 1_600_000_000,
        to: 1_700_000_000,
        senders: [10, 11],
      },
    },
  ],
});
const fake = await startFakeTelegram({ world });
parentPort.postMessage({ host: fake.host, port: fake.port, session: fake.sessionString });
parentPort.on('message', async (m) => {
  if (m === 'close') {
    await fake.close();
    parentPort.postMessage('closed');
  }
});
