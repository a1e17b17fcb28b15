// Validation of numeric options at the package edge: bad values are errors naming the field.
import { InvalidOptionError } from './errors.js';

export function positiveNumber(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionError(field, 'must be a finite number greater than 0', value);
  }
  return value;
}

export function nonNegativeNumber(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidOptionError(field, 'must be a finite number of at least 0', value);
  }
  return value;
}

export function integerAtLeast(field: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidOptionError(field, `must be an integer of at least ${min}`, value);
  }
  return value;
}

export function nonEmptyString(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidOptionError(field, 'must be a non-empty string', value);
  }
  return value;
}
