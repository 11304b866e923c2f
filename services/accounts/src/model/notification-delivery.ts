import { type Connection, type Model, Schema } from 'mongoose';

/** One recipient of one notification request: a redelivered request is not sent twice. */
export interface NotificationDeliveryDocument {
  _id: string;
  kind: string;
  userId: string | null;
  outcome: 'sent' | 'disabled' | 'no-address' | 'failed';
  at: Date;
}

const notificationDeliverySchema = new Schema<NotificationDeliveryDocument>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    userId: { type: String, default: null, index: true },
    outcome: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'notification_deliveries', versionKey: false },
);

export type NotificationDeliveryModel = Model<NotificationDeliveryDocument>;

export function notificationDeliveryModel(conn: Connection): NotificationDeliveryModel {
  return (
    (conn.models.NotificationDelivery as NotificationDeliveryModel | undefined) ??
    conn.model<NotificationDeliveryDocument>('NotificationDelivery', notificationDeliverySchema)
  );
}
