/**
 * `npm run i18n:check -w @app/web`: fails when a person could read words that are not in the
 * translation files, or when a translation file is incomplete or wrong. Run after
 * `ng extract-i18n` (which the script does first), with the extracted messages' path:
 *
 *   node i18n/check-i18n.ts dist/i18n/messages.json
 *
 * Checks the templates of every component, the TypeScript under src/app (specs and test helpers
 * aside), and each translation file in locale/ against the extracted messages. Prints each
 * finding with the message's English text, to paste into the translation file.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compareCatalogues, type Catalogue } from './catalogue.ts';
import { createAppProgram, findUntranslatedCodeText } from './code-text.ts';
import { templatesOf } from './component-templates.ts';
import { formatFinding, type Finding } from './finding.ts';
import { findUntranslatedTemplateText } from './template-text.ts';

const WEB = join(import.meta.dirname, '..');
const APP = join(WEB, 'src', 'app');
const LOCALE_DIR = join(WEB, 'locale');

export function checkTranslations(extractedPath: string): Finding[] {
  const findings: Finding[] = [];
  const program = createAppProgram(join(WEB, 'tsconfig.app.json'));
  for (const sourceFile of program.getSourceFiles()) {
    if (!sourceFile.fileName.startsWith(APP)) continue;
    const file = relative(WEB, sourceFile.fileName);
    findings.push(...findUntranslatedCodeText(program, sourceFile, file));
    for (const template of templatesOf(sourceFile)) {
      findings.push(...findUntranslatedTemplateText(template.text, relative(WEB, template.path), template.firstLine - 1));
    }
  }
  const source = JSON.parse(readFileSync(extractedPath, 'utf8')) as Catalogue;
  for (const name of readdirSync(LOCALE_DIR).filter((entry) => /^messages\.[\w-]+\.json$/.test(entry))) {
    const translation = JSON.parse(readFileSync(join(LOCALE_DIR, name), 'utf8')) as Catalogue;
    findings.push(...compareCatalogues(source, translation, relative(WEB, join(LOCALE_DIR, name))));
  }
  return findings;
}

if (import.meta.main) {
  const extracted = process.argv[2];
  if (extracted === undefined) {
    console.error('Usage: node i18n/check-i18n.ts <messages.json from ng extract-i18n>');
    process.exit(2);
  }
  const findings = checkTranslations(extracted);
  for (const finding of findings) console.error(formatFinding(finding));
  if (findings.length > 0) {
    console.error(`\n${findings.length} problem(s): every word a person reads goes through i18n or $localize, and locale/ translates each message.`);
    process.exit(1);
  }
  console.log('i18n: every message is marked and translated.');
}
