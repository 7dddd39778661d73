import { z } from 'zod';

/** Options and credentials every AWS-backed integration shares. No credentials: the default chain (instance role, profile, env). */
export const awsOptions = {
  region: z.string().min(1),
  /** Endpoint override (LocalStack, a VPC endpoint, a local test server). */
  endpoint: z.url().optional(),
};

export const awsCredentials = z.strictObject({
  accessKeyId: z.string().min(1).optional(),
  secretAccessKey: z.string().min(1).optional(),
  sessionToken: z.string().optional(),
});
export type AwsCredentials = z.infer<typeof awsCredentials>;

export async function awsClientConfig(
  o: { region: string; endpoint?: string | undefined },
  c: AwsCredentials,
  checkHost?: (host: string) => Promise<void>,
): Promise<{ region: string; endpoint?: string; credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }; maxAttempts: number }> {
  if (o.endpoint && checkHost) await checkHost(new URL(o.endpoint).hostname.replace(/^\[|\]$/g, ''));
  return {
    region: o.region,
    ...(o.endpoint && { endpoint: o.endpoint }),
    ...(c.accessKeyId &&
      c.secretAccessKey && {
        credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken && { sessionToken: c.sessionToken }) },
      }),
    // The delivery engine owns retries (with its backoff and dead letters); the SDK makes one attempt.
    maxAttempts: 1,
  };
}
