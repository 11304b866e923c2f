import { dirname, join } from 'node:path';
import { schemasDir } from '@ccp/kit';
import { z } from 'zod';

/** Accounts' own environment, beside the kit's base one. */
export const accountsEnv = z.object({
  /** PKCS8 PEM of the ES256 key that signs access tokens (or _FILE); unset: a key kept in accounts' database. */
  ACCESS_TOKEN_PRIVATE_KEY: z.string().optional(),
  ACCESS_TOKEN_PRIVATE_KEY_FILE: z.string().optional(),
  /** e.g. smtp://user:pass@smtp.example.org:587; unset: e-mails go into MAILBOX_DIR as .eml files. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default('APEC Cluster Collaboration Platform <no-reply@apec-ccp.example.org>'),
  MAILBOX_DIR: z.string().optional(),
  /** Where the web client is: links in e-mails point there. */
  PUBLIC_URL: z
    .string()
    .url()
    .default('http://127.0.0.1:5173')
    .transform((u) => u.replace(/\/+$/, '')),
});

export type AccountsEnv = z.infer<typeof accountsEnv>;

/** The dev mailbox: `.data/mailbox` at the repository root unless MAILBOX_DIR says otherwise. */
export const defaultMailboxDir = () => join(dirname(schemasDir()), '.data', 'mailbox');
