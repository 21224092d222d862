/**
 * Fields whose text is not (yet) a value: a number field holding "ninety" or "0,7". The
 * editor does not save while any field here holds such text, so "saved" never shows over a
 * value the page has not taken; each field says in words what is wrong with its text.
 */
import { createContext, useContext, useEffect, useId } from 'react';

export interface FieldRegistry {
  /** Marks the field (by its React id) as holding unparsed text, with its message; undefined clears it. */
  report(field: string, label: string, message: string | undefined): void;
  /** The field went away (another cell chosen): a problem it still had becomes a notice that its text was not kept. */
  leave(field: string): void;
}

export const FieldContext = createContext<FieldRegistry | null>(null);

/** What is wrong with a number field's text, in words; undefined when it is a finite number. */
export function numberTextProblem(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 'empty: type a number';
  if (/^[+-]?\d+,\d+$/.test(trimmed)) return `“${trimmed}” uses a comma: write the decimal with a point, ${trimmed.replace(',', '.')}`;
  const value = Number(trimmed);
  if (Number.isNaN(value)) return `“${trimmed}” is not a number: type digits, such as 0.7 or 60`;
  if (!Number.isFinite(value)) return `“${trimmed}” is too large to compute with`;
  return undefined;
}

/** Reports this field's problem to the editor while it lasts (and clears it when the field goes). */
export function useFieldProblem(label: string, message: string | undefined): void {
  const registry = useContext(FieldContext);
  const field = useId();
  useEffect(() => {
    registry?.report(field, label, message);
  }, [registry, field, label, message]);
  useEffect(() => () => registry?.leave(field), [registry, field]);
}
