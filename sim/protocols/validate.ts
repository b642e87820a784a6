/** Checks an operation's input against the model's constraints, as AWS does before running it. */
import type { Shape } from '../models';

export interface Violation {
  /** Organizations' InvalidInputException reason for this kind of violation. */
  reason:
    | 'INPUT_REQUIRED'
    | 'MIN_VALUE_EXCEEDED'
    | 'MAX_VALUE_EXCEEDED'
    | 'MIN_LENGTH_EXCEEDED'
    | 'MAX_LENGTH_EXCEEDED'
    | 'INVALID_ENUM'
    | 'INVALID_PATTERN';
  /** The AWS-style message, e.g. `1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: ...`. */
  message: string;
}

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

function violation(reason: Violation['reason'], value: unknown, path: string, constraint: string): Violation {
  const shown = value === undefined ? 'null' : `'${String(value)}'`;
  return {
    reason,
    message: `1 validation error detected: Value ${shown} at '${path}' failed to satisfy constraint: ${constraint}`,
  };
}

/** The first constraint the input breaks (required, length, range, enum, pattern), or undefined. */
export function findViolation(shape: Shape, value: unknown, path = ''): Violation | undefined {
  switch (shape.type) {
    case 'structure': {
      const record = value as Record<string, unknown>;
      for (const member of shape.members) {
        const memberPath = path ? `${path}.${lowerFirst(member.name)}` : lowerFirst(member.name);
        const item = record[member.name];
        if (item === undefined || item === null) {
          if (shape.required.has(member.name)) return violation('INPUT_REQUIRED', undefined, memberPath, 'Member must not be null');
          continue;
        }
        const found = findViolation(member.shape, item, memberPath);
        if (found) return found;
      }
      return undefined;
    }
    case 'list': {
      const items = value as unknown[];
      const lengthIssue = checkLength(shape, items.length, value, path);
      if (lengthIssue) return lengthIssue;
      for (let i = 0; i < items.length; i++) {
        const found = findViolation(shape.member!.shape, items[i], `${path}.${i + 1}.member`);
        if (found) return found;
      }
      return undefined;
    }
    case 'map':
      return checkLength(shape, Object.keys(value as object).length, value, path);
    case 'string': {
      const text = value as string;
      if (shape.enum && !shape.enum.has(text)) {
        return violation('INVALID_ENUM', text, path, `Member must satisfy enum value set: [${[...shape.enum].join(', ')}]`);
      }
      const lengthIssue = checkLength(shape, text.length, text, path);
      if (lengthIssue) return lengthIssue;
      if (shape.pattern && !shape.pattern.regexp.test(text)) {
        return violation('INVALID_PATTERN', text, path, `Member must satisfy regular expression pattern: ${shape.pattern.text}`);
      }
      return undefined;
    }
    case 'integer':
    case 'long': {
      const number = value as number;
      if (shape.min !== undefined && number < shape.min) {
        return violation('MIN_VALUE_EXCEEDED', number, path, `Member must have value greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && number > shape.max) {
        return violation('MAX_VALUE_EXCEEDED', number, path, `Member must have value less than or equal to ${shape.max}`);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function checkLength(shape: Shape, length: number, value: unknown, path: string): Violation | undefined {
  if (shape.min !== undefined && length < shape.min) {
    return violation('MIN_LENGTH_EXCEEDED', value, path, `Member must have length greater than or equal to ${shape.min}`);
  }
  if (shape.max !== undefined && length > shape.max) {
    return violation('MAX_LENGTH_EXCEEDED', value, path, `Member must have length less than or equal to ${shape.max}`);
  }
  return undefined;
}
