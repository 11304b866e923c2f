import { useLazyQuery, useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import {
  AccountCreateWebhookDocument,
  AccountReplayDeliveryDocument,
  AccountWebhookDeliveriesDocument,
  AccountWebhooksDocument,
} from '../../__generated__/graphql';
import { interpolate } from '../../i18n';
import { useLocale } from '../../i18n-react';
import { fieldProblems, problemOf } from '../profile-edit/field-errors';
import { Field } from './account-page';
import type { messages } from './messages';

type T = (typeof messages)['en'];

/** The user's webhook endpoints (integrations subgraph): register one (secret shown once), its delivery log, replay. */
export function Webhooks({ t }: { t: T }) {
  const { data } = useQuery(AccountWebhooksDocument);
  const [create, creation] = useMutation(AccountCreateWebhookDocument, {
    refetchQueries: [AccountWebhooksDocument],
  });
  const [secret, setSecret] = useState<string>();
  const problems = fieldProblems(creation.error);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const eventTypes = String(form.get('eventTypes'))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const r = await create({ variables: { input: { url: String(form.get('url')), eventTypes } } }).catch(
      () => undefined,
    );
    if (r?.data) {
      setSecret(r.data.createWebhookEndpoint.secret);
      formElement.reset();
    }
  }

  return (
    <section className="account__card" aria-labelledby="account-webhooks">
      <h2 id="account-webhooks">{t.webhooks}</h2>
      <form onSubmit={submit} className="account__inline">
        <Field
          label={t.webhookUrl}
          error={problemOf(problems, 'url')?.reason ?? problemOf(problems, '')?.reason}
        >
          <input name="url" type="url" required />
        </Field>
        <Field label={t.webhookEvents} error={problemOf(problems, 'eventTypes')?.reason}>
          <input name="eventTypes" defaultValue="ccp.registry.cluster.*" required />
        </Field>
        <button type="submit" disabled={creation.loading}>
          {t.addWebhook}
        </button>
      </form>
      {secret && (
        <div role="status" className="account__secret">
          <p>{t.webhookSecret}</p>
          <code>{secret}</code>
        </div>
      )}
      <ul className="account__keys">
        {(data?.webhookEndpoints ?? []).map((e) => (
          <li key={e.id}>
            <strong>{e.url}</strong> · {e.eventTypes.join(', ')} · {e.status}
            {e.disabledReason && ` (${e.disabledReason})`}
            <Deliveries endpointId={e.id} t={t} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Deliveries({ endpointId, t }: { endpointId: string; t: T }) {
  const { format } = useLocale();
  const [load, { data, refetch }] = useLazyQuery(AccountWebhookDeliveriesDocument);
  const [replay] = useMutation(AccountReplayDeliveryDocument);
  if (!data)
    return (
      <button type="button" onClick={() => load({ variables: { endpointId } })}>
        {t.showDeliveries}
      </button>
    );
  return (
    <ol>
      {data.webhookDeliveries.nodes.map((d) => (
        <li key={d.id}>
          {format.dateTime(d.createdAt)} · {d.eventType} · {d.subject} · {d.status}
          {d.status === 'DEAD' && (
            <button type="button" onClick={() => replay({ variables: { id: d.id } }).then(() => refetch())}>
              {interpolate(t.replay, { id: d.id })}
            </button>
          )}
        </li>
      ))}
    </ol>
  );
}
