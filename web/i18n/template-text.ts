/**
 * Finds, in an Angular template, words a person would read that no `i18n` marker sends to the
 * translation files: text outside any `i18n` element, attributes people read (`title`,
 * `aria-label`, `placeholder`…) without `i18n-<name>`, and string literals in bindings, which are
 * never translated even inside an `i18n` element (`{{ busy ? 'Saving' : 'Save' }}`).
 */
import {
  ASTWithSource,
  Binary,
  Conditional,
  Interpolation,
  LiteralPrimitive,
  parseTemplate,
  RecursiveAstVisitor,
  TemplateLiteral,
  TmplAstBoundAttribute,
  TmplAstBoundText,
  TmplAstElement,
  TmplAstIcu,
  TmplAstTemplate,
  TmplAstText,
  TmplAstTextAttribute,
  type AST,
  type TmplAstNode,
} from '@angular/compiler';
import type { Finding } from './finding.ts';
import { hasWords, looksLikeProse } from './prose.ts';

/** Attributes and inputs whose value people read (or hear): any word in them must be translated. */
const TEXT_ATTRIBUTES = new Set([
  'title',
  'alt',
  'placeholder',
  'label',
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'aria-placeholder',
  // This app's components' inputs that are shown as they are.
  'message',
  'subtitle',
]);

/** Attributes whose value is code, never read: ids, names, types, roles, references to other elements. */
const CODE_ATTRIBUTES = /^(class|id|name|type|role|for|href|src|rel|target|tabindex|autocomplete|autocapitalize|spellcheck|lang|dir|value|min|max|step|scope|form|ngCspNonce|routerLink.*|ariaCurrentWhenActive|cdk.*|aria-(describedby|labelledby|controls|errormessage|current|live|hidden|busy|pressed|expanded|atomic|relevant|haspopup)|data-.*)$/;

export function findUntranslatedTemplateText(template: string, file: string, firstLine = 1): Finding[] {
  const parsed = parseTemplate(template, file, { preserveWhitespaces: false });
  const findings: Finding[] = [];
  const report = (rule: string, text: string, line: number) => findings.push({ file, line: firstLine + line, rule, text: text.trim() });
  for (const error of parsed.errors ?? []) report('template does not parse', error.msg, error.span.start.line);
  walk(parsed.nodes, false, report);
  return findings;
}

type Report = (rule: string, text: string, line: number) => void;

function walk(nodes: readonly TmplAstNode[], inI18n: boolean, report: Report): void {
  for (const node of nodes) visitNode(node, inI18n, report);
}

function visitNode(node: TmplAstNode, parentInI18n: boolean, report: Report): void {
  const inI18n = parentInI18n || Boolean((node as { i18n?: unknown }).i18n);
  const line = node.sourceSpan.start.line;
  if (node instanceof TmplAstText) {
    if (!inI18n && hasWords(node.value)) report('text outside i18n', node.value, line);
    return;
  }
  if (node instanceof TmplAstBoundText) {
    checkInterpolation(node.value, inI18n, line, report);
    return;
  }
  if (node instanceof TmplAstIcu) {
    for (const variable of Object.values(node.vars)) visitNode(variable, true, report);
    return;
  }
  if (node instanceof TmplAstElement || node instanceof TmplAstTemplate) {
    for (const attribute of node.attributes) checkAttribute(attribute, report);
    for (const input of node.inputs) checkBinding(input, report);
    if (node instanceof TmplAstTemplate) for (const attribute of node.templateAttrs) if (attribute instanceof TmplAstTextAttribute) checkAttribute(attribute, report);
  }
  for (const key of ['children', 'branches', 'groups', 'empty', 'placeholder', 'loading', 'error'] as const) {
    const value = (node as unknown as Record<string, TmplAstNode | TmplAstNode[] | null | undefined>)[key];
    if (Array.isArray(value)) walk(value, inI18n, report);
    else if (value) visitNode(value, inI18n, report);
  }
}

function checkAttribute(attribute: TmplAstTextAttribute, report: Report): void {
  if (attribute.i18n || CODE_ATTRIBUTES.test(attribute.name) || attribute.name.startsWith('i18n')) return;
  const readByPeople = TEXT_ATTRIBUTES.has(attribute.name) ? hasWords(attribute.value) : looksLikeProse(attribute.value);
  if (readByPeople) report(`attribute "${attribute.name}" without i18n-${attribute.name}`, attribute.value, attribute.sourceSpan.start.line);
}

/** `[title]="…"`, `[attr.aria-label]="…"`: the words of its string literals, when people read it. */
function checkBinding(input: TmplAstBoundAttribute, report: Report): void {
  const name = input.name.replace(/^attr\./, '');
  if (name.startsWith('data-')) return;
  const shown = TEXT_ATTRIBUTES.has(name);
  for (const { text, rendered } of literalsOf(input.value)) {
    if (rendered && shown ? hasWords(text) : looksLikeProse(text)) {
      report(`string in the binding [${input.name}]`, text, input.sourceSpan.start.line);
    }
  }
}

/** `{{ … }}`: the text around it when outside i18n, and its literals, which are never translated. */
function checkInterpolation(value: AST, inI18n: boolean, line: number, report: Report): void {
  const ast = value instanceof ASTWithSource ? value.ast : value;
  if (ast instanceof Interpolation && !inI18n) {
    for (const text of ast.strings) if (hasWords(text)) report('text outside i18n', text, line);
  }
  for (const { text, rendered } of literalsOf(value)) {
    if (rendered ? hasWords(text) : looksLikeProse(text)) report('string in an interpolation', text, line);
  }
}

/**
 * The string literals of an expression, each with whether it is shown as it is (a branch of a
 * conditional, a part of a concatenation) or used as code (compared, passed to a function).
 */
function literalsOf(expression: AST): { text: string; rendered: boolean }[] {
  const found: { text: string; rendered: boolean }[] = [];
  const visit = (ast: AST, rendered: boolean): void => {
    if (ast instanceof ASTWithSource) return visit(ast.ast, rendered);
    if (ast instanceof LiteralPrimitive) {
      if (typeof ast.value === 'string') found.push({ text: ast.value, rendered });
      return;
    }
    if (ast instanceof TemplateLiteral) {
      for (const element of ast.elements) found.push({ text: element.text, rendered });
      for (const part of ast.expressions) visit(part, rendered);
      return;
    }
    if (ast instanceof Interpolation) return ast.expressions.forEach((part) => visit(part, true));
    if (ast instanceof Conditional) {
      visit(ast.condition, false);
      visit(ast.trueExp, rendered);
      visit(ast.falseExp, rendered);
      return;
    }
    if (ast instanceof Binary) {
      const shows = ['+', '??', '||'].includes(ast.operation);
      visit(ast.left, rendered && shows);
      visit(ast.right, rendered && shows);
      return;
    }
    // Anything else (calls, property reads, comparisons in them…): its literals are code.
    const collector = new (class extends RecursiveAstVisitor {
      override visitLiteralPrimitive(literal: LiteralPrimitive): void {
        if (typeof literal.value === 'string') found.push({ text: literal.value, rendered: false });
      }
    })();
    ast.visit(collector);
  };
  visit(expression, true);
  return found;
}
