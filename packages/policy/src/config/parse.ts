// Environment values through @tgmcp/core's parser (strict booleans and ranges, secret values
// never echoed), failing with this package's PolicyConfigError so its code and fields stay.
import { type Env, read as readEnv } from '@tgmcp/core';
import type { z } from 'zod';
import { PolicyConfigError } from '../errors.js';

/** Reads one variable: unset or blank is `undefined`; a bad value throws PolicyConfigError. */
export function read<T>(env: Env, name: string, schema: z.ZodType<T>): T | undefined {
  return readEnv(
    env,
    name,
    schema,
    (variable, message) => new PolicyConfigError(variable, message),
  );
}
