/** The templates of a TypeScript file's components: inline (`template: \`…\``) or in their own file (`templateUrl`). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

export interface ComponentTemplate {
  readonly text: string;
  /** The template's own file, or the component's when it is inline. */
  readonly path: string;
  /** The line, 1-based, the template starts on in `path`. */
  readonly firstLine: number;
}

export function templatesOf(sourceFile: ts.SourceFile): ComponentTemplate[] {
  const templates: ComponentTemplate[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isDecorator(node) && ts.isCallExpression(node.expression) && node.expression.expression.getText(sourceFile) === 'Component') {
      const options = node.expression.arguments[0];
      if (options !== undefined && ts.isObjectLiteralExpression(options)) {
        for (const property of options.properties) {
          if (!ts.isPropertyAssignment(property)) continue;
          const name = property.name.getText(sourceFile);
          const value = property.initializer;
          if (name === 'template' && (ts.isNoSubstitutionTemplateLiteral(value) || ts.isStringLiteral(value))) {
            // The text starts after the opening quote, on the quote's line.
            templates.push({ text: value.text, path: sourceFile.fileName, firstLine: sourceFile.getLineAndCharacterOfPosition(value.getStart(sourceFile)).line + 1 });
          } else if (name === 'templateUrl' && ts.isStringLiteral(value)) {
            const path = join(dirname(sourceFile.fileName), value.text);
            templates.push({ text: readFileSync(path, 'utf8'), path, firstLine: 1 });
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return templates;
}
