// Build step (npm run build): compiles src/ and bench/ as `tsc -p tsconfig.build.json` would, and
// writes the value of every imported numeric constant in place of its name.
//
// Why: an imported binding is a live cell that V8's optimizing compiler reads at every use, with a
// check that it is initialized, where a constant of the module's own is folded into the code. The
// hot path reads dozens of constants from other modules (event kinds, state flags, statistics
// fields, route parties), and reading them from their cells cost 4.7 % of tandem's wall time
// (`npm run bench -- --against`, 21 interleaved runs; docs/architecture.md, "Rules that keep it
// fast"). tsc does the same for a `const enum` only without `isolatedModules`, which the tests'
// per-file transform needs; this step keeps plain `export const` and the tests unchanged.
//
// What is replaced: an identifier in an expression whose symbol is an import of a top-level
// `const` of another module with a finite numeric value (a literal, or unary and binary operators
// over literals and such constants). Import and export lists, property names, object shorthand
// and types are left alone. The value is the one the binding holds: the import graph has no
// circles (a test checks), so a constant is initialized before any code that reads it runs.
import ts from 'typescript';

const configPath = ts.findConfigFile(process.cwd(), ts.sys.fileExists, 'tsconfig.build.json');
if (configPath === undefined) fail('tsconfig.build.json not found');
const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => report([d]) };
const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, host);
if (config === undefined) fail('tsconfig.build.json could not be read');
const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, projectReferences: config.projectReferences });
const checker = program.getTypeChecker();

let replaced = 0;
const emitted = program.emit(undefined, undefined, undefined, false, { before: [inlineConstants] });
const diagnostics = ts.sortAndDeduplicateDiagnostics([...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics]);
if (diagnostics.length > 0) {
  report(diagnostics);
  process.exit(1);
}
if (process.env.QUARTET_BUILD_VERBOSE === '1') process.stdout.write(`compile: ${replaced} imported constants written as values\n`);

/** The transform: imported numeric constants become literals. */
function inlineConstants(context) {
  const f = context.factory;
  const visit = (node) => {
    if (ts.isTypeNode(node) || ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return node;
    if (ts.isShorthandPropertyAssignment(node)) return node;
    if (ts.isIdentifier(node) && isValuePosition(node)) {
      const value = importedConstant(node);
      if (value !== undefined) {
        replaced++;
        // The name stays beside the value, as tsc writes a const enum member.
        const literal = ts.addSyntheticTrailingComment(f.createNumericLiteral(String(Math.abs(value))), ts.SyntaxKind.MultiLineCommentTrivia, ` ${node.text} `);
        return value < 0 || Object.is(value, -0) ? f.createParenthesizedExpression(f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, literal)) : literal;
      }
      return node;
    }
    return ts.visitEachChild(node, visit, context);
  };
  return (file) => ts.visitNode(file, visit);
}

/** Whether an identifier is read as a value here (not a declared name, a property name or a label). */
function isValuePosition(id) {
  const p = id.parent;
  if (p === undefined) return false;
  if ((ts.isPropertyAccessExpression(p) || ts.isQualifiedName(p)) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isEnumMember(p)) && p.name === id) return false;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p) || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p)) && p.name === id) return false;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  return true;
}

/** The value of an identifier that names an imported numeric constant, else undefined. */
function importedConstant(id) {
  const symbol = checker.getSymbolAtLocation(id);
  if (symbol === undefined || (symbol.flags & ts.SymbolFlags.Alias) === 0) return undefined;
  return constantValue(symbol, 0);
}

/** The numeric value of a top-level `const` with a constant initializer, else undefined. */
function constantValue(symbol, depth) {
  if (depth > 16) return undefined;
  const s = (symbol.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(symbol) : symbol;
  const decl = s.valueDeclaration;
  if (decl === undefined || !ts.isVariableDeclaration(decl) || decl.initializer === undefined || !ts.isIdentifier(decl.name)) return undefined;
  const list = decl.parent;
  if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0) return undefined;
  if (!ts.isVariableStatement(list.parent) || !ts.isSourceFile(list.parent.parent)) return undefined;
  const v = evaluate(decl.initializer, depth + 1);
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

/** Evaluates literals and the integer and arithmetic operators over them. */
function evaluate(e, depth) {
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) return evaluate(e.expression, depth);
  if (ts.isIdentifier(e)) {
    const symbol = checker.getSymbolAtLocation(e);
    return symbol === undefined ? undefined : constantValue(symbol, depth);
  }
  if (ts.isPrefixUnaryExpression(e)) {
    const v = evaluate(e.operand, depth);
    if (v === undefined) return undefined;
    if (e.operator === ts.SyntaxKind.MinusToken) return -v;
    if (e.operator === ts.SyntaxKind.PlusToken) return v;
    if (e.operator === ts.SyntaxKind.TildeToken) return ~v;
    return undefined;
  }
  if (ts.isBinaryExpression(e)) {
    const a = evaluate(e.left, depth);
    const b = evaluate(e.right, depth);
    if (a === undefined || b === undefined) return undefined;
    switch (e.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken: return a + b;
      case ts.SyntaxKind.MinusToken: return a - b;
      case ts.SyntaxKind.AsteriskToken: return a * b;
      case ts.SyntaxKind.SlashToken: return a / b;
      case ts.SyntaxKind.LessThanLessThanToken: return a << b;
      case ts.SyntaxKind.GreaterThanGreaterThanToken: return a >> b;
      case ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken: return a >>> b;
      case ts.SyntaxKind.BarToken: return a | b;
      case ts.SyntaxKind.AmpersandToken: return a & b;
      case ts.SyntaxKind.CaretToken: return a ^ b;
      default: return undefined;
    }
  }
  return undefined;
}

function report(list) {
  process.stderr.write(ts.formatDiagnosticsWithColorAndContext(list, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' }));
}

function fail(message) {
  process.stderr.write(`compile: ${message}\n`);
  process.exit(1);
}
