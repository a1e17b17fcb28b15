// The judge of bad-input answers and the error-format reader of @tgmcp/testkit/mcp-client.
import { describe, expect, it } from 'vitest';
import { invalidInputProblem, toolError } from '../src/mcp-client.js';

const errorResult = (error: unknown) => ({
  isError: true,
  content: [{ type: 'text' as const, text: JSON.stringify({ error }) }],
});

describe('invalidInputProblem', () => {
  it('accepts only INVALID_INPUT with a message naming the expected field', () => {
    const c = { field: 'limit' };
    const good = errorResult({ code: 'INVALID_INPUT', message: 'limit: too big', field: 'limit' });
    expect(invalidInputProblem(good, c)).toBeUndefined();
    expect(invalidInputProblem({ content: [] }, c)).toBe('not an error');
    expect(invalidInputProblem({ ...good, structuredContent: {} }, c)).toBe(
      'error with structuredContent',
    );
    expect(
      invalidInputProblem({ isError: true, content: [{ type: 'text', text: 'Invalid' }] }, c),
    ).toBe('not the error format: Invalid');
    expect(invalidInputProblem(errorResult({ code: 'INTERNAL', message: 'x' }), c)).toBe(
      'code INTERNAL',
    );
    expect(invalidInputProblem(errorResult({ code: 'INVALID_INPUT', field: 'limit' }), c)).toBe(
      'no message',
    );
    expect(
      invalidInputProblem(errorResult({ code: 'INVALID_INPUT', message: 'm', field: 'x' }), c),
    ).toBe('field x instead of limit');
  });
});

describe('toolError', () => {
  it('reads the error of an error result and refuses a success', () => {
    expect(toolError(errorResult({ code: 'FLOOD_WAIT', message: 'wait', retry_after: 3 }))).toEqual(
      {
        code: 'FLOOD_WAIT',
        message: 'wait',
        retry_after: 3,
      },
    );
    expect(() => toolError({ content: [] })).toThrow(/expected an error result/);
  });
});
