import { z } from "zod";

/**
 * The environment the service reads, parsed once at start-up. Probot's own variables keep their meaning
 * (Probot reads them itself); they are validated here so a missing one is a clear error, not a setup page.
 */
const EnvSchema = z
  .object({
    APP_ID: z.string().regex(/^\d+$/, "APP_ID must be the numeric id of the GitHub App"),
    PRIVATE_KEY: z.string().optional(),
    PRIVATE_KEY_PATH: z.string().optional(),
    WEBHOOK_SECRET: z.string().min(1, "WEBHOOK_SECRET is required: unsigned webhooks are refused"),
    PORT: z.coerce.number().int().positive().default(3000),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL")
      .optional(),
    DATA_DIR: z.string().default(".data"),
    PUBLIC_URL: z.string().url().optional(),
    // A guessable token would protect nothing: at least 16 characters.
    METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
    // How long a replica holds a delivery without renewing it: a dead replica's delivery is taken over after
    // this. Shorter takes over sooner; too short and a replica stalled by a long GC pause loses its lease
    // (another takes over, the per-stream order still holds, the work is done twice in effect once).
    INBOX_LEASE_SECONDS: z.coerce
      .number()
      .int()
      .min(5, "INBOX_LEASE_SECONDS must be at least 5")
      .max(600, "INBOX_LEASE_SECONDS must be at most 600")
      .default(30),
  })
  .refine((e) => e.PRIVATE_KEY !== undefined || e.PRIVATE_KEY_PATH !== undefined, {
    message: "PRIVATE_KEY or PRIVATE_KEY_PATH is required",
    path: ["PRIVATE_KEY"],
  });

export type Env = z.infer<typeof EnvSchema> & { PUBLIC_URL: string };

/** Parses the environment; throws one error listing every problem (never echoing a secret's value). */
export function parseEnv(env: NodeJS.ProcessEnv): Env {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "env"}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return { ...result.data, PUBLIC_URL: result.data.PUBLIC_URL ?? `http://localhost:${result.data.PORT}` };
}
