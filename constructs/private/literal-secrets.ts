import { DefaultTokenResolver, StringConcat, Token, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';

/** Terraform functions that read a file on the machine running Terraform: their value is not in the stack. */
const FILE_FUNCTIONS = new Set(['file', 'filebase64', 'templatefile', 'filesha256', 'filesha512', 'filemd5', 'filesha1', 'filebase64sha256', 'filebase64sha512']);
const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if', 'else', 'endif', 'endfor']);

/**
 * True when `value` is literal text of the stack, so that it would be written into cdk.tf.json: a plain string,
 * or a token whose expression depends on nothing outside the stack's source (no variable, data source, resource,
 * local, module output, and no file read): `Fn.trimspace('-----BEGIN ... KEY-----')`,
 * `Fn.base64decode('<literal>')`, `Fn.sensitive('<literal>')` or a lazy value producing text are all literal.
 * `scope` resolves the token; call this from a validation, once every token can resolve.
 */
export function isLiteralInStack(scope: IConstruct, value: unknown): boolean {
  if (!Token.isUnresolved(value)) return true;
  const resolved = resolvedText(scope, value);
  if (typeof resolved !== 'string') return typeof resolved === 'number' || typeof resolved === 'boolean';
  return !dependsOnOutside(expressionText(resolved));
}

/** `value` resolved in `scope` (a Terraform expression string for most tokens), or undefined when it cannot be. */
export function resolvedText(scope: IConstruct, value: unknown): unknown {
  try {
    return Tokenization.resolve(value, { scope, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
  } catch {
    return undefined; // cannot tell: leave it to Terraform
  }
}

/**
 * The expression parts of a Terraform template string (`${...}` and `%{...}`), with the string literals inside
 * them emptied, so that what is left names references and function calls only. `$${` and `%%{` stay literal.
 */
export function expressionText(template: string): string {
  type Mode = 'template' | 'expr' | 'brace' | 'string';
  const modes: Mode[] = ['template'];
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    const mode = modes[modes.length - 1];
    if (mode === 'template' || mode === 'string') {
      if (mode === 'string' && c === '\\') {
        i++;
        continue;
      }
      if (mode === 'string' && c === '"') {
        modes.pop();
        out += '"" ';
        continue;
      }
      if ((c === '$' || c === '%') && template[i + 1] === c && template[i + 2] === '{') {
        i += 2; // escaped: literal text
        continue;
      }
      if ((c === '$' || c === '%') && template[i + 1] === '{') {
        modes.push('expr');
        out += ' ';
        i++;
      }
      continue;
    }
    // In an expression.
    if (c === '"') modes.push('string');
    else if (c === '{') {
      modes.push('brace');
      out += c;
    } else if (c === '}') {
      modes.pop();
      out += mode === 'brace' ? c : ' ';
    } else out += c;
  }
  return out;
}

/** True when expression text names a reference (`var.x`, `data.a.b`, `aws_x.y.z`, `local.x`...) or reads a file. */
function dependsOnOutside(expr: string): boolean {
  const ident = /[A-Za-z_][A-Za-z0-9_-]*/g;
  let m: RegExpExecArray | null;
  while ((m = ident.exec(expr)) !== null) {
    const before = expr[m.index - 1];
    if (before !== undefined && /[A-Za-z0-9_.\-]/.test(before)) continue; // an attribute, a number's exponent
    const after = expr.slice(m.index + m[0].length).trimStart()[0];
    if (after === '(') {
      if (FILE_FUNCTIONS.has(m[0])) return true;
      continue; // a function of its arguments
    }
    if (KEYWORDS.has(m[0])) continue;
    return true;
  }
  return false;
}
