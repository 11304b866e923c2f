import { type Connection, type Model, Schema } from 'mongoose';

/** Consecutive failed logins per lower-cased e-mail, whether or not an account has it. */
export interface LoginAttemptDocument {
  _id: string;
  failures: number;
  lastFailureAt: Date;
  lockedUntil: Date | null;
}

const loginAttemptSchema = new Schema<LoginAttemptDocument>(
  {
    _id: { type: String, required: true },
    failures: { type: Number, required: true },
    lastFailureAt: { type: Date, required: true },
    lockedUntil: { type: Date, default: null },
  },
  { collection: 'login_attempts', versionKey: false },
);

export type LoginAttemptModel = Model<LoginAttemptDocument>;

export function loginAttemptModel(conn: Connection): LoginAttemptModel {
  return (
    (conn.models.LoginAttempt as LoginAttemptModel | undefined) ??
    conn.model<LoginAttemptDocument>('LoginAttempt', loginAttemptSchema)
  );
}
