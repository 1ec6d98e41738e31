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
  for (const handle of handles) expect(handle.reply.data?.embeds?.[0]?.fields).toHaveLength(5);
  survived++;
}

/** Faults after which the bot must come back on its own: the test's name and how the fake injects it. */
const faults: Array<{ name: string; inject: () => void }> = [
  ...[4000, 4008, 4009].map((code) => ({
    name: `comes back after the gateway closes with code ${code}`,
    inject: () => harness.fake.closeGateway(code),
  })),
  { name: 'reconnects when Discord asks it to (op 7)', inject: () => harness.fake.requestReconnect() },
  {
    name: 'comes back after a resumable invalid session',
    inject: () => harness.fake.invalidateSessions(true),
  },
  {
    name: 'identifies again after an invalid session that cannot be resumed',
    inject: () => harness.fake.invalidateSessions(false),
  },
];

describe('gateway faults', () => {
  it.each(faults)(
    '$name',
    async ({ inject }) => {
      const before = connections();
      injected++;
      inject();
      await backAfter(before);
      await answersAfterwards();
    },
    40_000,
  );

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
