/**
 * Finds, in the SPA's TypeScript, words for people that are not sent through `$localize`, and
 * `$localize` used where it cannot be translated:
 *
 * - a string that reads as words for people (see `looksLikeProse`) outside `$localize`, unless it
 *   is plainly code: a value of a string-literal type (`'this tab'` of `'this tab' | 'another tab'`),
 *   compared (`key === 'Enter'`), a developer's message (`console.*`, `new …Error(…)`, a `message`
 *   property as on `Error`), an HTTP header, an import, a decorator (templates are checked apart);
 * - a `$localize` outside any function, which would run when its module loads, before `main.ts`
 *   has loaded the translations, and stay English;
 * - a `$localize` substitution without a name (`${count}:count:`), which translators would see as
 *   a bare `{$PH}`.
 */
import ts from 'typescript';
import type { Finding } from './finding.ts';
import { looksLikeProse } from './prose.ts';

/** A program over the SPA's sources, with types, so values of string-literal types can be told from words. */
export function createAppProgram(tsconfigPath: string): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(tsconfigPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => { throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')); } });
  if (config === undefined) throw new Error(`Cannot read ${tsconfigPath}`);
  return ts.createProgram({ rootNames: config.fileNames, options: config.options });
}

export function findUntranslatedCodeText(program: ts.Program, sourceFile: ts.SourceFile, file: string): Finding[] {
  const checker = program.getTypeChecker();
  const findings: Finding[] = [];
  const report = (node: ts.Node, rule: string, text: string) =>
    findings.push({ file, line: sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1, rule, text });

  const visit = (node: ts.Node): void => {
    if (ts.isDecorator(node) || ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isTypeNode(node)) return;
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText(sourceFile) === '$localize') {
      checkLocalize(node, report);
      return;
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (looksLikeProse(node.text) && !isCode(node, checker)) report(node, 'string for people outside $localize', node.text);
      return;
    }
    if (ts.isTemplateExpression(node)) {
      const texts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
      if (texts.some(looksLikeProse) && !isCode(node, checker)) report(node, 'string for people outside $localize', texts.join('…'));
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return findings;
}

function checkLocalize(node: ts.TaggedTemplateExpression, report: (node: ts.Node, rule: string, text: string) => void): void {
  const text = node.template.getText().slice(1, -1);
  if (!isInsideFunction(node)) report(node, '$localize runs when its module loads, before the translations', text);
  if (ts.isTemplateExpression(node.template)) {
    for (const span of node.template.templateSpans) {
      if (!/^:[\w]+:/.test(span.literal.text)) report(span, '$localize substitution without a name (${value}:name:)', text);
    }
  }
}

/** Whether a node runs only when called: in a function, a method, or an instance field's initializer (run by the constructor). */
function isInsideFunction(node: ts.Node): boolean {
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (ts.isFunctionLike(current)) return true;
    if (ts.isPropertyDeclaration(current)) return !current.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword);
  }
  return false;
}

const DEVELOPER_CALLS = /^console\.\w+$/;
/** `request.headers.has('Authorization')`: a header's name. */
const HEADERS_CALL = /headers\??\.(get|has|set|append|delete)$/i;
/** `Authorization`, `Retry-After`: an HTTP header's name, whose value is protocol (`Bearer …`), not words. */
const HEADER_NAME = /^[A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)*$/;

/** Whether the string at `node` is code, not words for a person, by where it stands. */
function isCode(node: ts.Expression, checker: ts.TypeChecker): boolean {
  if (isLiteralTyped(node, checker)) return true;
  let child: ts.Node = node;
  for (let parent = node.parent; parent !== undefined; child = parent, parent = parent.parent) {
    // Part of a larger string or value: where that stands decides.
    if (ts.isParenthesizedExpression(parent) || ts.isConditionalExpression(parent) || ts.isAsExpression(parent) || ts.isTemplateSpan(parent) || ts.isTemplateExpression(parent)) continue;
    if (ts.isBinaryExpression(parent)) {
      const operator = parent.operatorToken.kind;
      if (operator === ts.SyntaxKind.PlusToken || operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) continue;
      return isComparison(operator);
    }
    if (ts.isCaseClause(parent) || ts.isElementAccessExpression(parent)) return true;
    if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
      const callee = parent.expression.getText();
      return DEVELOPER_CALLS.test(callee) || /Error$/.test(callee) || HEADERS_CALL.test(callee) || parent.expression.kind === ts.SyntaxKind.SuperKeyword;
    }
    if (ts.isPropertyAssignment(parent) && parent.initializer === child) {
      const name = propertyName(parent);
      return name === 'message' || (HEADER_NAME.test(name) && isInHeaders(parent));
    }
    if (ts.isThrowStatement(parent)) return true;
    return false;
  }
  return false;
}

/** An object literal of HTTP headers: every property it names is named like one. */
function isInHeaders(property: ts.PropertyAssignment): boolean {
  return property.parent.properties.every((other) => ts.isSpreadAssignment(other) || HEADER_NAME.test(propertyName(other)));
}

function propertyName(property: ts.ObjectLiteralElementLike): string {
  return property.name?.getText().replace(/^['"]|['"]$/g, '') ?? '';
}

function isComparison(operator: ts.SyntaxKind): boolean {
  return [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.InKeyword].includes(operator);
}

/** Its place expects a string-literal type (`by: 'this tab' | 'another tab'`): a value of an enumeration, not words. */
function isLiteralTyped(node: ts.Expression, checker: ts.TypeChecker): boolean {
  const type = checker.getContextualType(node);
  if (type === undefined) return false;
  const types = type.isUnion() ? type.types : [type];
  return types.some((member) => member.isStringLiteral()) && types.every((member) => member.isStringLiteral() || (member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) !== 0);
}
