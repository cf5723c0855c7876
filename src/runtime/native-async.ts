import { parse, type Node } from 'acorn';

/** Bot Framework's packages on a turn's way, compiled by TypeScript for ES2015. */
export const BOT_FRAMEWORK_FILES = /[\\/]node_modules[\\/]botbuilder(?:-core|-dialogs)?[\\/]lib[\\/].*\.js$/;

/**
 * Rewrites TypeScript's down-levelled async functions (`return __awaiter(this, void 0, void 0, function* () { ...
 * yield x ... })`) as native ones (`return (async () => { ... await x ... })()`), in JavaScript that TypeScript
 * compiled for a target older than ES2017, as Bot Framework's packages are.
 *
 * Why: V8 gives every freshly made generator function its own prototype and object shape the first time it is
 * called, and those live in the old generation, so each `__awaiter` call leaves about 180 bytes there. A web chat turn
 * makes a few hundred such calls inside botbuilder's dialogs; at 380 turns a second that was 17 MB a second of old
 * generation, a full collection every 15 s, and each one a burst of slow turns. Native async functions make none.
 *
 * Only what TypeScript emits is rewritten: `this` or `void 0` as the receiver, `void 0`, `arguments` or an array as
 * the arguments, `void 0` as the promise constructor, and an anonymous generator. A call is left as it is if its body
 * would mean something else as an arrow function (it uses `this` or `arguments` that `__awaiter` did not pass) or
 * delegates with `yield*`. Source that does not parse is returned unchanged.
 */
export function nativeAsync(source: string): string {
  let program: Node;
  try {
    program = parse(source, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true, allowReturnOutsideFunction: true });
  } catch {
    return source;
  }
  const edits: Edit[] = [];
  visit(program as unknown as Any, undefined, source, edits);
  // edits never overlap; an insertion at the start of a replacement goes before it
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  const pieces: string[] = [];
  let at = 0;
  for (const { start, end, text } of edits) {
    pieces.push(source.slice(at, start), text);
    at = end;
  }
  pieces.push(source.slice(at));
  return pieces.join('');
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** An ESTree node, read generically. */
type Any = Node & Record<string, unknown> & { type: string; start: number; end: number };

/** What the body of a generator being rewritten uses, outside any function of its own. */
interface Body {
  yields: Any[];
  usesThis: boolean;
  usesArguments: boolean;
  delegates: boolean;
}

/** Operands that `yield` takes whole and `await` would not: `yield a || b` must become `await (a || b)`. */
const LOOSER_THAN_AWAIT = new Set([
  'BinaryExpression',
  'LogicalExpression',
  'ConditionalExpression',
  'AssignmentExpression',
  'SequenceExpression',
  'ArrowFunctionExpression',
  'YieldExpression',
]);

const isVoid0 = (node: Any) => node.type === 'UnaryExpression' && node.operator === 'void' && (node.argument as Any).type === 'Literal';
const isArguments = (node: Any) => node.type === 'Identifier' && node.name === 'arguments';

function visit(node: Any, body: Body | undefined, source: string, edits: Edit[]): void {
  if (rewrite(node, source, edits)) return;
  if (body) {
    if (node.type === 'YieldExpression') {
      if (node.delegate || !node.argument) body.delegates = true;
      else body.yields.push(node);
    } else if (node.type === 'ThisExpression') body.usesThis = true;
    else if (isArguments(node)) body.usesArguments = true;
  }
  // an arrow function shares `this` and `arguments` with the function around it; any other function has its own
  const inner = node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration' ? undefined : body;
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) visit(child, inner, source, edits);
    } else if (isNode(value)) visit(value, inner, source, edits);
  }
}

const isNode = (value: unknown): value is Any => typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';

/** Rewrites `node` if it is an `__awaiter` call TypeScript emitted, with everything inside it; false if it is not one. */
function rewrite(node: Any, source: string, edits: Edit[]): boolean {
  if (node.type !== 'CallExpression' || (node.callee as Any).type !== 'Identifier' || (node.callee as Any).name !== '__awaiter') return false;
  const args = node.arguments as Any[];
  if (args.length !== 4) return false;
  const [receiver, passed, promise, generator] = args;
  const shaped =
    (receiver.type === 'ThisExpression' || isVoid0(receiver)) &&
    (isVoid0(passed) || isArguments(passed) || passed.type === 'ArrayExpression') &&
    isVoid0(promise) &&
    generator.type === 'FunctionExpression' &&
    generator.generator === true &&
    generator.async === false &&
    generator.id === null;
  if (!shaped) return false;

  const params = generator.params as Any[];
  for (const param of params) visit(param, undefined, source, edits);
  const block = generator.body as Any;
  const body: Body = { yields: [], usesThis: false, usesArguments: false, delegates: false };
  visit(block, body, source, edits);
  const faithful = !body.delegates && !(isVoid0(receiver) && body.usesThis) && !(isVoid0(passed) && body.usesArguments);
  if (!faithful) return true;

  const parameters = params.length > 0 ? source.slice(params[0].start, params[params.length - 1].end) : '';
  const spread = isVoid0(passed) ? '' : `...${source.slice(passed.start, passed.end)}`;
  edits.push({ start: node.start, end: block.start + 1, text: `(async (${parameters}) => {` });
  edits.push({ start: block.end - 1, end: node.end, text: `})(${spread})` });
  for (const expression of body.yields) {
    const operand = expression.argument as Any;
    edits.push({ start: expression.start, end: expression.start + 'yield'.length, text: 'await' });
    if (LOOSER_THAN_AWAIT.has(operand.type) && !source.slice(expression.start + 'yield'.length, operand.start).includes('(')) {
      edits.push({ start: operand.start, end: operand.start, text: '(' });
      edits.push({ start: operand.end, end: operand.end, text: ')' });
    }
  }
  return true;
}
