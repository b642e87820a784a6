/** The tags every resource of both stacks carries (and the StackSet passes to its stacks). */
import { z } from 'zod';
import { show } from './field-kinds';

/** Characters AWS accepts in tag keys and values across services. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** AWS allows 50 tags a resource; iam-sweep sets two of its own (DEFAULT_TAGS). */
const MAX_TAGS = 48;

const goodKey = (key: string) => key.length >= 1 && key.length <= 128 && TAG_TEXT.test(key) && !key.toLowerCase().startsWith('aws:');
const goodValue = (value: unknown) => typeof value === 'string' && value.length <= 256 && TAG_TEXT.test(value);

/** Every problem names the field `tags`, where the operator fixes it. */
function tagProblem(tags: Record<string, unknown>): string | undefined {
  const keys = Object.keys(tags);
  if (keys.length > MAX_TAGS)
    return `tags has ${keys.length} tags: AWS allows 50 a resource and iam-sweep sets 2, so keep at most ${MAX_TAGS}`;
  for (const [key, value] of Object.entries(tags)) {
    if (!goodKey(key)) return `tags key ${show(key)} must be 1-128 letters, digits, spaces or _.:/=+-@, not starting with aws:`;
    if (!goodValue(value)) return `tags.${key} ${show(value)} must be a string of at most 256 letters, digits, spaces or _.:/=+-@`;
  }
  return undefined;
}

export const tagsSchema = z
  .record(z.string(), z.unknown(), {
    error: (issue) => `tags ${show(issue.input)} must be an object of tag keys and string values, such as { "CostCenter": "1234" }`,
  })
  .superRefine((tags, ctx) => {
    const problem = tagProblem(tags);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((tags) => tags as Record<string, string>)
  .optional()
  .default({});
