/** Lists of IAM principal ARNs the stacks grant something to: CLI operators, backup admins. */
import { z } from 'zod';
import { show, withDefault } from './field-kinds';

/** An IAM role or user ARN; `*` may stand for any part of a path or name (ArnLike). */
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):(role|user)\/[\w+=,.@/*-]{1,512}$/;

/** A list of IAM role or user ARNs of `partition` (`*` allowed, as ArnLike takes them); default none. */
export function principalArns(field: string, partition: string, example: string) {
  const inPartition = (arn: unknown) => typeof arn === 'string' && PRINCIPAL_ARN.test(arn) && arn.startsWith(`arn:${partition}:`);
  const list = z
    .array(z.unknown(), {
      error: (issue) => `${field} ${show(issue.input)} must be a list of IAM role or user ARNs`,
    })
    .superRefine((arns, ctx) => {
      const bad = arns.findIndex((arn) => !inPartition(arn));
      if (bad >= 0) {
        ctx.addIssue({
          code: 'custom',
          message:
            `${field} entry ${show(arns[bad])} must be an IAM role or user ARN in partition ${partition}, ` +
            `such as ${example} (* may stand for part of a name)`,
        });
      }
    })
    .transform((arns) => arns as string[]);
  return withDefault(list, []);
}
