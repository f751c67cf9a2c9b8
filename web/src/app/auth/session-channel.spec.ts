import { SESSION_CHANNEL_NAME, SessionChannel, type SessionMessage, type SharedSession } from './session-channel';

const session: SharedSession = {
  accessToken: 'at',
  receivedAt: 1,
  expiresAt: 2,
  idToken: undefined,
  dpopJkt: undefined,
  user: { sub: 'bob', name: 'Bob Dupont', nameSource: 'name', roles: ['chat'], rolesClaim: 'granted' },
};

describe('SessionChannel', () => {
  let thisTab: SessionChannel;
  let otherTab: SessionChannel;
  let intruder: BroadcastChannel;

  beforeEach(() => {
    thisTab = new SessionChannel();
    otherTab = new SessionChannel();
    intruder = new BroadcastChannel(SESSION_CHANNEL_NAME);
  });

  afterEach(() => {
    intruder.close();
    thisTab.ngOnDestroy();
    otherTab.ngOnDestroy();
  });

  function nextMessage(channel: SessionChannel): Promise<SessionMessage> {
    return new Promise((resolve) => {
      const stop = channel.listen((message) => {
        stop();
        resolve(message);
      });
    });
  }

  it('delivers one tab’s message to the other tabs', async () => {
    const received = nextMessage(otherTab);
    thisTab.post({ type: 'renewed', session });
    expect(await received).toEqual({ type: 'renewed', session });
  });

  it('drops messages of another shape (a page script posting on the same channel)', async () => {
    const received = nextMessage(otherTab);
    intruder.postMessage({ type: 'renewed', session: { accessToken: 42 } });
    intruder.postMessage({ type: 'signed-in' });
    thisTab.post({ type: 'signed-out' });
    expect(await received).toEqual({ type: 'signed-out' });
  });
});
