import { randomUUID } from 'node:crypto';
import { ANONYMOUS, TOPICS, toMessage } from '@ccp/kit';
import { waitFor } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../src/domain/login.js';
import { requestNotification } from '../src/events/notification-events.js';
import { type Accounts, asUser, mailsTo, PASSWORD, startAccounts, tokenIn, waitForMail } from './helpers.js';

let accounts: Accounts;

const VERIFY = `mutation($t: String!) { verifyEmail(token: $t) }`;
const REQUEST_RESET = `mutation($e: String!) { requestPasswordReset(email: $e) }`;
const RESET = `mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }`;
const SET_PREFERENCE = `mutation($k: String!, $on: Boolean!) { setNotificationPreference(kind: $k, enabled: $on) { kind enabled } }`;
const UNSUBSCRIBE = `mutation($t: String!) { unsubscribe(token: $t) { kind enabled } }`;
const PREFERENCES = `{ me { emailVerified notificationPreferences { kind enabled } } }`;

/** A request as any service would publish it on ccp.notifications.v1. */
async function publishRequest(kind: string, userIds: string[], marker: string) {
  const event = requestNotification(
    {
      kind,
      userIds,
      subject: { en: `Workshop ${marker}`, ru: `Семинар ${marker}` },
      text: {
        en: `The workshop ${marker} opens registration.`,
        ru: `Открыта регистрация на семинар ${marker}.`,
      },
      link: `/workshops/${marker}`,
    },
    'matchmaking',
  );
  await accounts.producer.send({ topic: TOPICS.notifications, messages: [toMessage(event)] });
  return event;
}

beforeAll(async () => {
  accounts = await startAccounts('accounts_notifications', { consumers: true });
});

afterAll(async () => {
  await accounts?.stop();
});

describe('e-mail verification', () => {
  it('When a user registers, then a verification link is e-mailed and following it once verifies the address', async () => {
    const user = await accounts.register();
    const mail = await waitForMail(accounts.mailboxDir, user.email);
    expect(mail.subject).toBe('Confirm your e-mail address');
    expect(mail.text).toContain('http://127.0.0.1:5173/verify-email?token=');
    expect(mail.text).not.toContain('/unsubscribe');
    const token = tokenIn(mail, 'verify-email');

    const first = await accounts.run(VERIFY, { t: token });
    const again = await accounts.run(VERIFY, { t: token });

    expect(first.data.verifyEmail).toBe(true);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
    expect((await accounts.run(PREFERENCES, {}, asUser(user.id))).data.me.emailVerified).toBe(true);
    expect(await accounts.deps.emailTokens.countDocuments({ _id: token })).toBe(0);
  });

  it('When a Russian-speaking user registers, then the e-mail is in Russian', async () => {
    const user = await accounts.register({ locale: 'ru' });
    const mail = await waitForMail(accounts.mailboxDir, user.email);
    expect(mail.subject).toBe('Подтвердите адрес электронной почты');
    expect(mail.text).toContain('Добро пожаловать');
  });

  it('When the verification token has expired or was never issued, then BAD_USER_INPUT names token', async () => {
    const user = await accounts.register();
    const token = tokenIn(await waitForMail(accounts.mailboxDir, user.email), 'verify-email');
    await accounts.deps.emailTokens.updateMany(
      { userId: user.id },
      { $set: { expiresAt: new Date(Date.now() - 1000) } },
    );

    const expired = await accounts.run(VERIFY, { t: token });
    const invented = await accounts.run(VERIFY, { t: 'x'.repeat(43) });

    expect(expired.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
    expect(invented.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
  });

  it('When a signed-in user asks for another verification e-mail right after registering, then no second one is sent within the minute', async () => {
    const user = await accounts.register();
    await waitForMail(accounts.mailboxDir, user.email);

    const { data } = await accounts.run(`mutation { resendVerificationEmail }`, {}, asUser(user.id));
    const anonymous = await accounts.run(`mutation { resendVerificationEmail }`);

    expect(data.resendVerificationEmail).toBe(true);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await mailsTo(accounts.mailboxDir, user.email)).toHaveLength(1);
  });
});

describe('password reset', () => {
  it('When a user resets their password by the e-mailed link, then the new one signs in, the old one does not, and every session is revoked', async () => {
    const user = await accounts.register();
    const session = await login(accounts.deps, { email: user.email, password: PASSWORD });

    const { data } = await accounts.run(REQUEST_RESET, { e: user.email });
    expect(data.requestPasswordReset).toBe(true);
    const mail = await waitForMail(
      accounts.mailboxDir,
      user.email,
      (m) => m.subject === 'Reset your password',
    );
    const token = tokenIn(mail, 'reset-password');
    const tooShort = await accounts.run(RESET, { t: token, p: 'short' });
    const reset = await accounts.run(RESET, { t: token, p: 'a brand new passphrase' });
    const replay = await accounts.run(RESET, { t: token, p: 'another new passphrase' });

    expect(tooShort.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    expect(reset.data.resetPassword).toBe(true);
    expect(replay.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
    await expect(login(accounts.deps, { email: user.email, password: PASSWORD })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    expect(
      (await login(accounts.deps, { email: user.email, password: 'a brand new passphrase' })).user.id,
    ).toBe(user.id);
    const family = await accounts.deps.families.findById(session.refreshToken.split('.')[0]).lean();
    expect(family?.revokedReason).toBe('password-reset');
  });

  it('When a reset is asked for an address without an account, then the answer is the same true and no e-mail goes out', async () => {
    const email = `nobody-${randomUUID().slice(0, 8)}@cluster.example.org`;

    const { data, errors } = await accounts.run(REQUEST_RESET, { e: email });
    await new Promise((r) => setTimeout(r, 500));

    expect(errors).toBeUndefined();
    expect(data.requestPasswordReset).toBe(true);
    expect(await mailsTo(accounts.mailboxDir, email)).toEqual([]);
  });

  it('When the reset link is older than an hour, then it no longer works', async () => {
    const user = await accounts.register();
    await accounts.run(REQUEST_RESET, { e: user.email });
    const token = tokenIn(
      await waitForMail(accounts.mailboxDir, user.email, (m) => m.subject === 'Reset your password'),
      'reset-password',
    );
    const stored = await accounts.deps.emailTokens
      .findOne({ userId: user.id, purpose: 'reset-password' })
      .lean();
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(60 * 60 * 1000);
    await accounts.deps.emailTokens.updateOne(
      { _id: stored!._id },
      { $set: { expiresAt: new Date(Date.now() - 1) } },
    );

    const { errors } = await accounts.run(RESET, { t: token, p: 'a brand new passphrase' });

    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
  });
});

describe('notification requests', () => {
  it('When a service requests a notification for a user, then an .eml with the text, the link and an unsubscribe link lands in the mailbox, once', async () => {
    const user = await accounts.register();
    const marker = randomUUID().slice(0, 8);

    const event = await publishRequest('workshop-announcement', [user.id], marker);
    const mail = await waitForMail(
      accounts.mailboxDir,
      user.email,
      (m) => m.subject === `Workshop ${marker}`,
    );

    expect(mail.text).toContain(`The workshop ${marker} opens registration.`);
    expect(mail.text).toContain(`http://127.0.0.1:5173/workshops/${marker}`);
    expect(mail.text).toMatch(/http:\/\/127\.0\.0\.1:5173\/unsubscribe\?token=[\w.-]+/);
    expect(mail.headers).toMatch(/List-Unsubscribe: <http:\/\/127\.0\.0\.1:5173\/unsubscribe\?token=/i);
    // The same request again (a redelivery) sends nothing more.
    await accounts.producer.send({ topic: TOPICS.notifications, messages: [toMessage(event)] });
    await waitFor(async () =>
      (await accounts.deps.deliveries.countDocuments({ _id: `${event.id}:user:${user.id}` })) === 1
        ? true
        : undefined,
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(
      (await mailsTo(accounts.mailboxDir, user.email)).filter((m) => m.subject === `Workshop ${marker}`),
    ).toHaveLength(1);
  });

  it('When the user followed the unsubscribe link of a kind, then further notifications of that kind are not sent, and other kinds still are', async () => {
    const user = await accounts.register();
    const first = randomUUID().slice(0, 8);
    await publishRequest('workshop-announcement', [user.id], first);
    const mail = await waitForMail(accounts.mailboxDir, user.email, (m) => m.subject === `Workshop ${first}`);

    const { data } = await accounts.run(UNSUBSCRIBE, { t: tokenIn(mail, 'unsubscribe') });
    expect(data.unsubscribe).toEqual({ kind: 'workshop-announcement', enabled: false });

    const muted = randomUUID().slice(0, 8);
    const other = randomUUID().slice(0, 8);
    const mutedEvent = await publishRequest('workshop-announcement', [user.id], muted);
    await publishRequest('match-request', [user.id], other);
    await waitForMail(accounts.mailboxDir, user.email, (m) => m.subject === `Workshop ${other}`);
    await waitFor(async () =>
      (await accounts.deps.deliveries.findById(`${mutedEvent.id}:user:${user.id}`).lean())?.outcome ===
      'disabled'
        ? true
        : undefined,
    );
    expect(
      (await mailsTo(accounts.mailboxDir, user.email)).some((m) => m.subject === `Workshop ${muted}`),
    ).toBe(false);
    expect((await accounts.run(PREFERENCES, {}, asUser(user.id))).data.me.notificationPreferences).toEqual([
      { kind: 'workshop-announcement', enabled: false },
    ]);
  });

  it('When an unsubscribe token is forged or tampered with, then BAD_USER_INPUT names token and nothing changes', async () => {
    const user = await accounts.register();
    const token = await accounts.deps.signer.unsubscribeToken(user.id, 'workshop-announcement');
    const [header, payload, signature] = token.split('.');
    const otherPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), kind: 'match-request' }),
    ).toString('base64url');

    const tampered = await accounts.run(UNSUBSCRIBE, { t: `${header}.${otherPayload}.${signature}` });
    const garbage = await accounts.run(UNSUBSCRIBE, { t: 'not-a-token' });

    expect(tampered.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
    expect(garbage.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
    expect((await accounts.run(PREFERENCES, {}, asUser(user.id))).data.me.notificationPreferences).toEqual(
      [],
    );
  });

  it('When a signed-in user switches a kind off and on, then the preference follows; anonymous callers are refused', async () => {
    const user = await accounts.register();

    const off = await accounts.run(SET_PREFERENCE, { k: 'role-granted', on: false }, asUser(user.id));
    const on = await accounts.run(SET_PREFERENCE, { k: 'match-request', on: true }, asUser(user.id));
    const anonymous = await accounts.run(SET_PREFERENCE, { k: 'role-granted', on: true }, ANONYMOUS);

    expect(off.data.setNotificationPreference).toEqual({ kind: 'role-granted', enabled: false });
    expect(on.data.setNotificationPreference).toEqual({ kind: 'match-request', enabled: true });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await accounts.run(PREFERENCES, {}, asUser(user.id))).data.me.notificationPreferences).toEqual([
      { kind: 'match-request', enabled: true },
      { kind: 'role-granted', enabled: false },
    ]);
  });

  it.each([
    ['password-reset', 'security e-mails cannot be switched off'],
    ['Not A Kind!', 'a kind must be lower-case'],
    ['$where', 'no operator can be injected through a kind'],
  ])('When the kind is %s, then BAD_USER_INPUT names kind (%s)', async (kind) => {
    const user = await accounts.register();
    const { errors } = await accounts.run(SET_PREFERENCE, { k: kind, on: false }, asUser(user.id));
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kind' });
  });

  it('When a password-reset e-mail is due, then it is sent even though the user switched everything they could off', async () => {
    const user = await accounts.register();
    await accounts.run(SET_PREFERENCE, { k: 'role-granted', on: false }, asUser(user.id));

    await accounts.run(REQUEST_RESET, { e: user.email });

    const mail = await waitForMail(
      accounts.mailboxDir,
      user.email,
      (m) => m.subject === 'Reset your password',
    );
    expect(mail.text).not.toContain('/unsubscribe');
  });
});
