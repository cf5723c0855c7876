import { Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { DomainError } from '../domain-error.js';

export interface FieldProblem {
  field: string;
  message: string;
}

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const at = issue.path.join('.');
    // each unknown field by its own name, so a client sees which one to drop
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: at ? `${at}.${key}` : key, message: 'is not a field this takes' }));
    }
    return [{ field: at || '(body)', message: issue.message }];
  });
}

/** Parses a request body or query with a zod schema; a bad one becomes a 400 naming every failing field. */
@Injectable()
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    const fields = fieldProblems(result.error);
    throw new DomainError('invalid', 'validation_failed', `Invalid ${fields.map((f) => f.field).join(', ')}.`, { fields });
  }
}
