import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../e2e/harness.js';
import { record } from './summary.js';

let harness: Harness;
let injected = 0;
let survived = 0;

beforeAll(async () => {
  // A short heartbeat, so a missing ACK is noticed within a second.
  harness = await createHarness({ heartbeatInterval: 400 });
  await harness.start();
});
afterAll(async () => {
  record({ area: 'gateway', faultsInjected: injected, faultsSurvived: survived });
  await harness.close();
});

/** Counts of RESUMEs and IDENTIFYs so far, to see the bot come back either way. */
function connections() {
  return { resumes: harness.fake.resumes, identifies: harness.fake.identifies.length };
}

async function backAfter(before: ReturnType<typeof connections>, timeout = 20_000): Promise<void> {
  await expect
    .poll(
      () =>
        (harness.fake.resumes > before.resumes || harness.fake.identifies.length > before.identifies) &&
        harness.fake.connectedSessions() > 0,
      { timeout },
    )
    .toBe(true);
}

/** Three /cast interactions sent once the bot is back; all must be answered. */
async function answersAfterwards(): Promise<void> {
  const handles = await Promise.all(
    [1, 2, 3].map(() => harness.fake.chatInput({ name: 'cast', timeoutMs: 15_000 })),
  );
  for (const handle of handles) expect(handle.reply.data.embeds[0].fields).toHaveLength(5);
  survived++;
}

describe('gateway faults', () => {
  it.each([4000, 4008, 4009])('comes back after the gateway closes with code %i', async (code) => {
    const before = connections();
    injected++;
    harness.fake.closeGateway(code);
    await backAfter(before);
    await answersAfterwards();
  });

  it('reconnects when Discord asks it to (op 7)', async () => {
    const before = connections();
    injected++;
    harness.fake.requestReconnect();
    await backAfter(before);
    await answersAfterwards();
  });

  it('comes back after a resumable invalid session', async () => {
    const before = connections();
    injected++;
    harness.fake.invalidateSessions(true);
    await backAfter(before);
    await answersAfterwards();
  });

  it('identifies again after an invalid session that cannot be resumed', async () => {
    const before = connections();
    injected++;
    harness.fake.invalidateSessions(false);
    await backAfter(before);
    await answersAfterwards();
  }, 40_000);

  it('reconnects when heartbeats stop being acknowledged', async () => {
    const before = connections();
    injected++;
    harness.fake.ackHeartbeats = false;
    await expect.poll(() => harness.fake.connectedSessions(), { timeout: 10_000 }).toBe(0);
    harness.fake.ackHeartbeats = true;
    await backAfter(before);
    await answersAfterwards();
  }, 40_000);
});
