import { useMutation } from '@apollo/client/react';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ProfileMessageDocument } from '../../__generated__/graphql';
import { sessionToken } from '../../apollo';
import { useMessages } from '../../i18n-react';
import { Field } from '../shell/field';
import { fieldProblems, problemOf } from './field-errors';
import { messages } from './messages';
import '../account/account.css';

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

/**
 * "Message this cluster": a signed-in user writes to the cluster's managers, who get it as a notification (the
 * sender never sees their addresses); each problem the API names shows at its field. Signed out: a link to log in.
 */
export function MessageCluster({ clusterId, level = 2 }: { clusterId: string; level?: 2 | 3 }) {
  const Heading = level === 3 ? 'h3' : 'h2';
  const t = useMessages(messages);
  const [message, sending] = useMutation(ProfileMessageDocument);
  const problems = fieldProblems(sending.error);
  if (sessionToken() === null)
    return (
      <p className="profile__message-signin">
        <Link to="/account">{t.signIn}</Link>
      </p>
    );
  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const done = await message({
      variables: { clusterId, subject: text(data, 'subject'), body: text(data, 'body') },
    }).catch(() => undefined);
    if (done?.data?.messageCluster) form.reset();
  }
  return (
    <form className="account__card" onSubmit={send} aria-labelledby={`message-${clusterId}`}>
      <Heading id={`message-${clusterId}`}>{t.messageHeading}</Heading>
      <Field label={t.subject} error={problemOf(problems, 'subject')?.reason}>
        <input name="subject" maxLength={200} required />
      </Field>
      <Field label={t.body} error={problemOf(problems, 'body')?.reason ?? problemOf(problems, '')?.reason}>
        <textarea name="body" rows={4} maxLength={5000} required />
      </Field>
      <button type="submit" disabled={sending.loading}>
        {t.send}
      </button>
      {sending.data?.messageCluster && <p role="status">{t.sent}</p>}
    </form>
  );
}
