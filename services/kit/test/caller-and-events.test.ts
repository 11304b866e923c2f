import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS,
  CallerTokenError,
  createCallerSigner,
  createCallerVerifier,
  EventValidator,
  generateCallerKeys,
  makeEvent,
  TOPIC_PREFIX,
  TOPICS,
  topicOf,
} from '../src/index.js';

describe('caller token', () => {
  it('When the gateway signs a caller, then a subgraph with its public key reads the same caller back', async () => {
    const keys = await generateCallerKeys();
    const token = await (await createCallerSigner(keys.privateKeyPem)).sign({
      subject: 'user-7',
      kind: 'user',
      grants: [{ role: 'economy-coordinator', economy: 'PE' }],
    });
    const caller = await (await createCallerVerifier(keys.publicKeyPem)).verify(token);
    expect(caller).toEqual({ subject: 'user-7', kind: 'user', grants: [{ role: 'economy-coordinator', economy: 'PE' }] });
  });

  it('When the token is missing, expired or signed by another key, then verification fails', async () => {
    const keys = await generateCallerKeys();
    const other = await generateCallerKeys();
    const verifier = await createCallerVerifier(keys.publicKeyPem);
    await expect(verifier.verify(undefined)).rejects.toBeInstanceOf(CallerTokenError);
    const foreign = await (await createCallerSigner(other.privateKeyPem)).sign(ANONYMOUS);
    await expect(verifier.verify(foreign)).rejects.toThrow(/invalid caller token/);
    const expired = await (await createCallerSigner(keys.privateKeyPem, -10)).sign(ANONYMOUS);
    await expect(verifier.verify(expired)).rejects.toThrow(/exp/);
  });

  it('When the same caller is signed again while its token is fresh, then it gets the same token; another caller (or other grants) gets its own', async () => {
    const keys = await generateCallerKeys();
    const signer = await createCallerSigner(keys.privateKeyPem);
    const coordinator = { subject: 'user-7', kind: 'user' as const, grants: [{ role: 'economy-coordinator' as const, economy: 'PE' }] };

    const [a, b] = [await signer.sign(ANONYMOUS), await signer.sign({ ...ANONYMOUS })];
    const c = await signer.sign(coordinator);
    const d = await signer.sign({ ...coordinator, grants: [{ role: 'economy-coordinator', economy: 'CL' }] });

    expect(a).toBe(b);
    expect(new Set([a, c, d]).size).toBe(3);
    const verifier = await createCallerVerifier(keys.publicKeyPem);
    expect((await verifier.verify(d)).grants).toEqual([{ role: 'economy-coordinator', economy: 'CL' }]);
  });

  it('When a token verified before has expired, then verifying it again fails (the cache keeps nothing past the expiry)', async () => {
    const keys = await generateCallerKeys();
    const verifier = await createCallerVerifier(keys.publicKeyPem);
    const token = await (await createCallerSigner(keys.privateKeyPem, 1)).sign(ANONYMOUS);
    expect(await verifier.verify(token)).toEqual(ANONYMOUS);

    await new Promise((r) => setTimeout(r, 2100));

    await expect(verifier.verify(token)).rejects.toThrow(/exp/);
  });
});

describe('events', () => {
  it('When an event type is named, then its topic is the aggregate topic', () => {
    expect(topicOf('ccp.registry.cluster.published.v1')).toBe(`${TOPIC_PREFIX}ccp.registry.cluster.v1`);
    expect(topicOf('ccp.matchmaking.workshop.participant-registered.v1')).toBe(`${TOPIC_PREFIX}ccp.matchmaking.workshop.v1`);
    expect(TOPICS.cluster).toBe(`${TOPIC_PREFIX}ccp.registry.cluster.v1`);
    expect(() => topicOf('registry.cluster')).toThrow();
  });

  it('When an event matches its JSON Schema, then it is valid; when data or envelope are wrong, the reason says what', () => {
    const validator = new EventValidator();
    const event = makeEvent({
      service: 'registry',
      type: 'ccp.registry.cluster.registered.v1',
      subject: 'c-1',
      sequence: 1,
      economy: 'CL',
      data: { clusterId: 'c-1', economy: 'CL', name: { en: 'Antofagasta Mining Cluster' }, status: 'draft' },
    });
    expect(validator.validate(event).ok).toBe(true);
    const noName = validator.validate({ ...event, data: { ...event.data, name: {} } });
    expect(noName).toMatchObject({ ok: false, reason: expect.stringMatching(/en/) });
    const badSequence = validator.validate({ ...event, sequence: 0 });
    expect(badSequence).toMatchObject({ ok: false, reason: expect.stringMatching(/^envelope/) });
    expect(validator.validate({ ...event, type: 'ccp.registry.cluster.exploded.v1' })).toMatchObject({
      ok: false,
      reason: 'unknown event type ccp.registry.cluster.exploded.v1',
    });
  });
});
